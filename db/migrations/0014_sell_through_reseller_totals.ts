// Sell-through per distributor, month, reseller (0: sold direct) and currency: what the fine
// rollup (sell_through_monthly, per SKU as well) sums to without the products. A reseller's
// sell-through (its scorecard, its rank within its tier, its target) and the report grouped by
// reseller read these rows instead of every SKU's: about a twentieth as many. Kept by the
// commit with the other rollups (rebuildMonthlySummary), per distributor and month.
import { sql, type Kysely } from "kysely";

const TABLE = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

const statements = [
  `CREATE TABLE sell_through_reseller_totals (
     distributor_id INT UNSIGNED NOT NULL,
     period CHAR(7) NOT NULL,
     reseller_id INT UNSIGNED NOT NULL,
     currency CHAR(3) NOT NULL,
     quantity BIGINT NOT NULL,
     amount DECIMAL(20,2) NOT NULL,
     line_count INT UNSIGNED NOT NULL,
     PRIMARY KEY (distributor_id, period, reseller_id, currency),
     KEY sell_through_reseller_totals_reseller (reseller_id, period)
   ) ${TABLE}`,
  `INSERT INTO sell_through_reseller_totals (distributor_id, period, reseller_id, currency, quantity, amount, line_count)
   SELECT distributor_id, period, reseller_id, currency, SUM(quantity), SUM(amount), SUM(line_count)
   FROM sell_through_monthly
   GROUP BY distributor_id, period, reseller_id, currency`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
