// The unusual-month check against the database: the month's size from the submission's
// totals, its history from the committed months' rollups, and the flags the vendor sees on
// submissions that were committed although unusual (the distributor confirmed them).
import { sql } from "kysely";
import { submissionFilter, type Scope } from "~/lib/scope.server";
import { parseAmount } from "~/lib/money";
import { unscoped } from "~/lib/scope-guard.server";
import { historyMonths, unusualMonth, type MonthSize, type UnusualMonth } from "./unusual-months";
import type { DB } from "~/lib/db.server";

function sizesOf(rows: { key: string; currency: string; quantity: string | number; amount: string | number }[]): Map<string, MonthSize> {
  const sizes = new Map<string, MonthSize>();
  for (const row of rows) {
    const size = sizes.get(row.key) ?? { units: 0, amounts: {} };
    size.units += Number(row.quantity);
    size.amounts[row.currency] = parseAmount(String(row.amount))!;
    sizes.set(row.key, size);
  }
  return sizes;
}

/** What is unusual about the submission's month for its distributor, or null. Read inside the commit. */
export async function findUnusualMonth(db: DB, submission: { id: number; distributor_id: number; period: string }): Promise<UnusualMonth | null> {
  const [current, past] = await Promise.all([
    db
      .selectFrom("sell_through_submission_totals")
      .select(["currency", sql<string>`SUM(quantity)`.as("quantity"), sql<string>`SUM(amount)`.as("amount")])
      .where("submission_id", "=", submission.id)
      .groupBy("currency")
      .$call(unscoped("the submission was found through the scope by the caller"))
      .execute(),
    db
      .selectFrom("sell_through_monthly_totals")
      .select(["period", "currency", "quantity", "amount"])
      .where("distributor_id", "=", submission.distributor_id)
      .where("period", "in", historyMonths(submission.period))
      .$call(unscoped("the distributor's own months, for the submission found through the scope"))
      .execute(),
  ]);
  const month = sizesOf(current.map((r) => ({ key: "", ...r }))).get("") ?? { units: 0, amounts: {} };
  const history = [...sizesOf(past.map((r) => ({ key: r.period, ...r }))).values()];
  return unusualMonth(history, month);
}

export interface UnusualFlag extends UnusualMonth {
  confirmedBy: string | null;
  confirmedAt: Date | null;
}

/** The submissions among `ids` the scope sees that were committed as unusual months, with who confirmed them. */
export async function submissionFlags(db: DB, scope: Scope, ids: readonly number[]): Promise<Map<number, UnusualFlag>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("sell_through_submissions")
    .leftJoin("users", "users.id", "sell_through_submissions.unusual_confirmed_by")
    .select(["sell_through_submissions.id", "sell_through_submissions.unusual_json", "sell_through_submissions.unusual_confirmed_at", "users.email"])
    .where("sell_through_submissions.id", "in", ids)
    .where("sell_through_submissions.unusual_json", "is not", null)
    .where(submissionFilter(scope))
    .execute();
  return new Map(rows.map((r) => [r.id, { ...(JSON.parse(r.unusual_json!) as UnusualMonth), confirmedBy: r.email, confirmedAt: r.unusual_confirmed_at }]));
}

/** The distributors among `distributorIds` with an unusual month committed among `periods`, as "distributorId:period". */
export async function unusualMonthsOf(db: DB, scope: Scope, distributorIds: readonly number[], periods: readonly string[]): Promise<Set<string>> {
  if (distributorIds.length === 0 || periods.length === 0) return new Set();
  const rows = await db
    .selectFrom("sell_through_periods")
    .innerJoin("sell_through_submissions", "sell_through_submissions.id", "sell_through_periods.submission_id")
    .select(["sell_through_periods.distributor_id", "sell_through_periods.period"])
    .where("sell_through_periods.distributor_id", "in", distributorIds)
    .where("sell_through_periods.period", "in", periods)
    .where("sell_through_submissions.unusual_json", "is not", null)
    .where(submissionFilter(scope))
    .execute();
  return new Set(rows.map((r) => `${r.distributor_id}:${r.period}`));
}
