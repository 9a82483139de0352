// Pages whose actions moved onto formAction (issue 18) answer a bad field next to that field,
// keep what was typed and ticked, and change nothing: what a user sees after a mistake.
import { describe, expect, it } from "vitest";
import { signedIn } from "../support/client";
import { db } from "../support/db";

/** What a user sees after a mistake: the field marked, its message under it, and what they typed. */
function expectFieldRefused(html: string, name: string, message: string, typed: string) {
  expect(html).toMatch(new RegExp(`id="f-${name}"[^>]*aria-invalid="true"`));
  expect(html).toMatch(new RegExp(`id="f-${name}-error"[^>]*>${message.replace(/[.()]/g, "\\$&")}<`));
  expect(html).toContain(`value="${typed}"`);
}

describe("forms on list and settings pages", () => {
  it("a target with a bad amount comes back on its partner's row with the amount as typed, and no target is written", async () => {
    const partner = await db().selectFrom("partners").select("id").orderBy("id").executeTakeFirstOrThrow();
    const before = await db().selectFrom("sell_through_targets").select("id").execute();
    const manager = await signedIn("manager@example.com");
    const response = await manager.post("/targets", { intent: "set", partnerId: String(partner.id), quarter: "2026-Q4", amount: "12,34x", back: "" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('value="12,34x"');
    expect(html).toContain("Enter an amount of zero or more, with at most two decimals.");
    expect(await db().selectFrom("sell_through_targets").select("id").execute()).toEqual(before);
  });

  it("an allocation with a bad amount keeps the partners ticked and the note typed, and allocates nothing", async () => {
    const entries = await db().selectFrom("fund_ledger").select("id").execute();
    const admin = await signedIn("admin@example.com");
    const page = await (await admin.get("/funds/allocate")).text();
    const partners = [...page.matchAll(/name="partnerIds" value="(\d+)"/g)].slice(0, 2).map((m) => ({ id: Number(m[1]) }));
    expect(partners).toHaveLength(2);
    const response = await admin.post("/funds/allocate", {
      intent: "form",
      partnerIds: partners.map((p) => String(p.id)),
      quarter: "2026-Q4",
      amount: "lots",
      note: "kept as typed",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toMatch(/id="f-amount"[^>]*aria-invalid="true"/);
    expect(html).toContain('value="kept as typed"');
    for (const { id } of partners) expect(html).toMatch(new RegExp(`name="partnerIds" checked="" value="${id}"`));
    expect(await db().selectFrom("fund_ledger").select("id").execute()).toEqual(entries);
  });

  it("a bulk action with no lead ticked is refused on the list, and an unknown intent routes nothing", async () => {
    const manager = await signedIn("manager@example.com");
    const none = await manager.post("/leads", { intent: "route", back: "" });
    expect(none.status).toBe(400);
    const lead = await db().selectFrom("leads").select(["id", "status"]).orderBy("id").executeTakeFirstOrThrow();
    const bogus = await manager.post("/leads", { intent: "scatter", leadIds: [String(lead.id)], back: "" });
    expect(bogus.status).toBe(400);
    expect((await db().selectFrom("leads").select("status").where("id", "=", lead.id).executeTakeFirstOrThrow()).status).toBe(lead.status);
  });
});

describe("forms on settings pages", () => {
  it("deal settings with a bad protection period come back with the period as typed, and nothing is saved", async () => {
    const before = await db().selectFrom("portal_settings").selectAll().orderBy("name").execute();
    const admin = await signedIn("admin@example.com");
    const response = await admin.post("/settings/deals", { protectionDays: "ninety", extensionDays: "30", minValue: "1000" });
    expect(response.status).toBe(400);
    expectFieldRefused(await response.text(), "protectionDays", "Enter a number.", "ninety");
    expect(await db().selectFrom("portal_settings").selectAll().orderBy("name").execute()).toEqual(before);
  });

  it("lead settings with no offers allowed come back with the number as typed and the box as ticked, and nothing is saved", async () => {
    const before = await db().selectFrom("portal_settings").selectAll().orderBy("name").execute();
    const admin = await signedIn("admin@example.com");
    const response = await admin.post("/settings/leads", { maxOffers: "0", autoRoute: "on" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expectFieldRefused(html, "maxOffers", "This is too small.", "0");
    expect(html).toMatch(/name="autoRoute" checked=""/);
    expect(await db().selectFrom("portal_settings").selectAll().orderBy("name").execute()).toEqual(before);
  });

  it("a tier with a bad discount comes back on its own row with the discount as typed, and the tier is unchanged", async () => {
    const gold = await db().selectFrom("tiers").selectAll().where("tier", "=", "gold").executeTakeFirstOrThrow();
    const admin = await signedIn("admin@example.com");
    const response = await admin.post("/settings/tiers", {
      tier: "gold",
      dealDiscountPct: "half",
      coopAccrualPct: String(gold.coop_accrual_pct),
      routingWeight: String(gold.routing_weight),
      leadSlaHours: String(gold.lead_sla_hours),
      minSellThrough12m: "",
      minWonDeals12m: "",
      minCertifiedUsers: "",
      minReportingCompliancePct: "",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toMatch(/form="tier-gold" name="dealDiscountPct"[^>]*aria-invalid="true"[^>]*value="half"/);
    expect(html).toContain("Enter a percentage between 0 and 100 with at most two decimals.");
    expect(html).not.toMatch(/form="tier-silver" name="dealDiscountPct"[^>]*aria-invalid/);
    expect(await db().selectFrom("tiers").selectAll().where("tier", "=", "gold").executeTakeFirstOrThrow()).toEqual(gold);
  });

  it("a new product with a bad price keeps the typed SKU and price, and no product is added", async () => {
    const line = await db().selectFrom("product_lines").select("id").orderBy("id").executeTakeFirstOrThrow();
    const count = await db()
      .selectFrom("products")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    const admin = await signedIn("admin@example.com");
    const response = await admin.post("/settings/products", {
      intent: "create",
      sku: "FORM-TEST-1",
      name: "Form test",
      productLineId: String(line.id),
      listPrice: "12.345",
      currency: "USD",
      active: "on",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expectFieldRefused(html, "listPrice", "Enter an amount with at most two decimals, e.g. 1290.00.", "12.345");
    expect(html).toContain('value="FORM-TEST-1"');
    expect(
      await db()
        .selectFrom("products")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow(),
    ).toEqual(count);
  });

  it("a product edited with a taken SKU keeps what was typed and stays as it was; an unknown product is a 404", async () => {
    const [product, other] = await db().selectFrom("products").selectAll().orderBy("id").limit(2).execute();
    const admin = await signedIn("admin@example.com");
    const response = await admin.post(`/settings/products/${product.id}`, {
      intent: "save",
      sku: other.sku,
      name: "Renamed by mistake",
      productLineId: String(product.product_line_id),
      listPrice: "10.00",
      currency: product.currency,
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expectFieldRefused(html, "sku", "Another product already uses this SKU.", other.sku);
    expect(html).toContain('value="Renamed by mistake"');
    expect(await db().selectFrom("products").selectAll().where("id", "=", product.id).executeTakeFirstOrThrow()).toEqual(product);
    expect((await admin.post("/settings/products/999999", { intent: "save", sku: "X", name: "X" })).status).toBe(404);
  });
});

describe("forms on one's own account and the users pages", () => {
  it("a profile with an unknown time zone keeps the name and zone as typed, and the account is unchanged", async () => {
    const before = await db().selectFrom("users").select(["name", "time_zone"]).where("email", "=", "admin@example.com").executeTakeFirstOrThrow();
    const admin = await signedIn("admin@example.com");
    const response = await admin.post("/account", { intent: "profile", name: "Typed Name", timeZone: "Mars/Olympus" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expectFieldRefused(html, "timeZone", "Enter a time zone name such as Europe/Berlin.", "Mars/Olympus");
    expect(html).toContain('value="Typed Name"');
    expect(await db().selectFrom("users").select(["name", "time_zone"]).where("email", "=", "admin@example.com").executeTakeFirstOrThrow()).toEqual(before);
  });

  it("a password change with the wrong current password is refused under that field, and no password typed comes back", async () => {
    const admin = await signedIn("admin@example.com");
    const response = await admin.post("/account", {
      intent: "password",
      current: "typed-wrong-current-password",
      password: "typed-brand-new-password",
      confirm: "typed-brand-new-password",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toMatch(/id="f-current"[^>]*aria-invalid="true"/);
    expect(html).not.toContain("typed-wrong-current-password");
    expect(html).not.toContain("typed-brand-new-password");
    expect((await admin.get("/account")).status).toBe(200);
  });

  it("an invitation with a bad e-mail keeps the name and address as typed, and invites no one", async () => {
    const admin = await signedIn("admin@example.com");
    const response = await admin.post("/users/invite", { email: "not-an-address", name: "Invited By Mistake", role: "channel_manager", partnerId: "" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expectFieldRefused(html, "email", "Enter a valid e-mail address.", "not-an-address");
    expect(html).toContain('value="Invited By Mistake"');
    expect(await db().selectFrom("users").select("id").where("name", "=", "Invited By Mistake").executeTakeFirst()).toBeUndefined();
  });
});

describe("forms that create a lead, a partner or a fund request", () => {
  it("a new lead with a bad contact e-mail keeps the company as typed, and no lead is added", async () => {
    const manager = await signedIn("manager@example.com");
    const response = await manager.post("/leads/new", { company: "Typed Lead Company", contactEmail: "nobody-at-all", country: "DE", source: "web" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expectFieldRefused(html, "contactEmail", "Enter a valid e-mail address.", "nobody-at-all");
    expect(html).toContain('value="Typed Lead Company"');
    expect(await db().selectFrom("leads").select("id").where("company", "=", "Typed Lead Company").executeTakeFirst()).toBeUndefined();
  });

  it("a new partner with an unknown country keeps its product lines ticked, and no partner is added", async () => {
    const lines = await db().selectFrom("product_lines").select("id").orderBy("id").limit(2).execute();
    const admin = await signedIn("admin@example.com");
    const response = await admin.post("/partners/new", {
      code: "FORMTEST",
      name: "Typed Partner",
      type: "reseller",
      tier: "registered",
      country: "XX",
      capacity: "10",
      productLineIds: lines.map((l) => String(l.id)),
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expectFieldRefused(html, "country", "Enter an existing two-letter country code (ISO 3166-1), e.g. DE.", "XX");
    for (const { id } of lines) expect(html).toMatch(new RegExp(`name="productLineIds" checked="" value="${id}"`));
    expect(await db().selectFrom("partners").select("id").where("code", "=", "FORMTEST").executeTakeFirst()).toBeUndefined();
  });

  it("a fund request with a bad amount keeps the description as typed, and files nothing", async () => {
    const before = await db().selectFrom("fund_requests").select("id").execute();
    const reseller = await signedIn("reseller@example.com");
    const page = await (await reseller.get("/funds/requests/new")).text();
    const fundId = page.match(/name="fundId"[\s\S]*?<option value="(\d+)"/)?.[1];
    expect(fundId).toBeDefined();
    const response = await reseller.post("/funds/requests/new", {
      fundId: fundId!,
      activityType: "event",
      description: "Typed fund description",
      startDate: "2099-01-10",
      endDate: "2099-01-20",
      plannedCost: "1000.00",
      requestedAmount: "lots",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toMatch(/id="f-requestedAmount"[^>]*aria-invalid="true"/);
    expect(html).toContain("Typed fund description");
    expect(await db().selectFrom("fund_requests").select("id").execute()).toEqual(before);
  });
});
