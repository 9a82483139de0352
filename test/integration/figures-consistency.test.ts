// One number per figure: every figure shown on more than one screen is read here from each
// screen's own loader function, for the same user at the same moment, and must be equal (and
// read the same once formatted, in both languages). A world of its own (a channel manager, a
// distributor with a reseller, a second distributor) in months no other test file uses.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { setClockForTests } from "~/lib/clock.server";
import { addAmounts } from "~/lib/money";
import { formatMoney } from "~/lib/format";
import { vendorDashboard } from "~/modules/dashboards/vendor.server";
import { partnerDashboard } from "~/modules/dashboards/partner.server";
import { partnerScorecard, timelinessMetric } from "~/modules/scorecards/scorecard.server";
import { scorecardLinks } from "~/modules/scorecards/links";
import { allReportGroups, readReportQuery, resolveDistributor, sellThroughReport } from "~/modules/sell-through/reports.server";
import { complianceGrid, readComplianceQuery } from "~/modules/sell-through/compliance.server";
import { readTargetListQuery, targetList } from "~/modules/targets/targets.server";
import { distributorMonth, makeDeal, makeManager, makePartner, partnerScope, rate, resellerMonth } from "../support/scorecards";
import { signedIn } from "../support/client";
import { db } from "../support/db";
import type { Scope } from "~/lib/scope.server";

const NOW = new Date("2041-06-15T12:00:00Z");
afterEach(() => setClockForTests(undefined));

let manager: Awaited<ReturnType<typeof makeManager>>;
let distributor: { id: number; code: string };
let other: { id: number; code: string };
let reseller: { id: number; code: string };

const months = (from: string, count: number) =>
  Array.from({ length: count }, (_, i) => {
    const [y, m] = from.split("-").map(Number);
    const d = new Date(Date.UTC(y, m - 1 + i, 1));
    return d.toISOString().slice(0, 7);
  });

beforeAll(async () => {
  manager = await makeManager();
  distributor = await makePartner({ type: "distributor", managerId: manager.id });
  other = await makePartner({ type: "distributor", managerId: manager.id });
  reseller = await makePartner({ type: "reseller", managerId: manager.id, parentId: distributor.id });
  // Twelve months of CNY at a rate that leaves half cents, so rounding each month and rounding
  // the year give different cents unless rounding happens in one place.
  for (const period of months("2040-06", 12)) {
    await rate(period, "CNY", "0.5");
    await rate(period, "EUR", "1.1");
    await distributorMonth(distributor.id, period, "CNY", "10.05");
    await distributorMonth(other.id, period, "CNY", "20.02");
  }
  // Two of the distributor's lines in the current quarter name its reseller.
  await distributorMonth(distributor.id, "2041-04", "USD", "300.00");
  await resellerMonth(distributor.id, reseller.id, "2041-04", "USD", "100.00");
  await db()
    .insertInto("sell_through_targets")
    .values([
      { partner_id: distributor.id, quarter: "2041-Q2", amount: "1000.00", updated_at: NOW },
      { partner_id: reseller.id, quarter: "2041-Q2", amount: "500.00", updated_at: NOW },
    ])
    .execute();
  // Open registrations: one approved with its tier discount, one submitted, in two currencies.
  const approved = await makeDeal(distributor.id, "approved", { created: new Date("2041-05-02T10:00:00Z"), amount: "1000.00", currency: "EUR" });
  await db().updateTable("deals").set({ discounted_total: "900.00" }).where("id", "=", approved).execute();
  await makeDeal(distributor.id, "submitted", { created: new Date("2041-05-03T10:00:00Z"), amount: "400.00", currency: "CNY" });
  // On time for the last six months, nothing before: a new distributor.
  for (const period of months("2040-12", 6)) {
    const [y, m] = period.split("-").map(Number);
    await db()
      .insertInto("sell_through_periods")
      .values({
        distributor_id: distributor.id,
        period,
        submission_id: null,
        first_committed_at: new Date(Date.UTC(y, m, 3)),
        committed_at: new Date(Date.UTC(y, m, 3)),
      })
      .execute();
  }
});

/** A figure formatted as each language shows it: the same number must read the same in both. */
function bothLanguages(amount: string | null, currency: string) {
  return amount === null ? null : { en: formatMoney(amount, currency, "en"), zh: formatMoney(amount, currency, "zh-CN") };
}

describe("open pipeline", () => {
  it("reads the same on the manager's home page and on the partner's scorecard, in the base currency", async () => {
    setClockForTests(() => NOW);
    const home = await vendorDashboard(db(), manager.scope, NOW);
    const card = await partnerScorecard(db(), manager.scope, distributor.id, NOW);
    // EUR 900.00 (discounted, approved) × 1.1 + CNY 400.00 × 0.5 at May's rates = 1190.00
    expect(home.pipeline.missingRates).toEqual([]);
    expect(card.pipeline.missingRates).toEqual([]);
    expect(home.pipeline.open.value).toBe("1190.00");
    expect(card.pipeline.value).toBe(home.pipeline.open.value);
    expect(card.pipeline.open).toBe(home.pipeline.open.count);
    expect(bothLanguages(card.pipeline.value, card.base)).toEqual(bothLanguages(home.pipeline.open.value, home.base));
  });
});

