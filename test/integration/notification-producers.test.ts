// The deadline jobs behind three of the kinds users choose for: an offer about to expire, a
// deal registration's protection ending (14 and 3 days ahead) and ended. Each writes its
// notice with the title's key and values, readable in both languages, and honours the
// addressee's e-mail preference. (Sell-through reports due: sell-through-compliance.test.ts.)
import { afterEach, describe, expect, it } from "vitest";
import { appUrl } from "~/lib/app-url.server";
import { setClockForTests } from "~/lib/clock.server";
import { createLead } from "~/modules/leads/create.server";
import { remindPendingOffers } from "~/modules/leads/deadlines.server";
import { saveDeal } from "~/modules/deals/write.server";
import { approveDeal, expireDeals, remindExpiringDeals } from "~/modules/deals/lifecycle.server";
import { savePreferences } from "~/modules/notifications/preferences.server";
import { noticeTitle } from "~/modules/notifications/render";
import { SYSTEM_ACTOR } from "~/lib/audit.server";
import { mailsTo, noticesOf } from "../support/notice-users";
import { leadInput, makeWorld } from "../support/leads";
import { db, scopeOf, uniqueCode, userByEmail } from "../support/db";

afterEach(() => setClockForTests(undefined));

const DAY_MS = 24 * 3600 * 1000;

async function as(email: string) {
  const user = await userByEmail(email);
  return { user, scope: await scopeOf(email), actor: { userId: user.id, email: user.email, ip: null } };
}

