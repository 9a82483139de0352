// Deal registrations across the partner boundary: every deal route tried with another side's
// deal ids, and nothing may change. Brightpath's and Northwind's registrations (demo seed)
// against Pacific Channel Supply's users and manager, and the other way round; drafts against
// the vendor; a fulfilling distributor, which may read but never act.
// Route modules: `_app.deals.*` and the export `deals[.csv].ts` (/deals.csv, also asked for the
// other side by partner id).
import { beforeAll, describe, expect, it } from "vitest";
import { signedIn, type PortalClient } from "../support/client";
import { db, partnerByCode } from "../support/db";

const clients = new Map<string, PortalClient>();
let northwindDeals: { id: number; customer_name: string }[];
let pacificDeals: { id: number; customer_name: string }[];

async function dealsOf(codes: string[]) {
  const ids = await Promise.all(codes.map(async (c) => (await partnerByCode(c)).id));
  return db().selectFrom("deals").select(["id", "customer_name", "status", "created_by"]).where("partner_id", "in", ids).execute();
}

async function dealSnapshot(id: number): Promise<string> {
  const [deal, lines, events, protections] = await Promise.all([
    db().selectFrom("deals").selectAll().where("id", "=", id).executeTakeFirst(),
    db().selectFrom("deal_lines").selectAll().where("deal_id", "=", id).execute(),
    db().selectFrom("deal_events").select("id").where("deal_id", "=", id).execute(),
    db().selectFrom("deal_protections").selectAll().where("deal_id", "=", id).execute(),
  ]);
  return JSON.stringify({ deal, lines, events: events.length, protections });
}

beforeAll(async () => {
  for (const email of [
    "distributor@example.com",
    "reseller@example.com",
    "rep@example.com",
    "manager@example.com",
    "other@example.com",
    "manager2@example.com",
  ]) {
    clients.set(email, await signedIn(email));
  }
  northwindDeals = await dealsOf(["NWD", "BPS"]);
  pacificDeals = await dealsOf(["PCS"]);
  expect(northwindDeals.length).toBeGreaterThan(3);
  expect(pacificDeals.length).toBeGreaterThan(0);
});

const WRITES: Record<string, string>[] = [
  { intent: "submit" },
  { intent: "approve" },
  { intent: "reject", reason: "attack" },
  { intent: "moreInfo", question: "attack" },
  { intent: "answer", answer: "attack" },
  { intent: "message", message: "attack" },
  { intent: "withdraw" },
  { intent: "extend" },
  { intent: "won", finalAmount: "1.00" },
  { intent: "lost", lostReason: "attack" },
];

const ATTACKS = [
  { email: "other@example.com", targets: () => northwindDeals },
  { email: "manager2@example.com", targets: () => northwindDeals },
  { email: "distributor@example.com", targets: () => pacificDeals },
  { email: "reseller@example.com", targets: () => pacificDeals },
  { email: "manager@example.com", targets: () => pacificDeals },
];

describe.each(ATTACKS)("$email against registrations it may not see", ({ email, targets }) => {
  it("gets 404 reading or editing them and 404 for every change, and nothing changes", async () => {
    const client = clients.get(email)!;
    for (const { id } of targets()) {
      const before = await dealSnapshot(id);
      expect((await client.get(`/deals/${id}`)).status, `GET /deals/${id}`).toBe(404);
      expect([403, 404], `GET /deals/${id}/edit`).toContain((await client.get(`/deals/${id}/edit`)).status);
      for (const fields of WRITES) {
        expect((await client.post(`/deals/${id}`, fields)).status, `${fields.intent} /deals/${id}`).toBe(404);
      }
      expect(await dealSnapshot(id)).toBe(before);
    }
  });

  it("sees none of them in the list, the review queue or the export", async () => {
    const client = clients.get(email)!;
    // By id: other tests register the same customer names for both sides on purpose.
    const [list, csv, review] = await Promise.all(
      ["/deals?pageSize=100", "/deals.csv", "/deals/review?pageSize=100"].map(async (p) => (await client.get(p)).text()),
    );
    for (const { id } of targets()) {
      expect(list).not.toContain(`href="/deals/${id}"`);
      expect(review).not.toContain(`href="/deals/${id}"`);
      expect(
        csv.split("\n").some((line) => line.startsWith(`${id},`)),
        `deal ${id} in the CSV`,
      ).toBe(false);
      // Filtered for the deal's own partner by id, as a scorecard's link would ask.
      const { partner_id } = await db().selectFrom("deals").select("partner_id").where("id", "=", id).executeTakeFirstOrThrow();
      for (const path of [`/deals.csv?partner=${partner_id}`, `/deals.csv?partner=${partner_id}&status=won&closedSince=2000-01-01`]) {
        const filtered = await (await client.get(path)).text();
        expect(
          filtered.split("\n").some((line) => line.startsWith(`${id},`)),
          path,
        ).toBe(false);
      }
    }
  });
});

