// A partner's scorecard: how it is doing, each figure over the last twelve complete months
// (figures/periods.ts; the window starts on that first month's first day, UTC) with its
// trend by month, or by quarter for funds. Every figure is computed in SQL from the tables the
// lists read, and is defined so that the list it links to shows the same rows:
// - sell-through: the partner's (targets/partner-sales.server.ts), in the base currency, with
//   growth against the 12 months before;
// - pipeline: the open pipeline as figures/open-pipeline.server.ts defines it (the home page's);
//   trend: registrations submitted per month;
// - win rate: won / (won + lost) of the registrations closed since the window's first day
//   (closed = the event that made them won or lost; the deals list's closedSince);
// - lead acceptance rate: accepted offers / offers that ended (accepted, rejected, expired) of
//   the offers made to the partner since the window's first day; speed: the median hours from offer to accept;
// - conversion: of the leads accepted in the window, those that became a won registration of
//   the partner / the accepted leads; also how many the partner converted to a registration
//   (the leads list with status converted and offeredSince);
// - fund use: per quarter (this one and the three before), what was approved to pay or paid
//   out of what was allocated and accrued; results per activity as the fund reports give them;
// - reporting timeliness (distributors): months reported on time / months due, of the last 12
//   months that have ended (sell-through/compliance.server.ts rules);
// - rank within tier: the position of its 12-month sell-through among the active partners of
//   its tier (only the position is shown, never another partner's figure);
// - the current quarter's target attainment and tier progress.
import { sql } from "kysely";
import { isVendor, partnerFilter, type Scope } from "~/lib/scope.server";
import { notFound } from "~/lib/http.server";
import { addAmounts, compareAmounts, fromCents, percentage, toCents } from "~/lib/money";
import { baseCurrency } from "~/modules/sell-through/exchange-rates.server";
import { addMonths } from "~/modules/sell-through/months";
import { cellState, getDueDay, recentPeriods, type CellState } from "~/modules/sell-through/compliance.server";
import { DEAL_CLOSED_AT } from "~/modules/deals/read.server";
import { activityReport } from "~/modules/funds/read.server";
import { BALANCE_COLUMNS, balanceFrom, type Balance } from "~/modules/funds/ledger.server";
import { quarterAttainment, type TargetAttainment } from "~/modules/targets/attainment.server";
import { tierProgress, type TierProgress } from "~/modules/targets/tier-progress.server";
import { lastTwelveMonths, RECORD_MONTHS } from "~/modules/figures/periods";
import { openPipeline } from "~/modules/figures/open-pipeline.server";
import { salesOfPartners, type MissingRate } from "~/modules/targets/partner-sales.server";
import { addQuarters, quarterAt } from "~/lib/quarters";
import { unscoped, unscopedSql } from "~/lib/scope-guard.server";
import { ENDED_OFFER_OUTCOMES, type PartnerStatus, type PartnerType, type Tier } from "../../../db/types";
import type { DB } from "~/lib/db.server";

/** Who may open a scorecard: vendor users of the partner, and the partner's own admin. */
export function requireScorecardReader(scope: Scope, partnerId: number): void {
  // A distributor's users see their own only: its resellers' funds and deals are between the
  // vendor and the reseller (as the fund and deal scopes have it). Reps see no partner-wide figures.
  if (scope.kind === "partner" && (scope.role !== "partner_admin" || scope.partnerId !== partnerId)) notFound();
}

export interface ScorecardPartner {
  id: number;
  code: string;
  name: string;
  type: PartnerType;
  tier: Tier;
  status: PartnerStatus;
}

/** The partner, if the scope may open its scorecard; not found otherwise. */
export async function scorecardPartner(db: DB, scope: Scope, partnerId: number): Promise<ScorecardPartner> {
  requireScorecardReader(scope, partnerId);
  const partner = await db
    .selectFrom("partners")
    .select(["id", "code", "name", "type", "tier", "status"])
    .where("id", "=", partnerId)
    .where(partnerFilter(scope, "partners.id"))
    .executeTakeFirst();
  if (!partner) notFound();
  return partner;
}

