// The home page of a channel manager or admin: what waits for them, then how their partners
// are doing. Each list and count here is read by the same function, with the same filters, as
// the page it links to, so a figure and the list behind it cannot disagree.
import { listDeals, readDealListQuery } from "~/modules/deals/read.server";
import { openPipeline } from "~/modules/figures/open-pipeline.server";
import { listFunds, listRequests, readFundListQuery, readRequestListQuery, totalBalance } from "~/modules/funds/read.server";
import { quarterOf } from "~/lib/quarters";
import { listLeads, readLeadListQuery } from "~/modules/leads/read.server";
import { leadAcceptance } from "~/modules/leads/acceptance.server";
import { complianceGrid, readComplianceQuery } from "~/modules/sell-through/compliance.server";
import { distributorRanking, monthlyBaseTotals } from "~/modules/sell-through/reports.server";
import { addMonths, periodOf } from "~/modules/sell-through/months";
import { addAmounts, toCents } from "~/lib/money";
import { quarterAttainment } from "~/modules/targets/attainment.server";
import { lastTwelveMonths } from "~/modules/figures/periods";
import type { Scope } from "~/lib/scope.server";
import type { DB } from "~/lib/db.server";

/** How many of each waiting kind the home page names; the rest are behind the link. */
export const ACTION_ROWS = 5;
/** The window of the lead figures. */
export const LEAD_WINDOW_DAYS = 90;
const DAY_MS = 24 * 3600 * 1000;

/** The links behind the figures, shared by the loader (which counts through them) and the screen. */
export function vendorLinks(at: Date) {
  const lastMonth = addMonths(periodOf(at), -1);
  const year = at.getUTCFullYear();
  return {
    dealsWaiting: "/deals/review",
    fundsWaiting: "/funds/review",
    leadsInPool: "/leads?attention=1",
    unreported: `/sell-through?view=compliance&unreported=${lastMonth}`,
    sellThroughThisYear: `/sell-through/reports?from=${year}-01&to=${year}-12`,
    sellThroughLastYear: `/sell-through/reports?from=${year - 1}-01&to=${year - 1}-12`,
    sellThroughLastYearToDate: `/sell-through/reports?from=${year - 1}-01&to=${year - 1}-${periodOf(at).slice(5)}`,
    pareto: (from: string, to: string) => `/sell-through/reports?groupBy=distributor&from=${from}&to=${to}&sort=amount_base&dir=desc`,
    pipeline: "/deals/pipeline",
    leadOffersAnswered: (since: Date) => `/leads/offers?offeredSince=${since.toISOString().slice(0, 10)}&outcome=ended`,
    mdf: (quarter: string) => `/funds?kind=mdf&quarter=${quarter}`,
    targets: (quarter: string) => `/targets?quarter=${quarter}`,
  };
}

/** A link's query, for the list reader that counts what the link shows. */
export function paramsOf(link: string): URLSearchParams {
  return new URLSearchParams(link.split("?")[1] ?? "");
}

