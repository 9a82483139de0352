// Counting a million rows on every page view costs more than the page. A list counts its
// matches up to COUNT_CAP; past it the screen says "10,000+" and paging goes on from there.
import { sql, type SelectQueryBuilder } from "kysely";
import type { Database } from "../../db/types";
import type { DB } from "./db.server";

export const COUNT_CAP = 10000;

export interface CappedCount {
  total: number;
  totalIsLowerBound: boolean;
}

/** How many rows the filtered query matches, up to COUNT_CAP. Pass it without joins the filters do not need. */
// `any` for the tables: the list may come from any table or join; only its WHERE matters here.
export async function cappedCount(db: DB, filtered: SelectQueryBuilder<Database, any, object>): Promise<CappedCount> {
  const row = await db
    .selectFrom(filtered.select(sql<number>`1`.as("one")).limit(COUNT_CAP + 1).as("capped"))
    .select(sql<number>`COUNT(*)`.as("n"))
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  return { total: Math.min(n, COUNT_CAP), totalIsLowerBound: n > COUNT_CAP };
}
