// Leads across the partner boundary: every lead route tried with another side's lead ids,
// and nothing may change. Leads held by Northwind (and its reseller Brightpath) against
// Pacific Channel Supply's users and manager, and the other way round; the pool against
// partners.
// Route modules: `_app.leads.*` (the offers list `_app.leads.offers.tsx` included), the offers export `leads.offers[.csv].ts` and the export `leads[.csv].ts` (/leads.csv, also asked by
// partner id).
import { beforeAll, describe, expect, it } from "vitest";
import { signedIn, type PortalClient } from "../support/client";
import { db, partnerByCode } from "../support/db";

const clients = new Map<string, PortalClient>();
let northwindLeads: number[];
let pacificLeads: number[];
let poolLeads: number[];

async function leadsHeldBy(codes: string[]): Promise<number[]> {
  const ids = await Promise.all(codes.map(async (c) => (await partnerByCode(c)).id));
  return (await db().selectFrom("leads").select("id").where("partner_id", "in", ids).execute()).map((l) => l.id);
}

async function leadSnapshot(id: number): Promise<string> {
  const [lead, offers, events] = await Promise.all([
    db().selectFrom("leads").selectAll().where("id", "=", id).executeTakeFirst(),
    db().selectFrom("lead_offers").selectAll().where("lead_id", "=", id).execute(),
    db().selectFrom("lead_events").select("id").where("lead_id", "=", id).execute(),
  ]);
  return JSON.stringify({ lead, offers, events: events.length });
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
  northwindLeads = await leadsHeldBy(["NWD", "BPS"]);
  pacificLeads = await leadsHeldBy(["PCS"]);
  poolLeads = (await db().selectFrom("leads").select("id").where("partner_id", "is", null).execute()).map((l) => l.id);
  expect(northwindLeads.length).toBeGreaterThan(3);
  expect(pacificLeads.length).toBeGreaterThan(0);
  expect(poolLeads.length).toBeGreaterThan(0);
});

const WRITES: Record<string, string>[] = [
  { intent: "accept" },
  { intent: "reject", reason: "other", details: "attack" },
  { intent: "status", status: "contacted" },
  { intent: "status", status: "lost", reason: "attack" },
  { intent: "note", note: "attack" },
  { intent: "pass", userId: "1" },
  { intent: "takeBack", reason: "attack" },
  { intent: "reassign", partnerId: "1" },
];

const ATTACKS = [
  { email: "other@example.com", targets: () => [...northwindLeads, ...poolLeads] },
  { email: "manager2@example.com", targets: () => northwindLeads },
  { email: "distributor@example.com", targets: () => [...pacificLeads, ...poolLeads] },
  { email: "manager@example.com", targets: () => pacificLeads },
  { email: "reseller@example.com", targets: () => pacificLeads },
];

describe.each(ATTACKS)("$email against leads it may not see", ({ email, targets }) => {
  it("gets 404 reading them and 404 for every change, and nothing changes", async () => {
    const client = clients.get(email)!;
    for (const id of targets()) {
      const before = await leadSnapshot(id);
      expect((await client.get(`/leads/${id}`)).status, `GET /leads/${id}`).toBe(404);
      for (const fields of WRITES) {
        expect((await client.post(`/leads/${id}`, fields)).status, `${fields.intent} /leads/${id}`).toBe(404);
      }
      expect(await leadSnapshot(id)).toBe(before);
    }
  });

  it("sees none of them in the list or the export", async () => {
    const client = clients.get(email)!;
    const companies = await db().selectFrom("leads").select("company").where("id", "in", targets()).execute();
    const list = await (await client.get("/leads?pageSize=100")).text();
    const csv = await (await client.get("/leads.csv")).text();
    const holders = await db().selectFrom("leads").select("partner_id").distinct().where("id", "in", targets()).where("partner_id", "is not", null).execute();
    // Filtered for the leads' own partners by id, as a scorecard's link would ask.
    const filtered = await Promise.all(holders.map(async (h) => (await client.get(`/leads.csv?partner=${h.partner_id}`)).text()));
    for (const { company } of companies) {
      expect(list).not.toContain(company);
      expect(csv).not.toContain(company);
      for (const text of filtered) expect(text).not.toContain(company);
    }
  });
});

