// A submission's lines as they are kept: written once when they are checked, tagged with the
// submission, and summed into the submission's totals, which the commit copies into the
// monthly rollup. Files are written with LOAD DATA by the check job; lines typed, pushed by
// the API or seeded come through here.
import { sql } from "kysely";
import { unscopedSql } from "~/lib/scope-guard.server";
import type { CheckedLine } from "./validate.server";
import type { DB } from "~/lib/db.server";

export interface SubmissionRef {
  id: number;
  distributor_id: number;
  period: string;
}

const INSERT_BATCH = 1000;

/** Writes checked lines of the submission (row numbers unique within it) and sums its totals again. */
export async function insertSubmissionLines(db: DB, submission: SubmissionRef, lines: readonly { rowNo: number; line: CheckedLine }[]): Promise<void> {
  for (let at = 0; at < lines.length; at += INSERT_BATCH) {
    await db
      .insertInto("sell_through_lines")
      .values(
        lines.slice(at, at + INSERT_BATCH).map(({ rowNo, line }) => ({
          submission_id: submission.id,
          row_no: rowNo,
          distributor_id: submission.distributor_id,
          period: submission.period,
          transaction_date: line.transactionDate,
          invoice_no: line.invoiceNo,
          line_no: line.lineNo,
          reseller_id: line.resellerId,
          end_customer_name: line.endCustomerName,
          end_customer_key: line.endCustomerKey,
          end_customer_country: line.endCustomerCountry,
          end_customer_postcode: line.endCustomerPostcode,
          product_id: line.productId,
          quantity: line.quantity,
          unit_price: line.unitPrice,
          currency: line.currency,
          amount: line.amount,
          deal_id: line.dealId,
          lot_no: line.lotNo,
          expiry_date: line.expiryDate,
          reseller_name: line.resellerName,
        })),
      )
      .execute();
  }
  await sumSubmissionTotals(db, submission.id);
}

/** The submission's share of the rollup summed from its lines, after lines joined or left it. */
export async function sumSubmissionTotals(db: DB, submissionId: number): Promise<void> {
  await db.deleteFrom("sell_through_submission_totals").where("submission_id", "=", submissionId).execute();
  await sql`
    INSERT INTO sell_through_submission_totals (submission_id, reseller_id, product_id, currency, quantity, amount, line_count)
    SELECT submission_id, COALESCE(reseller_id, 0), product_id, currency, SUM(quantity), SUM(amount), COUNT(*)
    FROM sell_through_lines WHERE submission_id = ${submissionId}
    GROUP BY submission_id, COALESCE(reseller_id, 0), product_id, currency ${unscopedSql("the submission was found through the scope by the caller")}`.execute(
    db,
  );
}

/** The months' current lines (those of the submission each month's period row names), as `l`. */
export function currentLines(db: DB) {
  return db
    .selectFrom("sell_through_lines as l")
    .innerJoin("sell_through_periods as cur", (join) =>
      join.onRef("cur.distributor_id", "=", "l.distributor_id").onRef("cur.period", "=", "l.period").onRef("cur.submission_id", "=", "l.submission_id"),
    );
}