export async function vendorDashboard(db: DB, scope: Scope, at: Date) {
  const links = vendorLinks(at);
  const lastMonth = addMonths(periodOf(at), -1);
  const year = at.getUTCFullYear();
  const { from: paretoFrom, to: paretoTo } = lastTwelveMonths(at);
  // From the first instant (UTC) of the day 90 days back: the offers list filters by that day,
  // so it holds exactly the offers the figure counts.
  const leadsSince = new Date(Math.floor((at.getTime() - LEAD_WINDOW_DAYS * DAY_MS) / DAY_MS) * DAY_MS);
  const quarter = quarterOf(periodOf(at));

  const [deals, funds, pool, unreported, thisYear, lastYear, lastYearToDate, ranking, pipeline, leads, mdf, targets] = await Promise.all([
    listDeals(db, scope, readDealListQuery(paramsOf(links.dealsWaiting), { review: true })),
    listRequests(db, scope, readRequestListQuery(paramsOf(links.fundsWaiting), { review: true })),
    listLeads(db, scope, readLeadListQuery(paramsOf(links.leadsInPool), scope)),
    complianceGrid(db, scope, readComplianceQuery(paramsOf(links.unreported))),
    monthlyBaseTotals(db, scope, `${year}-01`, `${year}-12`),
    monthlyBaseTotals(db, scope, `${year - 1}-01`, `${year - 1}-12`),
    monthlyBaseTotals(db, scope, `${year - 1}-01`, `${year - 1}-${periodOf(at).slice(5)}`),
    distributorRanking(db, scope, paretoFrom, paretoTo),
    openPipeline(db, scope, at),
    leadAcceptance(db, scope, leadsSince),
    listFunds(db, scope, readFundListQuery(paramsOf(links.mdf(quarter))), { all: true }),
    quarterAttainment(db, scope, { at }),
  ]);

  const thisYearTotal = thisYear.total;
  return {
    at,
    base: thisYear.base,
    actions: {
      deals: { total: deals.total, totalIsLowerBound: deals.totalIsLowerBound, rows: deals.rows.slice(0, ACTION_ROWS), link: links.dealsWaiting },
      funds: { total: funds.total, rows: funds.rows.slice(0, ACTION_ROWS), link: links.fundsWaiting },
      leads: { total: pool.total, totalIsLowerBound: pool.totalIsLowerBound, rows: pool.rows.slice(0, ACTION_ROWS), link: links.leadsInPool },
      unreported: {
        total: unreported.total,
        period: lastMonth,
        dueDay: unreported.dueDay,
        rows: unreported.rows.slice(0, ACTION_ROWS).map((r) => ({ id: r.id, code: r.code, name: r.name })),
        link: links.unreported,
      },
    },
    sellThrough: {
      year,
      /** The last month the year's figure can hold so far. */
      to: periodOf(at),
      months: thisYear.series.map((m, i) => ({
        month: m.period.slice(5),
        current: m.period <= periodOf(at) ? m.amount_base : null,
        previous: lastYear.series[i].amount_base,
      })),
      thisYearTotal,
      lastYearTotal: lastYear.total,
      /** Last year's months up to this month: what this year so far compares with. */
      lastYearToDate: lastYearToDate.total,
      /** This year so far against the same months last year, as a share (0.25: a quarter more). */
      growthToDate:
        thisYearTotal === null || lastYearToDate.total === null
          ? null
          : shareOf(toCents(thisYearTotal) - toCents(lastYearToDate.total), toCents(lastYearToDate.total)),
      links: { thisYear: links.sellThroughThisYear, lastYear: links.sellThroughLastYear, lastYearToDate: links.sellThroughLastYearToDate },
    },
    pareto: { ...pareto(ranking.rows), from: paretoFrom, to: paretoTo, link: links.pareto(paretoFrom, paretoTo) },
    pipeline: { ...pipeline, open: { count: pipeline.count, value: pipeline.value }, link: links.pipeline },
    leads: { ...leads, since: leadsSince, link: links.leadOffersAnswered(leadsSince) },
    mdf: { quarter, funds: mdf.total, ...utilisation(totalBalance(mdf.rows)), link: links.mdf(quarter) },
    targets: {
      quarter: targets.quarter,
      partners: targets.rows.length,
      elapsedDays: targets.elapsedDays,
      quarterDays: targets.quarterDays,
      total: targets.total,
      link: links.targets(targets.quarter),
    },
  };
}

/** part / whole to four places (a share shown as a percentage with one decimal), rounded; null when the whole is nothing. */
export function shareOf(part: bigint, whole: bigint): number | null {
  return whole > 0n ? Number((part * 10000n + whole / 2n) / whole) / 10000 : null;
}

/**
 * The 80/20 view over the ranked distributors: each one's cumulative share, and the share of
 * the top fifth (rounded up, at least one). Those whose total is unknown (a rate missing) are
 * left out and counted.
 */
export function pareto(rows: { key: string; code: string | null; name: string | null; amount_base: string | null }[]) {
  const known = rows.filter((r) => r.amount_base !== null && toCents(r.amount_base) > 0n) as {
    key: string;
    code: string | null;
    name: string | null;
    amount_base: string;
  }[];
  const total = known.reduce((sum, r) => sum + toCents(r.amount_base), 0n);
  const topCount = known.length ? Math.ceil(known.length / 5) : 0;
  let running = 0n;
  const bars = known.map((r) => {
    running += toCents(r.amount_base);
    return { id: Number(r.key), label: r.name ?? r.code ?? r.key, amount: r.amount_base, cumulative: shareOf(running, total) ?? 0 };
  });
  const topShare = topCount
    ? shareOf(
        known.slice(0, topCount).reduce((sum, r) => sum + toCents(r.amount_base), 0n),
        total,
      )
    : null;
  return {
    bars,
    topCount,
    topShare,
    total: total > 0n ? addAmounts("0.00", ...known.map((r) => r.amount_base)) : "0.00",
    unknown: rows.filter((r) => r.amount_base === null).length,
  };
}

/** Spent = claimed and paid out; committed = spent plus what approved requests hold. */
function utilisation(balance: ReturnType<typeof totalBalance>) {
  const funded = toCents(addAmounts(balance.allocated, balance.accrued));
  const spent = toCents(addAmounts(balance.payable, balance.paid));
  const committed = spent + toCents(balance.reserved);
  return {
    balance,
    funded: addAmounts(balance.allocated, balance.accrued),
    spentShare: shareOf(spent, funded),
    committedShare: shareOf(committed, funded),
  };
}
