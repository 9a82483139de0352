// E-mail preferences as notifyEach honours them: at once, in the digest or off, per kind, with
// defaults until the user chooses; the in-app row is always written. Notices are stored with
// their title's key and values and read in each reader's language, e-mails in the addressee's.
import { describe, expect, it } from "vitest";
import { appUrl } from "~/lib/app-url.server";
import { notifyEach, notifyUsers, type Notice } from "~/modules/notifications/notify.server";
import { readPreferences, savePreferences } from "~/modules/notifications/preferences.server";
import { PREFERENCE_KINDS } from "~/modules/notifications/kinds";
import { noticeTitle } from "~/modules/notifications/render";
import { mailsTo, makeNoticeUser, noticesOf } from "../support/notice-users";
import { db } from "../support/db";
import type { KyselyPlugin } from "kysely";

const approved = (deal: number): Notice => ({
  kind: "deal.decided",
  title: { key: "notifications.notice.dealApproved", params: { deal, customer: "Acme GmbH" } },
  link: `/deals/${deal}`,
  body: { text: { key: "notifications.notice.dealApprovedText", params: { days: 90, pct: "10.00" } } },
});
const offered: Notice = { kind: "lead.offered", title: { key: "notifications.notice.leadOffered", params: { lead: 7 } }, link: "/leads/7" };
const paid: Notice = {
  kind: "funds.paid",
  title: { key: "notifications.notice.paid", params: { reference: "PAY-1", amount: "500.00", currency: "USD", count: 2 } },
  link: "/funds",
};
const reminder: Notice = {
  kind: "funds.claim_reminder",
  title: { key: "notifications.notice.claimReminder", params: { request: 3, date: "2031-05-01" } },
  link: "/funds/requests/3",
};

describe("e-mail preferences", () => {
  it("start from each kind's default: offers and decisions at once, claim reminders in the digest", async () => {
    const user = await makeNoticeUser({ side: "partner" });
    const preferences = await readPreferences(db(), user);
    expect(preferences.map((p) => p.kind)).toEqual([
      "lead_offered",
      "offer_expiring",
      "deal_decided",
      "deal_expiring",
      "fund_decided",
      "claim_due",
      "payment_made",
      "report_due",
      "partner_lifecycle",
      "campaign_offered",
    ]);
    expect(preferences.every((p) => !p.chosen && p.delivery === PREFERENCE_KINDS[p.kind].default)).toBe(true);

    await notifyEach(db(), [
      { userIds: [user.id], notice: offered },
      { userIds: [user.id], notice: reminder },
    ]);
    expect((await noticesOf(user.id)).map((n) => [n.kind, n.digest_state])).toEqual([
      ["lead.offered", "none"],
      ["funds.claim_reminder", "waiting"],
    ]);
    expect((await mailsTo(user.email)).map((m) => m.subject)).toEqual(["New lead offered to you (lead #7)"]);
  });

  it("send at once, keep for the digest or send nothing as the user chose per kind; the portal shows all three", async () => {
    const user = await makeNoticeUser({ side: "partner" });
    expect(await savePreferences(db(), user, { lead_offered: "off", deal_decided: "digest", payment_made: "immediate" })).toBe(3);
    await notifyEach(db(), [
      { userIds: [user.id], notice: offered },
      { userIds: [user.id], notice: approved(41) },
      { userIds: [user.id], notice: paid },
    ]);
    expect((await noticesOf(user.id)).map((n) => [n.kind, n.digest_state, n.read_at])).toEqual([
      ["lead.offered", "none", null],
      ["deal.decided", "waiting", null],
      ["funds.paid", "none", null],
    ]);
    const mails = await mailsTo(user.email);
    expect(mails.map((m) => m.subject)).toEqual(["Payment PAY-1 of $500.00 settles 2 claims"]);
    expect(mails[0].body_text).toContain("/funds");

    // Changed back: the decision that waited for the digest goes out now, the next one at once.
    await savePreferences(db(), user, { deal_decided: "immediate" });
    await notifyUsers(db(), [user.id], approved(42));
    expect((await mailsTo(user.email)).map((m) => m.subject)).toEqual([
      "Payment PAY-1 of $500.00 settles 2 claims",
      "Deal registration #41 (Acme GmbH) is approved",
      "Deal registration #42 (Acme GmbH) is approved",
    ]);
    expect((await mailsTo(user.email))[2].body_text).toBe(`Protected for 90 days with a 10.00% discount.\n\n${appUrl()}/deals/42`);
    expect((await noticesOf(user.id)).map((n) => n.digest_state)).toEqual(["none", "none", "none", "none"]);
    expect((await readPreferences(db(), user)).find((p) => p.kind === "deal_decided")).toEqual({ kind: "deal_decided", delivery: "immediate", chosen: true });
  });

  it("are kept only for the kinds of the user's side and for known choices", async () => {
    const user = await makeNoticeUser({ side: "partner" });
    expect(await savePreferences(db(), user, { review_waiting: "off", lead_offered: "sometimes", user_id: "1", payment_made: "off" })).toBe(1);
    const stored = await db().selectFrom("notification_preferences").select(["kind", "delivery"]).where("user_id", "=", user.id).execute();
    expect(stored).toEqual([{ kind: "payment_made", delivery: "off" }]);
  });

  it("are read for all addressees in one query, whatever the number of notices and users", async () => {
    const users = await Promise.all(Array.from({ length: 12 }, () => makeNoticeUser({ side: "partner" })));
    await savePreferences(db(), users[0], { lead_offered: "digest" });
    const queriesFor = async (notices: { userIds: number[]; notice: Notice }[]) => {
      const seen: string[] = [];
      const counting: KyselyPlugin = {
        transformQuery: (args) => {
          seen.push(args.node.kind);
          return args.node;
        },
        transformResult: async (args) => args.result,
      };
      await notifyEach(db().withPlugin(counting), notices);
      return seen;
    };
    const few = await queriesFor([{ userIds: [users[1].id], notice: offered }]);
    const many = await queriesFor(users.flatMap((u) => [offered, approved(7), paid, reminder].map((notice) => ({ userIds: [u.id], notice }))));
    // The preferences, the in-app rows, the addresses, the outbox: the same four queries.
    expect(many).toEqual(few);
    expect(few).toEqual(["SelectQueryNode", "InsertQueryNode", "SelectQueryNode", "InsertQueryNode"]);
    expect((await noticesOf(users[0].id)).find((n) => n.kind === "lead.offered")?.digest_state).toBe("waiting");
    expect((await noticesOf(users[5].id)).find((n) => n.kind === "lead.offered")?.digest_state).toBe("none");
  });

  it("e-mail a deactivated user nothing", async () => {
    const user = await makeNoticeUser({ side: "partner", status: "deactivated" });
    await notifyUsers(db(), [user.id], offered);
    expect(await mailsTo(user.email)).toEqual([]);
  });
});

