// Lot search at scale (issue 21: "which end customers received lot X" answers from 10M lines in
// under a second). Loads BENCH_LOT_LINES (default 10,000,000) committed lines carrying lot
// numbers and expiry dates for the scale distributors, over 24 months of their own (2001-2002,
// apart from the months the other benches load), about 100 lines per lot spread over all
// distributors, then times searchLot (the page's own function: the lines shown and the counts)
// for random lots as the vendor admin (every distributor), and for lots it delivered as one
// distributor's admin.
// Figures: p50 and p95 in ms (goal: p95 < 1000 ms at 10M lines; measured, never asserted).
// Kept between runs like the reports' data: same count, no reload.
// BENCH_LOT_LINES=1000000 for a modest run; BENCH_LOT_REPEATS (default 200) searches per scope.
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { createConnection, type DB } from "../../app/lib/db.server";
import { loadTsv, openBulkConnection, tsvField } from "../../app/lib/bulk-load.server";
import { fromCents } from "../../app/lib/money";
import { scopeFor, type Scope } from "../../app/lib/scope.server";
import { addMonths } from "../../app/modules/sell-through/months";
import { searchLot } from "../../app/modules/sell-through/lots.server";
import { random } from "../../db/seed/scale";
import { percentile, type BenchContext, type Figure } from "./lib";
import { CHUNK_LINES, insertBenchMonths, LINE_COLUMNS } from "./sell-through-data";

const LINES = Number(process.env.BENCH_LOT_LINES ?? 10_000_000);
const REPEATS = Number(process.env.BENCH_LOT_REPEATS ?? 200);
const LINES_PER_LOT = 100;
const LOTS = Math.max(1, Math.floor(LINES / LINES_PER_LOT));
const FIRST = "2001-01";
const MONTHS = 24;
const FILE_NAME = "bench-sell-through-lots.xlsx";
const LOT_LINE_COLUMNS = [...LINE_COLUMNS, "lot_no", "expiry_date"];

const lotName = (n: number) => `LOT${String(n).padStart(7, "0")}`;

export default async function sellThroughLotsBench({ log }: BenchContext): Promise<Figure[]> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("sell-through-lots.bench.ts needs the bench database's URL in process.env.DATABASE_URL (test/bench/run.ts sets it)");
  const { db } = createConnection(url, 4);
  try {
    const distributors = await db
      .selectFrom("partners")
      .select(["id", "country"])
      .where("code", "like", "BP0%")
      .where("type", "=", "distributor")
      .orderBy("id")
      .execute();
    if (distributors.length === 0) throw new Error("The bench database has no scale distributors (db/seed/scale.ts)");
    await ensureLots(db, url, distributors, log);
    const total = await db
      .selectFrom("sell_through_lines")
      .select(sql<string>`COUNT(*)`.as("n"))
      .executeTakeFirstOrThrow();
    log(
      `sell_through_lines holds ${Number(total.n).toLocaleString("en")} lines in all; ${LINES.toLocaleString("en")} of them carry ${LOTS.toLocaleString("en")} lots`,
    );

    const adminUser = await db.selectFrom("users").select(["id", "role", "partner_id"]).where("role", "=", "admin").orderBy("id").executeTakeFirstOrThrow();
    const distributorAdmin = await db
      .selectFrom("users")
      .select(["id", "role", "partner_id", "email"])
      .where("partner_id", "=", distributors[0].id)
      .where("role", "=", "partner_admin")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const figures: Figure[] = [];
    const rnd = random(21);
    const anyLots = Array.from({ length: REPEATS }, () => lotName(Math.floor(rnd() * LOTS)));
    // The distributor looks up lots it delivered itself, so its search finds lines as well.
    const ownLots = (
      await db
        .selectFrom("sell_through_lines")
        .select("lot_no")
        .distinct()
        .where("distributor_id", "=", distributors[0].id)
        .where("lot_no", "is not", null)
        .limit(REPEATS)
        .execute()
    ).map((line) => line.lot_no!);
    for (const [who, scope, lots] of [
      ["admin", scopeFor({ id: adminUser.id, role: adminUser.role, partnerId: adminUser.partner_id }), anyLots],
      ["distributor", scopeFor({ id: distributorAdmin.id, role: distributorAdmin.role, partnerId: distributorAdmin.partner_id }), ownLots],
    ] as const) {
      const timing = await time(db, scope, lots);
      log(
        `lot search as ${who}: ${timing.runs} lots, p50 ${timing.p50.toFixed(1)} ms, p95 ${timing.p95.toFixed(1)} ms, max ${timing.max.toFixed(1)} ms; ${timing.lines} lines found on average`,
      );
      figures.push(
        { name: `sell_through_lot_search_${who}_p50`, value: timing.p50, unit: "ms" },
        { name: `sell_through_lot_search_${who}_p95`, value: timing.p95, unit: "ms" },
      );
    }
    return figures;
  } finally {
    await db.destroy();
  }
}

