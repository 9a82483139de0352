// The channel manager's home page at scale: bench.manager (400 partners, 60 of them
// distributors) over the bench's 10,000,000 sell-through lines (test/bench/sell-through-data.ts)
// and the scale seed's leads. Measured three ways: the loader's data alone (vendorDashboard,
// called directly, many times), the whole page over HTTP with one client (what one manager
// waits for), and with four at once (a few managers opening it together). The goal is
// p95 ≤ 300 ms for the page (measured, never asserted). A partner admin's home page is
// measured too, and a distributor's scorecard as its channel manager opens it.
import { performance } from "node:perf_hooks";
import { createConnection } from "../../app/lib/db.server";
import { scopeFor } from "../../app/lib/scope.server";
import { vendorDashboard } from "../../app/modules/dashboards/vendor.server";
import { BENCH_MANAGER_EMAIL, BENCH_PARTNER_ADMIN_EMAIL } from "../../db/seed/scale";
import { describe, percentile, runLoad, type BenchContext, type Figure } from "./lib";
import { ensureBenchSellThrough } from "./sell-through-data";

const REPEATS = Number(process.env.BENCH_DASHBOARD_REPEATS ?? 100);

/** A guard against timing an empty page: the manager's figures and charts are there. */
function showsDashboard(body: string): string | null {
  if (!body.includes("How your partners are doing")) return "the page has no figures";
  if (!body.includes("80/20")) return "the page has no Pareto chart";
  return null;
}

export default async function dashboardBench({ baseUrl, signIn, log }: BenchContext): Promise<Figure[]> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("dashboard.bench.ts needs the bench database's URL in process.env.DATABASE_URL (test/bench/run.ts sets it)");
  const { db } = createConnection(url, 10);
  try {
    await ensureBenchSellThrough(db, url, log);
    const user = await db.selectFrom("users").select(["id", "role", "partner_id"]).where("email", "=", BENCH_MANAGER_EMAIL).executeTakeFirstOrThrow();
    const scope = scopeFor({ id: user.id, role: user.role, partnerId: user.partner_id });
    const partners = await db
      .selectFrom("partners")
      .select(db.fn.countAll<number>().as("n"))
      .where("channel_manager_id", "=", user.id)
      .executeTakeFirstOrThrow();
    const first = await vendorDashboard(db, scope, new Date());
    log(
      `${BENCH_MANAGER_EMAIL}: ${partners.n} partners; sell-through this year ${first.sellThrough.thisYearTotal} ${first.base}, ${first.pareto.bars.length} distributors in the 80/20 view, ` +
        `${first.actions.leads.total} leads in the pool, ${first.leads.ended} offers answered in 90 days`,
    );
    const took: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const t0 = performance.now();
      await vendorDashboard(db, scope, new Date());
      took.push(performance.now() - t0);
    }
    took.sort((a, b) => a - b);
    log(`the loader's data alone: ${REPEATS} runs, p50 ${percentile(took, 50).toFixed(1)} ms, p95 ${percentile(took, 95).toFixed(1)} ms`);

    const managerCookie = await signIn(BENCH_MANAGER_EMAIL);
    const partnerCookie = await signIn(BENCH_PARTNER_ADMIN_EMAIL);
    const alone = await runLoad({ baseUrl, path: "/", cookie: managerCookie, concurrency: 1, warmupMs: 3000, durationMs: 15000, expectBody: showsDashboard });
    log(`${BENCH_MANAGER_EMAIL}, one client: ${describe(alone)}`);
    const four = await runLoad({ baseUrl, path: "/", cookie: managerCookie, concurrency: 4, warmupMs: 3000, durationMs: 15000, expectBody: showsDashboard });
    log(`${BENCH_MANAGER_EMAIL}, four clients: ${describe(four)}`);
    const partner = await runLoad({ baseUrl, path: "/", cookie: partnerCookie, concurrency: 1, warmupMs: 3000, durationMs: 10000 });
    log(`${BENCH_PARTNER_ADMIN_EMAIL}, one client: ${describe(partner)}`);
    const distributor = await db
      .selectFrom("partners")
      .select("id")
      .where("channel_manager_id", "=", user.id)
      .where("type", "=", "distributor")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const scorecard = await runLoad({
      baseUrl,
      path: `/partners/${distributor.id}/scorecard`,
      cookie: managerCookie,
      concurrency: 1,
      warmupMs: 3000,
      durationMs: 10000,
    });
    log(`${BENCH_MANAGER_EMAIL}, a distributor's scorecard, one client: ${describe(scorecard)}`);
    return [
      { name: "dashboard_manager_data_p50", value: percentile(took, 50), unit: "ms" },
      { name: "dashboard_manager_data_p95", value: percentile(took, 95), unit: "ms" },
      { name: "dashboard_manager_page_p50", value: alone.p50, unit: "ms" },
      { name: "dashboard_manager_page_p95", value: alone.p95, unit: "ms" },
      { name: "dashboard_manager_page_4_clients_p95", value: four.p95, unit: "ms" },
      { name: "dashboard_manager_page_4_clients_rps", value: four.rps, unit: "req/s" },
      { name: "dashboard_partner_page_p95", value: partner.p95, unit: "ms" },
      { name: "scorecard_manager_page_p95", value: scorecard.p95, unit: "ms" },
    ];
  } finally {
    await db.destroy();
  }
}
