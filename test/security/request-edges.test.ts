// Issue 15, finding 7: the edges of a request. The client address is X-Forwarded-For only
// behind a trusted proxy; the Origin check compares scheme, host and port; a form post in a
// type the portal does not take is a 4xx, not a 500; an API body over the limit is answered
// 413, not a reset connection.
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD, PortalClient, signedIn } from "../support/client";
import { db, userByEmail } from "../support/db";
import { rawRequest } from "../support/raw-http";

const baseUrl = new PortalClient().baseUrl;

describe("the client address", () => {
  it("is not taken from X-Forwarded-For when TRUST_PROXY is off", async () => {
    const user = await userByEmail("manager2@example.com");
    const response = await rawRequest({
      method: "POST",
      path: "/login",
      headers: { Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "203.0.113.99", "X-Real-IP": "203.0.113.98" },
      body: new URLSearchParams({ email: user.email, password: DEMO_PASSWORD }).toString(),
    });
    expect(response.status).toBe(302);
    const entry = await db()
      .selectFrom("audit_log")
      .select("ip")
      .where("action", "=", "user.sign_in")
      .where("entity_id", "=", String(user.id))
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(entry.ip).not.toMatch(/203\.0\.113/);
    expect(entry.ip).toMatch(/127\.0\.0\.1/);
  });
});

describe("the Origin check", () => {
  const other = new URL(baseUrl);
  it.each([
    ["another scheme", `https://${other.host}`],
    ["another port", `http://${other.hostname}:${Number(other.port) === 9 ? 10 : 9}`],
    ["another host on the same port", `http://localhost:${other.port}`],
    ["a null origin", "null"],
  ])("refuses a form post from %s", async (_label, origin) => {
    const client = await signedIn("reseller@example.com");
    const before = (await userByEmail("reseller@example.com")).locale;
    const response = await client.post("/locale", { lang: before === "zh-CN" ? "en" : "zh-CN", redirectTo: "/" }, { origin });
    expect(response.status).toBe(403);
    expect((await userByEmail("reseller@example.com")).locale).toBe(before);
  });
});

describe("a form post in another type", () => {
  it.each(["/login", "/forgot-password", "/locale", "/logout"])("to %s is refused as a client error", async (path) => {
    const response = await rawRequest({
      method: "POST",
      path,
      headers: { Origin: baseUrl, "Content-Type": "text/plain" },
      body: "email=admin@example.com&password=x",
    });
    expect([400, 415]).toContain(response.status);
  });
});

describe("an API body over the limit", () => {
  it("sent chunked, gets 413", async () => {
    const client = await signedIn("distributor@example.com");
    const page = await client.post("/settings/api-keys", { intent: "create", name: "oversize" });
    const key = /ppk_[A-Za-z0-9_-]{32}/.exec(await page.text())![0];
    const megabyte = Buffer.alloc(1024 * 1024, "a");
    const response = await rawRequest({
      method: "POST",
      path: "/api/v1/sell-through",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", "Transfer-Encoding": "chunked" },
      body: Array.from({ length: 17 }, () => megabyte),
    });
    expect(response.status).toBe(413);
  });
});

describe("a form body too large to read into memory", () => {
  it("is refused with 413 before sign-in reads it", async () => {
    const response = await rawRequest({
      method: "POST",
      path: "/login",
      // The length announced is what counts; sending 7 MB would only race the refusal's closed connection.
      headers: { Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(7 * 1024 * 1024) },
      body: "email=admin%40example.com&password=x",
    });
    expect(response.status).toBe(413);
  });

  it("is refused with 411 when sent chunked, with no length to check, to a page", async () => {
    const client = await signedIn("manager@example.com");
    const cookie = `portal_session=${client.cookie("portal_session")}`;
    const response = await rawRequest({
      method: "POST",
      path: "/targets",
      headers: { Origin: baseUrl, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked" },
      // Small, so the refusal is for the missing length (a large body would also reset the connection mid-write).
      body: ["intent=set&partnerId=1", "&quarter=2026-Q1&amount=1"],
    });
    expect(response.status).toBe(411);
  });

  it("leaves a CSV import of a few megabytes to its page's own check", async () => {
    const client = await signedIn("manager@example.com");
    const form = new FormData();
    form.set("intent", "import");
    form.set("file", new File([`partner,quarter,amount\n${"x".repeat(5.5 * 1024 * 1024)}\n`], "targets.csv", { type: "text/csv" }));
    const response = await client.post("/targets", form);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("too large");
  });
});
