// E-mailed links are absolute, read from the portal's configured public address: a mail
// reader has no page to resolve "/deals/501" against. Without APP_URL (development, tests)
// that address is the one the portal listens on, never an empty prefix.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appUrl } from "~/lib/app-url.server";
import { notifyUsers, type Notice } from "~/modules/notifications/notify.server";
import { savePreferences } from "~/modules/notifications/preferences.server";
import { mailsTo, makeNoticeUser } from "../support/notice-users";
import { db } from "../support/db";

const configured = process.env.APP_URL;
beforeEach(() => {
  delete process.env.APP_URL;
});
afterEach(() => {
  if (configured === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = configured;
});

const approved: Notice = {
  kind: "deal.decided",
  title: { key: "notifications.notice.dealApproved", params: { deal: 501, customer: "Customer 501" } },
  link: "/deals/501",
};

describe("a notice's e-mail without APP_URL", () => {
  it("links to the portal's own address when mailed at once", async () => {
    const user = await makeNoticeUser({ side: "partner" });
    await savePreferences(db(), user, { deal_decided: "immediate" });
    await notifyUsers(db(), [user.id], approved);
    const [mail] = await mailsTo(user.email);
    expect(mail.body_text).toContain(`${appUrl()}/deals/501`);
    expect(mail.body_text).toMatch(/^http:\/\/localhost:\d+\/deals\/501$/m);
  });

  it("links to the portal's own address when a waiting notice is mailed on switching to e-mail at once", async () => {
    const user = await makeNoticeUser({ side: "partner" });
    await savePreferences(db(), user, { deal_decided: "digest" });
    await notifyUsers(db(), [user.id], approved);
    expect(await mailsTo(user.email)).toEqual([]);
    await savePreferences(db(), user, { deal_decided: "immediate" });
    const [mail] = await mailsTo(user.email);
    expect(mail.body_text).toMatch(/^http:\/\/localhost:\d+\/deals\/501$/m);
  });
});
