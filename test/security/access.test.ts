// Sign-in boundaries: anonymous visitors, cross-site posts, deactivated users, and screens a
// role may not use.
import { describe, expect, it } from "vitest";
import { hash } from "@node-rs/argon2";
import { PortalClient, signedIn } from "../support/client";
import { db, partnerByCode, uniqueCode } from "../support/db";

const APP_ROUTES = [
  "/",
  "/partners",
  "/partners/new",
  "/partners/1",
  "/partners.csv",
  "/users",
  "/users/invite",
  "/users/1",
  "/settings/tiers",
  "/settings/products",
  "/settings/products/1",
  "/settings/certifications",
  "/settings/certifications.csv",
  "/certifications",
  "/certifications.csv",
  "/certifications/1",
  "/certifications/1/file",
  "/certifications/import",
  "/settings/territories",
  "/audit",
  "/outbox",
  "/account",
  "/leads",
  "/leads/1",
  "/leads/new",
  "/leads/import",
  "/leads.csv",
  "/settings/leads",
  "/notifications",
  "/account/notifications",
  "/sell-through/catalogue",
  "/sell-through/catalogue.json?q=NET",
  "/campaigns/adoptions/1",
  "/campaigns/adoptions/1/leads/import",
  "/campaigns/adoptions/1/leads.csv",
  "/content",
  "/content/new",
  "/content/1",
  "/content.csv",
  "/content/1/download",
  "/content/1/downloads.csv",
  "/applications",
  "/applications/1",
  "/applications.csv",
  "/tier-reviews",
  "/tier-reviews.csv",
  "/standing",
  "/campaigns",
  "/campaigns/new",
  "/campaigns/1",
  "/campaigns/1/edit",
  "/campaigns.csv",
  "/campaigns/1/adoptions.csv",
  "/agreement",
  "/partner-profile",
  "/settings/agreements",
  "/settings/agreements.csv",
];

describe("anonymous visitors", () => {
  it.each(APP_ROUTES)("GET %s redirects to /login", async (path) => {
    const response = await new PortalClient().get(path);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/login/);
  });

  it.each(["/partners/new", "/users/invite", "/settings/tiers", "/account"])("POST %s redirects to /login and changes nothing", async (path) => {
    const code = uniqueCode("ANON");
    const response = await new PortalClient().post(path, {
      code,
      name: "Anon",
      type: "agent",
      tier: "gold",
      country: "DE",
      capacity: "5",
      email: `${code}@example.com`,
      role: "admin",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/login/);
    expect(await db().selectFrom("partners").select("id").where("code", "=", code).executeTakeFirst()).toBeUndefined();
  });

  it("unknown URLs get a 404 page", async () => {
    const response = await new PortalClient().get("/no/such/page");
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("Page not found");
  });
});

describe("cross-site form posts", () => {
  it("refuses a sign-in posted from another origin", async () => {
    const response = await new PortalClient().post(
      "/login",
      { email: "admin@example.com", password: "partner-portal-demo" },
      { origin: "https://evil.example" },
    );
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie().join()).not.toContain("portal_session");
  });

  it("refuses a signed-in admin's form posted from another origin, and saves nothing", async () => {
    const admin = await signedIn("admin@example.com");
    const code = uniqueCode("CSRF");
    const fields = { code, name: "Cross-site", type: "agent", tier: "gold", country: "DE", capacity: "5" };
    expect((await admin.post("/partners/new", fields, { origin: "https://evil.example" })).status).toBe(403);
    expect((await admin.post("/partners/new", fields, { origin: null })).status).toBe(403);
    expect(await db().selectFrom("partners").select("id").where("code", "=", code).executeTakeFirst()).toBeUndefined();
    // The same form from our own origin works, so the refusal above is the Origin check.
    expect((await admin.post("/partners/new", fields)).status).toBe(302);
  });
});

