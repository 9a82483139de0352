// Who reports on time: for each distributor the caller may see and each of the last months,
// whether the month was reported on time, late, not at all, or is not due yet. A month is due
// by the due day (portal setting) of the following month, end of that day UTC. Only the first
// commit counts: sending a month again later corrects it, it does not make it late.
import { sql, type RawBuilder, type SqlBool } from "kysely";
import { submissionFilter, type Scope } from "~/lib/scope.server";
import { now } from "~/lib/clock.server";
import { likePattern, readChoice, readPaging, readText, type ListPaging } from "~/lib/list-query";
import { RECORD_MONTHS } from "~/modules/figures/periods";
import { unscoped } from "~/lib/scope-guard.server";
import { readPeriod } from "./months";
import type { DB } from "~/lib/db.server";

export const COMPLIANCE_SORTS = ["record", "name"] as const;
export type ComplianceSort = (typeof COMPLIANCE_SORTS)[number];
export const COMPLIANCE_MONTHS = ["6", "12"] as const;
export type CellState = "onTime" | "late" | "missing" | "notDue";

export interface ComplianceQuery extends ListPaging<ComplianceSort> {
  months: 6 | 12;
  q: string;
  /** Only distributors with a late or missing month. */
  problems: boolean;
  /** Only distributors that have not committed this month ("YYYY-MM"), due or not. */
  unreported: string | null;
}

export function readComplianceQuery(params: URLSearchParams): ComplianceQuery {
  return {
    ...readPaging(params, COMPLIANCE_SORTS, "record"),
    // The record over the same twelve months as the scorecard's "on time" unless fewer are asked for.
    months: readChoice(params, "months", COMPLIANCE_MONTHS) === "6" ? 6 : RECORD_MONTHS,
    q: readText(params, "q"),
    problems: params.get("problems") === "1",
    unreported: readPeriod(params.get("unreported")),
  };
}

export async function getDueDay(db: DB): Promise<number> {
  const row = await db.selectFrom("portal_settings").select("value").where("name", "=", "sell_through_due_day").executeTakeFirst();
  const day = Number(row?.value);
  return Number.isInteger(day) && day >= 1 && day <= 28 ? day : 10;
}

/** "YYYY-MM" of the month `offset` months from the month of `at` (UTC). */
export function periodOf(at: Date, offset = 0): string {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1)).toISOString().slice(0, 7);
}

/** The first instant a month's report counts as late: the day after the due day of the next month. */
export function lateFrom(period: string, dueDay: number): Date {
  const [year, month] = period.split("-").map(Number);
  return new Date(Date.UTC(year, month, dueDay + 1));
}

/** The last `count` months that have ended, oldest first. */
export function recentPeriods(at: Date, count: number): string[] {
  return Array.from({ length: count }, (_, i) => periodOf(at, i - count));
}

export function cellState(period: string, firstCommittedAt: Date | null, dueDay: number, at: Date): CellState {
  const deadline = lateFrom(period, dueDay);
  if (firstCommittedAt) return firstCommittedAt < deadline ? "onTime" : "late";
  return at < deadline ? "notDue" : "missing";
}

export interface ComplianceRow {
  id: number;
  code: string;
  name: string;
  onTime: number;
  late: number;
  missing: number;
  /** Months that count in the record: those due, and those reported before they were due. */
  counted: number;
  cells: { period: string; state: CellState; submissionId: number | null }[];
}

/**
 * One page of active distributors with their record over the last months, worst reporters
 * first by default (most months missing, then late). The record is computed in SQL, so sorting
 * and paging hold across a manager's hundreds of distributors.
 */
