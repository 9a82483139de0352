// Tier review (绩效考核): each quarter a job measures every active partner against its tier's
// requirements and the next tier's (12-month validated sell-through and won registrations,
// which 0011 added, plus certified users and reporting compliance added here) and proposes a
// promotion, a demotion, or keeps the tier. A partner below its tier's requirements for the
// first time is 'at_risk' with one quarter's grace (grace_until) before a demotion is
// proposed. A channel manager approves or overrides with a reason; measures_json keeps the
// figures the proposal was made on.
import { sql, type Kysely } from "kysely";

const TABLE = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

const statements = [
  `ALTER TABLE tiers
     ADD COLUMN min_certified_users INT UNSIGNED NULL,
     ADD COLUMN min_reporting_compliance_pct DECIMAL(5,2) NULL`,

  `UPDATE tiers SET
     min_certified_users = CASE tier WHEN 'silver' THEN 1 WHEN 'gold' THEN 2 WHEN 'platinum' THEN 4 END,
     min_reporting_compliance_pct = CASE tier WHEN 'gold' THEN 80.00 WHEN 'platinum' THEN 95.00 END`,

  `CREATE TABLE tier_reviews (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     partner_id INT UNSIGNED NOT NULL,
     quarter CHAR(7) NOT NULL,
     from_tier ENUM('registered','silver','gold','platinum') NOT NULL,
     proposed_tier ENUM('registered','silver','gold','platinum') NOT NULL,
     outcome ENUM('promotion','demotion','at_risk','keep') NOT NULL,
     measures_json TEXT NOT NULL,
     grace_until DATE NULL,
     status ENUM('proposed','approved','overridden','noted') NOT NULL DEFAULT 'proposed',
     final_tier ENUM('registered','silver','gold','platinum') NULL,
     decided_by INT UNSIGNED NULL,
     decided_at DATETIME(3) NULL,
     reason VARCHAR(2000) NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (id),
     UNIQUE KEY tier_reviews_partner_quarter (partner_id, quarter),
     KEY tier_reviews_quarter (quarter, status),
     CONSTRAINT tier_reviews_partner_fk FOREIGN KEY (partner_id) REFERENCES partners (id),
     CONSTRAINT tier_reviews_decided_by_fk FOREIGN KEY (decided_by) REFERENCES users (id)
   ) ${TABLE}`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
