// Certifications (培训): a catalogue (product line, level, validity in months, which partner
// types must hold it to finish onboarding) and awards per user, either uploaded as a
// certificate that a manager checks, or imported from a training system's CSV (external_ref
// makes a re-import change nothing). A partner's certified product lines are those of its
// users' valid, unexpired certifications; lead routing uses them.
import { sql, type Kysely } from "kysely";

const TABLE = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

const statements = [
  `CREATE TABLE certifications (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     code VARCHAR(32) NOT NULL,
     name VARCHAR(200) NOT NULL,
     name_zh VARCHAR(200) NOT NULL DEFAULT '',
     product_line_id INT UNSIGNED NULL,
     level ENUM('associate','professional','expert') NOT NULL,
     validity_months INT UNSIGNED NOT NULL,
     required_for_types SET('distributor','reseller','agent') NOT NULL DEFAULT '',
     active TINYINT(1) NOT NULL DEFAULT 1,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (id),
     UNIQUE KEY certifications_code (code),
     CONSTRAINT certifications_product_line_fk FOREIGN KEY (product_line_id) REFERENCES product_lines (id)
   ) ${TABLE}`,

  `CREATE TABLE user_certifications (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     partner_id INT UNSIGNED NOT NULL,
     user_id INT UNSIGNED NOT NULL,
     certification_id INT UNSIGNED NOT NULL,
     status ENUM('pending','valid','rejected','revoked') NOT NULL DEFAULT 'pending',
     earned_on DATE NOT NULL,
     expires_on DATE NOT NULL,
     source ENUM('upload','import') NOT NULL,
     external_ref VARCHAR(100) NULL,
     file_key VARCHAR(300) NULL,
     file_name VARCHAR(255) NULL,
     content_type VARCHAR(100) NULL,
     size BIGINT UNSIGNED NULL,
     sha256 CHAR(64) NULL,
     checked_by INT UNSIGNED NULL,
     checked_at DATETIME(3) NULL,
     reject_reason VARCHAR(1000) NULL,
     created_by INT UNSIGNED NOT NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (id),
     KEY user_certifications_partner (partner_id, status, expires_on),
     KEY user_certifications_user (user_id, certification_id),
     KEY user_certifications_expiry (status, expires_on),
     UNIQUE KEY user_certifications_import (certification_id, external_ref),
     CONSTRAINT user_certifications_partner_fk FOREIGN KEY (partner_id) REFERENCES partners (id),
     CONSTRAINT user_certifications_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
     CONSTRAINT user_certifications_certification_fk FOREIGN KEY (certification_id) REFERENCES certifications (id),
     CONSTRAINT user_certifications_checked_by_fk FOREIGN KEY (checked_by) REFERENCES users (id),
     CONSTRAINT user_certifications_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id)
   ) ${TABLE}`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