describe("the offers list", () => {
  /** Companies of leads offered only to these partners (a lead offered across the boundary may show on both sides). */
  async function offeredOnlyTo(codes: string[]) {
    const ids = await Promise.all(codes.map(async (c) => (await partnerByCode(c)).id));
    const offers = await db()
      .selectFrom("lead_offers as o")
      .innerJoin("leads as l", "l.id", "o.lead_id")
      .select(["l.id", "l.company", "o.partner_id"])
      .execute();
    const byLead = new Map<number, { company: string; partners: Set<number> }>();
    for (const o of offers) {
      const entry = byLead.get(o.id) ?? { company: o.company, partners: new Set<number>() };
      entry.partners.add(o.partner_id);
      byLead.set(o.id, entry);
    }
    return [...byLead.values()].filter((l) => [...l.partners].every((p) => ids.includes(p))).map((l) => l.company);
  }

  it("shows a channel manager the offers to their partners and none to another manager's, however it is filtered", async () => {
    const northwind = await offeredOnlyTo(["NWD", "BPS"]);
    const pacific = await offeredOnlyTo(["PCS"]);
    expect(northwind.length).toBeGreaterThan(0);
    expect(pacific.length).toBeGreaterThan(0);
    const nwd = await partnerByCode("NWD");
    const bps = await partnerByCode("BPS");
    const own = await (await clients.get("manager@example.com")!.get("/leads/offers?pageSize=100")).text();
    for (const company of northwind) expect(own).toContain(company);
    for (const company of pacific) expect(own).not.toContain(company);
    const ownCsv = await (await clients.get("manager@example.com")!.get("/leads/offers.csv")).text();
    expect(
      ownCsv
        .split("\n")[0]
        .trim()
        .replace(/^\uFEFF/, ""),
    ).toBe("offer_id,lead_id,company,partner,given_to,offered_at,accept_by,outcome,answered_at,reason");
    for (const company of northwind) expect(ownCsv).toContain(company);
    for (const path of [
      "/leads/offers?pageSize=100",
      `/leads/offers?partner=${nwd.id}&pageSize=100`,
      `/leads/offers?partner=${bps.id}&outcome=ended&pageSize=100`,
      "/leads/offers?partner=BPS&pageSize=100",
      "/leads/offers.csv",
      `/leads/offers.csv?partner=${nwd.id}`,
    ]) {
      const response = await clients.get("manager2@example.com")!.get(path);
      expect(response.status, path).toBe(200);
      const page = await response.text();
      for (const company of northwind) expect(page, path).not.toContain(company);
    }
  });

  it("shows a partner admin the offers to its partner (a distributor: and its resellers'), none of anyone else's, however it is filtered", async () => {
    const nwdOnly = await offeredOnlyTo(["NWD"]);
    const bpsOnly = await offeredOnlyTo(["BPS"]);
    const pacific = await offeredOnlyTo(["PCS"]);
    expect(nwdOnly.length).toBeGreaterThan(0);
    expect(bpsOnly.length).toBeGreaterThan(0);
    const ids = { NWD: (await partnerByCode("NWD")).id, BPS: (await partnerByCode("BPS")).id, PCS: (await partnerByCode("PCS")).id };
    const pages = async (email: string, victim: keyof typeof ids) => {
      const client = clients.get(email)!;
      const paths = [
        "/leads/offers?pageSize=100",
        `/leads/offers?partner=${ids[victim]}&pageSize=100`,
        `/leads/offers?partner=${victim}&outcome=ended&pageSize=100`,
        "/leads/offers.csv",
        `/leads/offers.csv?partner=${ids[victim]}`,
      ];
      return Promise.all(paths.map(async (path) => ({ path, response: await client.get(path) })));
    };
    const own = await (await clients.get("distributor@example.com")!.get("/leads/offers?pageSize=100")).text();
    for (const company of [...nwdOnly, ...bpsOnly]) expect(own).toContain(company);
    for (const { path, response } of await pages("distributor@example.com", "PCS")) {
      expect(response.status, path).toBe(200);
      const page = await response.text();
      for (const company of pacific) expect(page, path).not.toContain(company);
    }
    // The reseller sees its own, not its distributor's.
    const reseller = await (await clients.get("reseller@example.com")!.get("/leads/offers?pageSize=100")).text();
    for (const company of bpsOnly) expect(reseller).toContain(company);
    for (const { path, response } of await pages("reseller@example.com", "NWD")) {
      expect(response.status, path).toBe(200);
      const page = await response.text();
      for (const company of nwdOnly) expect(page, path).not.toContain(company);
    }
    for (const { path, response } of await pages("other@example.com", "BPS")) {
      expect(response.status, path).toBe(200);
      const page = await response.text();
      for (const company of [...nwdOnly, ...bpsOnly]) expect(page, path).not.toContain(company);
    }
  });
});

