// Each scorecard figure against hand-built rows (months of 2092 and 2093, which no other file
// uses): sell-through and growth, pipeline, win rate, lead acceptance, speed and conversion,
// fund use, reporting timeliness, rank within tier, and who may open a scorecard or compare.
import { beforeAll, describe, expect, it } from "vitest";
import { compareScorecards, partnerScorecard } from "~/modules/scorecards/scorecard.server";
import { scorecardLinks } from "~/modules/scorecards/links";
import { db, scopeOf } from "../support/db";
import { distributorMonth, makeDeal, makeManager, makePartner, partnerScope, resellerMonth } from "../support/scorecards";

const AT = new Date("2093-07-15T12:00:00Z"); // window: the last twelve complete months, 2092-07 to 2093-06
const d = (text: string) => new Date(`${text}Z`);

let manager: Awaited<ReturnType<typeof makeManager>>;
let dist: { id: number; code: string };
let seller: { id: number; code: string };
let peer: { id: number; code: string };

async function lead(partnerId: number, status: "accepted" | "converted" | "new" | "offered", offeredAt: Date) {
  const line = await db().selectFrom("product_lines").select("id").orderBy("id").executeTakeFirstOrThrow();
  const result = await db()
    .insertInto("leads")
    .values({
      company: "Scorecard Lead",
      country: "DE",
      product_line_id: line.id,
      source: "manual",
      status,
      partner_id: status === "new" ? null : partnerId,
      offered_at: offeredAt,
    })
    .executeTakeFirstOrThrow();
  return Number(result.insertId);
}

async function offer(
  leadId: number,
  partnerId: number,
  offeredAt: Date,
  outcome: "accepted" | "rejected" | "expired" | "pending" | "withdrawn",
  hours: number,
) {
  await db()
    .insertInto("lead_offers")
    .values({
      lead_id: leadId,
      partner_id: partnerId,
      offered_at: offeredAt,
      expires_at: new Date(offeredAt.getTime() + 72 * 3600e3),
      outcome,
      outcome_at: outcome === "pending" ? null : new Date(offeredAt.getTime() + hours * 3600e3),
    })
    .execute();
}

async function fund(partnerId: number, quarter: string, entries: [string, string][]) {
  const result = await db()
    .insertInto("funds")
    .values({ partner_id: partnerId, kind: "mdf", quarter, currency: "USD", expires_at: d("2094-12-31T00:00:00") })
    .executeTakeFirstOrThrow();
  const fundId = Number(result.insertId);
  for (const [entry, amount] of entries) {
    await db()
      .insertInto("fund_ledger")
      .values({ fund_id: fundId, partner_id: partnerId, entry: entry as "allocation", amount, created_by: null, created_at: d("2093-04-02T00:00:00") })
      .execute();
  }
}

