// The daily digest against the real database: at 08:00 in each user's own time zone, one
// e-mail with what waited by then, grouped by kind with links, in the user's language; never
// twice, even with two workers; nothing when nothing waits. The clock is moved to a year no
// other test writes notices in, so the other files' notices never fall due here.
import { afterEach, describe, expect, it } from "vitest";
import { appUrl } from "~/lib/app-url.server";
import { setClockForTests } from "~/lib/clock.server";
import { notifyEach, type Notice } from "~/modules/notifications/notify.server";
import { savePreferences } from "~/modules/notifications/preferences.server";
import { lastDigestDue, sendDigests } from "~/modules/notifications/digest.server";
import { mailsTo, makeNoticeUser, noticesOf, type NoticeUser } from "../support/notice-users";
import { db } from "../support/db";

afterEach(() => setClockForTests(undefined));

function at(iso: string) {
  setClockForTests(() => new Date(iso));
}

const approved = (deal: number): Notice => ({
  kind: "deal.decided",
  title: { key: "notifications.notice.dealApproved", params: { deal, customer: `Customer ${deal}` } },
  link: `/deals/${deal}`,
});
const paid: Notice = {
  kind: "funds.paid",
  title: { key: "notifications.notice.paid", params: { reference: "PAY-9", amount: "80.00", currency: "USD", count: 1 } },
  link: "/funds",
};
const offered: Notice = { kind: "lead.offered", title: { key: "notifications.notice.leadOffered", params: { lead: 77 } }, link: "/leads/77" };

async function digestReader(timeZone: string, locale: string | null = null): Promise<NoticeUser> {
  const user = await makeNoticeUser({ side: "partner", timeZone, locale });
  await savePreferences(db(), user, { deal_decided: "digest", payment_made: "digest", lead_offered: "immediate" });
  return user;
}

describe("when a digest falls due", () => {
  it("is 08:00 on the user's own wall clock, today once it has passed, else yesterday", () => {
    expect(lastDigestDue(new Date("2033-03-10T07:05:00Z"), "Europe/Berlin").toISOString()).toBe("2033-03-10T07:00:00.000Z");
    expect(lastDigestDue(new Date("2033-03-10T06:59:00Z"), "Europe/Berlin").toISOString()).toBe("2033-03-09T07:00:00.000Z");
    // Summer time: 08:00 in Berlin is 06:00 UTC.
    expect(lastDigestDue(new Date("2033-07-01T06:10:00Z"), "Europe/Berlin").toISOString()).toBe("2033-07-01T06:00:00.000Z");
    expect(lastDigestDue(new Date("2033-03-10T23:30:00Z"), "Asia/Shanghai").toISOString()).toBe("2033-03-10T00:00:00.000Z");
    expect(lastDigestDue(new Date("2033-03-11T00:30:00Z"), "Asia/Shanghai").toISOString()).toBe("2033-03-11T00:00:00.000Z");
    expect(lastDigestDue(new Date("2033-03-10T12:00:00Z"), "America/Los_Angeles").toISOString()).toBe("2033-03-09T16:00:00.000Z");
    expect(lastDigestDue(new Date("2033-03-10T12:00:00Z"), "Not/AZone").toISOString()).toBe("2033-03-10T08:00:00.000Z");
  });
});

