// Demo agreements: a distributor and a reseller agreement in both languages. Last year's
// versions were accepted by the partners with an admin; this year's versions were just
// published and wait for acceptance, due in about six months (far enough that the tests that
// move the clock months ahead still act for partners in good standing). The onboarding reseller (SHN) is
// half-way: it has an active admin and its type needs no certification, but its profile lacks
// a phone and an address and it has not accepted its agreement.
import { hashPassword } from "../../app/lib/password.server";
import { scopeFor } from "../../app/lib/scope.server";
import { now } from "../../app/lib/clock.server";
import { createDraft, publishVersion } from "../../app/modules/agreements/versions.server";
import { acceptAgreement } from "../../app/modules/agreements/accept.server";
import { saveProfile } from "../../app/modules/partners/profile.server";
import { DEMO_PASSWORD } from "./demo";
import type { DB } from "../../app/lib/db.server";
import type { PartnerType } from "../types";

const DEMO_IP = "192.0.2.10";
const DEMO_BROWSER = "Mozilla/5.0 (demo seed)";

function text(type: PartnerType, year: number) {
  const role = type === "distributor" ? { en: "Distributor", zh: "分销商" } : { en: "Reseller", zh: "经销商" };
  return {
    title: `${role.en} Agreement ${year}`,
    titleZh: `${year} 年${role.zh}协议`,
    body: [
      `1. Appointment. The vendor appoints the partner as a non-exclusive ${role.en.toLowerCase()} of its products in the partner's territory.`,
      "2. Deal registration. The partner registers the deals it works in the portal; an approved registration protects the customer for 90 days.",
      type === "distributor"
        ? "3. Reporting. The partner reports its sell-through every month by the 10th, by file or by API."
        : "3. Fulfilment. The partner buys through the distributor the vendor names.",
      "4. Co-marketing funds. Funds are requested before an activity and claimed with proof within 60 days of its end.",
      `5. Term. This agreement runs for 12 months from acceptance${year > 2026 ? " and replaces the previous version" : ""}.`,
    ].join("\n\n"),
    bodyZh: [
      `1. 委任。厂商委任合作伙伴在其区域内作为厂商产品的非独家${role.zh}。`,
      "2. 商机报备。合作伙伴在门户中报备其跟进的商机；获批准的报备在 90 天内保护该客户。",
      type === "distributor" ? "3. 报告。合作伙伴每月 10 日前通过文件或 API 报告终端销售。" : "3. 履约。合作伙伴通过厂商指定的分销商采购。",
      "4. 联合营销基金。基金须在活动前申请，并在活动结束后 60 天内凭证明报销。",
      `5. 期限。本协议自接受之日起 12 个月有效${year > 2026 ? "，并取代上一版本" : ""}。`,
    ].join("\n\n"),
  };
}

function dayFromToday(days: number): string {
  return new Date(now().getTime() + days * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

export async function seedDemoAgreements(db: DB): Promise<void> {
  const admin = await db.selectFrom("users").select(["id", "email"]).where("email", "=", "admin@example.com").executeTakeFirstOrThrow();
  const adminScope = scopeFor({ id: admin.id, role: "admin", partnerId: null });
  const adminActor = { userId: admin.id, email: admin.email, ip: DEMO_IP };
  const types: PartnerType[] = ["distributor", "reseller"];

  // Last year's versions, accepted by every partner with an active admin.
  for (const type of types) {
    const { id } = await createDraft(db, adminScope, adminActor, {
      partnerType: type,
      regionId: null,
      versionLabel: "2026.1",
      termMonths: 12,
      ...text(type, 2026),
    });
    await publishVersion(db, adminScope, adminActor, id, dayFromToday(0));
  }
  const partnerAdmins = await db
    .selectFrom("users")
    .innerJoin("partners", "partners.id", "users.partner_id")
    .select(["users.id", "users.email", "users.partner_id", "users.locale"])
    .where("users.role", "=", "partner_admin")
    .where("users.status", "=", "active")
    .where("partners.type", "in", types)
    .where("partners.status", "=", "active")
    .execute();
  const accepted = new Set<number>();
  for (const user of partnerAdmins) {
    if (accepted.has(user.partner_id!)) continue;
    accepted.add(user.partner_id!);
    const scope = scopeFor({ id: user.id, role: "partner_admin", partnerId: user.partner_id });
    const version = await db
      .selectFrom("agreement_versions")
      .innerJoin("partners", "partners.type", "agreement_versions.partner_type")
      .select(["agreement_versions.id", "agreement_versions.sha256"])
      .where("partners.id", "=", user.partner_id!)
      .where("agreement_versions.status", "=", "published")
      .executeTakeFirstOrThrow();
    await acceptAgreement(
      db,
      scope,
      { userId: user.id, email: user.email, ip: DEMO_IP },
      { versionId: version.id, sha256: version.sha256, locale: user.locale ?? "en", userAgent: DEMO_BROWSER },
    );
  }

  // This year's versions, waiting for acceptance.
  for (const type of types) {
    const { id } = await createDraft(db, adminScope, adminActor, {
      partnerType: type,
      regionId: null,
      versionLabel: "2027.1",
      termMonths: 12,
      ...text(type, 2027),
    });
    await publishVersion(db, adminScope, adminActor, id, dayFromToday(180));
  }

  // The onboarding reseller, half-way: an active admin, a profile without phone and address.
  const shn = await db.selectFrom("partners").select(["id", "created_at"]).where("code", "=", "SHN").executeTakeFirstOrThrow();
  await db
    .insertInto("users")
    .values({
      email: "zhang.wei@shn.example.cn",
      name: "张伟",
      role: "partner_admin",
      partner_id: shn.id,
      status: "active",
      password_hash: await hashPassword(DEMO_PASSWORD),
      time_zone: "Asia/Shanghai",
      locale: "zh-CN",
      // Joined with the partner, before the notices the demo then ages into the past month.
      created_at: shn.created_at,
    })
    .execute();
  await saveProfile(db, adminScope, adminActor, shn.id, {
    legalName: "上海新网络科技有限公司",
    website: "https://shn.example.cn",
    contactEmail: "zhang.wei@shn.example.cn",
    contactPhone: "",
    address: "",
  });
}
