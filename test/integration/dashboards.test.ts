// The home pages' figures against the real database, with the clock held still, in a world of
// their own (a channel manager, five distributors and a reseller) so tests running in parallel
// never count each other's rows.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { setClockForTests } from "~/lib/clock.server";
import { scopeFor, type Scope } from "~/lib/scope.server";
import { vendorDashboard } from "~/modules/dashboards/vendor.server";
import { partnerDashboard } from "~/modules/dashboards/partner.server";
import { leadAcceptance } from "~/modules/leads/acceptance.server";
import { listOffers, readOfferListQuery } from "~/modules/leads/offers.server";
import { complianceGrid, readComplianceQuery } from "~/modules/sell-through/compliance.server";
import { db, uniqueCode } from "../support/db";

const NOW = new Date("2031-06-15T12:00:00Z");
const HOUR = 3600 * 1000;
afterEach(() => setClockForTests(undefined));

interface World {
  managerId: number;
  scope: Scope;
  distributors: { id: number; name: string; adminId: number }[];
  reseller: { id: number; adminId: number; scope: Extract<Scope, { kind: "partner" }> };
  stranger: { id: number; adminId: number };
}
let world: World;

async function partner(type: "distributor" | "reseller", managerId: number | null, name: string) {
  const code = uniqueCode("H");
  const row = await db()
    .insertInto("partners")
    .values({ code, name: `${name} ${code}`, type, status: "active", country: "DE", channel_manager_id: managerId })
    .executeTakeFirstOrThrow();
  const id = Number(row.insertId);
  const admin = await db()
    .insertInto("users")
    .values({ email: `${code.toLowerCase()}@home.example.com`, name: `Admin ${code}`, role: "partner_admin", partner_id: id, status: "active" })
    .executeTakeFirstOrThrow();
  return { id, name: `${name} ${code}`, adminId: Number(admin.insertId) };
}

async function monthTotal(distributorId: number, period: string, amount: string, currency = "USD") {
  await db()
    .insertInto("sell_through_monthly_totals")
    .values({ distributor_id: distributorId, period, currency, quantity: 1, amount, line_count: 1 })
    .execute();
}

async function deal(
  partnerId: number,
  createdBy: number,
  status: "submitted" | "approved" | "won",
  submittedAt: Date,
  extra: { expires_at?: Date; expected_close_date?: string; total_amount?: string } = {},
) {
  const customer = `Customer ${uniqueCode("C")}`;
  const row = await db()
    .insertInto("deals")
    .values({
      partner_id: partnerId,
      created_by: createdBy,
      name: `Deal for ${customer}`,
      customer_name: customer,
      customer_key: customer.toLowerCase(),
      customer_country: "DE",
      currency: "USD",
      total_amount: extra.total_amount ?? "1000.00",
      expected_close_date: extra.expected_close_date ?? "2031-08-15",
      status,
      submitted_at: submittedAt,
      expires_at: extra.expires_at ?? null,
    })
    .executeTakeFirstOrThrow();
  return { id: Number(row.insertId), customer };
}

async function offer(partnerId: number, offeredAt: Date, outcome: "pending" | "accepted" | "rejected" | "expired", hoursToAnswer = 1) {
  const line = await db().selectFrom("product_lines").select("id").where("code", "=", "NET").executeTakeFirstOrThrow();
  const status = outcome === "pending" ? "offered" : outcome === "accepted" ? "accepted" : "new";
  const lead = await db()
    .insertInto("leads")
    .values({
      company: `Lead ${uniqueCode("L")}`,
      country: "DE",
      product_line_id: line.id,
      source: "manual",
      status,
      partner_id: outcome === "pending" || outcome === "accepted" ? partnerId : null,
      offered_at: offeredAt,
      offer_expires_at: new Date(offeredAt.getTime() + 24 * HOUR),
    })
    .executeTakeFirstOrThrow();
  await db()
    .insertInto("lead_offers")
    .values({
      lead_id: Number(lead.insertId),
      partner_id: partnerId,
      offered_at: offeredAt,
      expires_at: new Date(offeredAt.getTime() + 24 * HOUR),
      outcome,
      outcome_at: outcome === "pending" ? null : new Date(offeredAt.getTime() + hoursToAnswer * HOUR),
    })
    .execute();
  return Number(lead.insertId);
}

