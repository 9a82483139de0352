// Sell-through lines are written once, while a file is checked, straight into the table they
// are read from, tagged with their submission; a month's current lines are those of the
// submission its period row points to. Committing a month is then a switch of that pointer
// and of the month's rollup rows, not a copy of a million rows, and a crash at any point
// leaves the old month current. The rollup of each submission is summed while it is checked
// (sell_through_submission_totals), so the commit never aggregates lines either.
// Lines of superseded submissions are purged by a job after the switch.
import { sql, type Kysely } from "kysely";

const TABLE = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

const statements = [
  // Keyed by where a line comes from, so a file's lines are appended in key order; the invoice
  // key finds a line already reported for another month, and is not unique because a
  // resubmission holds the same lines as the submission it replaces.
  `CREATE TABLE sell_through_submission_lines (
     submission_id INT UNSIGNED NOT NULL,
     row_no INT UNSIGNED NOT NULL,
     distributor_id INT UNSIGNED NOT NULL,
     period CHAR(7) NOT NULL,
     invoice_no VARCHAR(64) NOT NULL,
     line_no VARCHAR(32) NOT NULL,
     transaction_date DATE NOT NULL,
     reseller_id INT UNSIGNED NULL,
     end_customer_name VARCHAR(200) NOT NULL DEFAULT '',
     end_customer_key VARCHAR(200) NOT NULL DEFAULT '',
     end_customer_country CHAR(2) NOT NULL DEFAULT '',
     end_customer_postcode VARCHAR(16) NOT NULL DEFAULT '',
     product_id INT UNSIGNED NOT NULL,
     quantity INT NOT NULL,
     unit_price DECIMAL(18,2) NOT NULL,
     currency CHAR(3) NOT NULL,
     amount DECIMAL(18,2) NOT NULL,
     deal_id INT UNSIGNED NULL,
     PRIMARY KEY (submission_id, row_no),
     KEY sell_through_lines_invoice (distributor_id, invoice_no, line_no),
     KEY sell_through_lines_deal (deal_id)
   ) ${TABLE}`,

  // Committed lines keep their order; their row numbers in the file were not kept before.
  `INSERT INTO sell_through_submission_lines (submission_id, row_no, distributor_id, period, invoice_no, line_no, transaction_date, reseller_id,
     end_customer_name, end_customer_key, end_customer_country, end_customer_postcode, product_id, quantity, unit_price, currency, amount, deal_id)
   SELECT submission_id, ROW_NUMBER() OVER (PARTITION BY submission_id ORDER BY id), distributor_id, period, invoice_no, line_no, transaction_date, reseller_id,
     end_customer_name, end_customer_key, end_customer_country, end_customer_postcode, product_id, quantity, unit_price, currency, amount, deal_id
   FROM sell_through_lines`,

  // Checked submissions waiting for their commit keep their rows.
  `INSERT INTO sell_through_submission_lines (submission_id, row_no, distributor_id, period, invoice_no, line_no, transaction_date, reseller_id,
     end_customer_name, end_customer_key, end_customer_country, end_customer_postcode, product_id, quantity, unit_price, currency, amount)
   SELECT s.submission_id, s.row_no, sub.distributor_id, sub.period, s.invoice_no, s.line_no, s.transaction_date, s.reseller_id,
     s.end_customer_name, s.end_customer_key, s.end_customer_country, s.end_customer_postcode, s.product_id, s.quantity, s.unit_price, s.currency, s.amount
   FROM sell_through_staged_lines s JOIN sell_through_submissions sub ON sub.id = s.submission_id`,

  `DROP TABLE sell_through_staged_lines`,
  `DROP TABLE sell_through_lines`,
  `RENAME TABLE sell_through_submission_lines TO sell_through_lines`,

  // What a submission adds to the monthly rollup once it is committed.
  `CREATE TABLE sell_through_submission_totals (
     submission_id INT UNSIGNED NOT NULL,
     reseller_id INT UNSIGNED NOT NULL,
     product_id INT UNSIGNED NOT NULL,
     currency CHAR(3) NOT NULL,
     quantity BIGINT NOT NULL,
     amount DECIMAL(20,2) NOT NULL,
     line_count INT UNSIGNED NOT NULL,
     PRIMARY KEY (submission_id, reseller_id, product_id, currency)
   ) ${TABLE}`,

  `INSERT INTO sell_through_submission_totals (submission_id, reseller_id, product_id, currency, quantity, amount, line_count)
   SELECT submission_id, COALESCE(reseller_id, 0), product_id, currency, SUM(quantity), SUM(amount), COUNT(*)
   FROM sell_through_lines GROUP BY submission_id, COALESCE(reseller_id, 0), product_id, currency`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
