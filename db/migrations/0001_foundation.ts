// Foundation: reference data (regions, product lines, products, tiers), partners, users and
// their sessions, sign-in throttling, one-time tokens, the e-mail outbox, the job queue and
// the audit log. Times are DATETIME(3) in UTC; money is DECIMAL(18,2).
import { sql, type Kysely } from "kysely";

const TABLE = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

const statements = [
  `CREATE TABLE regions (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     code VARCHAR(32) NOT NULL,
     name VARCHAR(100) NOT NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (id),
     UNIQUE KEY regions_code (code)
   ) ${TABLE}`,

  // A country (optionally narrowed by a postcode prefix) belongs to one region.
  `CREATE TABLE region_areas (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     region_id INT UNSIGNED NOT NULL,
     country CHAR(2) NOT NULL,
     postcode_prefix VARCHAR(16) NOT NULL DEFAULT '',
     PRIMARY KEY (id),
     UNIQUE KEY region_areas_area (country, postcode_prefix),
     KEY region_areas_region (region_id),
     CONSTRAINT region_areas_region_fk FOREIGN KEY (region_id) REFERENCES regions (id) ON DELETE CASCADE
   ) ${TABLE}`,

  `CREATE TABLE product_lines (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     code VARCHAR(32) NOT NULL,
     name VARCHAR(100) NOT NULL,
     PRIMARY KEY (id),
     UNIQUE KEY product_lines_code (code)
   ) ${TABLE}`,

  `CREATE TABLE products (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     sku VARCHAR(64) NOT NULL,
     name VARCHAR(200) NOT NULL,
     product_line_id INT UNSIGNED NOT NULL,
     list_price DECIMAL(18,2) NOT NULL,
     currency CHAR(3) NOT NULL,
     active TINYINT(1) NOT NULL DEFAULT 1,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (id),
     UNIQUE KEY products_sku (sku),
     KEY products_line (product_line_id),
     CONSTRAINT products_line_fk FOREIGN KEY (product_line_id) REFERENCES product_lines (id)
   ) ${TABLE}`,

  `CREATE TABLE tiers (
     tier ENUM('registered','silver','gold','platinum') NOT NULL,
     position TINYINT UNSIGNED NOT NULL,
     deal_discount_pct DECIMAL(5,2) NOT NULL,
     coop_accrual_pct DECIMAL(5,2) NOT NULL,
     routing_weight DECIMAL(6,2) NOT NULL,
     lead_sla_hours INT UNSIGNED NOT NULL,
     updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (tier)
   ) ${TABLE}`,

  `INSERT INTO tiers (tier, position, deal_discount_pct, coop_accrual_pct, routing_weight, lead_sla_hours) VALUES
     ('registered', 1, 5.00, 1.00, 1.00, 72),
     ('silver', 2, 10.00, 2.00, 1.50, 48),
     ('gold', 3, 15.00, 3.00, 2.00, 36),
     ('platinum', 4, 20.00, 4.00, 3.00, 24)`,

  `CREATE TABLE users (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     email VARCHAR(254) NOT NULL,
     name VARCHAR(200) NOT NULL,
     role ENUM('admin','channel_manager','partner_admin','partner_rep') NOT NULL,
     partner_id INT UNSIGNED NULL,
     status ENUM('invited','active','deactivated') NOT NULL DEFAULT 'invited',
     password_hash VARCHAR(255) NULL,
     locale VARCHAR(8) NULL,
     time_zone VARCHAR(64) NOT NULL DEFAULT 'UTC',
     last_login_at DATETIME(3) NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (id),
     UNIQUE KEY users_email (email),
     KEY users_partner (partner_id, role)
   ) ${TABLE}`,

  `CREATE TABLE partners (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     code VARCHAR(32) NOT NULL,
     name VARCHAR(200) NOT NULL,
     type ENUM('distributor','reseller','agent') NOT NULL,
     tier ENUM('registered','silver','gold','platinum') NOT NULL DEFAULT 'registered',
     status ENUM('applied','onboarding','active','suspended') NOT NULL DEFAULT 'applied',
     country CHAR(2) NOT NULL,
     region_id INT UNSIGNED NULL,
     postcode VARCHAR(16) NOT NULL DEFAULT '',
     capacity INT UNSIGNED NOT NULL DEFAULT 25,
     parent_id INT UNSIGNED NULL,
     channel_manager_id INT UNSIGNED NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (id),
     UNIQUE KEY partners_code (code),
     KEY partners_manager (channel_manager_id, name),
     KEY partners_parent (parent_id),
     KEY partners_region (region_id),
     KEY partners_name (name),
     CONSTRAINT partners_parent_fk FOREIGN KEY (parent_id) REFERENCES partners (id),
     CONSTRAINT partners_manager_fk FOREIGN KEY (channel_manager_id) REFERENCES users (id),
     CONSTRAINT partners_region_fk FOREIGN KEY (region_id) REFERENCES regions (id),
     CONSTRAINT partners_tier_fk FOREIGN KEY (tier) REFERENCES tiers (tier)
   ) ${TABLE}`,

  `ALTER TABLE users ADD CONSTRAINT users_partner_fk FOREIGN KEY (partner_id) REFERENCES partners (id)`,

  `CREATE TABLE partner_product_lines (
     partner_id INT UNSIGNED NOT NULL,
     product_line_id INT UNSIGNED NOT NULL,
     PRIMARY KEY (partner_id, product_line_id),
     KEY partner_product_lines_line (product_line_id),
     CONSTRAINT partner_product_lines_partner_fk FOREIGN KEY (partner_id) REFERENCES partners (id) ON DELETE CASCADE,
     CONSTRAINT partner_product_lines_line_fk FOREIGN KEY (product_line_id) REFERENCES product_lines (id)
   ) ${TABLE}`,

  // Lucia's session table; expires_at is read by the adapter as UTC.
  `CREATE TABLE user_sessions (
     id VARCHAR(255) NOT NULL,
     user_id INT UNSIGNED NOT NULL,
     expires_at DATETIME NOT NULL,
     PRIMARY KEY (id),
     KEY user_sessions_user (user_id),
     CONSTRAINT user_sessions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
   ) ${TABLE}`,

  `CREATE TABLE login_attempts (
     id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
     email VARCHAR(254) NOT NULL,
     succeeded TINYINT(1) NOT NULL,
     ip VARCHAR(45) NULL,
     attempted_at DATETIME(3) NOT NULL,
     PRIMARY KEY (id),
     KEY login_attempts_email (email, attempted_at)
   ) ${TABLE}`,

  // Invitation and password-reset links: only the SHA-256 of the token is stored.
  `CREATE TABLE user_tokens (
     token_hash CHAR(64) NOT NULL,
     user_id INT UNSIGNED NOT NULL,
     purpose ENUM('invite','reset') NOT NULL,
     expires_at DATETIME(3) NOT NULL,
     used_at DATETIME(3) NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (token_hash),
     KEY user_tokens_user (user_id),
     CONSTRAINT user_tokens_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
   ) ${TABLE}`,

  `CREATE TABLE email_outbox (
     id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
     to_address VARCHAR(254) NOT NULL,
     subject VARCHAR(300) NOT NULL,
     body_text TEXT NOT NULL,
     status ENUM('pending','sent','failed','kept') NOT NULL DEFAULT 'pending',
     error TEXT NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     sent_at DATETIME(3) NULL,
     PRIMARY KEY (id),
     KEY email_outbox_created (created_at)
   ) ${TABLE}`,

  // unique_key is cleared when a job finishes, so it only stops duplicates of pending work.
  `CREATE TABLE jobs (
     id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
     type VARCHAR(64) NOT NULL,
     payload TEXT NOT NULL,
     status ENUM('queued','running','done','failed') NOT NULL DEFAULT 'queued',
     unique_key VARCHAR(191) NULL,
     run_at DATETIME(3) NOT NULL,
     attempts INT UNSIGNED NOT NULL DEFAULT 0,
     max_attempts INT UNSIGNED NOT NULL DEFAULT 5,
     last_error TEXT NULL,
     locked_by VARCHAR(100) NULL,
     locked_at DATETIME(3) NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     finished_at DATETIME(3) NULL,
     PRIMARY KEY (id),
     UNIQUE KEY jobs_unique_key (unique_key),
     KEY jobs_pick (status, run_at)
   ) ${TABLE}`,

  `CREATE TABLE audit_log (
     id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
     at DATETIME(3) NOT NULL,
     actor_user_id INT UNSIGNED NULL,
     actor_email VARCHAR(254) NULL,
     action VARCHAR(64) NOT NULL,
     entity_type VARCHAR(32) NOT NULL,
     entity_id VARCHAR(64) NULL,
     partner_id INT UNSIGNED NULL,
     before_json TEXT NULL,
     after_json TEXT NULL,
     ip VARCHAR(45) NULL,
     PRIMARY KEY (id),
     KEY audit_log_at (at),
     KEY audit_log_entity (entity_type, entity_id, at),
     KEY audit_log_actor (actor_user_id, at),
     KEY audit_log_partner (partner_id, at),
     KEY audit_log_action (action, at)
   ) ${TABLE}`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
