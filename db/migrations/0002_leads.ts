// Lead assignment: leads in the vendor's pool or held by one partner, every offer with the
// router's score breakdown, the lead's history, in-app notifications and portal settings.
import { sql, type Kysely } from "kysely";

const TABLE = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

const statements = [
  // Key/value settings an admin edits (max offers per lead, automatic routing, ...).
  `CREATE TABLE portal_settings (
     name VARCHAR(64) NOT NULL,
     value VARCHAR(500) NOT NULL,
     updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (name)
   ) ${TABLE}`,

  `INSERT INTO portal_settings (name, value) VALUES ('lead_max_offers', '5'), ('lead_auto_route', 'true')`,

  // partner_id is NULL while the lead is in the vendor's pool; owner_user_id is the partner
  // user it was offered or given to. Partner users see a lead only while their partner holds it.
  `CREATE TABLE leads (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     company VARCHAR(200) NOT NULL,
     company_domain VARCHAR(253) NOT NULL DEFAULT '',
     contact_name VARCHAR(200) NOT NULL DEFAULT '',
     contact_email VARCHAR(254) NOT NULL DEFAULT '',
     contact_phone VARCHAR(50) NOT NULL DEFAULT '',
     country CHAR(2) NOT NULL,
     region_id INT UNSIGNED NULL,
     postcode VARCHAR(16) NOT NULL DEFAULT '',
     product_line_id INT UNSIGNED NOT NULL,
     estimated_value DECIMAL(18,2) NULL,
     currency CHAR(3) NOT NULL DEFAULT 'USD',
     source ENUM('campaign','web_form','event','import','manual') NOT NULL,
     notes TEXT NULL,
     status ENUM('new','offered','accepted','contacted','qualified','converted','lost') NOT NULL DEFAULT 'new',
     partner_id INT UNSIGNED NULL,
     owner_user_id INT UNSIGNED NULL,
     offered_at DATETIME(3) NULL,
     offer_expires_at DATETIME(3) NULL,
     offer_count INT UNSIGNED NOT NULL DEFAULT 0,
     needs_attention TINYINT(1) NOT NULL DEFAULT 0,
     pool_reason VARCHAR(300) NULL,
     duplicate_of_id INT UNSIGNED NULL,
     lost_reason VARCHAR(500) NULL,
     created_by INT UNSIGNED NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (id),
     KEY leads_partner (partner_id, status, offer_expires_at),
     KEY leads_status (status, created_at),
     KEY leads_created (created_at),
     KEY leads_owner (owner_user_id, status),
     KEY leads_expiry (status, offer_expires_at),
     KEY leads_email (contact_email),
     KEY leads_domain (company_domain, created_at),
     CONSTRAINT leads_partner_fk FOREIGN KEY (partner_id) REFERENCES partners (id),
     CONSTRAINT leads_owner_fk FOREIGN KEY (owner_user_id) REFERENCES users (id),
     CONSTRAINT leads_line_fk FOREIGN KEY (product_line_id) REFERENCES product_lines (id),
     CONSTRAINT leads_region_fk FOREIGN KEY (region_id) REFERENCES regions (id),
     CONSTRAINT leads_duplicate_fk FOREIGN KEY (duplicate_of_id) REFERENCES leads (id)
   ) ${TABLE}`,

  // One row per offer. score and breakdown say why the router chose this partner;
  // candidates keeps the runners-up. offered_by is NULL when the router made the offer.
  `CREATE TABLE lead_offers (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     lead_id INT UNSIGNED NOT NULL,
     partner_id INT UNSIGNED NOT NULL,
     user_id INT UNSIGNED NULL,
     offered_by INT UNSIGNED NULL,
     offered_at DATETIME(3) NOT NULL,
     expires_at DATETIME(3) NOT NULL,
     outcome ENUM('pending','accepted','rejected','expired','withdrawn') NOT NULL DEFAULT 'pending',
     outcome_at DATETIME(3) NULL,
     reminded_at DATETIME(3) NULL,
     reason VARCHAR(500) NULL,
     score DECIMAL(8,4) NULL,
     breakdown TEXT NULL,
     candidates TEXT NULL,
     PRIMARY KEY (id),
     KEY lead_offers_lead (lead_id, offered_at),
     KEY lead_offers_partner (partner_id, offered_at, outcome),
     KEY lead_offers_pending (outcome, expires_at),
     CONSTRAINT lead_offers_lead_fk FOREIGN KEY (lead_id) REFERENCES leads (id),
     CONSTRAINT lead_offers_partner_fk FOREIGN KEY (partner_id) REFERENCES partners (id)
   ) ${TABLE}`,

  // The lead's history as people read it: every transition, note, offer and reassignment.
  `CREATE TABLE lead_events (
     id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
     lead_id INT UNSIGNED NOT NULL,
     at DATETIME(3) NOT NULL,
     actor_user_id INT UNSIGNED NULL,
     actor_email VARCHAR(254) NULL,
     event VARCHAR(32) NOT NULL,
     from_status VARCHAR(16) NULL,
     to_status VARCHAR(16) NULL,
     partner_id INT UNSIGNED NULL,
     text TEXT NULL,
     PRIMARY KEY (id),
     KEY lead_events_lead (lead_id, at),
     CONSTRAINT lead_events_lead_fk FOREIGN KEY (lead_id) REFERENCES leads (id)
   ) ${TABLE}`,

  `CREATE TABLE notifications (
     id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
     user_id INT UNSIGNED NOT NULL,
     kind VARCHAR(48) NOT NULL,
     title VARCHAR(300) NOT NULL,
     link VARCHAR(300) NULL,
     created_at DATETIME(3) NOT NULL,
     read_at DATETIME(3) NULL,
     PRIMARY KEY (id),
     KEY notifications_user (user_id, read_at, created_at),
     CONSTRAINT notifications_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
   ) ${TABLE}`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
