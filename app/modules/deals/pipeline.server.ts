// The pipeline of registered deals within the caller's scope, in one of their currencies: counts
// and values by status, the open pipeline by expected close month, and each partner's win rate.
// Values are summed per currency in SQL (exact DECIMAL), each registration at its registered
// price as the open pipeline figure defines it (figures/open-pipeline.server.ts), which gives the
// page's total in the base currency.
import { sql } from "kysely";
import { dealFilter, type Scope } from "~/lib/scope.server";
import { OPEN_DEAL_VALUE } from "~/modules/figures/open-pipeline.server";
import { ACTIVE_STATUSES } from "./lifecycle.server";
import type { DB } from "~/lib/db.server";

export async function dealPipeline(db: DB, scope: Scope, currency: string | null) {
  const currencies = await db
    .selectFrom("deals")
    .select(["currency", sql<number>`COUNT(*)`.as("n")])
    .where(dealFilter(scope))
    .groupBy("currency")
    .orderBy(sql`COUNT(*)`, "desc")
    .execute();
  const chosen = currency && currencies.some((c) => c.currency === currency) ? currency : (currencies[0]?.currency ?? "EUR");
  const inCurrency = db.selectFrom("deals").where(dealFilter(scope)).where("deals.currency", "=", chosen);
  const [byStatus, byMonth, byPartner] = await Promise.all([
    inCurrency
      .select(["deals.status", sql<number>`COUNT(*)`.as("count"), sql<string>`SUM(COALESCE(deals.final_amount, ${OPEN_DEAL_VALUE}))`.as("value")])
      .groupBy("deals.status")
      .execute(),
    inCurrency
      .select([
        sql<string>`DATE_FORMAT(deals.expected_close_date, '%Y-%m')`.as("month"),
        sql<number>`COUNT(*)`.as("count"),
        sql<string>`SUM(${OPEN_DEAL_VALUE})`.as("value"),
      ])
      .where("deals.status", "in", [...ACTIVE_STATUSES])
      .groupBy(sql`DATE_FORMAT(deals.expected_close_date, '%Y-%m')`)
      .orderBy("month")
      .execute(),
    inCurrency
      .innerJoin("partners", "partners.id", "deals.partner_id")
      .select([
        "partners.id",
        "partners.name",
        sql<number>`SUM(deals.status = 'won')`.as("won"),
        sql<number>`SUM(deals.status = 'lost')`.as("lost"),
        sql<number>`SUM(deals.status IN ('submitted','more_info','approved'))`.as("open"),
        sql<string>`COALESCE(SUM(CASE WHEN deals.status = 'won' THEN deals.final_amount END), 0)`.as("won_value"),
      ])
      .groupBy(["partners.id", "partners.name"])
      .orderBy("partners.name")
      .execute(),
  ]);
  return {
    currency: chosen,
    currencies: currencies.map((c) => c.currency),
    byStatus: byStatus.map((s) => ({ status: s.status, count: Number(s.count), value: s.value })),
    byMonth: byMonth.map((m) => ({ month: m.month, count: Number(m.count), value: m.value })),
    byPartner: byPartner.map((p) => {
      const won = Number(p.won);
      const lost = Number(p.lost);
      return { id: p.id, name: p.name, won, lost, open: Number(p.open), wonValue: p.won_value, winRate: won + lost > 0 ? won / (won + lost) : null };
    }),
  };
}
