// The reporting compliance grid as a channel manager with 60 distributors sees it over 12
// months (worst reporters first, computed in SQL), against the bare app shell in the same run.
// The months are filled here once: about four in five reported, a fifth of those late.
import { createConnection } from "../../app/lib/db.server";
import { recentPeriods, lateFrom } from "../../app/modules/sell-through/compliance.server";
import { BENCH_MANAGER_EMAIL } from "../../db/seed/scale";
import { describe, runLoad, warmUp, type BenchContext, type Figure } from "./lib";

const GRID_PATH = "/sell-through?view=compliance&months=12";
const SHELL_PATH = "/account";
const HOUR_MS = 3600 * 1000;

async function fillMonths(url: string): Promise<number> {
  const { db } = createConnection(url, 2);
  try {
    const distributors = await db
      .selectFrom("partners")
      .innerJoin("users", "users.id", "partners.channel_manager_id")
      .select("partners.id")
      .where("users.email", "=", BENCH_MANAGER_EMAIL)
      .where("partners.type", "=", "distributor")
      .execute();
    const rows = distributors.flatMap(({ id }) =>
      recentPeriods(new Date(), 12).flatMap((period, i) => {
        const roll = (id * 31 + i * 17) % 10;
        if (roll < 2) return [];
        const at = new Date(lateFrom(period, 10).getTime() + (roll < 4 ? 1 : -1) * 48 * HOUR_MS);
        return [{ distributor_id: id, period, first_committed_at: at, committed_at: at }];
      }),
    );
    if (rows.length) await db.insertInto("sell_through_periods").values(rows).ignore().execute();
    return distributors.length;
  } finally {
    await db.destroy();
  }
}

export default async function complianceBench({ baseUrl, signIn, log }: BenchContext): Promise<Figure[]> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("sell-through-compliance.bench.ts needs the bench database's URL in process.env.DATABASE_URL (test/bench/run.ts sets it)");
  log(`compliance: ${await fillMonths(url)} distributors of the bench manager, 12 months`);
  const cookie = await signIn(BENCH_MANAGER_EMAIL);
  await warmUp(baseUrl, [
    { path: GRID_PATH, cookie },
    { path: SHELL_PATH, cookie },
  ]);
  const grid = await runLoad({
    baseUrl,
    path: GRID_PATH,
    cookie,
    expectBody: (body) => (body.includes("on time,") && /Missing|Late/.test(body) ? null : "the grid shows no record (is the scale seed loaded?)"),
  });
  log(describe(grid));
  const shell = await runLoad({ baseUrl, path: SHELL_PATH, cookie });
  log(describe(shell));
  return [
    { name: "sell_through_compliance_rps", value: grid.rps, unit: "req/s" },
    { name: "sell_through_compliance_p95", value: grid.p95, unit: "ms" },
    { name: "sell_through_compliance_vs_shell_rps_ratio", value: grid.rps / shell.rps, unit: "ratio" },
  ];
}