beforeAll(async () => {
  const code = uniqueCode("M");
  const manager = await db()
    .insertInto("users")
    .values({ email: `${code.toLowerCase()}@manager.example.com`, name: `Manager ${code}`, role: "channel_manager", status: "active" })
    .executeTakeFirstOrThrow();
  const managerId = Number(manager.insertId);
  const distributors = [];
  for (const name of ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]) distributors.push(await partner("distributor", managerId, name));
  const reseller = await partner("reseller", managerId, "Reseller");
  const stranger = await partner("reseller", null, "Stranger");
  world = {
    managerId,
    scope: scopeFor({ id: managerId, role: "channel_manager", partnerId: null }),
    distributors,
    reseller: { ...reseller, scope: scopeFor({ id: reseller.adminId, role: "partner_admin", partnerId: reseller.id }) as Extract<Scope, { kind: "partner" }> },
    stranger,
  };
  const [a, b, c, d, e] = distributors;
  // This year (to May) and last year; Alpha's March last year in EUR at 1.10.
  await db()
    .insertInto("exchange_rates")
    .values({ period: "2030-03", currency: "EUR", rate: "1.10000000" })
    .onDuplicateKeyUpdate({ rate: "1.10000000" })
    .execute();
  await monthTotal(a.id, "2031-01", "300.00");
  await monthTotal(a.id, "2031-05", "200.00");
  await monthTotal(b.id, "2031-02", "200.00");
  await monthTotal(c.id, "2031-03", "100.00");
  await monthTotal(d.id, "2031-04", "100.00");
  await monthTotal(e.id, "2031-05", "100.00");
  await monthTotal(a.id, "2030-03", "100.00", "EUR");
  await monthTotal(b.id, "2030-09", "400.00");
  // Only Alpha has reported May.
  const submission = await db()
    .insertInto("sell_through_submissions")
    .values({ distributor_id: a.id, period: "2031-05", source: "upload", status: "committed", committed_at: new Date("2031-06-02T00:00:00Z") })
    .executeTakeFirstOrThrow();
  await db()
    .insertInto("sell_through_periods")
    .values({
      distributor_id: a.id,
      period: "2031-05",
      submission_id: Number(submission.insertId),
      first_committed_at: new Date("2031-06-02T00:00:00Z"),
      committed_at: new Date("2031-06-02T00:00:00Z"),
    })
    .execute();
});

