// Sell-through reporting: distributors' submissions of point-of-sale lines for a month, the
// rows of a submission being checked (staged) and those it rejected, the committed lines (one
// per distributor + invoice + line, so nothing is counted twice), monthly rollups for reports,
// what each distributor's own headers, SKUs and reseller names mean, exchange rates, API keys.
import { sql, type Kysely } from "kysely";

const TABLE = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

const statements = [
  `INSERT INTO portal_settings (name, value) VALUES ('base_currency', 'USD'), ('sell_through_due_day', '10')`,

  // One row per distributor and month that has ever been reported: committing locks it, so two
  // commits of the same period are put in order.
  `CREATE TABLE sell_through_periods (
     distributor_id INT UNSIGNED NOT NULL,
     period CHAR(7) NOT NULL,
     submission_id INT UNSIGNED NULL,
     first_committed_at DATETIME(3) NULL,
     committed_at DATETIME(3) NULL,
     PRIMARY KEY (distributor_id, period),
     KEY sell_through_periods_period (period),
     CONSTRAINT sell_through_periods_distributor_fk FOREIGN KEY (distributor_id) REFERENCES partners (id)
   ) ${TABLE}`,

  `CREATE TABLE sell_through_submissions (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     distributor_id INT UNSIGNED NOT NULL,
     period CHAR(7) NOT NULL,
     source ENUM('upload','manual','api') NOT NULL,
     status ENUM('received','processing','checked','committed','superseded','failed','discarded') NOT NULL DEFAULT 'received',
     file_name VARCHAR(255) NULL,
     file_path VARCHAR(500) NULL,
     file_size BIGINT UNSIGNED NULL,
     file_sha256 CHAR(64) NULL,
     format_json VARCHAR(500) NULL,
     mapping_json TEXT NULL,
     rows_read INT UNSIGNED NOT NULL DEFAULT 0,
     rows_accepted INT UNSIGNED NOT NULL DEFAULT 0,
     rows_rejected INT UNSIGNED NOT NULL DEFAULT 0,
     progress_pct TINYINT UNSIGNED NOT NULL DEFAULT 0,
     problem_code VARCHAR(40) NULL,
     problem_detail VARCHAR(1000) NULL,
     idempotency_key VARCHAR(100) NULL,
     created_by INT UNSIGNED NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     checked_at DATETIME(3) NULL,
     committed_at DATETIME(3) NULL,
     committed_by INT UNSIGNED NULL,
     PRIMARY KEY (id),
     UNIQUE KEY sell_through_submissions_idempotency (distributor_id, idempotency_key),
     KEY sell_through_submissions_period (distributor_id, period, status),
     KEY sell_through_submissions_created (created_at),
     CONSTRAINT sell_through_submissions_distributor_fk FOREIGN KEY (distributor_id) REFERENCES partners (id),
     CONSTRAINT sell_through_submissions_creator_fk FOREIGN KEY (created_by) REFERENCES users (id)
   ) ${TABLE}`,

  // The accepted rows of a checked submission, waiting for the commit.
  `CREATE TABLE sell_through_staged_lines (
     submission_id INT UNSIGNED NOT NULL,
     row_no INT UNSIGNED NOT NULL,
     transaction_date DATE NOT NULL,
     invoice_no VARCHAR(64) NOT NULL,
     line_no VARCHAR(32) NOT NULL,
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
     PRIMARY KEY (submission_id, row_no)
   ) ${TABLE}`,

  // Rejected rows keep their cells, so they can be downloaded with the reason and fixed.
  `CREATE TABLE sell_through_rejects (
     submission_id INT UNSIGNED NOT NULL,
     row_no INT UNSIGNED NOT NULL,
     field VARCHAR(40) NULL,
     value VARCHAR(300) NULL,
     problem VARCHAR(80) NOT NULL,
     cells_json TEXT NOT NULL,
     PRIMARY KEY (submission_id, row_no),
     KEY sell_through_rejects_problem (submission_id, problem)
   ) ${TABLE}`,

  `CREATE TABLE sell_through_lines (
     id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
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
     submission_id INT UNSIGNED NOT NULL,
     deal_id INT UNSIGNED NULL,
     PRIMARY KEY (id),
     UNIQUE KEY sell_through_lines_key (distributor_id, invoice_no, line_no),
     KEY sell_through_lines_period (distributor_id, period),
     KEY sell_through_lines_reseller (reseller_id, period),
     KEY sell_through_lines_deal (deal_id)
   ) ${TABLE}`,

  // What reports read: one row per month, distributor, reseller, product and currency, rebuilt
  // for a distributor's month in the commit's transaction. reseller_id 0 means sold direct.
  `CREATE TABLE sell_through_monthly (
     period CHAR(7) NOT NULL,
     distributor_id INT UNSIGNED NOT NULL,
     reseller_id INT UNSIGNED NOT NULL,
     product_id INT UNSIGNED NOT NULL,
     currency CHAR(3) NOT NULL,
     quantity BIGINT NOT NULL,
     amount DECIMAL(20,2) NOT NULL,
     line_count INT UNSIGNED NOT NULL,
     PRIMARY KEY (period, distributor_id, reseller_id, product_id, currency),
     KEY sell_through_monthly_distributor (distributor_id, period),
     KEY sell_through_monthly_reseller (reseller_id, period)
   ) ${TABLE}`,

  // A distributor's column headers, SKUs and reseller names, as it mapped them once.
  `CREATE TABLE sell_through_header_mappings (
     distributor_id INT UNSIGNED NOT NULL,
     mapping_json TEXT NOT NULL,
     updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (distributor_id),
     CONSTRAINT sell_through_header_mappings_fk FOREIGN KEY (distributor_id) REFERENCES partners (id)
   ) ${TABLE}`,

  `CREATE TABLE sku_aliases (
     distributor_id INT UNSIGNED NOT NULL,
     alias VARCHAR(64) NOT NULL,
     product_id INT UNSIGNED NOT NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (distributor_id, alias),
     CONSTRAINT sku_aliases_distributor_fk FOREIGN KEY (distributor_id) REFERENCES partners (id),
     CONSTRAINT sku_aliases_product_fk FOREIGN KEY (product_id) REFERENCES products (id)
   ) ${TABLE}`,

  `CREATE TABLE reseller_aliases (
     distributor_id INT UNSIGNED NOT NULL,
     alias VARCHAR(200) NOT NULL,
     reseller_id INT UNSIGNED NOT NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (distributor_id, alias),
     CONSTRAINT reseller_aliases_distributor_fk FOREIGN KEY (distributor_id) REFERENCES partners (id),
     CONSTRAINT reseller_aliases_reseller_fk FOREIGN KEY (reseller_id) REFERENCES partners (id)
   ) ${TABLE}`,

  // rate: how many units of the base currency one unit of the currency buys in that month.
  `CREATE TABLE exchange_rates (
     period CHAR(7) NOT NULL,
     currency CHAR(3) NOT NULL,
     rate DECIMAL(18,8) NOT NULL,
     updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (period, currency)
   ) ${TABLE}`,

  // Only a hash of the key is kept; the prefix lets people tell their keys apart.
  `CREATE TABLE api_keys (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     partner_id INT UNSIGNED NOT NULL,
     name VARCHAR(100) NOT NULL,
     prefix CHAR(8) NOT NULL,
     key_hash CHAR(64) NOT NULL,
     created_by INT UNSIGNED NOT NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     last_used_at DATETIME(3) NULL,
     revoked_at DATETIME(3) NULL,
     PRIMARY KEY (id),
     UNIQUE KEY api_keys_hash (key_hash),
     KEY api_keys_partner (partner_id),
     CONSTRAINT api_keys_partner_fk FOREIGN KEY (partner_id) REFERENCES partners (id),
     CONSTRAINT api_keys_creator_fk FOREIGN KEY (created_by) REFERENCES users (id)
   ) ${TABLE}`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