describe("deactivated users", () => {
  it("lose their session at once and cannot sign in again", async () => {
    const partner = await partnerByCode("PCS");
    const email = `${uniqueCode("leaver").toLowerCase()}@example.com`;
    await db()
      .insertInto("users")
      .values({ email, name: "Leaver", role: "partner_rep", partner_id: partner.id, status: "active", password_hash: await hash("leaver-password-123") })
      .execute();
    const leaver = new PortalClient();
    await leaver.signIn(email, "leaver-password-123");
    expect((await leaver.get("/")).status).toBe(200);

    const user = await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    const partnerAdmin = await signedIn("other@example.com");
    expect((await partnerAdmin.post(`/users/${user.id}`, { intent: "deactivate" })).status).toBe(302);

    const after = await leaver.get("/");
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toMatch(/^\/login/);
    const again = await new PortalClient().post("/login", { email, password: "leaver-password-123" });
    expect(again.status).toBe(401);
  });
});

describe("screens by role", () => {
  it.each(["/users", "/users/invite", "/partners", "/partners/new", "/settings/tiers", "/audit", "/outbox"])("a partner rep gets 403 at %s", async (path) => {
    const rep = await signedIn("rep@example.com");
    expect((await rep.get(path)).status).toBe(403);
  });

  it("a partner rep cannot invite users", async () => {
    const rep = await signedIn("rep@example.com");
    const email = `${uniqueCode("repinv").toLowerCase()}@example.com`;
    expect((await rep.post("/users/invite", { email, name: "X", role: "partner_rep" })).status).toBe(403);
    expect(await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirst()).toBeUndefined();
  });

  it.each(["/partners/new", "/audit", "/outbox"])("a channel manager gets 403 at %s", async (path) => {
    const manager = await signedIn("manager@example.com");
    expect((await manager.get(path)).status).toBe(403);
  });

  it("a channel manager cannot change tier benefits", async () => {
    const manager = await signedIn("manager@example.com");
    const before = await db().selectFrom("tiers").selectAll().where("tier", "=", "gold").executeTakeFirstOrThrow();
    const response = await manager.post("/settings/tiers", { tier: "gold", dealDiscountPct: "99", coopAccrualPct: "9", routingWeight: "9", leadSlaHours: "9" });
    expect(response.status).toBe(403);
    expect(await db().selectFrom("tiers").selectAll().where("tier", "=", "gold").executeTakeFirstOrThrow()).toEqual(before);
  });

  it("a channel manager cannot rename a product line or a region", async () => {
    const manager = await signedIn("manager@example.com");
    const net = await db().selectFrom("product_lines").selectAll().where("code", "=", "NET").executeTakeFirstOrThrow();
    const emea = await db().selectFrom("regions").selectAll().where("code", "=", "EMEA").executeTakeFirstOrThrow();
    const line = await manager.post("/settings/products", { intent: "line", productLineId: String(net.id), code: "NET", name: "Renamed", nameZh: "改名" });
    expect(line.status).toBe(403);
    const region = await manager.post("/settings/territories", { regionId: String(emea.id), code: "EMEA", name: "Renamed", nameZh: "改名", areas: "DE" });
    expect(region.status).toBe(403);
    expect(await db().selectFrom("product_lines").selectAll().where("id", "=", net.id).executeTakeFirstOrThrow()).toEqual(net);
    expect(await db().selectFrom("regions").selectAll().where("id", "=", emea.id).executeTakeFirstOrThrow()).toEqual(emea);
  });

  it("a partner admin cannot edit their own partner's record", async () => {
    const admin = await signedIn("distributor@example.com");
    const partner = await partnerByCode("NWD");
    const response = await admin.post(`/partners/${partner.id}`, {
      intent: "update",
      code: "NWD",
      name: "Renamed",
      type: "distributor",
      tier: "platinum",
      country: "DE",
      capacity: "60",
    });
    expect(response.status).toBe(403);
    expect((await partnerByCode("NWD")).name).toBe("Northwind Distribution");
  });
});