describe("the channel manager's home page", () => {
  it("lists the registrations waiting oldest first, counting only theirs and only those waiting", async () => {
    setClockForTests(() => NOW);
    const [a, b] = world.distributors;
    const newer = await deal(a.id, a.adminId, "submitted", new Date(NOW.getTime() - 5 * HOUR));
    const older = await deal(b.id, b.adminId, "submitted", new Date(NOW.getTime() - 50 * HOUR));
    await deal(a.id, a.adminId, "approved", new Date(NOW.getTime() - 90 * HOUR));
    await deal(world.stranger.id, world.stranger.adminId, "submitted", new Date(NOW.getTime() - 99 * HOUR));
    const home = await vendorDashboard(db(), world.scope, NOW);
    expect(home.actions.deals.total).toBe(2);
    expect(home.actions.deals.rows.map((r) => r.id)).toEqual([older.id, newer.id]);
  });

  it("names the distributors that have not reported last month, as the compliance list filtered for that month does", async () => {
    setClockForTests(() => NOW);
    const home = await vendorDashboard(db(), world.scope, NOW);
    expect(home.actions.unreported.period).toBe("2031-05");
    expect(home.actions.unreported.total).toBe(4);
    const list = await complianceGrid(db(), world.scope, readComplianceQuery(new URLSearchParams(home.actions.unreported.link.split("?")[1])));
    expect(list.total).toBe(4);
    expect(list.rows.map((r) => r.id).sort()).toEqual(
      world.distributors
        .slice(1)
        .map((d) => d.id)
        .sort(),
    );
  });

  it("compares this year's sell-through with last year's in the base currency, month by month and to date", async () => {
    setClockForTests(() => NOW);
    const home = await vendorDashboard(db(), world.scope, NOW);
    expect(home.base).toBe("USD");
    expect(home.sellThrough.thisYearTotal).toBe("1000.00");
    expect(home.sellThrough.lastYearTotal).toBe("510.00");
    // January to June last year: only March, 100.00 EUR at 1.10.
    expect(home.sellThrough.lastYearToDate).toBe("110.00");
    expect(home.sellThrough.growthToDate).toBe(8.0909);
    expect(home.sellThrough.months.slice(0, 7)).toEqual([
      { month: "01", current: "300.00", previous: "0.00" },
      { month: "02", current: "200.00", previous: "0.00" },
      { month: "03", current: "100.00", previous: "110.00" },
      { month: "04", current: "100.00", previous: "0.00" },
      { month: "05", current: "300.00", previous: "0.00" },
      { month: "06", current: "0.00", previous: "0.00" },
      { month: "07", current: null, previous: "0.00" },
    ]);
  });

  it("gives the share of the top fifth of distributors over the last twelve months, largest first", async () => {
    setClockForTests(() => NOW);
    const home = await vendorDashboard(db(), world.scope, NOW);
    const [a, b] = world.distributors;
    // June 2030 .. May 2031: Alpha 500, Bravo 600 (400 last September), the other three 100 each.
    expect(home.pareto.from).toBe("2030-06");
    expect(home.pareto.bars.slice(0, 2).map((bar) => [bar.id, bar.amount])).toEqual([
      [b.id, "600.00"],
      [a.id, "500.00"],
    ]);
    expect(home.pareto.bars.slice(2).map((bar) => bar.amount)).toEqual(["100.00", "100.00", "100.00"]);
    expect(home.pareto.topCount).toBe(1);
    expect(home.pareto.topShare).toBe(0.4286);
    expect(home.pareto.bars.at(-1)!.cumulative).toBe(1);
  });

  it("calls a month whose exchange rate is missing unknown instead of counting it as nothing", async () => {
    setClockForTests(() => NOW);
    const [, , c] = world.distributors;
    await monthTotal(c.id, "2031-02", "50.00", "GBP");
    const home = await vendorDashboard(db(), world.scope, NOW);
    expect(home.sellThrough.thisYearTotal).toBeNull();
    expect(home.sellThrough.months[1].current).toBeNull();
    expect(home.pareto.unknown).toBe(1);
    expect(home.pareto.bars.map((bar) => bar.id)).not.toContain(c.id);
    await db().deleteFrom("sell_through_monthly_totals").where("distributor_id", "=", c.id).where("currency", "=", "GBP").execute();
  });
});

describe("the year's sell-through", () => {
  it("is the sum of its months as shown, each distributor's month rounded once, as the report of the year shows it", async () => {
    const code = uniqueCode("M");
    const manager = await db()
      .insertInto("users")
      .values({ email: `${code.toLowerCase()}@manager.example.com`, name: `Manager ${code}`, role: "channel_manager", status: "active" })
      .executeTakeFirstOrThrow();
    const scope = scopeFor({ id: Number(manager.insertId), role: "channel_manager", partnerId: null });
    const d = await partner("distributor", Number(manager.insertId), "Rounder");
    for (const period of ["2029-01", "2029-02"]) {
      await db().insertInto("exchange_rates").values({ period, currency: "EUR", rate: "1.10000000" }).onDuplicateKeyUpdate({ rate: "1.10000000" }).execute();
      await monthTotal(d.id, period, "0.05", "EUR");
    }
    const at = new Date("2029-03-10T00:00:00Z");
    setClockForTests(() => at);
    const home = await vendorDashboard(db(), scope, at);
    // Each month is 0.055, shown as 0.06: the year is the 0.12 its months add up to.
    expect(home.sellThrough.months.slice(0, 2).map((m) => m.current)).toEqual(["0.06", "0.06"]);
    expect(home.sellThrough.thisYearTotal).toBe("0.12");
  });
});