beforeAll(async () => {
  manager = await makeManager();
  dist = await makePartner({ type: "distributor", tier: "gold", managerId: manager.id });
  seller = await makePartner({ type: "reseller", tier: "gold", managerId: manager.id, parentId: dist.id });
  peer = await makePartner({ type: "agent", tier: "gold", managerId: manager.id });

  // Sell-through: 1,000.00 the year before, 1,500.00 in the window (+50.0 %); the seller 300.00.
  await distributorMonth(dist.id, "2091-12", "USD", "1000.00");
  await distributorMonth(dist.id, "2092-07", "USD", "1000.00");
  await distributorMonth(dist.id, "2093-06", "USD", "500.00");
  await resellerMonth(dist.id, seller.id, "2093-01", "USD", "300.00");
  await resellerMonth(dist.id, peer.id, "2093-02", "USD", "900.00");

  // Deals of the seller: 2 won and 1 lost in the window, 1 won before it, 3 open, a draft.
  await makeDeal(seller.id, "won", { created: d("2092-05-01T00:00:00"), closed: d("2092-06-30T23:00:00") });
  await makeDeal(seller.id, "won", { created: d("2092-08-01T00:00:00"), closed: d("2092-09-10T10:00:00") });
  await makeDeal(seller.id, "won", { created: d("2092-08-01T00:00:00"), closed: d("2093-03-10T10:00:00") });
  await makeDeal(seller.id, "lost", { created: d("2092-08-01T00:00:00"), closed: d("2093-03-20T10:00:00") });
  await makeDeal(seller.id, "submitted", { created: d("2093-05-02T00:00:00"), amount: "100.00" });
  await makeDeal(seller.id, "approved", { created: d("2093-05-03T00:00:00"), amount: "250.50" });
  await makeDeal(seller.id, "approved", { created: d("2093-06-01T00:00:00"), amount: "10.00", currency: "EUR" });
  await makeDeal(seller.id, "draft", { created: d("2093-06-01T00:00:00"), amount: "9999.00" });

  // Leads offered to the seller in the window: 3 accepted (after 2, 4 and 10 hours), 1 rejected,
  // 1 expired, 1 still pending; one before the window. Of the accepted, one became a won deal
  // and two were converted to a registration.
  const converted = await lead(seller.id, "converted", d("2093-02-01T09:00:00"));
  await offer(converted, seller.id, d("2093-02-01T09:00:00"), "accepted", 2);
  await makeDeal(seller.id, "won", { created: d("2093-02-02T00:00:00"), closed: d("2093-02-20T00:00:00"), sourceLeadId: converted });
  const converted2 = await lead(seller.id, "converted", d("2093-02-03T09:00:00"));
  await offer(converted2, seller.id, d("2093-02-03T09:00:00"), "accepted", 4);
  const working = await lead(seller.id, "accepted", d("2093-03-01T09:00:00"));
  await offer(working, seller.id, d("2093-03-01T09:00:00"), "accepted", 10);
  const pool = await lead(seller.id, "new", d("2093-03-05T09:00:00"));
  await offer(pool, seller.id, d("2093-03-05T09:00:00"), "rejected", 1);
  await offer(pool, seller.id, d("2093-03-06T09:00:00"), "expired", 72);
  await offer(await lead(seller.id, "offered", d("2093-06-14T09:00:00")), seller.id, d("2093-06-14T09:00:00"), "pending", 0);
  await offer(await lead(seller.id, "new", d("2092-06-01T09:00:00")), seller.id, d("2092-06-01T09:00:00"), "rejected", 1);

  // Funds: this quarter 1,000 allocated + 200 accrued, 300 approved to pay and 150 paid.
  await fund(seller.id, "2093-Q2", [
    ["allocation", "1000.00"],
    ["accrual", "200.00"],
    ["reservation", "450.00"],
    ["payable", "450.00"],
    ["payment", "150.00"],
  ]);

  // Reporting: of 2092-07 to 2093-06, 10 months on time, 1 late, 1 missing (2093-02).
  for (let m = 0; m < 12; m++) {
    const period = new Date(Date.UTC(2092, 6 + m, 1)).toISOString().slice(0, 7);
    if (period === "2093-02") continue;
    const next = new Date(Date.UTC(2092, 7 + m, 1));
    const committed = period === "2092-09" ? new Date(next.getTime() + 27 * 24 * 3600e3) : new Date(next.getTime() + 3600e3);
    await db()
      .insertInto("sell_through_periods")
      .values({ distributor_id: dist.id, period, submission_id: null, first_committed_at: committed, committed_at: committed })
      .execute();
  }
});