describe("inside one partner", () => {
  it("a rep cannot open the partner's leads that were not given to them", async () => {
    const rep = await db().selectFrom("users").select("id").where("email", "=", "rep@example.com").executeTakeFirstOrThrow();
    const bps = await partnerByCode("BPS");
    const others = await db()
      .selectFrom("leads")
      .select("id")
      .where("partner_id", "=", bps.id)
      .where((eb) => eb.or([eb("owner_user_id", "is", null), eb("owner_user_id", "!=", rep.id)]))
      .execute();
    for (const { id } of others) expect((await clients.get("rep@example.com")!.get(`/leads/${id}`)).status).toBe(404);
    const mine = await db().selectFrom("leads").select("id").where("owner_user_id", "=", rep.id).execute();
    expect(mine.length).toBeGreaterThan(0);
    for (const { id } of mine) expect((await clients.get("rep@example.com")!.get(`/leads/${id}`)).status).toBe(200);
  });

  it("a distributor sees its reseller's lead but cannot act on it", async () => {
    const bps = await partnerByCode("BPS");
    const lead = await db().selectFrom("leads").select("id").where("partner_id", "=", bps.id).where("status", "=", "offered").executeTakeFirstOrThrow();
    const before = await leadSnapshot(lead.id);
    const distributor = clients.get("distributor@example.com")!;
    expect((await distributor.get(`/leads/${lead.id}`)).status).toBe(200);
    expect((await distributor.post(`/leads/${lead.id}`, { intent: "accept" })).status).toBe(403);
    expect(await leadSnapshot(lead.id)).toBe(before);
  });

  it("a partner cannot move its own lead to another partner", async () => {
    const nwd = await partnerByCode("NWD");
    const alp = await partnerByCode("ALP");
    const lead = await db().selectFrom("leads").select("id").where("partner_id", "=", nwd.id).where("status", "=", "accepted").executeTakeFirstOrThrow();
    const before = await leadSnapshot(lead.id);
    expect((await clients.get("distributor@example.com")!.post(`/leads/${lead.id}`, { intent: "reassign", partnerId: String(alp.id) })).status).toBe(403);
    expect(await leadSnapshot(lead.id)).toBe(before);
  });

  it("a partner sees neither the router's scores nor who else was offered the lead", async () => {
    const nwd = await partnerByCode("NWD");
    const lead = await db().selectFrom("leads").select("id").where("partner_id", "=", nwd.id).where("status", "=", "offered").executeTakeFirstOrThrow();
    const body = await (await clients.get("distributor@example.com")!.get(`/leads/${lead.id}`)).text();
    expect(body).not.toContain("Why this partner");
    expect(body).not.toContain("Next best candidates");
  });
});

describe("vendor-only lead screens", () => {
  it.each(["/leads/new", "/leads/import", "/settings/leads"])("a partner admin gets 403 at %s", async (path) => {
    expect((await clients.get("other@example.com")!.get(path)).status).toBe(403);
  });

  it("a partner rep gets 403 at the offers list, filtered for its own partner too", async () => {
    const bps = await partnerByCode("BPS");
    for (const path of ["/leads/offers", `/leads/offers?partner=${bps.id}&outcome=ended`, "/leads/offers.csv", `/leads/offers.csv?partner=${bps.id}`]) {
      expect((await clients.get("rep@example.com")!.get(path)).status, path).toBe(403);
    }
  });

  it("a partner cannot assign or route pool leads", async () => {
    const id = poolLeads[0];
    const before = await leadSnapshot(id);
    const pcs = await partnerByCode("PCS");
    expect((await clients.get("other@example.com")!.post("/leads", { intent: "assign", leadIds: String(id), partner: String(pcs.id) })).status).toBe(403);
    expect((await clients.get("other@example.com")!.post("/leads", { intent: "route", leadIds: String(id) })).status).toBe(403);
    expect(await leadSnapshot(id)).toBe(before);
  });

  it("a channel manager cannot offer a lead to a partner they do not manage", async () => {
    const id = poolLeads[0];
    const before = await leadSnapshot(id);
    const pcs = await partnerByCode("PCS");
    for (const partner of [String(pcs.id), "PCS", `PCS · ${pcs.name}`]) {
      const response = await clients.get("manager@example.com")!.post("/leads", { intent: "assign", leadIds: String(id), partner });
      expect(response.status).toBe(400);
    }
    expect(await leadSnapshot(id)).toBe(before);
  });
});

describe("the partner picker's suggestions", () => {
  async function suggestions(email: string, q: string) {
    const response = await clients.get(email)!.get(`/partners/options?q=${encodeURIComponent(q)}`);
    return { status: response.status, codes: response.status === 200 ? ((await response.json()) as { code: string }[]).map((p) => p.code).sort() : [] };
  }

  it("offer a channel manager only the partners they manage", async () => {
    expect(await suggestions("manager@example.com", "")).toEqual({ status: 200, codes: ["ALP", "BPS", "NWD"] });
    expect(await suggestions("manager@example.com", "Pacific")).toEqual({ status: 200, codes: [] });
  });

  it("offer a partner admin only their own partner and resellers", async () => {
    expect((await suggestions("other@example.com", "")).codes).toEqual(["MLN", "PCS"]);
    expect((await suggestions("other@example.com", "Northwind")).codes).toEqual([]);
    expect((await suggestions("distributor@example.com", "")).codes).toEqual(["ALP", "BPS", "NWD"]);
  });

  it("are not offered to a partner rep", async () => {
    expect((await suggestions("rep@example.com", "")).status).toBe(403);
  });
});