export interface ScorecardWindow {
  from: string;
  to: string;
  /** The window's first day, YYYY-MM-DD. */
  since: string;
  months: string[];
  previous: { from: string; to: string };
}

export function scorecardWindow(at: Date): ScorecardWindow {
  const { from, to } = lastTwelveMonths(at);
  const months = Array.from({ length: 12 }, (_, i) => addMonths(from, i));
  return { from, to, since: `${from}-01`, months, previous: { from: addMonths(from, -12), to: addMonths(from, -1) } };
}

const sinceDate = (w: ScorecardWindow) => new Date(`${w.since}T00:00:00Z`);

export async function sellThroughMetric(db: DB, partnerId: number, w: ScorecardWindow) {
  // Each window summed exactly and rounded once, as the report of those months shows it (a sum
  // of rounded months can be a cent off).
  const [current, before] = await Promise.all([
    salesOfPartners(db, [partnerId], { from: w.from, to: w.to }),
    salesOfPartners(db, [partnerId], { from: w.previous.from, to: w.previous.to }),
  ]);
  const s = current.get(partnerId)!;
  const months = s.months;
  const total = s.total;
  const previous = before.get(partnerId)!.total;
  const growthPct = total === null || previous === null ? null : percentage(fromCents(toCents(total) - toCents(previous)), previous);
  const missingRates: MissingRate[] = s.missingRates;
  return { total, previous, growthPct, months, missingRates };
}

export async function pipelineMetric(db: DB, scope: Scope, partnerId: number, w: ScorecardWindow, at: Date) {
  const [open, submitted] = await Promise.all([
    openPipeline(db, scope, at, { partnerId }),
    db
      .selectFrom("deals")
      .select([sql<string>`DATE_FORMAT(deals.submitted_at, '%Y-%m')`.as("period"), sql<string>`COUNT(*)`.as("n")])
      .where("deals.partner_id", "=", partnerId)
      .where("deals.status", "<>", "draft")
      .where("deals.submitted_at", ">=", sinceDate(w))
      .groupBy(sql`DATE_FORMAT(deals.submitted_at, '%Y-%m')`)
      .$call(unscoped("the partner was found through the scope by the caller"))
      .execute(),
  ]);
  return {
    open: open.count,
    byStatus: open.byStatus,
    value: open.value,
    ratePeriod: open.ratePeriod,
    missingRates: open.missingRates,
    values: open.amounts,
    months: w.months.map((period) => ({ period, submitted: Number(submitted.find((r) => r.period === period)?.n ?? 0) })),
  };
}

export async function winRateMetric(db: DB, partnerId: number, w: ScorecardWindow) {
  const rows = await db
    .selectFrom("deals")
    .select([
      sql<string>`DATE_FORMAT(${DEAL_CLOSED_AT}, '%Y-%m')`.as("period"),
      sql<string>`SUM(deals.status = 'won')`.as("won"),
      sql<string>`SUM(deals.status = 'lost')`.as("lost"),
    ])
    .where("deals.partner_id", "=", partnerId)
    .where("deals.status", "in", ["won", "lost"])
    .where(DEAL_CLOSED_AT, ">=", sinceDate(w))
    .groupBy(sql`DATE_FORMAT(${DEAL_CLOSED_AT}, '%Y-%m')`)
    .$call(unscoped("the partner was found through the scope by the caller"))
    .execute();
  const months = w.months.map((period) => {
    const r = rows.find((x) => x.period === period);
    const won = Number(r?.won ?? 0);
    const lost = Number(r?.lost ?? 0);
    return { period, won, lost, pct: ratioPct(won, won + lost) };
  });
  // Counted from the window's first day to now, as the deals list filtered by closedSince shows
  // them; the trend shows the window's complete months.
  const won = rows.reduce((n, r) => n + Number(r.won), 0);
  const lost = rows.reduce((n, r) => n + Number(r.lost), 0);
  return { won, lost, pct: ratioPct(won, won + lost), months };
}