describe("the digest job", () => {
  it("sends each user one e-mail at their 08:00, grouped by kind, and each notice in exactly one digest", async () => {
    const berlin = await digestReader("Europe/Berlin");
    const shanghai = await digestReader("Asia/Shanghai", "zh-CN");
    at("2033-03-10T05:00:00Z");
    for (const user of [berlin, shanghai]) {
      await notifyEach(db(), [
        { userIds: [user.id], notice: approved(501) },
        { userIds: [user.id], notice: paid },
        { userIds: [user.id], notice: approved(502) },
        { userIds: [user.id], notice: offered },
      ]);
    }
    // At once only the offer, as chosen.
    expect((await mailsTo(berlin.email)).map((m) => m.subject)).toEqual(["New lead offered to you (lead #77)"]);

    // 07:30 in Berlin; 14:30 in Shanghai, whose 08:00 came before the notices.
    at("2033-03-10T06:30:00Z");
    await sendDigests(db(), "http://portal.test");
    expect(await mailsTo(berlin.email)).toHaveLength(1);
    expect(await mailsTo(shanghai.email)).toHaveLength(1);

    // 08:05 in Berlin, two workers at once.
    at("2033-03-10T07:05:00Z");
    await Promise.all([sendDigests(db(), "http://portal.test"), sendDigests(db(), "http://portal.test")]);
    const berlinMails = await mailsTo(berlin.email);
    expect(berlinMails).toHaveLength(2);
    const digest = berlinMails[1];
    expect(digest.subject).toBe("Your daily digest: 3 notifications");
    expect(digest.body_text).toBe(
      [
        "Here is what happened in the Partner Portal since your last digest (3).",
        "",
        "A deal registration is decided or questioned",
        "- Deal registration #501 (Customer 501) is approved",
        "  http://portal.test/deals/501",
        "- Deal registration #502 (Customer 502) is approved",
        "  http://portal.test/deals/502",
        "",
        "A payment is made",
        "- Payment PAY-9 of $80.00 settles 1 claim",
        "  http://portal.test/funds",
        "",
        "Change what comes by e-mail: http://portal.test/account/notifications",
      ].join("\n"),
    );
    expect((await noticesOf(berlin.id)).map((n) => n.digest_state)).toEqual(["sent", "sent", "sent", "none"]);
    expect(await mailsTo(shanghai.email)).toHaveLength(1);

    // A notice after the hour waits for the next morning; later runs that day send nothing.
    at("2033-03-10T07:10:00Z");
    await notifyEach(db(), [{ userIds: [berlin.id], notice: approved(503) }]);
    for (const time of ["2033-03-10T07:20:00Z", "2033-03-10T15:00:00Z", "2033-03-11T06:55:00Z"]) {
      at(time);
      await sendDigests(db(), "http://portal.test");
    }
    expect(await mailsTo(berlin.email)).toHaveLength(2);

    // 08:05 in Shanghai the next day (00:05 UTC): its digest, in Chinese.
    at("2033-03-11T00:05:00Z");
    await sendDigests(db(), "http://portal.test");
    const [, shanghaiDigest] = await mailsTo(shanghai.email);
    expect(shanghaiDigest.subject).toBe("您的每日摘要：3 条通知");
    expect(shanghaiDigest.body_text).toContain("商机报备有决定或提问\n- 商机报备 #501（Customer 501）已批准\n  http://portal.test/deals/501");
    expect(shanghaiDigest.body_text).toContain("已付款\n- 付款 PAY-9，金额 US$80.00，结清 1 笔报销");

    // Berlin's next morning: only the notice that came after yesterday's digest.
    at("2033-03-11T07:01:00Z");
    await sendDigests(db(), "http://portal.test");
    const berlinNext = (await mailsTo(berlin.email))[2];
    expect(berlinNext.subject).toBe("Your daily digest: 1 notification");
    expect(berlinNext.body_text).toContain("#503");
    expect(berlinNext.body_text).not.toContain("#501");
    expect((await noticesOf(berlin.id)).every((n) => n.digest_state !== "waiting")).toBe(true);
  });

  it("mails at once what waited for the digest when its kind is switched to at once, and drops from it a kind switched off", async () => {
    const user = await digestReader("Europe/Berlin");
    at("2034-05-10T05:00:00Z");
    await notifyEach(db(), [
      { userIds: [user.id], notice: approved(701) },
      { userIds: [user.id], notice: paid },
    ]);
    expect(await mailsTo(user.email)).toEqual([]);
    await savePreferences(db(), user, { deal_decided: "immediate", payment_made: "off" });
    const mails = await mailsTo(user.email);
    expect(mails.map((m) => [m.subject, m.body_text])).toEqual([["Deal registration #701 (Customer 701) is approved", `${appUrl()}/deals/701`]]);
    // The morning's digest has nothing left to send, and the inbox still holds both.
    at("2034-05-10T06:05:00Z");
    expect(await sendDigests(db(), "http://portal.test")).toMatchObject({ notices: 0 });
    expect(await mailsTo(user.email)).toHaveLength(1);
    expect((await noticesOf(user.id)).map((n) => n.digest_state)).toEqual(["none", "none"]);
  });

  it("sends nothing to a user with nothing waiting, however many notices they had", async () => {
    const user = await digestReader("Europe/Berlin");
    await savePreferences(db(), user, { deal_decided: "immediate", payment_made: "off" });
    at("2033-04-10T05:00:00Z");
    await notifyEach(db(), [
      { userIds: [user.id], notice: approved(601) },
      { userIds: [user.id], notice: paid },
    ]);
    at("2033-04-10T06:05:00Z");
    await sendDigests(db(), "http://portal.test");
    expect((await mailsTo(user.email)).map((m) => m.subject)).toEqual(["Deal registration #601 (Customer 601) is approved"]);
    expect((await noticesOf(user.id)).map((n) => n.digest_state)).toEqual(["none", "none"]);
  });
});
