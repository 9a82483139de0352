// The notification centre across users, over HTTP: a notification and the e-mail preferences
// belong to one user only. Another partner's admin, the same partner's admin, and the vendor's
// manager try to list, open or mark a rep's notification and to read or change the rep's
// preferences: the list never shows it, every change answers 404 and nothing changes; the rep
// sees and opens it (so the test fails if the marker stops being shown at all).
import { beforeAll, describe, expect, it } from "vitest";
import { notifyUsers } from "~/modules/notifications/notify.server";
import { savePreferences } from "~/modules/notifications/preferences.server";
import { signedIn, type PortalClient } from "../support/client";
import { db, userByEmail } from "../support/db";

const VICTIM = "rep@example.com";
const ATTACKERS = ["other@example.com", "reseller@example.com", "manager@example.com"];
const clients = new Map<string, PortalClient>();
const secret = `SECRET-NOTICE-${process.pid}-${Date.now()}`;
let victimId = 0;
let noticeId = 0;

async function victimState() {
  const [notice, preferences] = await Promise.all([
    db().selectFrom("notifications").select(["id", "read_at", "digest_state"]).where("id", "=", noticeId).executeTakeFirstOrThrow(),
    db().selectFrom("notification_preferences").select(["kind", "delivery"]).where("user_id", "=", victimId).orderBy("kind").execute(),
  ]);
  return JSON.stringify({ notice, preferences });
}

beforeAll(async () => {
  const victim = await userByEmail(VICTIM);
  victimId = victim.id;
  await savePreferences(db(), { id: victim.id, role: victim.role }, { lead_offered: "off" });
  await notifyUsers(db(), [victim.id], {
    kind: "lead.returned",
    title: { key: "notifications.notice.leadReturned", params: { lead: 999999, reason: secret } },
    link: "/leads",
  });
  noticeId = (
    await db().selectFrom("notifications").select("id").where("user_id", "=", victim.id).where("title", "like", `%${secret}%`).executeTakeFirstOrThrow()
  ).id;
  for (const email of [VICTIM, ...ATTACKERS]) clients.set(email, await signedIn(email));
});

describe.each(ATTACKERS)("%s against a rep's notification centre", (email) => {
  it("does not see the rep's notification in the list, unread or all", async () => {
    const client = clients.get(email)!;
    for (const path of ["/notifications", "/notifications?show=unread"]) {
      const page = await client.get(path);
      expect(page.status).toBe(200);
      expect(await page.text()).not.toContain(secret);
    }
  });

  it("gets 404 for opening or marking it read, and marking all read leaves it unread", async () => {
    const client = clients.get(email)!;
    const before = await victimState();
    for (const intent of ["open", "read"]) {
      expect((await client.post("/notifications", { intent, id: String(noticeId), back: "/notifications" })).status, intent).toBe(404);
    }
    expect((await client.post("/notifications", { intent: "readAll", id: String(noticeId) })).status).toBe(302);
    expect(await victimState()).toBe(before);
  });

  it("sees and saves only its own preferences, whatever ids the form names", async () => {
    const client = clients.get(email)!;
    const before = await victimState();
    const page = await client.get(`/account/notifications?userId=${victimId}&user=${victimId}`);
    expect(page.status).toBe(200);
    const attacker = await userByEmail(email);
    const saved = await client.post(`/account/notifications?userId=${victimId}`, {
      userId: String(victimId),
      user_id: String(victimId),
      lead_offered: "immediate",
      review_waiting: "off",
    });
    expect(saved.status).toBe(302);
    expect(await victimState()).toBe(before);
    const own = await db().selectFrom("notification_preferences").select("kind").where("user_id", "=", attacker.id).execute();
    expect(own.length).toBeGreaterThan(0);
  });
});

describe("the rep", () => {
  it("sees the notification, and opening it marks it read and goes to its page", async () => {
    const rep = clients.get(VICTIM)!;
    expect(await (await rep.get("/notifications?show=unread")).text()).toContain(secret);
    const preferences = await (await rep.get("/account/notifications")).text();
    expect(preferences).toMatch(/name="lead_offered"[^>]*checked=""[^>]*value="off"/);
    const opened = await rep.post("/notifications", { intent: "open", id: String(noticeId), back: "/notifications" });
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toBe("/leads");
    const row = await db().selectFrom("notifications").select("read_at").where("id", "=", noticeId).executeTakeFirstOrThrow();
    expect(row.read_at).not.toBeNull();
  });
});
