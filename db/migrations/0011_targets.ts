// Sell-through targets per partner and quarter, and what each tier asks of a partner before it
// moves up. A target is an amount in the base currency (portal setting base_currency) for a
// quarter named as funds name it ("2026-Q3"); one per partner and quarter, changed in place
// (the audit log keeps the history). A tier's requirement is a minimum sell-through over the
// trailing 12 months in the base currency and, optionally, a minimum of won deals in those
// months; NULL means the tier asks nothing of that kind.
import { sql, type Kysely } from "kysely";

const TABLE = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

const statements = [
  `CREATE TABLE sell_through_targets (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     partner_id INT UNSIGNED NOT NULL,
     quarter CHAR(7) NOT NULL,
     amount DECIMAL(18,2) NOT NULL,
     set_by INT UNSIGNED NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (id),
     UNIQUE KEY sell_through_targets_partner_quarter (partner_id, quarter),
     KEY sell_through_targets_quarter (quarter),
     CONSTRAINT sell_through_targets_partner_fk FOREIGN KEY (partner_id) REFERENCES partners (id),
     CONSTRAINT sell_through_targets_set_by_fk FOREIGN KEY (set_by) REFERENCES users (id)
   ) ${TABLE}`,

  `ALTER TABLE tiers
     ADD COLUMN min_sell_through_12m DECIMAL(18,2) NULL,
     ADD COLUMN min_won_deals_12m INT UNSIGNED NULL`,

  // A starting ladder; the admin changes it on /settings/tiers.
  `UPDATE tiers SET min_sell_through_12m = CASE tier
       WHEN 'silver' THEN 50000.00 WHEN 'gold' THEN 250000.00 WHEN 'platinum' THEN 1000000.00 END,
     min_won_deals_12m = CASE tier WHEN 'gold' THEN 3 WHEN 'platinum' THEN 10 END`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