describe("lead acceptance", () => {
  it("is the share of answered offers accepted, with the median time to accept, over the window", async () => {
    const code = uniqueCode("M");
    const manager = await db()
      .insertInto("users")
      .values({ email: `${code.toLowerCase()}@manager.example.com`, name: `Manager ${code}`, role: "channel_manager", status: "active" })
      .executeTakeFirstOrThrow();
    const scope = scopeFor({ id: Number(manager.insertId), role: "channel_manager", partnerId: null });
    const p = await partner("reseller", Number(manager.insertId), "Acceptor");
    const since = new Date(NOW.getTime() - 90 * 24 * HOUR);
    const recent = new Date(NOW.getTime() - 10 * 24 * HOUR);
    for (const hours of [2, 4, 10, 12]) await offer(p.id, recent, "accepted", hours);
    await offer(p.id, recent, "rejected");
    await offer(p.id, recent, "expired", 24);
    await offer(p.id, recent, "pending");
    // Before the window: not counted.
    await offer(p.id, new Date(since.getTime() - HOUR), "rejected");
    const figures = await leadAcceptance(db(), scope, since);
    expect(figures).toEqual({ offered: 7, ended: 6, accepted: 4, rate: 4 / 6, medianHoursToAccept: 7 });
    expect(await leadAcceptance(db(), world.scope, since)).toMatchObject({ offered: 0, rate: null, medianHoursToAccept: null });
  });
});

describe("the open pipeline figure", () => {
  it("is in the base currency at last month's rates, and names a currency whose rate is missing", async () => {
    const code = uniqueCode("M");
    const manager = await db()
      .insertInto("users")
      .values({ email: `${code.toLowerCase()}@manager.example.com`, name: `Manager ${code}`, role: "channel_manager", status: "active" })
      .executeTakeFirstOrThrow();
    const scope = scopeFor({ id: Number(manager.insertId), role: "channel_manager", partnerId: null });
    const p = await partner("reseller", Number(manager.insertId), "Seller");
    await deal(p.id, p.adminId, "submitted", NOW, { total_amount: "100.00" });
    await deal(p.id, p.adminId, "approved", NOW, { total_amount: "250.00" });
    const { id } = await deal(p.id, p.adminId, "submitted", NOW, { total_amount: "999.00" });
    await db().updateTable("deals").set({ currency: "CHF" }).where("id", "=", id).execute();
    await db()
      .insertInto("exchange_rates")
      .values({ period: "2031-05", currency: "CHF", rate: "1.05000000" })
      .onDuplicateKeyUpdate({ rate: "1.05000000" })
      .execute();
    setClockForTests(() => NOW);
    const home = await vendorDashboard(db(), scope, NOW);
    // USD 350.00 and CHF 999.00 × 1.05 (May's rate) = 1048.95.
    expect(home.pipeline).toMatchObject({ base: "USD", ratePeriod: "2031-05", missingRates: [], open: { count: 3, value: "1398.95" } });
    const { id: other } = await deal(p.id, p.adminId, "submitted", NOW, { total_amount: "10.00" });
    await db().updateTable("deals").set({ currency: "ZAR" }).where("id", "=", other).execute();
    const unknown = await vendorDashboard(db(), scope, NOW);
    expect(unknown.pipeline).toMatchObject({ missingRates: ["ZAR"], open: { count: 4, value: null } });
  });
});

