// Committing a checked submission: its accepted lines replace whatever the distributor had
// committed for that month, in one transaction, so a crash leaves the old lines or the new
// ones and never a mix, and a line (distributor + invoice + line number) is never counted
// twice. The month's rollup is rebuilt in the same transaction, and lines whose reseller and
// end customer match an approved deal registration are linked to it.
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../../db/types";
import type { DB } from "~/lib/db.server";
import { submissionFilter, type Scope } from "~/lib/scope.server";
import { recordAudit, type Actor } from "~/lib/audit.server";
import { ValidationError } from "~/lib/forms";
import { forbidden, notFound } from "~/lib/http.server";
import { now } from "~/lib/clock.server";
import { accrueCoop } from "~/modules/funds/funds.server";

const LINE_COLUMNS = sql.raw(
  "transaction_date, invoice_no, line_no, reseller_id, end_customer_name, end_customer_key, end_customer_country, end_customer_postcode, product_id, quantity, unit_price, currency, amount",
);

/** Only the distributor's own partner admin, or an admin on its behalf, reports for it. */
export function requireReporter(scope: Scope): void {
  if (scope.kind === "channel_manager" || (scope.kind === "partner" && scope.role !== "partner_admin")) forbidden();
}

/** Rows staged for this submission that another month already holds: moved to the rejects. */
export async function rejectAlreadyReported(db: Kysely<Database> | Transaction<Database>, submissionId: number, distributorId: number, period: string): Promise<number> {
  const moved = await sql`
    INSERT INTO sell_through_rejects (submission_id, row_no, field, value, problem, cells_json)
    SELECT s.submission_id, s.row_no, 'lineNo', CONCAT(s.invoice_no, ' / ', s.line_no), 'sellThrough.problems.alreadyReported', '[]'
    FROM sell_through_staged_lines s
    JOIN sell_through_lines l ON l.distributor_id = ${distributorId} AND l.invoice_no = s.invoice_no AND l.line_no = s.line_no AND l.period <> ${period}
    WHERE s.submission_id = ${submissionId}`.execute(db);
  const count = Number(moved.numAffectedRows ?? 0);
  if (count > 0) {
    await sql`DELETE s FROM sell_through_staged_lines s
      JOIN sell_through_lines l ON l.distributor_id = ${distributorId} AND l.invoice_no = s.invoice_no AND l.line_no = s.line_no AND l.period <> ${period}
      WHERE s.submission_id = ${submissionId}`.execute(db);
  }
  return count;
}

export async function commitSubmission(db: DB, scope: Scope, actor: Actor, submissionId: number): Promise<{ lines: number; movedToRejects: number }> {
  requireReporter(scope);
  return db.transaction().execute(async (trx) => {
    const submission = await trx.selectFrom("sell_through_submissions").selectAll().where("id", "=", submissionId).where(submissionFilter(scope)).forUpdate().executeTakeFirst();
    if (!submission) notFound();
    if (submission.status !== "checked") throw new ValidationError({ form: "sellThrough.errors.notCheckable" });
    const { distributor_id: distributorId, period } = submission;

    // The month's guard row: two commits of the same month wait for each other here.
    await trx.insertInto("sell_through_periods").values({ distributor_id: distributorId, period }).ignore().execute();
    const guard = await trx.selectFrom("sell_through_periods").selectAll().where("distributor_id", "=", distributorId).where("period", "=", period).forUpdate().executeTakeFirstOrThrow();

    // A line committed for another month since this file was checked is already reported.
    const movedToRejects = await rejectAlreadyReported(trx, submissionId, distributorId, period);

    await trx.deleteFrom("sell_through_lines").where("distributor_id", "=", distributorId).where("period", "=", period).execute();
    const inserted = await sql`
      INSERT INTO sell_through_lines (distributor_id, period, submission_id, ${LINE_COLUMNS})
      SELECT ${distributorId}, ${period}, ${submissionId}, ${LINE_COLUMNS} FROM sell_through_staged_lines WHERE submission_id = ${submissionId}
      ORDER BY row_no`.execute(trx);
    const lines = Number(inserted.numAffectedRows ?? 0);
    await trx.deleteFrom("sell_through_staged_lines").where("submission_id", "=", submissionId).execute();

    await sql`UPDATE sell_through_lines l
      JOIN deals d ON d.partner_id = l.reseller_id AND d.customer_key = l.end_customer_key AND d.status IN ('approved', 'won')
      SET l.deal_id = d.id
      WHERE l.distributor_id = ${distributorId} AND l.period = ${period} AND l.end_customer_key <> ''`.execute(trx);

    await trx.deleteFrom("sell_through_monthly").where("distributor_id", "=", distributorId).where("period", "=", period).execute();
    await sql`
      INSERT INTO sell_through_monthly (period, distributor_id, reseller_id, product_id, currency, quantity, amount, line_count)
      SELECT period, distributor_id, COALESCE(reseller_id, 0), product_id, currency, SUM(quantity), SUM(amount), COUNT(*)
      FROM sell_through_lines WHERE distributor_id = ${distributorId} AND period = ${period}
      GROUP BY period, distributor_id, COALESCE(reseller_id, 0), product_id, currency`.execute(trx);

    const at = now();
    await trx
      .updateTable("sell_through_submissions")
      .set({ status: "superseded" })
      .where("distributor_id", "=", distributorId)
      .where("period", "=", period)
      .where("status", "=", "committed")
      .execute();
    await trx
      .updateTable("sell_through_submissions")
      .set({
        status: "committed",
        committed_at: at,
        committed_by: actor.userId,
        rows_accepted: submission.rows_accepted - movedToRejects,
        rows_rejected: submission.rows_rejected + movedToRejects,
      })
      .where("id", "=", submissionId)
      .execute();
    await trx
      .updateTable("sell_through_periods")
      .set({ submission_id: submissionId, committed_at: at, first_committed_at: guard.first_committed_at ?? at })
      .where("distributor_id", "=", distributorId)
      .where("period", "=", period)
      .execute();
    await recordAudit(trx, actor, {
      action: "sell_through.committed",
      entityType: "sell_through_submission",
      entityId: submissionId,
      partnerId: distributorId,
      before: guard.submission_id ? { submission: guard.submission_id } : undefined,
      after: { period, lines, replaced: guard.submission_id ?? null },
    });
    await accrueCoop(trx, actor, distributorId, period);
    return { lines, movedToRejects };
  });
}
