// Deal registration: a partner's registration of a deal with an end customer, its line items,
// history and conversation with the reviewer, the conflicts found on submission, and the
// protections that let only one approved registration hold a customer and product line.
import { sql, type Kysely } from "kysely";

const TABLE = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

const statements = [
  `INSERT INTO portal_settings (name, value) VALUES
     ('deal_protection_days', '90'), ('deal_extension_days', '30'), ('deal_min_value', '0.00')`,

  // customer_key is the normalised name (case, punctuation and legal suffixes removed) and
  // customer_domain the registrable domain (www. and subdomains folded): the keys conflicts
  // are found by. Amounts are in the deal's currency; discounted_total is set on approval.
  `CREATE TABLE deals (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     partner_id INT UNSIGNED NOT NULL,
     created_by INT UNSIGNED NOT NULL,
     fulfilling_partner_id INT UNSIGNED NULL,
     source_lead_id INT UNSIGNED NULL,
     name VARCHAR(200) NOT NULL,
     customer_name VARCHAR(200) NOT NULL,
     customer_key VARCHAR(200) NOT NULL,
     customer_domain VARCHAR(253) NOT NULL DEFAULT '',
     customer_country CHAR(2) NOT NULL,
     currency CHAR(3) NOT NULL,
     total_amount DECIMAL(18,2) NOT NULL DEFAULT 0.00,
     discount_pct DECIMAL(5,2) NULL,
     discounted_total DECIMAL(18,2) NULL,
     final_amount DECIMAL(18,2) NULL,
     expected_close_date DATE NOT NULL,
     competitors VARCHAR(500) NOT NULL DEFAULT '',
     notes TEXT NULL,
     status ENUM('draft','submitted','more_info','approved','rejected','withdrawn','won','lost','expired') NOT NULL DEFAULT 'draft',
     has_conflict TINYINT(1) NOT NULL DEFAULT 0,
     submitted_at DATETIME(3) NULL,
     decided_at DATETIME(3) NULL,
     decided_by INT UNSIGNED NULL,
     expires_at DATETIME(3) NULL,
     extension_requested_at DATETIME(3) NULL,
     reminded_14_at DATETIME(3) NULL,
     reminded_3_at DATETIME(3) NULL,
     reason VARCHAR(1000) NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (id),
     KEY deals_partner (partner_id, status, created_at),
     KEY deals_fulfilling (fulfilling_partner_id, status),
     KEY deals_creator (created_by, status),
     KEY deals_status (status, submitted_at),
     KEY deals_expiry (status, expires_at),
     KEY deals_customer_key (customer_key, status),
     KEY deals_customer_domain (customer_domain, status),
     KEY deals_created (created_at),
     CONSTRAINT deals_partner_fk FOREIGN KEY (partner_id) REFERENCES partners (id),
     CONSTRAINT deals_creator_fk FOREIGN KEY (created_by) REFERENCES users (id),
     CONSTRAINT deals_fulfilling_fk FOREIGN KEY (fulfilling_partner_id) REFERENCES partners (id),
     CONSTRAINT deals_lead_fk FOREIGN KEY (source_lead_id) REFERENCES leads (id),
     CONSTRAINT deals_decider_fk FOREIGN KEY (decided_by) REFERENCES users (id)
   ) ${TABLE}`,

  `CREATE TABLE deal_lines (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     deal_id INT UNSIGNED NOT NULL,
     line_no SMALLINT UNSIGNED NOT NULL,
     product_id INT UNSIGNED NOT NULL,
     product_line_id INT UNSIGNED NOT NULL,
     quantity INT UNSIGNED NOT NULL,
     unit_price DECIMAL(18,2) NOT NULL,
     line_total DECIMAL(18,2) NOT NULL,
     discounted_unit_price DECIMAL(18,2) NULL,
     discounted_total DECIMAL(18,2) NULL,
     PRIMARY KEY (id),
     UNIQUE KEY deal_lines_no (deal_id, line_no),
     KEY deal_lines_line (product_line_id),
     CONSTRAINT deal_lines_deal_fk FOREIGN KEY (deal_id) REFERENCES deals (id) ON DELETE CASCADE,
     CONSTRAINT deal_lines_product_fk FOREIGN KEY (product_id) REFERENCES products (id),
     CONSTRAINT deal_lines_pl_fk FOREIGN KEY (product_line_id) REFERENCES product_lines (id)
   ) ${TABLE}`,

  // History (every transition) and the conversation with the reviewer, in one timeline.
  `CREATE TABLE deal_events (
     id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
     deal_id INT UNSIGNED NOT NULL,
     at DATETIME(3) NOT NULL,
     actor_user_id INT UNSIGNED NULL,
     actor_email VARCHAR(254) NULL,
     event VARCHAR(32) NOT NULL,
     from_status VARCHAR(16) NULL,
     to_status VARCHAR(16) NULL,
     text TEXT NULL,
     PRIMARY KEY (id),
     KEY deal_events_deal (deal_id, at),
     CONSTRAINT deal_events_deal_fk FOREIGN KEY (deal_id) REFERENCES deals (id) ON DELETE CASCADE
   ) ${TABLE}`,

  // Which other registrations a submission collided with, for the reviewer's side-by-side view.
  `CREATE TABLE deal_conflicts (
     deal_id INT UNSIGNED NOT NULL,
     other_deal_id INT UNSIGNED NOT NULL,
     matched_on ENUM('name','domain','both') NOT NULL,
     found_at DATETIME(3) NOT NULL,
     PRIMARY KEY (deal_id, other_deal_id),
     KEY deal_conflicts_other (other_deal_id),
     CONSTRAINT deal_conflicts_deal_fk FOREIGN KEY (deal_id) REFERENCES deals (id) ON DELETE CASCADE,
     CONSTRAINT deal_conflicts_other_fk FOREIGN KEY (other_deal_id) REFERENCES deals (id) ON DELETE CASCADE
   ) ${TABLE}`,

  // One row per customer key: submissions of the same customer lock it, so two partners
  // submitting at the same moment are put in order and the second sees the first.
  `CREATE TABLE deal_customer_keys (
     match_key VARCHAR(260) NOT NULL,
     PRIMARY KEY (match_key)
   ) ${TABLE}`,

  // Held while a registration is approved: one row per customer key and product line, so a
  // second approval of the same customer and line fails on the unique key, even under races.
  `CREATE TABLE deal_protections (
     match_key VARCHAR(260) NOT NULL,
     product_line_id INT UNSIGNED NOT NULL,
     deal_id INT UNSIGNED NOT NULL,
     PRIMARY KEY (match_key, product_line_id),
     KEY deal_protections_deal (deal_id),
     CONSTRAINT deal_protections_deal_fk FOREIGN KEY (deal_id) REFERENCES deals (id) ON DELETE CASCADE
   ) ${TABLE}`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