describe("inside one channel", () => {
  it("a rep cannot open the partner's registrations created by colleagues", async () => {
    const rep = (await db().selectFrom("users").select("id").where("email", "=", "rep@example.com").executeTakeFirstOrThrow()).id;
    const others = northwindDeals.filter((d) => (d as { created_by?: number }).created_by !== rep);
    for (const { id } of others) expect((await clients.get("rep@example.com")!.get(`/deals/${id}`)).status).toBe(404);
  });

  it("a fulfilling distributor reads a reseller's registration but cannot act on it", async () => {
    const nwd = await partnerByCode("NWD");
    const fulfilled = await db()
      .selectFrom("deals")
      .select("id")
      .where("fulfilling_partner_id", "=", nwd.id)
      .where("status", "in", ["approved", "more_info"])
      .execute();
    expect(fulfilled.length).toBeGreaterThan(0);
    const client = clients.get("distributor@example.com")!;
    for (const { id } of fulfilled) {
      const before = await dealSnapshot(id);
      expect((await client.get(`/deals/${id}`)).status).toBe(200);
      expect((await client.get(`/deals/${id}/edit`)).status).toBe(403);
      for (const fields of WRITES) expect((await client.post(`/deals/${id}`, fields)).status, fields.intent).toBe(403);
      expect(await dealSnapshot(id)).toBe(before);
    }
  });

  it("the vendor never sees a partner's drafts", async () => {
    const drafts = (await dealsOf(["BPS", "NWD"])).filter((d) => d.status === "draft");
    expect(drafts.length).toBeGreaterThan(0);
    for (const { id, customer_name } of drafts) {
      expect((await clients.get("manager@example.com")!.get(`/deals/${id}`)).status).toBe(404);
      expect((await clients.get("manager@example.com")!.post(`/deals/${id}`, { intent: "approve" })).status).toBe(404);
      expect(await (await clients.get("manager@example.com")!.get("/deals?pageSize=100")).text()).not.toContain(customer_name);
    }
  });

  it("a partner cannot register a deal from another partner's lead", async () => {
    const pcs = await partnerByCode("PCS");
    const lead = await db().selectFrom("leads").select("id").where("partner_id", "=", pcs.id).executeTakeFirstOrThrow();
    const product = await db().selectFrom("products").select("id").where("active", "=", 1).executeTakeFirstOrThrow();
    const response = await clients.get("reseller@example.com")!.post("/deals/new", {
      intent: "submit",
      name: "Stolen lead",
      customerName: "Stolen Lead Customer",
      customerCountry: "DE",
      currency: "EUR",
      expectedCloseDate: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10),
      sourceLeadId: String(lead.id),
      lineProduct: [String(product.id)],
      lineQuantity: ["1"],
      linePrice: ["100.00"],
    });
    expect(response.status).toBe(400);
    expect(await db().selectFrom("deals").select("id").where("customer_name", "=", "Stolen Lead Customer").execute()).toEqual([]);
  });
});

describe("two partners registering the same customer at the same moment", () => {
  it("are put in order over HTTP: one is first, the other is flagged, neither learns who", async () => {
    const product = await db().selectFrom("products").select("id").where("active", "=", 1).executeTakeFirstOrThrow();
    const stamp = Date.now().toString(36);
    const form = (customerName: string, customerDomain: string) => ({
      intent: "submit",
      name: "Simultaneous registration",
      customerName,
      customerDomain,
      customerCountry: "DE",
      currency: "EUR",
      expectedCloseDate: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10),
      lineProduct: [String(product.id)],
      lineQuantity: ["2"],
      linePrice: ["800.00"],
    });
    const responses = await Promise.all([
      clients.get("reseller@example.com")!.post("/deals/new", form(`Same Moment ${stamp} AG`, `same-moment-${stamp}.de`)),
      clients.get("other@example.com")!.post("/deals/new", form(`same moment ${stamp}`, `www.same-moment-${stamp}.de`)),
    ]);
    expect(responses.map((r) => r.status)).toEqual([302, 302]);
    const locations = responses.map((r) => r.headers.get("location") ?? "");
    expect(locations.filter((l) => l.includes("submitted=conflict"))).toHaveLength(1);
    expect(locations.filter((l) => /submitted=1$/.test(l))).toHaveLength(1);
    const deals = await db().selectFrom("deals").select(["id", "has_conflict"]).where("customer_domain", "=", `same-moment-${stamp}.de`).execute();
    expect(deals).toHaveLength(2);
    expect(deals.every((d) => d.has_conflict === 1)).toBe(true);
    const flagged = await clients.get("other@example.com")!.get(locations[1]);
    expect(await flagged.text()).not.toContain("Brightpath");
  });
});

describe("vendor-only and partner-only deal screens", () => {
  it.each(["/deals/review", "/deals/pipeline"])("a partner admin gets 403 at %s", async (path) => {
    expect((await clients.get("other@example.com")!.get(path)).status).toBe(403);
  });

  it("only an admin changes the deal settings", async () => {
    const before = await db().selectFrom("portal_settings").selectAll().where("name", "like", "deal_%").execute();
    expect((await clients.get("manager@example.com")!.post("/settings/deals", { protectionDays: "1", extensionDays: "1", minValue: "0" })).status).toBe(403);
    expect((await clients.get("other@example.com")!.post("/settings/deals", { protectionDays: "1", extensionDays: "1", minValue: "0" })).status).toBe(403);
    expect(await db().selectFrom("portal_settings").selectAll().where("name", "like", "deal_%").execute()).toEqual(before);
  });

  it("a channel manager's pipeline counts only the partners they manage", async () => {
    const mine = await (await clients.get("manager@example.com")!.get("/deals/pipeline")).text();
    const theirs = await (await clients.get("manager2@example.com")!.get("/deals/pipeline")).text();
    expect(mine).toContain("Brightpath Systems");
    expect(mine).not.toContain("Pacific Channel Supply");
    expect(theirs).not.toContain("Brightpath Systems");
  });

  it("a channel manager cannot register deals", async () => {
    expect((await clients.get("manager@example.com")!.get("/deals/new")).status).toBe(403);
  });
});
