// Recruitment (招商): a company applies on the public /apply page without an account; the
// vendor vets the application (assign a channel manager, ask for more information, approve or
// decline with a reason). Approval creates the partner in status 'onboarding'. A look-alike of
// an existing partner (name with legal suffixes removed, or web domain, folded as deal
// conflicts fold them) is flagged, never merged. Regions and product lines applied for are
// lists of ids. The applicant answers a request for information through a link whose token
// is stored only as a hash.
// partner_events is a partner's own history (applied, approved, onboarding items done,
// activated, agreement accepted, tier changed ...), shown on its page beside the audit log.
import { sql, type Kysely } from "kysely";

const TABLE = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

const statements = [
  `CREATE TABLE partner_applications (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     company_name VARCHAR(200) NOT NULL,
     name_key VARCHAR(200) NOT NULL,
     partner_type ENUM('distributor','reseller','agent') NOT NULL,
     country CHAR(2) NOT NULL,
     region_ids_json VARCHAR(1000) NOT NULL DEFAULT '[]',
     product_line_ids_json VARCHAR(1000) NOT NULL DEFAULT '[]',
     website VARCHAR(200) NOT NULL DEFAULT '',
     domain_key VARCHAR(200) NOT NULL DEFAULT '',
     company_size ENUM('1-10','11-50','51-200','201-1000','1000+') NOT NULL,
     references_text VARCHAR(2000) NOT NULL DEFAULT '',
     message VARCHAR(2000) NOT NULL DEFAULT '',
     contact_name VARCHAR(200) NOT NULL,
     contact_email VARCHAR(254) NOT NULL,
     contact_phone VARCHAR(50) NOT NULL DEFAULT '',
     locale VARCHAR(10) NOT NULL DEFAULT 'en',
     status ENUM('submitted','more_info','approved','declined') NOT NULL DEFAULT 'submitted',
     assigned_manager_id INT UNSIGNED NULL,
     info_request VARCHAR(2000) NULL,
     info_token_hash CHAR(64) NULL,
     info_token_expires_at DATETIME(3) NULL,
     duplicate_of_partner_id INT UNSIGNED NULL,
     duplicate_reason ENUM('name','domain') NULL,
     decision_reason VARCHAR(2000) NULL,
     decided_by INT UNSIGNED NULL,
     decided_at DATETIME(3) NULL,
     partner_id INT UNSIGNED NULL,
     submitted_from VARCHAR(64) NOT NULL DEFAULT '',
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (id),
     KEY partner_applications_status (status, created_at),
     KEY partner_applications_manager (assigned_manager_id, status),
     KEY partner_applications_name_key (name_key),
     KEY partner_applications_domain_key (domain_key),
     UNIQUE KEY partner_applications_info_token (info_token_hash),
     CONSTRAINT partner_applications_manager_fk FOREIGN KEY (assigned_manager_id) REFERENCES users (id),
     CONSTRAINT partner_applications_duplicate_fk FOREIGN KEY (duplicate_of_partner_id) REFERENCES partners (id),
     CONSTRAINT partner_applications_decided_by_fk FOREIGN KEY (decided_by) REFERENCES users (id),
     CONSTRAINT partner_applications_partner_fk FOREIGN KEY (partner_id) REFERENCES partners (id)
   ) ${TABLE}`,

  `CREATE TABLE partner_application_events (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     application_id INT UNSIGNED NOT NULL,
     at DATETIME(3) NOT NULL,
     actor_user_id INT UNSIGNED NULL,
     event VARCHAR(64) NOT NULL,
     text VARCHAR(2000) NULL,
     PRIMARY KEY (id),
     KEY partner_application_events_application (application_id, at),
     CONSTRAINT partner_application_events_application_fk FOREIGN KEY (application_id) REFERENCES partner_applications (id),
     CONSTRAINT partner_application_events_actor_fk FOREIGN KEY (actor_user_id) REFERENCES users (id)
   ) ${TABLE}`,

  // The public page is throttled per address like sign-in is.
  `ALTER TABLE login_throttles MODIFY kind ENUM('email','address','apply') NOT NULL`,

  `CREATE TABLE partner_events (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     partner_id INT UNSIGNED NOT NULL,
     at DATETIME(3) NOT NULL,
     actor_user_id INT UNSIGNED NULL,
     event VARCHAR(64) NOT NULL,
     from_value VARCHAR(100) NULL,
     to_value VARCHAR(100) NULL,
     text VARCHAR(2000) NULL,
     PRIMARY KEY (id),
     KEY partner_events_partner (partner_id, at),
     CONSTRAINT partner_events_partner_fk FOREIGN KEY (partner_id) REFERENCES partners (id),
     CONSTRAINT partner_events_actor_fk FOREIGN KEY (actor_user_id) REFERENCES users (id)
   ) ${TABLE}`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
