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

/**
 * Lists that hit the cap, by who asked and with which filters: for a minute they are shown as
 * "10,000+" without counting again. Only capped results are remembered, so a list that fits
 * under the cap is always counted exactly; a capped one would need thousands of its rows to
 * go away within the minute for "10,000+" to be wrong.
 */
const capped = new Map<string, number>();
const CAPPED_FOR_MS = 60_000;
const CAPPED_KEYS = 5000;

/**
 * How many rows the filtered query matches, up to COUNT_CAP. Pass it without joins the filters
 * do not need; `key` names the list and its filters (not its page or sort) to skip recounting
 * one known to be over the cap.
 */
// `any` for the tables: the list may come from any table or join; only its WHERE matters here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function cappedCount(db: DB, filtered: SelectQueryBuilder<Database, any, object>, key?: string): Promise<CappedCount> {
  const knownAt = key ? capped.get(key) : undefined;
  if (knownAt !== undefined && Date.now() - knownAt < CAPPED_FOR_MS) return { total: COUNT_CAP, totalIsLowerBound: true };
  const row = await db
    .selectFrom(
      filtered
        .select(sql<number>`1`.as("one"))
        .limit(COUNT_CAP + 1)
        .as("capped"),
    )
    .select(sql<number>`COUNT(*)`.as("n"))
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  if (key && n > COUNT_CAP) {
    if (capped.size >= CAPPED_KEYS) capped.delete(capped.keys().next().value!);
    capped.set(key, Date.now());
  } else if (key) capped.delete(key);
  return { total: Math.min(n, COUNT_CAP), totalIsLowerBound: n > COUNT_CAP };
}

/** The list, the user and the filters: what the count depends on (page and sort do not). */
export function countKey(list: string, scope: { kind: string; userId: number }, query: { page: number; pageSize: number; sort: string; dir: string }): string {
  const { page: _page, pageSize: _pageSize, sort: _sort, dir: _dir, ...filters } = query;
  return `${list}|${scope.kind}|${scope.userId}|${JSON.stringify(filters)}`;
}
