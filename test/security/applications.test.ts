// Recruitment over HTTP: partners never reach the vetting queue; a channel manager does not
// reach another manager's applications; a reply link answers only its own application, once and
// in time; the public page tells nobody whether a company is already a partner, and takes no HTML.
// Route modules: `_app.applications._index.tsx`, `_app.applications.$applicationId.tsx`, the
// export `applications[.csv].ts`, the public `apply.tsx` and `apply.reply.$token.tsx`.
import { describe, expect, it } from "vitest";
import { askForInformation, assignApplication } from "~/modules/applications/vetting.server";
import { applied, applyFields, applyInput, replyTokenMailedTo } from "../support/applications";
import { PortalClient, signedIn } from "../support/client";
import { db, scopeOf, uniqueCode, userByEmail } from "../support/db";
import { rawRequest } from "../support/raw-http";

async function as(email: string) {
  const user = await userByEmail(email);
  return { scope: await scopeOf(email), actor: { userId: user.id, email: user.email, ip: null } };
}

async function applicationSnapshot(id: number): Promise<string> {
  const [application, events, audit] = await Promise.all([
    db().selectFrom("partner_applications").selectAll().where("id", "=", id).executeTakeFirst(),
    db().selectFrom("partner_application_events").select("id").where("application_id", "=", id).execute(),
    db().selectFrom("audit_log").select("id").where("entity_type", "=", "partner_application").where("entity_id", "=", String(id)).execute(),
  ]);
  return JSON.stringify({ application, events: events.length, audit: audit.length });
}

const INTENTS: Record<string, Record<string, string>> = {
  assign: { managerId: "1" },
  ask: { question: "Tell me everything" },
  approve: { code: "STOLEN1", tier: "platinum", channelManagerId: "1", regionId: "" },
  decline: { reason: "because" },
};