describe("notices in two languages", () => {
  it("store the title's key and values, read in the reader's language, and mail in the addressee's", async () => {
    const chinese = await makeNoticeUser({ side: "partner", locale: "zh-CN", timeZone: "Asia/Shanghai" });
    await notifyUsers(db(), [chinese.id], {
      kind: "lead.offer_expiring",
      title: { key: "notifications.notice.offerExpiring", params: { lead: 12, expiresAt: "2031-05-01T06:30:00.000Z" } },
      link: "/leads/12",
      body: { text: { key: "notifications.notice.offerExpiringText" } },
    });
    const [row] = await noticesOf(chinese.id);
    expect(row.message).toBe("notifications.notice.offerExpiring");
    // The English title, in UTC, for whatever reads the row without the catalog.
    expect(row.title).toBe("Lead #12 expires at May 1, 2031, 6:30 AM");
    expect(noticeTitle("en", "Europe/Berlin", row)).toBe("Lead #12 expires at May 1, 2031, 8:30 AM");
    expect(noticeTitle("zh-CN", "Asia/Shanghai", row)).toBe("线索 #12 将于 2031年5月1日 14:30 过期");
    const [mail] = await mailsTo(chinese.email);
    expect(mail.subject).toBe("线索 #12 将于 2031年5月1日 14:30 过期");
    expect(mail.body_text).toContain("接受此线索的时间只剩四分之一");
  });

  it("keep showing the English title of rows written before titles had keys", async () => {
    const row = { title: "Deal registration #5 (Old Co) is approved", message: null, params: null };
    expect(noticeTitle("zh-CN", "Asia/Shanghai", row)).toBe("Deal registration #5 (Old Co) is approved");
    expect(noticeTitle("zh-CN", "UTC", { ...row, message: "no.such.key", params: "{}" })).toBe("Deal registration #5 (Old Co) is approved");
  });
});
