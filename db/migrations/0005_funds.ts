// Co-marketing funds (MDF and co-op): a fund per partner, kind and quarter; the ledger of
// every movement of its money (balances are sums of the ledger, never stored); requests for
// pre-approval, claims after the activity with their proof files, payments that settle
// approved claims, the co-op accrual computed per distributor and month, and the history of
// each request and claim. Money is DECIMAL(18,2) in the vendor's base currency.
import { sql, type Kysely } from "kysely";

const TABLE = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

const statements = [
  `INSERT INTO portal_settings (name, value) VALUES ('funds_grace_days', '90'), ('funds_share_pct', '50.00'), ('funds_claim_days', '60')`,

  // The fund row is the lock every posting takes (SELECT ... FOR UPDATE), so two postings to
  // one fund are put in order and the balance each one checks is the balance it changes.
  `CREATE TABLE funds (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     partner_id INT UNSIGNED NOT NULL,
     kind ENUM('mdf','coop') NOT NULL,
     quarter CHAR(7) NOT NULL,
     currency CHAR(3) NOT NULL,
     expires_at DATETIME(3) NOT NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (id),
     UNIQUE KEY funds_partner_kind_quarter (partner_id, kind, quarter),
     KEY funds_quarter (quarter),
     KEY funds_expires (expires_at),
     CONSTRAINT funds_partner_fk FOREIGN KEY (partner_id) REFERENCES partners (id)
   ) ${TABLE}`,

  `CREATE TABLE fund_requests (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     partner_id INT UNSIGNED NOT NULL,
     fund_id INT UNSIGNED NOT NULL,
     created_by INT UNSIGNED NOT NULL,
     activity_type ENUM('event','digital_ads','webinar','print','trade_show','training') NOT NULL,
     description VARCHAR(2000) NOT NULL,
     start_date DATE NOT NULL,
     end_date DATE NOT NULL,
     planned_cost DECIMAL(18,2) NOT NULL,
     share_pct DECIMAL(5,2) NOT NULL,
     requested_amount DECIMAL(18,2) NOT NULL,
     approved_amount DECIMAL(18,2) NULL,
     expected_results VARCHAR(2000) NOT NULL DEFAULT '',
     status ENUM('submitted','more_info','approved','rejected','withdrawn','lapsed','claimed') NOT NULL DEFAULT 'submitted',
     submitted_at DATETIME(3) NOT NULL,
     decided_at DATETIME(3) NULL,
     decided_by INT UNSIGNED NULL,
     claim_reminded_at DATETIME(3) NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (id),
     KEY fund_requests_partner (partner_id, status),
     KEY fund_requests_fund (fund_id, status),
     KEY fund_requests_status (status, submitted_at),
     CONSTRAINT fund_requests_partner_fk FOREIGN KEY (partner_id) REFERENCES partners (id),
     CONSTRAINT fund_requests_fund_fk FOREIGN KEY (fund_id) REFERENCES funds (id),
     CONSTRAINT fund_requests_creator_fk FOREIGN KEY (created_by) REFERENCES users (id)
   ) ${TABLE}`,

  // One claim per request; answering "more information" updates the same claim.
  `CREATE TABLE fund_claims (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     request_id INT UNSIGNED NOT NULL,
     partner_id INT UNSIGNED NOT NULL,
     fund_id INT UNSIGNED NOT NULL,
     created_by INT UNSIGNED NOT NULL,
     actual_cost DECIMAL(18,2) NOT NULL,
     claimed_amount DECIMAL(18,2) NOT NULL,
     approved_amount DECIMAL(18,2) NULL,
     results VARCHAR(2000) NOT NULL DEFAULT '',
     leads_count INT UNSIGNED NOT NULL DEFAULT 0,
     attendees INT UNSIGNED NOT NULL DEFAULT 0,
     status ENUM('submitted','more_info','approved','rejected','paid') NOT NULL DEFAULT 'submitted',
     checklist_json VARCHAR(2000) NULL,
     submitted_at DATETIME(3) NOT NULL,
     decided_at DATETIME(3) NULL,
     decided_by INT UNSIGNED NULL,
     payment_id INT UNSIGNED NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (id),
     UNIQUE KEY fund_claims_request (request_id),
     KEY fund_claims_partner (partner_id, status),
     KEY fund_claims_status (status, submitted_at),
     CONSTRAINT fund_claims_request_fk FOREIGN KEY (request_id) REFERENCES fund_requests (id),
     CONSTRAINT fund_claims_partner_fk FOREIGN KEY (partner_id) REFERENCES partners (id),
     CONSTRAINT fund_claims_fund_fk FOREIGN KEY (fund_id) REFERENCES funds (id)
   ) ${TABLE}`,

  // Proof of performance, stored under the storage directory; the name is only shown.
  `CREATE TABLE fund_claim_files (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     claim_id INT UNSIGNED NOT NULL,
     partner_id INT UNSIGNED NOT NULL,
     file_name VARCHAR(255) NOT NULL,
     content_type VARCHAR(100) NOT NULL,
     size BIGINT UNSIGNED NOT NULL,
     path VARCHAR(500) NOT NULL,
     sha256 CHAR(64) NOT NULL,
     uploaded_by INT UNSIGNED NOT NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (id),
     KEY fund_claim_files_claim (claim_id),
     CONSTRAINT fund_claim_files_claim_fk FOREIGN KEY (claim_id) REFERENCES fund_claims (id)
   ) ${TABLE}`,

  `CREATE TABLE fund_payments (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     partner_id INT UNSIGNED NOT NULL,
     reference VARCHAR(100) NOT NULL,
     paid_on DATE NOT NULL,
     amount DECIMAL(18,2) NOT NULL,
     currency CHAR(3) NOT NULL,
     created_by INT UNSIGNED NOT NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (id),
     KEY fund_payments_partner (partner_id, paid_on),
     CONSTRAINT fund_payments_partner_fk FOREIGN KEY (partner_id) REFERENCES partners (id)
   ) ${TABLE}`,

  // Immutable: rows are only ever inserted. amount is signed as the entry moves money:
  // allocation and accrual add to the fund (an accrual correction may be negative),
  // reservation/release move money into and out of "reserved", payable moves it from reserved
  // to "approved to pay", payment from there to "paid", expiry from available to "expired".
  `CREATE TABLE fund_ledger (
     id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
     fund_id INT UNSIGNED NOT NULL,
     partner_id INT UNSIGNED NOT NULL,
     entry ENUM('allocation','accrual','reservation','release','payable','payment','expiry') NOT NULL,
     amount DECIMAL(18,2) NOT NULL,
     request_id INT UNSIGNED NULL,
     claim_id INT UNSIGNED NULL,
     payment_id INT UNSIGNED NULL,
     source_period CHAR(7) NULL,
     note VARCHAR(500) NULL,
     created_by INT UNSIGNED NULL,
     created_at DATETIME(3) NOT NULL,
     PRIMARY KEY (id),
     KEY fund_ledger_fund (fund_id, entry),
     KEY fund_ledger_partner (partner_id, created_at),
     KEY fund_ledger_request (request_id),
     CONSTRAINT fund_ledger_fund_fk FOREIGN KEY (fund_id) REFERENCES funds (id)
   ) ${TABLE}`,

  // The last co-op computation of a distributor's month: what it was based on and which
  // currencies had no exchange rate (those lines are left out, and the page says so).
  `CREATE TABLE fund_accruals (
     partner_id INT UNSIGNED NOT NULL,
     period CHAR(7) NOT NULL,
     fund_id INT UNSIGNED NOT NULL,
     sales_base DECIMAL(20,2) NOT NULL,
     accrual_pct DECIMAL(5,2) NOT NULL,
     accrued_amount DECIMAL(18,2) NOT NULL,
     missing_currencies VARCHAR(200) NOT NULL DEFAULT '',
     computed_at DATETIME(3) NOT NULL,
     PRIMARY KEY (partner_id, period),
     CONSTRAINT fund_accruals_fund_fk FOREIGN KEY (fund_id) REFERENCES funds (id)
   ) ${TABLE}`,

  `CREATE TABLE fund_events (
     id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
     request_id INT UNSIGNED NOT NULL,
     claim_id INT UNSIGNED NULL,
     at DATETIME(3) NOT NULL,
     actor_user_id INT UNSIGNED NULL,
     actor_email VARCHAR(254) NULL,
     event VARCHAR(40) NOT NULL,
     from_status VARCHAR(20) NULL,
     to_status VARCHAR(20) NULL,
     amount DECIMAL(18,2) NULL,
     text VARCHAR(2000) NULL,
     PRIMARY KEY (id),
     KEY fund_events_request (request_id, at)
   ) ${TABLE}`,

  // Leads an activity produced name it as their source, for the results per activity.
  `ALTER TABLE leads ADD COLUMN fund_request_id INT UNSIGNED NULL, ADD KEY leads_fund_request (fund_request_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
