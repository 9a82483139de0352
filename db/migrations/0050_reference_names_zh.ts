// Regions and product lines get a Simplified Chinese name beside the English one. It may be
// empty: a screen in Chinese then shows the English name (see app/lib/reference-name.ts).
import { sql, type Kysely } from "kysely";

const statements = [
  `ALTER TABLE regions ADD COLUMN name_zh VARCHAR(100) NULL AFTER name`,
  `ALTER TABLE product_lines ADD COLUMN name_zh VARCHAR(100) NULL AFTER name`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
