// Demo campaign kits, made and published through the module functions the vendor admin uses:
// a product seminar (药品推广会) with a Chinese brief for the APAC partners, and a webinar series
// for the EMEA resellers, both with budgets. Each is linked to the content library's demo
// material where it exists (the content part of the seed runs first); publishing invites every
// eligible partner, so their partner admins find the kits in /campaigns and in their notices.
import { now, withClock } from "../../app/lib/clock.server";
import { scopeFor } from "../../app/lib/scope.server";
import { createKit, kitSchema, publishKit } from "../../app/modules/campaigns/kits.server";
import type { DB } from "../../app/lib/db.server";

const DAY_MS = 24 * 3600 * 1000;

function day(offset: number): string {
  return new Date(now().getTime() + offset * DAY_MS).toISOString().slice(0, 10);
}

/** The ids of the library's assets with these titles, in the order named; none when the library is empty. */
async function assetIds(db: DB, titles: string[]): Promise<string[]> {
  const rows = await db.selectFrom("content_assets").select(["id", "title"]).where("title", "in", titles).where("status", "<>", "archived").execute();
  return titles.flatMap((title) => rows.filter((r) => r.title === title).map((r) => String(r.id)));
}

async function idsOf(db: DB, table: "regions" | "product_lines", codes: string[]): Promise<string[]> {
  const rows = await db.selectFrom(table).select("id").where("code", "in", codes).execute();
  return rows.map((r) => String(r.id));
}

export async function seedDemoCampaigns(db: DB): Promise<void> {
  const user = await db.selectFrom("users").select(["id", "email", "role", "partner_id"]).where("email", "=", "admin@example.com").executeTakeFirstOrThrow();
  const scope = scopeFor({ id: user.id, role: user.role, partnerId: user.partner_id });
  const actor = { userId: user.id, email: user.email, ip: null };

  const seminar = kitSchema.parse({
    title: "Product seminar — new product academic launch",
    titleZh: "药品推广会 — 新品学术推广",
    goal: "Introduce the new product line to hospital buyers and prescribers in each city, and collect qualified leads.",
    goalZh: "向各城市的医院采购和处方医生介绍新产品线，并收集合格线索。",
    audience: "Hospital procurement, department heads and pharmacists.",
    audienceZh: "医院采购、科室主任和药剂师。",
    brief:
      "A half-day seminar: the product story, the clinical evidence, a hands-on session and a Q&A.\nUse the leaflet and the slides of the kit; register every attendee as a lead.",
    briefZh:
      "半天的学术推广会：产品介绍、临床证据、现场体验和问答环节。\n请使用方案中的宣传单和幻灯片；每位参会者都登记为线索。\n厂商承担 50% 的活动费用，每个合作伙伴最多 5,000 美元。",
    activityType: "product_promotion",
    startsOn: day(-20),
    endsOn: day(40),
    regionIds: await idsOf(db, "regions", ["APAC"]),
    productLineIds: await idsOf(db, "product_lines", ["NET", "CLD"]),
    vendorSharePct: "50",
    perPartnerCap: "5000.00",
    currency: "USD",
    budget: "20000.00",
    targetLeads: "120",
    targetDeals: "10",
    targetSellThrough: "150000.00",
    assetIds: await assetIds(db, ["Product seminar leaflet (药品推广会)", "Storage in five minutes (video)"]),
  });
  const webinar = kitSchema.parse({
    title: "Secure branch webinar series",
    titleZh: "安全分支机构网络研讨会系列",
    goal: "Show small and mid-sized customers how to secure their branches, and turn attendees into deals.",
    goalZh: "向中小客户展示如何保护分支机构网络，并把参会者转化为商机。",
    audience: "IT managers of companies with several sites.",
    audienceZh: "多地点企业的 IT 经理。",
    brief:
      "Three 45-minute webinars, one a week, with a live demo of the branch firewall and SD-WAN.\nThe vendor's engineer presents; you invite your customers and follow up.",
    briefZh: "三场 45 分钟的网络研讨会，每周一场，现场演示分支机构防火墙和 SD-WAN。\n厂商工程师主讲；您邀请客户并跟进。",
    activityType: "webinar",
    startsOn: day(-10),
    endsOn: day(50),
    tiers: [],
    partnerTypes: ["reseller"],
    regionIds: await idsOf(db, "regions", ["EMEA"]),
    productLineIds: await idsOf(db, "product_lines", ["SEC", "NET"]),
    vendorSharePct: "60",
    perPartnerCap: "3000.00",
    currency: "USD",
    budget: "9000.00",
    targetLeads: "60",
    targetDeals: "6",
    assetIds: await assetIds(db, ["Secure Campus Networking brochure", "Cloud management e-mail copy"]),
  });

  for (const [input, createdDaysAgo] of [
    [seminar, 30],
    [webinar, 18],
  ] as const) {
    const at = now().getTime();
    const { id } = await withClock(
      () => new Date(at - createdDaysAgo * DAY_MS),
      () => createKit(db, scope, actor, input),
    );
    await withClock(
      () => new Date(at - (createdDaysAgo - 2) * DAY_MS),
      () => publishKit(db, scope, actor, id),
    );
  }
}