/** Posts the public form as a browser without JavaScript would, from a loopback address of its own. */
function postApply(fields: Record<string, string | string[]>, from: string, path = "/apply") {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  return rawRequest({
    method: "POST",
    path,
    localAddress: from,
    headers: { Origin: new PortalClient().baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
    body: body.toString(),
  });
}

describe("the vetting queue is the vendor's", () => {
  it.each(["distributor@example.com", "reseller@example.com", "rep@example.com", "other@example.com"])(
    "%s gets 403 at the queue, an application, the export and every decision, and nothing changes",
    async (email) => {
      const application = await applied();
      const before = await applicationSnapshot(application.id);
      const client = await signedIn(email);
      expect((await client.get("/applications")).status).toBe(403);
      expect((await client.get(`/applications/${application.id}`)).status).toBe(403);
      expect((await client.get("/applications.csv?status=submitted")).status).toBe(403);
      for (const [intent, fields] of Object.entries(INTENTS)) {
        expect((await client.post(`/applications/${application.id}`, { intent, ...fields })).status, intent).toBe(403);
      }
      expect(await applicationSnapshot(application.id)).toBe(before);
      expect(await db().selectFrom("partners").select("id").where("code", "=", "STOLEN1").executeTakeFirst()).toBeUndefined();
    },
  );

  it("the other channel manager gets 404 for an application a manager has taken, in the list, the export and every decision", async () => {
    const application = await applied();
    const manager = await as("manager@example.com");
    await assignApplication(db(), manager.scope, manager.actor, application.id, manager.actor.userId);
    const before = await applicationSnapshot(application.id);
    const other = await signedIn("manager2@example.com");
    expect((await other.get(`/applications/${application.id}`)).status).toBe(404);
    for (const [intent, fields] of Object.entries(INTENTS)) {
      expect((await other.post(`/applications/${application.id}`, { intent, ...fields })).status, intent).toBe(404);
    }
    expect(await (await other.get("/applications.csv")).text()).not.toContain(application.contact_email);
    expect(await (await other.get("/applications")).text()).not.toContain(application.company_name);
    expect(await applicationSnapshot(application.id)).toBe(before);
  });

  it("a channel manager cannot decide an application nobody has taken, nor give it to someone else", async () => {
    const application = await applied();
    const before = await applicationSnapshot(application.id);
    const manager2 = await userByEmail("manager2@example.com");
    const client = await signedIn("manager@example.com");
    expect((await client.post(`/applications/${application.id}`, { intent: "decline", reason: "no" })).status).toBe(403);
    expect((await client.post(`/applications/${application.id}`, { intent: "assign", managerId: String(manager2.id) })).status).toBe(403);
    expect(await applicationSnapshot(application.id)).toBe(before);
  });
});

describe("reply links", () => {
  it("a made-up link shows nothing and changes nothing", async () => {
    const client = new PortalClient();
    expect((await client.get("/apply/reply/not-a-real-token-at-all-xyz")).status).toBe(410);
    expect((await client.post("/apply/reply/not-a-real-token-at-all-xyz", { answer: "hello" })).status).toBe(410);
  });

  it("a link answers only its own application, and not once it has expired", async () => {
    const admin = await as("admin@example.com");
    const mine = await applied();
    const theirs = await applied();
    for (const application of [mine, theirs]) await askForInformation(db(), admin.scope, admin.actor, application.id, "Which brands?");
    const token = await replyTokenMailedTo(mine.contact_email);
    const theirsBefore = await applicationSnapshot(theirs.id);

    const page = await new PortalClient().get(`/apply/reply/${token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(mine.company_name);
    expect(html).not.toContain(theirs.company_name);
    // Another application's id in the form changes nothing of it.
    const answer = await new PortalClient().post(`/apply/reply/${token}`, { answer: "Ours", applicationId: String(theirs.id), id: String(theirs.id) });
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toBe("/apply?answered=1");
    expect((await db().selectFrom("partner_applications").select("status").where("id", "=", mine.id).executeTakeFirstOrThrow()).status).toBe("submitted");
    expect(await applicationSnapshot(theirs.id)).toBe(theirsBefore);
    // Used once.
    expect((await new PortalClient().post(`/apply/reply/${token}`, { answer: "Again" })).status).toBe(410);

    const theirToken = await replyTokenMailedTo(theirs.contact_email);
    await db()
      .updateTable("partner_applications")
      .set({ info_token_expires_at: new Date(Date.now() - 1000) })
      .where("id", "=", theirs.id)
      .execute();
    const expiredBefore = await applicationSnapshot(theirs.id);
    expect((await new PortalClient().get(`/apply/reply/${theirToken}`)).status).toBe(410);
    expect((await new PortalClient().post(`/apply/reply/${theirToken}`, { answer: "Late" })).status).toBe(410);
    expect(await applicationSnapshot(theirs.id)).toBe(expiredBefore);
  });
});

describe("the public application page", () => {
  it("answers an existing partner's name exactly as it answers a new company", async () => {
    const existing = await postApply(applyFields(await applyInput({ company: "Pacific Channel Supply Pte Ltd" })), "127.0.0.71");
    const fresh = await postApply(applyFields(await applyInput({ company: `Never Seen ${uniqueCode("E")} Pte Ltd` })), "127.0.0.72");
    expect(existing.status).toBe(302);
    expect({ status: fresh.status, location: fresh.headers.location, text: fresh.text }).toEqual({
      status: existing.status,
      location: existing.headers.location,
      text: existing.text,
    });
    const page = await new PortalClient().get(existing.headers.location!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("We have received your application.");
  });

  it("refuses HTML with a message at the field and stores nothing", async () => {
    const input = await applyInput({ company: "<img src=x onerror=alert(1)>" });
    const response = await postApply(applyFields(input), "127.0.0.73");
    expect(response.status).toBe(400);
    expect(response.text).toContain("Please leave out the characters &lt; and &gt;.");
    expect(response.text).not.toContain("<img src=x");
    expect(await db().selectFrom("partner_applications").select("id").where("contact_email", "=", input.contactEmail).executeTakeFirst()).toBeUndefined();
  });

  it("refuses a cross-site post", async () => {
    const input = await applyInput();
    const response = await new PortalClient().post("/apply", applyFields(input), { origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect(await db().selectFrom("partner_applications").select("id").where("contact_email", "=", input.contactEmail).executeTakeFirst()).toBeUndefined();
  });

  it("shows what an applicant wrote as text on the vendor's screens", async () => {
    const application = await applied();
    await db()
      .updateTable("partner_applications")
      .set({ message: "<script>alert('x')</script>", references_text: "<b>bold</b>" })
      .where("id", "=", application.id)
      .execute();
    const html = await (await (await signedIn("admin@example.com")).get(`/applications/${application.id}`)).text();
    expect(html).toContain("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;");
    expect(html).not.toContain("<b>bold</b>");
  });
});
