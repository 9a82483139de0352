// Sell-through reports at scale, over the bench's 10,000,000 lines (test/bench/sell-through-data.ts):
// the report's summary (sellThroughReport: the page of groups, their count, the series by month,
// the top ten, the totals, the amounts per currency, the missing rates) is timed many times, as
// the page runs it, for a channel manager (bench.manager: 60 distributors) and for one
// distributor, over the 24 months; the goal is p95 ≤ 50 ms (measured, never asserted).
// Grouping by reseller, which reads the fine rollup, is timed too.
// BENCH_REPORT_LINES=100000 for a quick run; BENCH_REPORT_REPEATS (default 200) repetitions.
import { performance } from "node:perf_hooks";
import { createConnection, type DB } from "../../app/lib/db.server";
import { scopeFor, type Scope } from "../../app/lib/scope.server";
import { readReportQuery, sellThroughReport } from "../../app/modules/sell-through/reports.server";
import { BENCH_MANAGER_EMAIL } from "../../db/seed/scale";
import { percentile, type BenchContext, type Figure } from "./lib";
import { FIRST, LAST, ensureBenchSellThrough } from "./sell-through-data";

const REPEATS = Number(process.env.BENCH_REPORT_REPEATS ?? 200);

export default async function sellThroughReportsBench({ log }: BenchContext): Promise<Figure[]> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("sell-through-reports.bench.ts needs the bench database's URL in process.env.DATABASE_URL (test/bench/run.ts sets it)");
  const { db } = createConnection(url, 4);
  try {
    const distributors = await ensureBenchSellThrough(db, url, log);

    const manager = await userScope(db, BENCH_MANAGER_EMAIL);
    const managed = distributors.filter((d) => d.managerId === manager.userId).length;
    const first = distributors.find((d) => d.managerId === manager.userId) ?? distributors[0];
    const admin = await db
      .selectFrom("users")
      .select("email")
      .where("partner_id", "=", first.id)
      .where("role", "=", "partner_admin")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const distributor = await userScope(db, admin.email);
    const range = `from=${FIRST}&to=${LAST}`;
    const figures: Figure[] = [];
    for (const [who, scope, note] of [
      ["manager", manager, `${BENCH_MANAGER_EMAIL} (${managed} distributors)`],
      ["distributor", distributor, admin.email],
    ] as const) {
      for (const groupBy of ["period", "reseller"] as const) {
        const timing = await time(db, scope, `${range}&groupBy=${groupBy}`, groupBy === "period" ? REPEATS : Math.max(20, Math.round(REPEATS / 4)));
        log(
          `summary as ${note}, grouped by ${groupBy}: ${timing.runs} runs, p50 ${timing.p50.toFixed(1)} ms, p95 ${timing.p95.toFixed(1)} ms, max ${timing.max.toFixed(1)} ms; ${timing.groups} groups, ${timing.lines} lines in the totals`,
        );
        const name = groupBy === "period" ? `sell_through_report_${who}` : `sell_through_report_${who}_by_reseller`;
        figures.push({ name: `${name}_p50`, value: timing.p50, unit: "ms" }, { name: `${name}_p95`, value: timing.p95, unit: "ms" });
      }
    }
    return figures;
  } finally {
    await db.destroy();
  }
}

async function userScope(db: DB, email: string): Promise<Scope & { userId: number }> {
  const user = await db.selectFrom("users").select(["id", "role", "partner_id"]).where("email", "=", email).executeTakeFirstOrThrow();
  return scopeFor({ id: user.id, role: user.role, partnerId: user.partner_id }) as Scope & { userId: number };
}

async function time(db: DB, scope: Scope, search: string, runs: number) {
  const query = readReportQuery(new URLSearchParams(search));
  const first = await sellThroughReport(db, scope, query); // warm the buffer pool and the pool's connections
  const took: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await sellThroughReport(db, scope, query);
    took.push(performance.now() - t0);
  }
  took.sort((a, b) => a - b);
  return { runs, p50: percentile(took, 50), p95: percentile(took, 95), max: took[took.length - 1], groups: first.total, lines: first.totals.line_count };
}
