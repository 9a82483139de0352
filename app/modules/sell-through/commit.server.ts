// Committing a checked submission: its lines (written as it was checked) become the month's
// current lines in place of whatever the distributor had committed for it, in one
// transaction, so a crash leaves the old lines current or the new ones and never a mix, and a
// line (distributor + invoice + line number) is never counted twice. The month's rollup rows
// are replaced by the submission's totals in the same transaction; the replaced submission's
// lines are purged by a job afterwards.
import { sql } from "kysely";
import { reevaluateOnboarding } from "~/modules/partners/onboarding.server";
import { submissionFilter, type Scope } from "~/lib/scope.server";
import { recordAudit, type Actor } from "~/lib/audit.server";
import { ValidationError } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import { requireReporter } from "~/lib/policy.server";
import { now } from "~/lib/clock.server";
import { enqueueJob } from "~/lib/jobs.server";
import { retryRefused } from "~/lib/db-retry.server";
import { accrueCoop } from "~/modules/funds/funds.server";
import { unscoped, unscopedSql } from "~/lib/scope-guard.server";
import { secondsSince, sellThroughImportDuration } from "~/lib/metrics.server";
import { findUnusualMonth } from "./unusual-months.server";
import { rebuildMonthlySummary } from "./reports.server";
import { sumSubmissionTotals, type SubmissionRef } from "./stored-lines.server";
import type { DB } from "~/lib/db.server";

const R_FOUND = "the submission was found through the scope by the caller";

const RECHECK_MARGIN_MS = 3600 * 1000;

/**
 * The submission's lines that one of the other submissions holds too, as rows of rejects.
 * Either every line of the submission looks its invoice key up among the other months, or
 * every line of the other months looks it up among the submission's lines: `from` names the
 * side with fewer lines, as reading a line and one look-up cost the same on either side.
 * The order is forced whatever the optimizer guesses: left to itself, MariaDB took the short
 * list of other submissions for the cheaper key and read all their lines again for every
 * line of the file (87 s instead of 2.5 s for a million lines against six demo months).
 */
export function alreadyReportedLines(submissionId: number, otherSubmissionIds: readonly number[], from: "submission" | "others") {
  if (from === "others") {
    return sql`
      SELECT DISTINCT n.submission_id, n.row_no, 'lineNo', CONCAT(n.invoice_no, ' / ', n.line_no), 'sellThrough.problems.alreadyReported', '[]'
      FROM sell_through_lines o
      STRAIGHT_JOIN sell_through_lines n FORCE INDEX (sell_through_lines_invoice)
        ON n.distributor_id = o.distributor_id AND n.invoice_no = o.invoice_no AND n.line_no = o.line_no AND n.submission_id = ${submissionId}
      WHERE o.submission_id IN (${sql.join(otherSubmissionIds)})`;
  }
  return sql`
    SELECT n.submission_id, n.row_no, 'lineNo', CONCAT(n.invoice_no, ' / ', n.line_no), 'sellThrough.problems.alreadyReported', '[]'
    FROM sell_through_lines n
    WHERE n.submission_id = ${submissionId}
      AND EXISTS (SELECT 1 FROM sell_through_lines o FORCE INDEX (sell_through_lines_invoice)
                  WHERE o.distributor_id = n.distributor_id AND o.invoice_no = n.invoice_no AND o.line_no = n.line_no
                    AND o.submission_id IN (${sql.join(otherSubmissionIds)}))`;
}

/**
 * Lines of this submission (`lines` of them) that another month of the distributor already
 * holds as current lines (committed since `since`, when given): moved to the rejects.
 * Answers how many moved.
 */