describe("the scorecard", () => {
  it("sell-through over 12 months with growth against the 12 before, and the rank within the tier", async () => {
    const card = await partnerScorecard(db(), manager.scope, dist.id, AT);
    expect(card.window).toMatchObject({ from: "2092-07", to: "2093-06", since: "2092-07-01" });
    expect([card.sellThrough.total, card.sellThrough.previous, card.sellThrough.growthPct]).toEqual(["1500.00", "1000.00", "50.0"]);
    expect(card.sellThrough.months.map((m) => m.amountBase)).toEqual(["1000.00", ...Array(10).fill("0.00"), "500.00"]);
    // 1,500 (distributor) > 900 (peer agent) > 300 (reseller) among gold partners.
    expect(card.rank?.position).toBe(1);
    expect((await partnerScorecard(db(), manager.scope, peer.id, AT)).rank?.position).toBe(2);
    expect((await partnerScorecard(db(), manager.scope, seller.id, AT)).rank?.position).toBe(3);
  });

  it("is the sum of its months as shown (each month rounded once), as the report of those months is", async () => {
    const rounder = await makePartner({ type: "distributor", tier: "silver", managerId: manager.id });
    for (const period of ["2093-03", "2093-04"]) {
      await db().insertInto("exchange_rates").values({ period, currency: "EUR", rate: "1.10000000" }).onDuplicateKeyUpdate({ rate: "1.10000000" }).execute();
      await distributorMonth(rounder.id, period, "EUR", "0.05");
    }
    const card = await partnerScorecard(db(), manager.scope, rounder.id, AT);
    // Each month is 0.055, shown 0.06: the year is the 0.12 its months add up to.
    expect(card.sellThrough.months.slice(8, 10).map((m) => m.amountBase)).toEqual(["0.06", "0.06"]);
    expect(card.sellThrough.total).toBe("0.12");
  });

  it("pipeline, win rate, lead acceptance, speed and conversion", async () => {
    const card = await partnerScorecard(db(), manager.scope, seller.id, AT);
    expect(card.pipeline.open).toBe(3);
    expect(card.pipeline.byStatus).toEqual({ submitted: 1, more_info: 0, approved: 2 });
    expect(card.pipeline.values).toEqual([
      { currency: "EUR", amount: "10.00" },
      { currency: "USD", amount: "350.50" },
    ]);
    // Won 3 in the window (the lead's deal included), lost 1: 75.0 %.
    expect([card.winRate.won, card.winRate.lost, card.winRate.pct]).toEqual([3, 1, "75.0"]);
    expect(card.winRate.months.find((m) => m.period === "2093-03")).toEqual({ period: "2093-03", won: 1, lost: 1, pct: "50.0" });
    // 5 offers ended in the window (the pending one has not), 3 accepted: 60.0 %; median 4 h.
    expect([card.leads.ended, card.leads.accepted, card.leads.acceptancePct, card.leads.medianHoursToAccept]).toEqual([5, 3, "60.0", "4.0"]);
    // 1 of 3 accepted leads became a won deal; 2 were converted to a registration.
    expect([card.leads.wonFromLeads, card.leads.conversionPct, card.leads.registered]).toEqual([1, "33.3", 2]);
  });

  it("fund use per quarter and reporting timeliness", async () => {
    const seller1 = await partnerScorecard(db(), manager.scope, seller.id, AT);
    expect(seller1.funds.quarters.map((q) => q.quarter)).toEqual(["2092-Q4", "2093-Q1", "2093-Q2", "2093-Q3"]);
    // 300 approved to pay + 150 paid of 1,200: 37.5 %.
    expect(seller1.funds.quarters[2]).toEqual({ quarter: "2093-Q2", budget: "1200.00", used: "450.00", pct: "37.5" });
    expect(seller1.timeliness).toBeNull();
    const distributor = await partnerScorecard(db(), manager.scope, dist.id, AT);
    expect(distributor.timeliness).toMatchObject({ onTime: 10, late: 1, missing: 1, pct: "83.3" });
  });

  it("links each figure to the list filtered the same way", async () => {
    const card = await partnerScorecard(db(), manager.scope, seller.id, AT);
    const links = scorecardLinks(card);
    expect(links.won).toBe(`/deals?partner=${seller.id}&status=won&closedSince=2092-07-01`);
    expect(links.registeredLeads).toBe(`/leads?partner=${seller.id}&status=converted&offeredSince=2092-07-01`);
    expect(links.funds("2093-Q2")).toBe(`/funds?partner=${seller.id}&quarter=2093-Q2`);
    const { listDeals, readDealListQuery } = await import("~/modules/deals/read.server");
    const won = await listDeals(db(), manager.scope, readDealListQuery(new URL(`http://x${links.won}`).searchParams));
    expect(won.total).toBe(card.winRate.won);
    const { listLeads, readLeadListQuery } = await import("~/modules/leads/read.server");
    const registered = await listLeads(db(), manager.scope, readLeadListQuery(new URL(`http://x${links.registeredLeads}`).searchParams, manager.scope));
    expect(registered.total).toBe(card.leads.registered);
    // The acceptance figure counts offers: its list is the offers that ended in the window.
    expect(links.leads).toBe(`/leads/offers?partner=${seller.id}&offeredSince=2092-07-01&outcome=ended`);
    const { listOffers, readOfferListQuery } = await import("~/modules/leads/offers.server");
    const offers = await listOffers(db(), manager.scope, readOfferListQuery(new URL(`http://x${links.leads}&pageSize=100`).searchParams));
    expect(offers.total).toBe(card.leads.ended);
    expect(offers.rows.filter((o) => o.outcome === "accepted")).toHaveLength(card.leads.accepted);
  });
});

describe("who opens a scorecard", () => {
  it("the partner's own admin and the vendor in scope; nobody else", async () => {
    await expect(partnerScorecard(db(), partnerScope(seller.id), seller.id, AT)).resolves.toMatchObject({ partner: { id: seller.id } });
    for (const [scope, id] of [
      [partnerScope(seller.id), dist.id],
      [partnerScope(dist.id), seller.id], // a distributor not its reseller's
      [partnerScope(seller.id, "partner_rep"), seller.id],
      [await scopeOf("manager2@example.com"), seller.id],
    ] as const) {
      await expect(partnerScorecard(db(), scope, id, AT)).rejects.toMatchObject({ status: 404 });
    }
  });

  it("compare is for vendor users, and refuses a partner outside the scope", async () => {
    const cards = await compareScorecards(db(), manager.scope, [dist.id, seller.id], AT);
    expect(cards.map((c) => c.partner.id)).toEqual([dist.id, seller.id]);
    await expect(compareScorecards(db(), partnerScope(dist.id), [dist.id, seller.id], AT)).rejects.toMatchObject({ status: 404 });
    await expect(compareScorecards(db(), await scopeOf("manager2@example.com"), [dist.id, seller.id], AT)).rejects.toMatchObject({ status: 404 });
  });
});