async function time(db: DB, scope: Scope, lots: readonly string[]) {
  await searchLot(db, scope, { lot: lotName(0), distributorId: null }); // warm the pool's connections
  const took: number[] = [];
  let found = 0;
  for (const lot of lots) {
    const t0 = performance.now();
    const result = await searchLot(db, scope, { lot, distributorId: null });
    took.push(performance.now() - t0);
    found += result.total;
  }
  took.sort((a, b) => a - b);
  return { runs: lots.length, p50: percentile(took, 50), p95: percentile(took, 95), max: took[took.length - 1], lines: Math.round(found / lots.length) };
}

/** The bench's lot lines, loaded unless an earlier run left exactly as many. */
async function ensureLots(db: DB, url: string, distributors: { id: number; country: string }[], log: (m: string) => void): Promise<void> {
  const have = await db
    .selectFrom("sell_through_submissions")
    .select([sql<string>`COALESCE(SUM(CASE WHEN status = 'committed' THEN rows_accepted END), 0)`.as("n"), sql<string>`COUNT(*)`.as("submissions")])
    .where("file_name", "=", FILE_NAME)
    .executeTakeFirstOrThrow();
  if (Number(have.n) === LINES) {
    log(`${LINES.toLocaleString("en")} lot lines already loaded; skipping the load`);
    return;
  }
  if (Number(have.submissions) > 0) {
    const t0 = performance.now();
    const old = await db.selectFrom("sell_through_submissions").select(["id", "distributor_id", "period"]).where("file_name", "=", FILE_NAME).execute();
    for (const s of old) {
      await sql`DELETE FROM sell_through_lines WHERE submission_id = ${s.id}`.execute(db);
      await sql`DELETE FROM sell_through_periods WHERE distributor_id = ${s.distributor_id} AND period = ${s.period}`.execute(db);
    }
    await db.deleteFrom("sell_through_submissions").where("file_name", "=", FILE_NAME).execute();
    log(`deleted the lot lines of an earlier run in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const started = performance.now();
  const products = await db.selectFrom("products").select(["id", "list_price"]).orderBy("id").execute();
  const months = Array.from({ length: MONTHS }, (_, i) => addMonths(FIRST, i));
  const slots = distributors.flatMap((d) => months.map((period) => ({ distributor: d, period })));
  const perSlot = (index: number) => Math.floor(LINES / slots.length) + (index < LINES % slots.length ? 1 : 0);
  const ids = await insertBenchMonths(db, FILE_NAME, slots, perSlot);
  const rnd = random(2101);
  function* chunk(from: number, to: number): Generator<string> {
    for (let index = from; index < to; index++) {
      const { distributor, period } = slots[index];
      const submissionId = ids.get(`${distributor.id} ${period}`)!;
      let text = "";
      for (let n = 0; n < perSlot(index); n++) {
        const product = products[Math.floor(rnd() * products.length)];
        const quantity = 1 + Math.floor(rnd() * 20);
        const cents = BigInt(Math.round(Number(product.list_price) * 90));
        const customer = `Lot Customer ${Math.floor(rnd() * 5000)}`;
        text +=
          [
            n + 2,
            distributor.id,
            period,
            `L${period.replace("-", "")}-${String(Math.floor(n / 3)).padStart(5, "0")}`,
            String((n % 3) + 1),
            `${period}-${String(1 + Math.floor(rnd() * 28)).padStart(2, "0")}`,
            tsvField(null),
            customer,
            customer.toLowerCase(),
            distributor.country,
            product.id,
            quantity,
            fromCents(cents),
            "EUR",
            fromCents(cents * BigInt(quantity)),
            submissionId,
            lotName(Math.floor(rnd() * LOTS)),
            `${Number(period.slice(0, 4)) + 3}-${period.slice(5)}-28`,
          ].join("\t") + "\n";
      }
      yield text;
    }
  }
  const connection = await openBulkConnection(url);
  let loaded = 0;
  try {
    await connection.query("SET unique_checks = 0");
    let from = 0;
    while (from < slots.length) {
      let to = from;
      let lines = 0;
      while (to < slots.length && lines < CHUNK_LINES) lines += perSlot(to++);
      loaded += (await loadTsv(connection, "sell_through_lines", LOT_LINE_COLUMNS, chunk(from, to))).rows;
      from = to;
      if (Math.floor((loaded - lines) / 1_000_000) !== Math.floor(loaded / 1_000_000))
        log(`loaded ${loaded.toLocaleString("en")} lot lines in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
  } finally {
    await connection.end();
  }
  if (loaded !== LINES) throw new Error(`LOAD DATA took ${loaded} of ${LINES} lines`);
  await db.updateTable("sell_through_submissions").set({ status: "committed" }).where("file_name", "=", FILE_NAME).execute();
  log(`loaded ${loaded.toLocaleString("en")} lot lines in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
