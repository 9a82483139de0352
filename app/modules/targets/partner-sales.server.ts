// A partner's sell-through, defined once for targets, tier progress and scorecards:
// - a distributor's is every line it reported (sell_through_monthly_totals by distributor_id),
//   its resellers' sales included, since it sold them;
// - a reseller's or agent's is every line, of any distributor, that names it as the reseller
//   (sell_through_reseller_totals by reseller_id).
// Amounts are in the base currency, each month at that month's rate, summed exactly as the
// sell-through reports sum them (rateOf, combine), so a partner's figure and the report a
// figure links to agree to the cent. A month with a currency that has no rate makes every
// total it is part of unknown (null), and the missing rates are listed.
import { sql } from "kysely";
import { partnerFilter, type Scope } from "~/lib/scope.server";
import { baseCurrency } from "~/modules/sell-through/exchange-rates.server";
import { combine, rateOf, type MonthCurrency } from "~/modules/sell-through/reports.server";
import { addMonths } from "~/modules/sell-through/months";
import type { DB } from "~/lib/db.server";

export interface MonthRange {
  /** First month, YYYY-MM. */
  from: string;
  /** Last month, YYYY-MM, included. */
  to: string;
}

export interface MissingRate {
  period: string;
  currency: string;
}

export interface PartnerSales {
  partnerId: number;
  /** Every month of the range, oldest first; null when a rate is missing that month. */
  months: { period: string; amountBase: string | null }[];
  /** The range's total, null when any of its months lacks a rate. */
  total: string | null;
  missingRates: MissingRate[];
}

/** Every month from `from` to `to`, both included. */
export function monthsOf(range: MonthRange): string[] {
  const months: string[] = [];
  for (let p = range.from; p <= range.to; p = addMonths(p, 1)) months.push(p);
  return months;
}

interface SalesRow extends MonthCurrency {
  partner_id: number;
}

/**
 * The sell-through of the partners named, without a scope check: for callers that checked the
 * partners against the scope already, or that reveal no amount of a partner outside it (the
 * rank within a tier). Partners without sales get zeros. With product lines named, only sales
 * of those lines count (a distributor's from the summary rollup, a reseller's from the monthly
 * rollup by SKU), as the report filtered by product line sums them.
 */
export async function salesOfPartners(db: DB, partnerIds: number[], range: MonthRange, productLineIds: number[] = []): Promise<Map<number, PartnerSales>> {
  const result = new Map<number, PartnerSales>();
  if (partnerIds.length === 0) return result;
  const [base, partners] = await Promise.all([baseCurrency(db), db.selectFrom("partners").select(["id", "type"]).where("id", "in", partnerIds).execute()]);
  const distributors = partners.filter((p) => p.type === "distributor").map((p) => p.id);
  const sellers = partners.filter((p) => p.type !== "distributor").map((p) => p.id);
  const parts = [];
  const lines = productLineIds.length > 0;
  if (distributors.length)
    parts.push(sql`SELECT t.distributor_id AS partner_id, t.distributor_id, t.period, t.currency, SUM(t.quantity) AS quantity, SUM(t.line_count) AS line_count, SUM(t.amount) AS amount
      FROM ${lines ? sql`sell_through_monthly_summary` : sql`sell_through_monthly_totals`} t
      WHERE t.distributor_id IN (${sql.join(distributors)}) AND t.period BETWEEN ${range.from} AND ${range.to}
        ${lines ? sql`AND t.product_line_id IN (${sql.join(productLineIds)})` : sql``}
      GROUP BY t.distributor_id, t.period, t.currency`);
  if (sellers.length)
    parts.push(sql`SELECT m.reseller_id AS partner_id, m.distributor_id, m.period, m.currency, SUM(m.quantity) AS quantity, SUM(m.line_count) AS line_count, SUM(m.amount) AS amount
      FROM ${lines ? sql`sell_through_monthly m JOIN products pr ON pr.id = m.product_id` : sql`sell_through_reseller_totals m`}
      WHERE m.reseller_id IN (${sql.join(sellers)}) AND m.period BETWEEN ${range.from} AND ${range.to}
        ${lines ? sql`AND pr.product_line_id IN (${sql.join(productLineIds)})` : sql``}
      GROUP BY m.reseller_id, m.distributor_id, m.period, m.currency`);
  const rows: SalesRow[] = parts.length
    ? (
        await sql<SalesRow>`
          SELECT x.partner_id, x.distributor_id, x.period, x.currency, x.quantity, x.line_count, x.amount, ${rateOf(base, sql`x.currency`)} AS rate
          FROM (${sql.join(parts, sql` UNION ALL `)}) x
          LEFT JOIN exchange_rates r ON r.period = x.period AND r.currency = x.currency`.execute(db)
      ).rows
    : [];
  const periods = monthsOf(range);
  for (const partner of partners) {
    const own = rows
      .filter((r) => Number(r.partner_id) === partner.id)
      .map((r) => ({
        ...r,
        quantity: String(r.quantity),
        line_count: String(r.line_count),
        amount: String(r.amount),
        rate: r.rate === null ? null : String(r.rate),
      }));
    result.set(partner.id, {
      partnerId: partner.id,
      months: periods.map((period) => {
        const month = own.filter((r) => r.period === period);
        return { period, amountBase: month.length ? combine(month).amount_base : "0.00" };
      }),
      total: own.length ? combine(own).amount_base : "0.00",
      missingRates: own.filter((r) => r.rate === null).map((r) => ({ period: r.period, currency: r.currency })),
    });
  }
  return result;
}

