// A reseller name the portal does not know, answered by the distributor as "a direct sale, not
// one of our partners": its lines are then accepted with no reseller, and the answer is kept per
// distributor and name (lower-cased, as names are matched) so its next file is not asked again.
// Such lines keep the name as the distributor wrote it, since no partner row stands for it.
import { sql, type Kysely } from "kysely";

const TABLE = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

const statements = [
  `CREATE TABLE sell_through_direct_sale_names (
     partner_id INT UNSIGNED NOT NULL,
     name_key VARCHAR(200) NOT NULL,
     name VARCHAR(200) NOT NULL,
     answered_by INT UNSIGNED NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (partner_id, name_key),
     CONSTRAINT sell_through_direct_sale_names_partner_fk FOREIGN KEY (partner_id) REFERENCES partners (id)
   ) ${TABLE}`,

  `ALTER TABLE sell_through_lines ADD COLUMN reseller_name VARCHAR(200) NOT NULL DEFAULT ''`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