/** A ratio of counts in percent with one decimal; null when there is nothing to divide by. */
export function ratioPct(part: number, whole: number): string | null {
  return whole === 0 ? null : percentage(`${part}.00`, `${whole}.00`);
}

/** The middle value (the mean of the two middle ones for an even count), one decimal. */
function median(values: number[]): string | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return value.toFixed(1);
}

export async function leadMetrics(db: DB, partnerId: number, w: ScorecardWindow) {
  const offers = await db
    .selectFrom("lead_offers as o")
    .innerJoin("leads", "leads.id", "o.lead_id")
    .select([
      sql<string>`DATE_FORMAT(o.offered_at, '%Y-%m')`.as("period"),
      "o.outcome",
      sql<string>`TIMESTAMPDIFF(SECOND, o.offered_at, o.outcome_at)`.as("seconds"),
      sql<number>`(leads.status = 'converted' AND leads.partner_id = o.partner_id)`.as("registered"),
      sql<number>`EXISTS (SELECT 1 FROM deals d WHERE d.source_lead_id = o.lead_id AND d.partner_id = o.partner_id AND d.status = 'won')`.as("won"),
    ])
    .where("o.partner_id", "=", partnerId)
    .where("o.offered_at", ">=", sinceDate(w))
    .where("o.outcome", "in", [...ENDED_OFFER_OUTCOMES])
    .$call(unscoped("the partner was found through the scope by the caller"))
    .execute();
  const accepted = offers.filter((o) => o.outcome === "accepted");
  const months = w.months.map((period) => {
    const ended = offers.filter((o) => o.period === period).length;
    const yes = accepted.filter((o) => o.period === period).length;
    return { period, ended, accepted: yes, pct: ratioPct(yes, ended) };
  });
  const won = accepted.filter((o) => Number(o.won) === 1).length;
  return {
    ended: offers.length,
    accepted: accepted.length,
    acceptancePct: ratioPct(accepted.length, offers.length),
    medianHoursToAccept: median(accepted.map((o) => Number(o.seconds) / 3600)),
    registered: accepted.filter((o) => Number(o.registered) === 1).length,
    wonFromLeads: won,
    conversionPct: ratioPct(won, accepted.length),
    months,
  };
}

export async function fundMetrics(db: DB, scope: Scope, partnerId: number, at: Date) {
  const current = quarterAt(at);
  const quarters = [3, 2, 1, 0].map((back) => addQuarters(current, -back));
  const { rows } = await sql<{ quarter: string } & Record<keyof Balance, string>>`
    SELECT f.quarter, ${BALANCE_COLUMNS}
    FROM funds f LEFT JOIN fund_ledger l ON l.fund_id = f.id
    WHERE f.partner_id = ${partnerId} AND f.quarter IN (${sql.join(quarters)})
    GROUP BY f.quarter ${unscopedSql("the partner was found through the scope by the caller")}`.execute(db);
  const perQuarter = quarters.map((quarter) => {
    const row = rows.find((r) => r.quarter === quarter);
    const b = row ? balanceFrom(row) : null;
    const budget = b ? addAmounts(b.allocated, b.accrued) : "0.00";
    const used = b ? addAmounts(b.payable, b.paid) : "0.00";
    return { quarter, budget, used, pct: percentage(used, budget) };
  });
  const activities = await activityReport(db, scope, { partnerId });
  return { quarters: perQuarter, activities: activities.rows.slice(0, 10) };
}

