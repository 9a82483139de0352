// Notification e-mail preferences and the daily digest against the real database, with the
// clock held still, for users of their own so parallel tests never read each other's mail.
import { afterEach, describe, expect, it } from "vitest";
import { setClockForTests } from "~/lib/clock.server";
import { notifyEach, notifyUsers } from "~/modules/notifications/notify.server";
import { readPreferences, savePreferences } from "~/modules/notifications/preferences.server";
import { localHour, sendDigests } from "~/modules/notifications/digest.server";
import type { Role } from "../../db/types";
import { db, uniqueCode } from "../support/db";

afterEach(() => setClockForTests(undefined));

async function user(role: Role, timeZone = "UTC", locale: string | null = null) {
  const code = uniqueCode("N").toLowerCase();
  const email = `${code}@notify.example.com`;
  const row = await db().insertInto("users").values({ email, name: `User ${code}`, role, status: "active", time_zone: timeZone, locale }).executeTakeFirstOrThrow();
  return { id: Number(row.insertId), email, role };
}

async function mailsTo(email: string) {
  return db().selectFrom("email_outbox").select(["subject", "body_text"]).where("to_address", "=", email).orderBy("id").execute();
}

async function rowsOf(userId: number) {
  return db().selectFrom("notifications").select(["kind", "title", "digest_state", "digested_at"]).where("user_id", "=", userId).orderBy("id").execute();
}

const notice = (kind: string, title: string) => ({ kind, title, link: "/somewhere", email: { subject: title, text: `${title}: details` } });

describe("e-mail preferences", () => {
  it("mails by each kind's default until the user chooses: a lead offer at once, a review waiting in the digest", async () => {
    const partnerAdmin = await user("partner_admin");
    const manager = await user("channel_manager");
    await notifyUsers(db(), [partnerAdmin.id], notice("lead.offered", "Lead offered to you"));
    await notifyUsers(db(), [manager.id], notice("deal.submitted", "A registration waits"));
    expect((await mailsTo(partnerAdmin.email)).map((m) => m.subject)).toEqual(["Lead offered to you"]);
    expect(await mailsTo(manager.email)).toEqual([]);
    expect((await rowsOf(manager.id)).map((r) => r.digest_state)).toEqual(["waiting"]);
    expect((await readPreferences(db(), manager)).find((p) => p.kind === "review_waiting")).toEqual({ kind: "review_waiting", delivery: "digest", chosen: false });
  });

  it("writes the in-app notice whatever the choice, and mails only what the user wants at once", async () => {
    const partnerAdmin = await user("partner_admin");
    await savePreferences(db(), partnerAdmin, { lead_offered: "off", payment_made: "immediate", deal_decided: "digest", review_waiting: "off", bogus: "off" });
    await notifyEach(db(), [
      { userIds: [partnerAdmin.id], notice: notice("lead.offered", "Lead A") },
      { userIds: [partnerAdmin.id], notice: notice("funds.paid", "Paid B") },
      { userIds: [partnerAdmin.id], notice: notice("deal.decided", "Deal C") },
      { userIds: [partnerAdmin.id], notice: notice("something.new", "Other D") },
    ]);
    expect((await rowsOf(partnerAdmin.id)).map((r) => [r.title, r.digest_state])).toEqual([
      ["Lead A", "none"],
      ["Paid B", "none"],
      ["Deal C", "waiting"],
      ["Other D", "none"],
    ]);
    expect((await mailsTo(partnerAdmin.email)).map((m) => m.subject)).toEqual(["Paid B", "Other D"]);
    // A kind of the other audience is not the partner's to choose.
    const chosen = await db().selectFrom("notification_preferences").select("kind").where("user_id", "=", partnerAdmin.id).orderBy("kind").execute();
    expect(chosen.map((c) => c.kind)).toEqual(["deal_decided", "lead_offered", "payment_made"]);
  });
});

describe("the daily digest", () => {
  it("sends each user one e-mail at 08:00 in their time zone with everything waiting, grouped by kind, and never twice", async () => {
    const tokyo = await user("channel_manager", "Asia/Tokyo");
    const berlin = await user("channel_manager", "Europe/Berlin");
    setClockForTests(() => new Date("2031-03-03T12:00:00Z"));
    for (const u of [tokyo, berlin]) {
      await savePreferences(db(), u, { lead_returned: "digest" });
      await notifyUsers(db(), [u.id], notice("deal.submitted", `Deal waits for ${u.email}`));
      await notifyUsers(db(), [u.id], notice("funds.claim_submitted", `Claim waits for ${u.email}`));
      await notifyUsers(db(), [u.id], notice("lead.returned", `Lead back for ${u.email}`));
    }
    // 23:00 UTC is 08:00 in Tokyo and midnight in Berlin.
    const tokyoMorning = new Date("2031-03-03T23:00:00Z");
    expect(localHour(tokyoMorning, "Asia/Tokyo")).toBe(8);
    setClockForTests(() => tokyoMorning);
    await sendDigests(db(), "https://portal.example.com");
    const sent = await mailsTo(tokyo.email);
    expect(sent).toHaveLength(1);
    expect(sent[0].subject).toBe("Your daily digest: 3 notification(s)");
    const body = sent[0].body_text;
    expect(body).toContain("A registration, fund request or claim waits for my review");
    expect(body.indexOf(`Deal waits for ${tokyo.email}`)).toBeLessThan(body.indexOf(`Claim waits for ${tokyo.email}`));
    expect(body).toContain("A lead is back in the pool");
    expect(body).toContain("https://portal.example.com/somewhere");
    expect(await mailsTo(berlin.email)).toEqual([]);
    expect((await rowsOf(tokyo.id)).every((r) => r.digest_state === "sent")).toBe(true);

    // Run again at once, and by two workers at the same moment: nothing more goes out.
    await Promise.all([sendDigests(db()), sendDigests(db())]);
    expect(await mailsTo(tokyo.email)).toHaveLength(1);

    // Berlin's morning: its own digest, once.
    setClockForTests(() => new Date("2031-03-04T07:30:00Z"));
    await Promise.all([sendDigests(db()), sendDigests(db())]);
    expect(await mailsTo(berlin.email)).toHaveLength(1);
  });

  it("writes the digest in the addressee's language and sends nothing to a user with nothing waiting", async () => {
    const zh = await user("channel_manager", "Asia/Shanghai", "zh-CN");
    const idle = await user("channel_manager", "Asia/Shanghai");
    setClockForTests(() => new Date("2031-05-01T10:00:00Z"));
    await notifyUsers(db(), [zh.id], notice("deal.submitted", "Deal waits"));
    setClockForTests(() => new Date("2031-05-02T00:10:00Z"));
    await sendDigests(db());
    const [mail] = await mailsTo(zh.email);
    expect(mail.subject).toBe("您的每日摘要：1 条通知");
    expect(mail.body_text).toContain("有报备、基金申请或报销等待我审核");
    expect(await mailsTo(idle.email)).toEqual([]);
  });
});