export async function rejectAlreadyReported(db: DB, submission: SubmissionRef, lines: number, since?: Date): Promise<number> {
  const others = await db
    .selectFrom("sell_through_periods as p")
    .innerJoin("sell_through_submissions as s", "s.id", "p.submission_id")
    .select(["p.submission_id", "s.rows_accepted"])
    .where("p.distributor_id", "=", submission.distributor_id)
    .where("p.period", "<>", submission.period)
    .$if(since !== undefined, (qb) => qb.where("p.committed_at", ">", since!))
    .$call(unscoped(R_FOUND))
    .execute();
  // A distributor's first month, or nothing committed since the check: nothing to look up.
  if (others.length === 0 || lines === 0) return 0;
  const otherLines = others.reduce((sum, o) => sum + o.rows_accepted, 0);
  const moved = await sql`
    INSERT IGNORE INTO sell_through_rejects (submission_id, row_no, field, value, problem, cells_json)
    ${alreadyReportedLines(
      submission.id,
      others.map((o) => o.submission_id!),
      otherLines < lines ? "others" : "submission",
    )} ${unscopedSql(R_FOUND)}`.execute(db);
  const count = Number(moved.numAffectedRows ?? 0);
  if (count > 0) {
    await sql`DELETE n FROM sell_through_lines n
      JOIN sell_through_rejects r ON r.submission_id = n.submission_id AND r.row_no = n.row_no AND r.problem = 'sellThrough.problems.alreadyReported'
      WHERE n.submission_id = ${submission.id} ${unscopedSql(R_FOUND)}`.execute(db);
    await sumSubmissionTotals(db, submission.id);
  }
  return count;
}

/** Links lines to deal registrations approved (or won) since the file was checked; the check linked the others. */
async function linkDealsDecidedSince(db: DB, submissionId: number, since: Date): Promise<void> {
  const decided = await db
    .selectFrom("deals")
    .select("id")
    .where("status", "in", ["approved", "won"])
    .where("updated_at", ">=", since)
    .limit(1)
    .$call(unscoped("whether any registration was decided since: a date, no rows shown"))
    .execute();
  if (decided.length === 0) return;
  await sql`UPDATE sell_through_lines l
    JOIN deals d ON d.partner_id = l.reseller_id AND d.customer_key = l.end_customer_key AND d.status IN ('approved', 'won') AND d.updated_at >= ${since}
    SET l.deal_id = d.id
    WHERE l.submission_id = ${submissionId} AND l.deal_id IS NULL AND l.end_customer_key <> '' ${unscopedSql(R_FOUND)}`.execute(db);
}

/**
 * Commits the submission. A month far outside the distributor's normal range (see
 * unusual-months.ts) is refused with a `confirmUnusual` error and its figures until the
 * distributor confirms it (`confirmUnusual`); a confirmed one is committed and flagged.
 */
