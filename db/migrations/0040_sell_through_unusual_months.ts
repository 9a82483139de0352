// A sell-through month far outside the distributor's normal range (10 times its median month
// or a tenth of it) is committed only once the distributor has confirmed it; what was unusual
// (units or an amount, the value and the median) and who confirmed it stay on the submission,
// so the vendor sees the flag on the submission and in the compliance view.
import { sql, type Kysely } from "kysely";

const statements = [
  `ALTER TABLE sell_through_submissions
     ADD COLUMN unusual_json VARCHAR(500) NULL,
     ADD COLUMN unusual_confirmed_by INT UNSIGNED NULL,
     ADD COLUMN unusual_confirmed_at DATETIME(3) NULL`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