describe("an offer about to expire", () => {
  it("tells the partner once, with the deadline in each reader's own zone and language", async () => {
    const world = await makeWorld("NR", [{ tier: "gold", postcode: "NRU" }]);
    const admin = world.partners[0];
    await db().updateTable("users").set({ locale: "zh-CN", time_zone: "Asia/Shanghai" }).where("id", "=", admin.adminId).execute();
    const { id } = await createLead(db(), world.admin.scope, world.admin.actor, leadInput(world));
    const offer = await db().selectFrom("lead_offers").selectAll().where("lead_id", "=", id).executeTakeFirstOrThrow();
    setClockForTests(() => new Date(offer.offered_at.getTime() + (offer.expires_at.getTime() - offer.offered_at.getTime()) * 0.8));
    await remindPendingOffers(db(), { leadIds: [id] });
    await remindPendingOffers(db(), { leadIds: [id] });

    const notices = (await noticesOf(admin.adminId)).filter((n) => n.kind === "lead.offer_expiring");
    expect(notices).toHaveLength(1);
    expect(notices[0].message).toBe("notifications.notice.offerExpiring");
    expect(notices[0].link).toBe(`/leads/${id}`);
    const deadline = offer.expires_at.toISOString();
    const shanghai = new Intl.DateTimeFormat("zh-CN", { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Shanghai" }).format(offer.expires_at);
    const berlin = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Berlin" }).format(offer.expires_at);
    expect(noticeTitle("zh-CN", "Asia/Shanghai", notices[0])).toBe(`线索 #${id} 将于 ${shanghai} 过期`);
    expect(noticeTitle("en", "Europe/Berlin", notices[0])).toBe(`Lead #${id} expires at ${berlin}`);
    expect(notices[0].params).toEqual({ lead: id, expiresAt: deadline });
    // Offers are mailed at once by default, here in the admin's Chinese.
    const mails = (await mailsTo(admin.adminEmail)).filter((m) => m.subject.includes("过期"));
    expect(mails.map((m) => m.subject)).toEqual([`线索 #${id} 将于 ${shanghai} 过期`]);
  });
});

describe("a deal registration's protection", () => {
  it("reminds its owners 14 and 3 days before it ends and tells them when it has ended, as each chose", async () => {
    const reseller = await as("reseller@example.com");
    const manager = await as("manager@example.com");
    // A rep of the partner who registered the deal hears about it, with a preference of their own.
    const repEmail = `${uniqueCode("REP").toLowerCase()}@brightpath.example.com`;
    const rep = await db()
      .insertInto("users")
      .values({ email: repEmail, name: "Rep with a digest", role: "partner_rep", partner_id: reseller.user.partner_id, status: "active" })
      .executeTakeFirstOrThrow();
    const repId = Number(rep.insertId);
    await savePreferences(db(), { id: repId, role: "partner_rep" }, { deal_expiring: "digest" });
    const repScope = await scopeOf(repEmail);
    const product = await db().selectFrom("products").select(["id", "list_price"]).where("active", "=", 1).orderBy("id").executeTakeFirstOrThrow();
    const code = uniqueCode("X").toLowerCase();
    const { id } = await saveDeal(
      db(),
      repScope,
      { userId: repId, email: repEmail, ip: null },
      {
        name: `Renewal ${code}`,
        customerName: `Expiring ${code} GmbH`,
        customerDomain: `${code}.example.de`,
        customerCountry: "DE",
        currency: "EUR",
        expectedCloseDate: new Date(Date.now() + 60 * DAY_MS).toISOString().slice(0, 10),
        competitors: "",
        notes: "",
        fulfillingPartnerId: null,
        sourceLeadId: null,
        lines: [{ productId: product.id, quantity: 1, unitPrice: product.list_price }],
      },
      { submit: true },
    );
    await approveDeal(db(), manager.scope, manager.actor, id);
    const expires = (await db().selectFrom("deals").select("expires_at").where("id", "=", id).executeTakeFirstOrThrow()).expires_at!;
    const date = expires.toISOString().slice(0, 10);

    setClockForTests(() => new Date(expires.getTime() - 10 * DAY_MS));
    expect(await remindExpiringDeals(db(), { dealIds: [id] })).toBe(1);
    setClockForTests(() => new Date(expires.getTime() - 2 * DAY_MS));
    expect(await remindExpiringDeals(db(), { dealIds: [id] })).toBe(1);
    expect(await remindExpiringDeals(db(), { dealIds: [id] })).toBe(0);
    setClockForTests(() => new Date(expires.getTime() + 60 * 1000));
    expect(await expireDeals(db(), SYSTEM_ACTOR, { dealIds: [id] })).toBe(1);

    const title = `Deal registration #${id} (Expiring ${code} GmbH) expires on ${date}`;
    const ofDeal = async (userId: number) => (await noticesOf(userId)).filter((n) => n.link === `/deals/${id}` && n.kind !== "deal.decided");
    for (const userId of [reseller.user.id, repId]) {
      expect((await ofDeal(userId)).map((n) => [n.kind, n.message, n.title])).toEqual([
        ["deal.expiring", "notifications.notice.dealExpiring", title],
        ["deal.expiring", "notifications.notice.dealExpiring", title],
        ["deal.expired", "notifications.notice.dealExpired", `Deal registration #${id} (Expiring ${code} GmbH) has expired`],
      ]);
    }
    expect(noticeTitle("zh-CN", "UTC", (await ofDeal(repId))[0])).toBe(`商机报备 #${id}（Expiring ${code} GmbH）将于 ${date} 到期`);
    // The partner admin keeps the default (at once); the rep chose the digest.
    const adminMails = (await mailsTo("reseller@example.com")).filter((m) => m.subject.includes(`#${id} `));
    expect(adminMails.map((m) => m.subject)).toEqual([
      `Deal registration #${id} (Expiring ${code} GmbH) is approved`,
      title,
      title,
      `Deal registration #${id} (Expiring ${code} GmbH) has expired`,
    ]);
    expect(adminMails[1].body_text).toBe(`Mark it won or lost, or ask for an extension before ${date}.\n\n${appUrl()}/deals/${id}`);
    expect((await mailsTo(repEmail)).map((m) => m.subject)).toEqual([`Deal registration #${id} (Expiring ${code} GmbH) is approved`]);
    expect((await ofDeal(repId)).map((n) => n.digest_state)).toEqual(["waiting", "waiting", "waiting"]);
  });
});