export async function complianceGrid(db: DB, scope: Scope, query: ComplianceQuery) {
  const at = now();
  const dueDay = await getDueDay(db);
  const periods = recentPeriods(at, query.months);
  const duePeriods = periods.filter((p) => lateFrom(p, dueDay) <= at);
  const deadline = sql`CASE sp.period ${sql.join(
    periods.map((p) => sql`WHEN ${p} THEN ${lateFrom(p, dueDay)}`),
    sql` `,
  )} END`;
  const reportedDue = duePeriods.length ? sql`SUM(sp.period IN (${sql.join(duePeriods)}))` : sql`0`;
  const search: RawBuilder<SqlBool> = query.q ? sql<SqlBool>`(p.name LIKE ${likePattern(query.q)} OR p.code LIKE ${likePattern(query.q)})` : sql<SqlBool>`TRUE`;

  const records = db
    .selectFrom("partners as p")
    .leftJoin("sell_through_periods as sp", (join) =>
      join.onRef("sp.distributor_id", "=", "p.id").on("sp.period", "in", periods).on("sp.first_committed_at", "is not", null),
    )
    .select([
      "p.id",
      "p.code",
      "p.name",
      sql<string>`COALESCE(SUM(sp.first_committed_at < ${deadline}), 0)`.as("on_time"),
      sql<string>`COALESCE(SUM(sp.first_committed_at >= ${deadline}), 0)`.as("late"),
      sql<string>`${duePeriods.length} - COALESCE(${reportedDue}, 0)`.as("missing"),
    ])
    .where("p.type", "=", "distributor")
    .where("p.status", "=", "active")
    .where(submissionFilter(scope, "p.id"))
    .where(search)
    .$if(query.unreported !== null, (q) =>
      q.where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("sell_through_periods as u")
              .select("u.period")
              .whereRef("u.distributor_id", "=", "p.id")
              .where("u.period", "=", query.unreported!)
              .where("u.first_committed_at", "is not", null),
          ),
        ),
      ),
    )
    .groupBy(["p.id", "p.code", "p.name"]);

  const filtered = db.selectFrom(records.as("r")).$if(query.problems, (q) => q.where(sql<SqlBool>`r.missing + r.late > 0`));
  // Worst first when ascending: the record sorts by what went wrong, not by what went right.
  const worst = query.dir === "asc";
  const page = await filtered
    .selectAll()
    .$if(query.sort === "record", (q) =>
      q
        .orderBy(sql`r.missing + 0`, worst ? "desc" : "asc")
        .orderBy(sql`r.late + 0`, worst ? "desc" : "asc")
        .orderBy("r.name"),
    )
    .$if(query.sort === "name", (q) => q.orderBy("r.name", query.dir))
    .orderBy("r.id")
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const counted = await filtered.select(sql<string>`COUNT(*)`.as("n")).executeTakeFirstOrThrow();

  const ids = page.map((r) => r.id);
  const [reported, attempts] = ids.length
    ? await Promise.all([
        db
          .selectFrom("sell_through_periods")
          .select(["distributor_id", "period", "submission_id", "first_committed_at"])
          .where("distributor_id", "in", ids)
          .where("period", "in", periods)
          .execute(),
        // A month not committed yet links to its latest attempt, if any (a failed or unchecked file).
        db
          .selectFrom("sell_through_submissions")
          .select(["distributor_id", "period", sql<number>`MAX(id)`.as("id")])
          .where("distributor_id", "in", ids)
          .where("period", "in", periods)
          .groupBy(["distributor_id", "period"])
          .$call(unscoped("distributor ids come from the scoped page above"))
          .execute(),
      ])
    : [[], []];
  const key = (distributorId: number, period: string) => `${distributorId}:${period}`;
  const reportedBy = new Map(reported.map((r) => [key(r.distributor_id, r.period), r]));
  const attemptBy = new Map(attempts.map((a) => [key(a.distributor_id, a.period), Number(a.id)]));

  const rows: ComplianceRow[] = page.map((r) => {
    const cells = periods.map((period) => {
      const month = reportedBy.get(key(r.id, period));
      const first = month?.first_committed_at ?? null;
      return {
        period,
        state: cellState(period, first, dueDay, at),
        submissionId: (first ? month?.submission_id : null) ?? attemptBy.get(key(r.id, period)) ?? null,
      };
    });
    const onTime = Number(r.on_time);
    const late = Number(r.late);
    const missing = Number(r.missing);
    return { id: r.id, code: r.code, name: r.name, onTime, late, missing, counted: onTime + late + missing, cells };
  });
  return { rows, total: Number(counted.n), periods, dueDay };
}