export async function timelinessMetric(db: DB, partner: ScorecardPartner, at: Date) {
  if (partner.type !== "distributor") return null;
  const periods = recentPeriods(at, RECORD_MONTHS);
  const [dueDay, reported] = await Promise.all([
    getDueDay(db),
    db
      .selectFrom("sell_through_periods")
      .select(["period", "first_committed_at"])
      .where("distributor_id", "=", partner.id)
      .where("period", "in", periods)
      .execute(),
  ]);
  const cells = periods.map((period) => ({
    period,
    state: cellState(period, reported.find((r) => r.period === period)?.first_committed_at ?? null, dueDay, at) as CellState,
  }));
  const onTime = cells.filter((c) => c.state === "onTime").length;
  const late = cells.filter((c) => c.state === "late").length;
  const missing = cells.filter((c) => c.state === "missing").length;
  return { onTime, late, missing, pct: ratioPct(onTime, onTime + late + missing), cells, dueDay, months: RECORD_MONTHS };
}

/** Its place by 12-month sell-through among the active partners of its tier (1: the most). */
export async function rankWithinTier(db: DB, partner: ScorecardPartner, w: ScorecardWindow): Promise<{ position: number; of: number } | null> {
  const peers = await db.selectFrom("partners").select("id").where("tier", "=", partner.tier).where("status", "=", "active").execute();
  const ids = new Set([...peers.map((p) => p.id), partner.id]);
  const sales = await salesOfPartners(db, [...ids], { from: w.from, to: w.to });
  const own = sales.get(partner.id)?.total ?? null;
  if (own === null) return null;
  const known = [...sales.values()].filter((s) => s.total !== null);
  return { position: 1 + known.filter((s) => compareAmounts(s.total!, own) > 0).length, of: known.length };
}

export interface Scorecard {
  partner: ScorecardPartner;
  base: string;
  window: ScorecardWindow;
  sellThrough: Awaited<ReturnType<typeof sellThroughMetric>>;
  pipeline: Awaited<ReturnType<typeof pipelineMetric>>;
  winRate: Awaited<ReturnType<typeof winRateMetric>>;
  leads: Awaited<ReturnType<typeof leadMetrics>>;
  funds: Awaited<ReturnType<typeof fundMetrics>>;
  timeliness: Awaited<ReturnType<typeof timelinessMetric>>;
  rank: Awaited<ReturnType<typeof rankWithinTier>>;
  attainment: (TargetAttainment & { quarter: string; elapsedDays: number; quarterDays: number }) | null;
  tier: TierProgress | null;
  vendor: boolean;
}

/** Every figure of the partner's scorecard; not found when the scope may not open it. */
export async function partnerScorecard(db: DB, scope: Scope, partnerId: number, at: Date): Promise<Scorecard> {
  const partner = await scorecardPartner(db, scope, partnerId);
  const w = scorecardWindow(at);
  const [base, sellThrough, pipeline, winRate, leads, funds, timeliness, rank, attainment, tier] = await Promise.all([
    baseCurrency(db),
    sellThroughMetric(db, partner.id, w),
    pipelineMetric(db, scope, partner.id, w, at),
    winRateMetric(db, partner.id, w),
    leadMetrics(db, partner.id, w),
    fundMetrics(db, scope, partner.id, at),
    timelinessMetric(db, partner, at),
    rankWithinTier(db, partner, w),
    quarterAttainment(db, scope, { at, partnerIds: [partner.id] }),
    tierProgress(db, scope, partner.id, at),
  ]);
  const row = attainment.rows[0];
  return {
    partner,
    base,
    window: w,
    sellThrough,
    pipeline,
    winRate,
    leads,
    funds,
    timeliness,
    rank,
    attainment: row ? { ...row, quarter: attainment.quarter, elapsedDays: attainment.elapsedDays, quarterDays: attainment.quarterDays } : null,
    tier,
    vendor: isVendor(scope),
  };
}

/** The most partners compared side by side. */
export const COMPARE_MAX = 5;

/** Scorecards of 2 to 5 partners, for vendor users only; any id outside the scope is not found. */
export async function compareScorecards(db: DB, scope: Scope, partnerIds: number[], at: Date): Promise<Scorecard[]> {
  if (!isVendor(scope)) notFound();
  const unique = [...new Set(partnerIds)].slice(0, COMPARE_MAX);
  return Promise.all(unique.map((id) => partnerScorecard(db, scope, id, at)));
}
