// The open pipeline, defined once for the vendor's home page, the scorecard and the pipeline
// page: registrations submitted, waiting for more information or approved (not yet won, lost,
// withdrawn or expired), each at its registered price (the discounted total approval applied,
// else the amount asked), converted to the base currency at the rates of the last complete
// month (the newest month rates are kept for: deals close in the future, which has no rate).
// Rounding happens once, per expected close month and currency, and the total is the sum of the
// months. A currency without a rate that month is named, and the total is then unknown (null),
// never a sum that silently leaves it out.
import { sql, type Expression, type SqlBool } from "kysely";
import { dealFilter, type Scope } from "~/lib/scope.server";
import { addAmounts } from "~/lib/money";
import { ACTIVE_STATUSES } from "~/modules/deals/lifecycle.server";
import { baseCurrency } from "~/modules/sell-through/exchange-rates.server";
import { addMonths, periodOf } from "~/modules/sell-through/months";
import { convertAmount } from "./convert";
import type { DB } from "~/lib/db.server";

/** A registration's price in the open pipeline: what approval registered, else what was asked. */
export const OPEN_DEAL_VALUE = sql<string>`COALESCE(deals.discounted_total, deals.total_amount)`;

export interface OpenPipeline {
  base: string;
  /** The month whose rates convert it, YYYY-MM. */
  ratePeriod: string;
  count: number;
  byStatus: { submitted: number; more_info: number; approved: number };
  /** In the base currency; null when a currency lacks a rate. */
  value: string | null;
  /** The same registrations in their own currencies. */
  amounts: { currency: string; amount: string }[];
  /** Currencies without a rate for ratePeriod. */
  missingRates: string[];
  /** By expected close month, oldest first: value in the base currency (null when a rate is missing). */
  months: { month: string; count: number; value: string | null }[];
}

/** The open pipeline of the registrations in the scope (of one partner, when named). */
export async function openPipeline(db: DB, scope: Scope, at: Date, options: { partnerId?: number } = {}): Promise<OpenPipeline> {
  const ratePeriod = addMonths(periodOf(at), -1);
  const onlyPartner: Expression<SqlBool> = options.partnerId === undefined ? sql<SqlBool>`TRUE` : sql<SqlBool>`deals.partner_id = ${options.partnerId}`;
  const [base, rows, rates] = await Promise.all([
    baseCurrency(db),
    db
      .selectFrom("deals")
      .select([
        "deals.status",
        "deals.currency",
        sql<string>`DATE_FORMAT(deals.expected_close_date, '%Y-%m')`.as("month"),
        sql<string>`COUNT(*)`.as("n"),
        sql<string>`SUM(${OPEN_DEAL_VALUE})`.as("value"),
      ])
      .where(dealFilter(scope))
      .where(onlyPartner)
      .where("deals.status", "in", [...ACTIVE_STATUSES])
      .groupBy(["deals.status", "deals.currency", sql`DATE_FORMAT(deals.expected_close_date, '%Y-%m')`])
      .execute(),
    db.selectFrom("exchange_rates").select(["currency", "rate"]).where("period", "=", ratePeriod).execute(),
  ]);
  const rateOf = (currency: string) => (currency === base ? "1" : (rates.find((r) => r.currency === currency)?.rate ?? null));
  const count = (status: string) => rows.filter((r) => r.status === status).reduce((n, r) => n + Number(r.n), 0);
  const amounts = new Map<string, string>();
  for (const r of rows) amounts.set(r.currency, addAmounts(amounts.get(r.currency) ?? "0.00", String(r.value)));
  const missingRates = [...amounts.keys()].filter((c) => rateOf(c) === null).sort();
  const monthKeys = [...new Set(rows.map((r) => r.month))].sort();
  const months = monthKeys.map((month) => {
    const inMonth = rows.filter((r) => r.month === month);
    const perCurrency = new Map<string, string>();
    for (const r of inMonth) perCurrency.set(r.currency, addAmounts(perCurrency.get(r.currency) ?? "0.00", String(r.value)));
    const converted = [...perCurrency.entries()].map(([currency, amount]) => convertAmount(amount, rateOf(currency)));
    return {
      month,
      count: inMonth.reduce((n, r) => n + Number(r.n), 0),
      value: converted.some((v) => v === null) ? null : addAmounts("0.00", ...(converted as string[])),
    };
  });
  return {
    base,
    ratePeriod,
    count: count("submitted") + count("more_info") + count("approved"),
    byStatus: { submitted: count("submitted"), more_info: count("more_info"), approved: count("approved") },
    value: missingRates.length ? null : addAmounts("0.00", ...months.map((m) => m.value!)),
    amounts: [...amounts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ currency, amount })),
    missingRates,
    months,
  };
}