/**
 * The sell-through of a set of partners together, each sale counted once: a distributor's
 * figure already holds what its resellers sold through it, so a reseller's sales are added only
 * when they went through a distributor outside the set. What a total across partners shows.
 */
export async function combinedSales(db: DB, partnerIds: number[], range: MonthRange): Promise<{ total: string | null; missingRates: MissingRate[] }> {
  if (partnerIds.length === 0) return { total: "0.00", missingRates: [] };
  const [base, partners] = await Promise.all([baseCurrency(db), db.selectFrom("partners").select(["id", "type"]).where("id", "in", partnerIds).execute()]);
  const distributors = partners.filter((p) => p.type === "distributor").map((p) => p.id);
  const sellers = partners.filter((p) => p.type !== "distributor").map((p) => p.id);
  const parts = [];
  if (distributors.length)
    parts.push(sql`SELECT t.distributor_id, t.period, t.currency, t.quantity, t.line_count, t.amount
      FROM sell_through_monthly_totals t
      WHERE t.distributor_id IN (${sql.join(distributors)}) AND t.period BETWEEN ${range.from} AND ${range.to}`);
  if (sellers.length)
    parts.push(sql`SELECT m.distributor_id, m.period, m.currency, m.quantity, m.line_count, m.amount
      FROM sell_through_reseller_totals m
      WHERE m.reseller_id IN (${sql.join(sellers)}) AND m.period BETWEEN ${range.from} AND ${range.to}
        ${distributors.length ? sql`AND m.distributor_id NOT IN (${sql.join(distributors)})` : sql``}`);
  const { rows } = await sql<MonthCurrency>`
    SELECT x.distributor_id, x.period, x.currency, SUM(x.quantity) AS quantity, SUM(x.line_count) AS line_count, SUM(x.amount) AS amount, ${rateOf(base, sql`x.currency`)} AS rate
    FROM (${sql.join(parts, sql` UNION ALL `)}) x
    LEFT JOIN exchange_rates r ON r.period = x.period AND r.currency = x.currency
    GROUP BY x.distributor_id, x.period, x.currency, r.rate`.execute(db);
  const exact = rows.map((r) => ({
    ...r,
    quantity: String(r.quantity),
    line_count: String(r.line_count),
    amount: String(r.amount),
    rate: r.rate === null ? null : String(r.rate),
  }));
  return {
    total: exact.length ? combine(exact).amount_base : "0.00",
    missingRates: exact.filter((r) => r.rate === null).map((r) => ({ period: r.period, currency: r.currency })),
  };
}

/** The sell-through of those of the partners named that the scope may see; the others are left out. */
export async function partnerSales(db: DB, scope: Scope, partnerIds: number[], range: MonthRange): Promise<Map<number, PartnerSales>> {
  if (partnerIds.length === 0) return new Map();
  const visible = await db.selectFrom("partners").select("id").where("id", "in", partnerIds).where(partnerFilter(scope, "partners.id")).execute();
  return salesOfPartners(
    db,
    visible.map((p) => p.id),
    range,
  );
}
