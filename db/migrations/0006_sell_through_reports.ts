// Sell-through reports: two coarser rollups for the summary screens. A channel manager's two
// years of 60 distributors are some 400,000 rows of sell_through_monthly (per reseller and
// SKU), 25,000 of sell_through_monthly_summary (per product line and region) and 3,000 of
// sell_through_monthly_totals (per currency only), which is what the report reads unless it
// is asked for a product line or region (test/bench/sell-through-reports.bench.ts). region_id
// is the region of the partner that sold (the reseller, or the distributor for direct sales)
// when the month was committed, 0 when it had none. Both are rebuilt from sell_through_monthly
// for a distributor's month in the commit's transaction; filled here from what is committed.
import { sql, type Kysely } from "kysely";

const TABLE = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

const statements = [
  `CREATE TABLE sell_through_monthly_summary (
     distributor_id INT UNSIGNED NOT NULL,
     period CHAR(7) NOT NULL,
     product_line_id INT UNSIGNED NOT NULL,
     region_id INT UNSIGNED NOT NULL,
     currency CHAR(3) NOT NULL,
     quantity BIGINT NOT NULL,
     amount DECIMAL(20,2) NOT NULL,
     line_count INT UNSIGNED NOT NULL,
     PRIMARY KEY (distributor_id, period, product_line_id, region_id, currency),
     KEY sell_through_monthly_summary_period (period)
   ) ${TABLE}`,

  `INSERT INTO sell_through_monthly_summary (distributor_id, period, product_line_id, region_id, currency, quantity, amount, line_count)
   SELECT m.distributor_id, m.period, pr.product_line_id, COALESCE(seller.region_id, 0), m.currency, SUM(m.quantity), SUM(m.amount), SUM(m.line_count)
   FROM sell_through_monthly m
   JOIN products pr ON pr.id = m.product_id
   LEFT JOIN partners seller ON seller.id = IF(m.reseller_id = 0, m.distributor_id, m.reseller_id)
   GROUP BY m.distributor_id, m.period, pr.product_line_id, COALESCE(seller.region_id, 0), m.currency`,

  `CREATE TABLE sell_through_monthly_totals (
     distributor_id INT UNSIGNED NOT NULL,
     period CHAR(7) NOT NULL,
     currency CHAR(3) NOT NULL,
     quantity BIGINT NOT NULL,
     amount DECIMAL(20,2) NOT NULL,
     line_count INT UNSIGNED NOT NULL,
     PRIMARY KEY (distributor_id, period, currency)
   ) ${TABLE}`,

  `INSERT INTO sell_through_monthly_totals (distributor_id, period, currency, quantity, amount, line_count)
   SELECT distributor_id, period, currency, SUM(quantity), SUM(amount), SUM(line_count)
   FROM sell_through_monthly_summary
   GROUP BY distributor_id, period, currency`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
