// Distribution agreements (分销协议): versioned documents per partner type (and optionally per
// region; NULL = every type or region), in both languages. A published version with accept_by
// asks every partner it concerns to accept by that date; past it, a partner that has not
// accepted is restricted (no new registrations, fund requests or leads) until it does. An
// acceptance records who, when, from which address, and the SHA-256 of the document text as
// it was shown. term_months gives the acceptance an end date, with renewal reminders.
// lifecycle_reminders makes each reminder (agreement due, renewal, certification expiry) go
// once: the job inserts the row first and sends only when the insert took.
import { sql, type Kysely } from "kysely";

const TABLE = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

const statements = [
  `CREATE TABLE agreement_versions (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     partner_type ENUM('distributor','reseller','agent') NULL,
     region_id INT UNSIGNED NULL,
     version_label VARCHAR(32) NOT NULL,
     title VARCHAR(200) NOT NULL,
     title_zh VARCHAR(200) NOT NULL DEFAULT '',
     body MEDIUMTEXT NOT NULL,
     body_zh MEDIUMTEXT NOT NULL,
     sha256 CHAR(64) NOT NULL,
     term_months INT UNSIGNED NULL,
     accept_by DATE NULL,
     status ENUM('draft','published','retired') NOT NULL DEFAULT 'draft',
     published_at DATETIME(3) NULL,
     published_by INT UNSIGNED NULL,
     created_by INT UNSIGNED NOT NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (id),
     KEY agreement_versions_audience (status, partner_type, region_id),
     CONSTRAINT agreement_versions_region_fk FOREIGN KEY (region_id) REFERENCES regions (id),
     CONSTRAINT agreement_versions_published_by_fk FOREIGN KEY (published_by) REFERENCES users (id),
     CONSTRAINT agreement_versions_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id)
   ) ${TABLE}`,

  `CREATE TABLE agreement_acceptances (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     partner_id INT UNSIGNED NOT NULL,
     version_id INT UNSIGNED NOT NULL,
     user_id INT UNSIGNED NOT NULL,
     accepted_at DATETIME(3) NOT NULL,
     ip_address VARCHAR(64) NOT NULL,
     user_agent VARCHAR(300) NOT NULL DEFAULT '',
     document_sha256 CHAR(64) NOT NULL,
     locale VARCHAR(10) NOT NULL,
     ends_on DATE NULL,
     PRIMARY KEY (id),
     UNIQUE KEY agreement_acceptances_partner_version (partner_id, version_id),
     KEY agreement_acceptances_ends (ends_on),
     CONSTRAINT agreement_acceptances_partner_fk FOREIGN KEY (partner_id) REFERENCES partners (id),
     CONSTRAINT agreement_acceptances_version_fk FOREIGN KEY (version_id) REFERENCES agreement_versions (id),
     CONSTRAINT agreement_acceptances_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
   ) ${TABLE}`,

  `CREATE TABLE lifecycle_reminders (
     partner_id INT UNSIGNED NOT NULL,
     subject ENUM('agreement_due','agreement_renewal','certification_expiry','tier_at_risk') NOT NULL,
     subject_id INT UNSIGNED NOT NULL,
     days_before INT NOT NULL,
     sent_at DATETIME(3) NOT NULL,
     PRIMARY KEY (subject, subject_id, partner_id, days_before),
     KEY lifecycle_reminders_partner (partner_id),
     CONSTRAINT lifecycle_reminders_partner_fk FOREIGN KEY (partner_id) REFERENCES partners (id)
   ) ${TABLE}`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
