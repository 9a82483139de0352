// Session cookies and sign-in throttling, as a browser sees them.
import { describe, expect, it } from "vitest";
import { hash } from "@node-rs/argon2";
import { PortalClient } from "../support/client";
import { db, partnerByCode, uniqueCode } from "../support/db";

async function freshUser(password: string): Promise<string> {
  const partner = await partnerByCode("TMS");
  const email = `${uniqueCode("sess").toLowerCase()}@example.com`;
  await db()
    .insertInto("users")
    .values({ email, name: "Session Tester", role: "partner_rep", partner_id: partner.id, status: "active", password_hash: await hash(password) })
    .execute();
  return email;
}

describe("the session cookie", () => {
  it("is HttpOnly, SameSite=Lax and Secure in production", async () => {
    const response = await new PortalClient().post("/login", { email: "admin@example.com", password: "partner-portal-demo" });
    expect(response.status).toBe(302);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith("portal_session="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Secure/i);
  });

  it("gets a new session id at every sign-in, and the old one stops working", async () => {
    const email = await freshUser("first-password-123");
    const client = new PortalClient();
    await client.signIn(email, "first-password-123");
    const first = client.cookie("portal_session")!;
    await client.signIn(email, "first-password-123");
    const second = client.cookie("portal_session")!;
    expect(second).not.toBe(first);
    expect(await db().selectFrom("user_sessions").select("id").where("id", "=", first).executeTakeFirst()).toBeUndefined();
    const stale = await fetch(`${client.baseUrl}/`, { headers: { Cookie: `portal_session=${first}` }, redirect: "manual" });
    expect(stale.status).toBe(302);
  });

  it("ends on sign-out", async () => {
    const email = await freshUser("bye-password-123");
    const client = new PortalClient();
    await client.signIn(email, "bye-password-123");
    const id = client.cookie("portal_session")!;
    expect((await client.post("/logout", {})).status).toBe(302);
    expect(await db().selectFrom("user_sessions").select("id").where("id", "=", id).executeTakeFirst()).toBeUndefined();
  });
});

describe("sign-in throttling", () => {
  it("makes an e-mail wait after five failures, even with the right password, and says so", async () => {
    const email = await freshUser("right-password-123");
    for (let i = 0; i < 5; i++) {
      const response = await new PortalClient().post("/login", { email, password: `wrong-${i}` });
      expect(response.status).toBe(401);
      expect(await response.text()).toContain("The e-mail or password is not right.");
    }
    const blocked = await new PortalClient().post("/login", { email, password: "right-password-123" });
    expect(blocked.status).toBe(429);
    const body = await blocked.text();
    // The first wait is a minute; it grows with each further failure (sign-in-throttle.server.ts).
    expect(body).toMatch(/Too many failed attempts\. Please wait 1 minute before/);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(blocked.headers.getSetCookie().join()).not.toContain("portal_session");
    // Another e-mail is not affected.
    expect((await new PortalClient().post("/login", { email: "admin@example.com", password: "partner-portal-demo" })).status).toBe(302);
  });

  it("keeps what was typed in the e-mail field after a failure", async () => {
    const response = await new PortalClient().post("/login", { email: "nobody@example.com", password: "nope" });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('value="nobody@example.com"');
  });
});

describe("health", () => {
  it("answers ok when the database answers", async () => {
    const response = await fetch(`${new PortalClient().baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", db: "ok" });
  });

  it("answers liveness and readiness to anyone, with nothing but up or down, and never from a cache", async () => {
    const baseUrl = new PortalClient().baseUrl;
    const answers = [];
    for (const path of ["/healthz/live", "/healthz/ready"]) {
      const response = await fetch(`${baseUrl}${path}`);
      answers.push({ path, status: response.status, cache: response.headers.get("cache-control"), body: await response.json() });
    }
    expect(answers).toEqual([
      { path: "/healthz/live", status: 200, cache: "no-store", body: { status: "ok" } },
      { path: "/healthz/ready", status: 200, cache: "no-store", body: { status: "ok", db: "ok" } },
    ]);
  });
});