export async function commitSubmission(
  db: DB,
  scope: Scope,
  actor: Actor,
  submissionId: number,
  options: { confirmUnusual?: boolean } = {},
): Promise<{ lines: number; movedToRejects: number }> {
  requireReporter(scope);
  const started = performance.now();
  // One transaction with no effect outside it: a cluster that refused it (deadlock, lost
  // certification) left nothing behind, so it runs again.
  const committed = await retryRefused(() =>
    db.transaction().execute(async (trx) => {
      const submission = await trx
        .selectFrom("sell_through_submissions")
        .selectAll()
        .where("id", "=", submissionId)
        .where(submissionFilter(scope))
        .forUpdate()
        .executeTakeFirst();
      if (!submission) notFound();
      if (submission.status !== "checked") throw new ValidationError({ form: "sellThrough.errors.notCheckable" });
      const { distributor_id: distributorId, period } = submission;
      const checkedAt = submission.checked_at ?? submission.created_at;
      // A month committed while the check ran may not have been visible to it: its commit's
      // transaction can stay open a while after it took its time. An hour of margin covers it.
      const committedSince = new Date(checkedAt.getTime() - RECHECK_MARGIN_MS);

      // The month's guard row: two commits of the same month wait for each other here.
      await trx.insertInto("sell_through_periods").values({ distributor_id: distributorId, period }).ignore().execute();
      const guard = await trx
        .selectFrom("sell_through_periods")
        .selectAll()
        .where("distributor_id", "=", distributorId)
        .where("period", "=", period)
        .forUpdate()
        .executeTakeFirstOrThrow();

      // The check looked at every month committed before it; only those committed since are new.
      const movedToRejects = await rejectAlreadyReported(trx, submission, submission.rows_accepted, committedSince);
      await linkDealsDecidedSince(trx, submissionId, checkedAt);
      // Checked before anything of the month is replaced, against the months committed before.
      const unusual = await findUnusualMonth(trx, submission);
      if (unusual && !options.confirmUnusual) {
        throw new ValidationError({
          confirmUnusual: "sellThrough.errors.unusualMonth",
          measure: unusual.measure,
          currency: unusual.currency ?? "",
          value: unusual.value,
          median: unusual.median,
          months: String(unusual.months),
        });
      }

      await trx.deleteFrom("sell_through_monthly").where("distributor_id", "=", distributorId).where("period", "=", period).execute();
      await sql`
      INSERT INTO sell_through_monthly (period, distributor_id, reseller_id, product_id, currency, quantity, amount, line_count)
      SELECT ${period}, ${distributorId}, reseller_id, product_id, currency, quantity, amount, line_count
      FROM sell_through_submission_totals WHERE submission_id = ${submissionId}`.execute(trx);
      await rebuildMonthlySummary(trx, distributorId, period);

      const at = now();
      await trx
        .updateTable("sell_through_submissions")
        .set({ status: "superseded" })
        .where("distributor_id", "=", distributorId)
        .where("period", "=", period)
        .where("status", "=", "committed")
        .$call(unscoped("the row was found and locked through the caller's scope above"))
        .execute();
      const lines = submission.rows_accepted - movedToRejects;
      await trx
        .updateTable("sell_through_submissions")
        .set({
          status: "committed",
          committed_at: at,
          committed_by: actor.userId,
          rows_accepted: lines,
          rows_rejected: submission.rows_rejected + movedToRejects,
          unusual_json: unusual ? JSON.stringify(unusual) : null,
          unusual_confirmed_by: unusual ? actor.userId : null,
          unusual_confirmed_at: unusual ? at : null,
        })
        .where("id", "=", submissionId)
        .$call(unscoped("the row was found and locked through the caller's scope above"))
        .execute();
      await trx
        .updateTable("sell_through_periods")
        .set({ submission_id: submissionId, committed_at: at, first_committed_at: guard.first_committed_at ?? at })
        .where("distributor_id", "=", distributorId)
        .where("period", "=", period)
        .execute();
      if (guard.submission_id) await enqueueJob(trx, "sellThrough.purgeLines", { submissionId: guard.submission_id });
      await recordAudit(trx, actor, {
        action: "sell_through.committed",
        entityType: "sell_through_submission",
        entityId: submissionId,
        partnerId: distributorId,
        before: guard.submission_id ? { submission: guard.submission_id } : undefined,
        after: { period, lines, replaced: guard.submission_id ?? null, ...(unusual ? { unusualConfirmed: unusual } : {}) },
      });
      await accrueCoop(trx, actor, distributorId, period);
      return { lines, movedToRejects, distributorId };
    }),
  );
  sellThroughImportDuration.observe({ stage: "commit" }, secondsSince(started));
  // A first month reported completes a distributor's onboarding item.
  await reevaluateOnboarding(db, committed.distributorId, actor);
  return { lines: committed.lines, movedToRejects: committed.movedToRejects };
}

const PURGE_BATCH = 10_000;

/** Deletes the lines of a submission that is no longer any month's current one, in batches that keep locks short. */
export async function purgeSupersededLines(db: DB, submissionId: number): Promise<number> {
  const current = await db.selectFrom("sell_through_periods").select("period").where("submission_id", "=", submissionId).executeTakeFirst();
  if (current) return 0;
  let deleted = 0;
  for (;;) {
    const result =
      await sql`DELETE FROM sell_through_lines WHERE submission_id = ${submissionId} LIMIT ${PURGE_BATCH} ${unscopedSql("purging a superseded submission's lines, a job's work")}`.execute(
        db,
      );
    const count = Number(result.numAffectedRows ?? 0);
    deleted += count;
    if (count < PURGE_BATCH) return deleted;
  }
}