describe("the lead acceptance figure's link", () => {
  it("opens the offers it counts: as many answered offers, as many accepted, from the day the window starts", async () => {
    const code = uniqueCode("M");
    const manager = await db()
      .insertInto("users")
      .values({ email: `${code.toLowerCase()}@manager.example.com`, name: `Manager ${code}`, role: "channel_manager", status: "active" })
      .executeTakeFirstOrThrow();
    const scope = scopeFor({ id: Number(manager.insertId), role: "channel_manager", partnerId: null });
    const p = await partner("reseller", Number(manager.insertId), "Answerer");
    const windowDay = new Date("2031-03-17T00:00:00Z");
    for (const outcome of ["accepted", "accepted", "rejected", "expired", "pending"] as const)
      await offer(p.id, new Date(NOW.getTime() - 5 * 24 * HOUR), outcome);
    // Early on the day the window starts (90 days before NOW falls on it at noon): counted and listed alike.
    await offer(p.id, new Date(windowDay.getTime() + HOUR), "accepted");
    await offer(p.id, new Date(windowDay.getTime() - HOUR), "rejected");
    setClockForTests(() => NOW);
    const home = await vendorDashboard(db(), scope, NOW);
    expect([home.leads.ended, home.leads.accepted]).toEqual([5, 3]);
    expect(home.leads.link).toBe("/leads/offers?offeredSince=2031-03-17&outcome=ended");
    const listed = await listOffers(db(), scope, readOfferListQuery(new URL(`http://x${home.leads.link}`).searchParams));
    expect(listed.total).toBe(home.leads.ended);
    expect(listed.rows.filter((o) => o.outcome === "accepted")).toHaveLength(home.leads.accepted);
    // Newest first, the one from the window's first day last.
    const times = listed.rows.map((o) => new Date(o.offered_at).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(times.at(-1)).toBe(windowDay.getTime() + HOUR);
    expect(new Set(listed.rows.map((o) => o.partner_id))).toEqual(new Set([p.id]));
  });

  it("lists an offer whose lead moved on to another manager's partner, without a way into the lead", async () => {
    const [first, second] = await Promise.all(
      [1, 2].map(async () => {
        const code = uniqueCode("M");
        const row = await db()
          .insertInto("users")
          .values({ email: `${code.toLowerCase()}@manager.example.com`, name: `Manager ${code}`, role: "channel_manager", status: "active" })
          .executeTakeFirstOrThrow();
        return { id: Number(row.insertId), scope: scopeFor({ id: Number(row.insertId), role: "channel_manager", partnerId: null }) };
      }),
    );
    const mine = await partner("reseller", first.id, "Rejecter");
    const theirs = await partner("reseller", second.id, "Taker");
    const leadId = await offer(mine.id, new Date(NOW.getTime() - 24 * HOUR), "rejected");
    const kept = await offer(mine.id, new Date(NOW.getTime() - 24 * HOUR), "accepted");
    await db().updateTable("leads").set({ partner_id: theirs.id, status: "offered" }).where("id", "=", leadId).execute();
    const visible = (scope: Scope, partnerRef: string) => listOffers(db(), scope, readOfferListQuery(new URLSearchParams({ partner: partnerRef })));
    const listed = await visible(first.scope, String(mine.id));
    expect(listed.rows.map((o) => [o.lead_id, Number(o.lead_visible)]).sort()).toEqual(
      [
        [leadId, 0],
        [kept, 1],
      ].sort(),
    );
    // The other manager sees neither offer, by id or by code.
    expect((await visible(second.scope, String(mine.id))).total).toBe(0);
    const code = (await db().selectFrom("partners").select("code").where("id", "=", mine.id).executeTakeFirstOrThrow()).code;
    expect((await visible(second.scope, code)).total).toBe(0);
    expect((await visible(first.scope, code)).total).toBe(2);
  });
});

describe("a partner's home page", () => {
  it("lists its own open offers soonest deadline first, and its registrations losing protection, never another partner's", async () => {
    setClockForTests(() => NOW);
    const { reseller, stranger } = world;
    const later = await offer(reseller.id, new Date(NOW.getTime() - 1 * HOUR), "pending");
    const sooner = await offer(reseller.id, new Date(NOW.getTime() - 20 * HOUR), "pending");
    await offer(stranger.id, new Date(NOW.getTime() - 22 * HOUR), "pending");
    const expiring = await deal(reseller.id, reseller.adminId, "approved", new Date(NOW.getTime() - 80 * 24 * HOUR), {
      expires_at: new Date(NOW.getTime() + 3 * 24 * HOUR),
    });
    await deal(reseller.id, reseller.adminId, "approved", new Date(NOW.getTime() - 10 * 24 * HOUR), { expires_at: new Date(NOW.getTime() + 80 * 24 * HOUR) });
    await deal(stranger.id, stranger.adminId, "approved", new Date(NOW.getTime() - 80 * 24 * HOUR), { expires_at: new Date(NOW.getTime() + 2 * 24 * HOUR) });
    const home = await partnerDashboard(db(), reseller.scope, NOW, { reportsSellThrough: false });
    expect(home.leads.total).toBe(2);
    expect(home.leads.rows.map((l) => l.id)).toEqual([sooner, later]);
    expect(home.deals.total).toBe(1);
    expect(home.deals.rows.map((d) => d.id)).toEqual([expiring.id]);
    // A reseller reports nothing: its trend is what it sold, and links to its scorecard.
    expect(home.sellThrough.series).toHaveLength(12);
    expect(home.sellThrough.link).toBe(`/partners/${reseller.id}/scorecard`);
    expect(home.target.row).toBeNull();
  });
});