describe("sell-through totals", () => {
  it("a report's total is the sum of its monthly rows, on screen and in the CSV", async () => {
    setClockForTests(() => NOW);
    const query = readReportQuery(new URLSearchParams("from=2040-06&to=2041-05&pageSize=100"));
    const report = await sellThroughReport(db(), manager.scope, query);
    const sum = addAmounts("0.00", ...report.rows.map((r) => r.amount_base!));
    expect(report.totals.amount_base).toBe(sum);
    const csv = await allReportGroups(db(), manager.scope, query);
    expect(addAmounts("0.00", ...csv.groups.map((g) => g.amount_base!))).toBe(report.totals.amount_base);
    const byDistributor = await sellThroughReport(db(), manager.scope, readReportQuery(new URLSearchParams("from=2040-06&to=2041-05&groupBy=distributor")));
    expect(addAmounts("0.00", ...byDistributor.rows.map((r) => r.amount_base!))).toBe(byDistributor.totals.amount_base);
  });

  it("the scorecard's year is the sum of its months, and the report it links to shows the same", async () => {
    setClockForTests(() => NOW);
    const card = await partnerScorecard(db(), manager.scope, distributor.id, NOW);
    expect(addAmounts("0.00", ...card.sellThrough.months.map((m) => m.amountBase!))).toBe(card.sellThrough.total);
    const link = scorecardLinks(card).sellThrough!;
    const query = await resolveDistributor(db(), manager.scope, readReportQuery(new URLSearchParams(link.split("?")[1])));
    const report = await sellThroughReport(db(), manager.scope, query);
    expect(report.totals.amount_base).toBe(card.sellThrough.total);
  });

  it("'all partners, actual to date' counts a distributor's and its reseller's sales once", async () => {
    setClockForTests(() => NOW);
    const targets = await targetList(db(), manager.scope, readTargetListQuery(new URLSearchParams("quarter=2041-Q2")), NOW);
    // The partners with a target are the distributor and its reseller: the distributor's USD
    // 300.00 of April hold the reseller's USD 100.00, counted once, as its report shows them.
    const query = await resolveDistributor(
      db(),
      manager.scope,
      readReportQuery(new URLSearchParams(`from=2041-04&to=2041-06&distributor=${distributor.code}`)),
    );
    const report = await sellThroughReport(db(), manager.scope, query);
    expect(targets.totals.actual).toBe(report.totals.amount_base);
    const home = await vendorDashboard(db(), manager.scope, NOW);
    expect(home.targets.total.actual).toBe(report.totals.amount_base);
  });
});

describe("periods", () => {
  it("'12 months' is the same twelve months on the scorecard and on the home pages", async () => {
    setClockForTests(() => NOW);
    const card = await partnerScorecard(db(), manager.scope, distributor.id, NOW);
    const home = await vendorDashboard(db(), manager.scope, NOW);
    expect({ from: card.window.from, to: card.window.to }).toEqual({ from: home.pareto.from, to: home.pareto.to });
    const own = await partnerDashboard(db(), partnerScope(distributor.id) as Extract<Scope, { kind: "partner" }>, NOW, { reportsSellThrough: true });
    expect({ from: own.sellThrough.from, to: own.sellThrough.to }).toEqual({ from: card.window.from, to: card.window.to });
    expect(card.tier?.window).toEqual({ from: card.window.from, to: card.window.to });
  });

  it("'on time' is the same record on the scorecard and on the compliance grid it links to", async () => {
    setClockForTests(() => NOW);
    const card = await partnerScorecard(db(), manager.scope, distributor.id, NOW);
    const grid = await complianceGrid(db(), manager.scope, readComplianceQuery(new URLSearchParams(`q=${distributor.code}`)));
    const row = grid.rows.find((r) => r.id === distributor.id)!;
    const record = await timelinessMetric(db(), card.partner, NOW);
    expect({ onTime: record!.onTime, counted: record!.onTime + record!.late + record!.missing }).toEqual({ onTime: row.onTime, counted: row.counted });
  });
});

describe("on screen, in both languages", () => {
  /** The text of the element with this test id in a page's HTML. */
  async function shown(client: Awaited<ReturnType<typeof signedIn>>, path: string, testId: string): Promise<string> {
    const response = await client.get(path);
    expect(response.status).toBe(200);
    const match = new RegExp(`data-testid="${testId}"[^>]*>([^<]*)<`).exec(await response.text());
    expect(match, `${testId} on ${path}`).not.toBeNull();
    return match![1];
  }

  it("the demo manager's home page shows the open pipeline and the year's sell-through as the pages they link to", async () => {
    const manager = await signedIn("manager@example.com");
    const year = new Date().getUTCFullYear();
    for (const locale of ["en", "zh-CN"] as const) {
      manager.useLanguage(locale);
      expect(await shown(manager, "/", "fig-pipeline-value")).toBe(await shown(manager, "/deals/pipeline", "open-pipeline-value"));
      expect(await shown(manager, "/", "fig-sell-through-value")).toBe(
        await shown(manager, `/sell-through/reports?from=${year}-01&to=${year}-12`, "total-base"),
      );
    }
  });
});
