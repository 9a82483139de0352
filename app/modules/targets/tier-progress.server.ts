// A partner's tier and what the next tier up asks: the next tier's minimum sell-through over
// the last twelve complete months (figures/periods.ts; in the base currency, as
// partner-sales.server.ts defines a partner's sell-through) and, when it asks for one, its
// minimum of deals won in those months (closed won on or after the window's first day).
import { sql } from "kysely";
import { partnerFilter, type Scope } from "~/lib/scope.server";
import { compareAmounts, fromCents, toCents } from "~/lib/money";
import { baseCurrency } from "~/modules/sell-through/exchange-rates.server";
import { lastTwelveMonths } from "~/modules/figures/periods";
import { DEAL_CLOSED_AT } from "~/modules/deals/read.server";
import { unscoped } from "~/lib/scope-guard.server";
import { TIERS, type Tier } from "../../../db/types";
import { salesOfPartners, type MissingRate, type MonthRange } from "./partner-sales.server";
import type { DB } from "~/lib/db.server";

export interface TierRequirement {
  tier: Tier;
  /** Base currency; null: no minimum. */
  minSellThrough12m: string | null;
  /** null: no minimum. */
  minWonDeals12m: number | null;
  /** Users holding a valid certification (the tier review); null: no minimum. */
  minCertifiedUsers: number | null;
  /** Months reported on time, in percent (the tier review, distributors only); null: no minimum. */
  minReportingCompliancePct: string | null;
}

export interface TierProgress {
  partnerId: number;
  base: string;
  tier: Tier;
  /** null at the top of the ladder. */
  nextTier: Tier | null;
  /** What the next tier asks; null at the top. */
  requirement: TierRequirement | null;
  window: MonthRange;
  /** The window's first day, YYYY-MM-DD (the deals list's closedSince). */
  since: string;
  /** Sell-through of the window; null when a rate is missing. */
  trailing12m: string | null;
  missingRates: MissingRate[];
  /** Sell-through still missing for the next tier (0.00 once reached); null when unknown or not asked. */
  gap: string | null;
  wonDeals12m: number;
  /** Won deals still missing (0 once reached); null when not asked. */
  dealsGap: number | null;
  /** Whether the partner meets everything the next tier asks; null when that cannot be known. */
  meetsNext: boolean | null;
}

/** The requirement of every tier, bottom up. */
export async function tierRequirements(db: DB): Promise<TierRequirement[]> {
  const rows = await db
    .selectFrom("tiers")
    .select(["tier", "min_sell_through_12m", "min_won_deals_12m", "min_certified_users", "min_reporting_compliance_pct"])
    .orderBy("position")
    .execute();
  return rows.map((r) => ({
    tier: r.tier,
    minSellThrough12m: r.min_sell_through_12m,
    minWonDeals12m: r.min_won_deals_12m,
    minCertifiedUsers: r.min_certified_users,
    minReportingCompliancePct: r.min_reporting_compliance_pct,
  }));
}

/** Deals of the partner won since the day given (UTC), as the deals list counts them with closedSince. */
export async function wonDealsSince(db: DB, partnerId: number, since: string): Promise<number> {
  const row = await db
    .selectFrom("deals")
    .select(sql<string>`COUNT(*)`.as("n"))
    .where("deals.partner_id", "=", partnerId)
    .where("deals.status", "=", "won")
    .where(DEAL_CLOSED_AT, ">=", new Date(`${since}T00:00:00Z`))
    .$call(unscoped("the partner was found through the scope by the caller"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The partner's tier progress, or null when the partner is outside the scope. */
export async function tierProgress(db: DB, scope: Scope, partnerId: number, at: Date): Promise<TierProgress | null> {
  const partner = await db
    .selectFrom("partners")
    .select(["id", "tier"])
    .where("id", "=", partnerId)
    .where(partnerFilter(scope, "partners.id"))
    .executeTakeFirst();
  if (!partner) return null;
  const window = lastTwelveMonths(at);
  const since = `${window.from}-01`;
  const [base, ladder, sales, won] = await Promise.all([
    baseCurrency(db),
    tierRequirements(db),
    salesOfPartners(db, [partnerId], window),
    wonDealsSince(db, partnerId, since),
  ]);
  const ordered = [...ladder].sort((a, b) => TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier));
  const next = ordered[ordered.findIndex((r) => r.tier === partner.tier) + 1] ?? null;
  const { total, missingRates } = sales.get(partnerId)!;
  const gap =
    next?.minSellThrough12m == null || total === null
      ? null
      : compareAmounts(total, next.minSellThrough12m) >= 0
        ? "0.00"
        : fromCents(toCents(next.minSellThrough12m) - toCents(total));
  const dealsGap = next?.minWonDeals12m == null ? null : Math.max(0, next.minWonDeals12m - won);
  const salesMet = next?.minSellThrough12m == null ? true : gap === null ? null : gap === "0.00";
  return {
    partnerId,
    base,
    tier: partner.tier,
    nextTier: next?.tier ?? null,
    requirement: next,
    window,
    since,
    trailing12m: total,
    missingRates,
    gap,
    wonDeals12m: won,
    dealsGap,
    meetsNext: next === null ? null : salesMet === null ? null : salesMet && (dealsGap ?? 0) === 0,
  };
}
