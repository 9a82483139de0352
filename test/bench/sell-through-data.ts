// The sell-through the benchmarks read: 10,000,000 committed lines over the 24 months before
// the current one for the 600 distributors of the scale seed, sold through its 2,400 resellers
// (each distributor's own and others of the same channel manager) or direct, in EUR or USD,
// over the whole catalogue, with a month's exchange rate for each month.
// - Loading: one committed submission and month row per distributor and month, the lines with
//   LOAD DATA LOCAL INFILE from generated TSV in chunks; then both rollups, per distributor,
//   with the commit's own statements (the fine rollup's SELECT as commitSubmission runs it,
//   the summary and totals through rebuildMonthlySummary), on two connections at once.
// - Kept: the next run finds the lines and skips the load when their count and months are what
//   it wants; another count (BENCH_REPORT_LINES) or a new month deletes the bench's lines first.
//   The bench owns its submissions (by file name) of the scale distributors in the bench database.
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { loadTsv, openBulkConnection, tsvField } from "../../app/lib/bulk-load.server";
import { fromCents } from "../../app/lib/money";
import { addMonths, periodOf } from "../../app/modules/sell-through/months";
import { rebuildMonthlySummary } from "../../app/modules/sell-through/reports.server";
import { random } from "../../db/seed/scale";
import type { DB } from "../../app/lib/db.server";

export const LINES = Number(process.env.BENCH_REPORT_LINES ?? 10_000_000);
export const MONTHS = 24;
/** The 24 months that ended before this one. */
export const LAST = addMonths(periodOf(new Date()), -1);
export const FIRST = addMonths(LAST, 1 - MONTHS);
const FILE_NAME = "bench-sell-through-reports.csv";
/** Rows per LOAD DATA statement: big enough to be fast, small enough to keep a transaction modest. */
export const CHUNK_LINES = 250_000;
/** The columns a bench loads into sell_through_lines, in the order of its TSV. */
export const LINE_COLUMNS = [
  "row_no",
  "distributor_id",
  "period",
  "invoice_no",
  "line_no",
  "transaction_date",
  "reseller_id",
  "end_customer_name",
  "end_customer_key",
  "end_customer_country",
  "product_id",
  "quantity",
  "unit_price",
  "currency",
  "amount",
  "submission_id",
];
const CUSTOMERS = Array.from({ length: 60 }, (_, i) => `Bench Customer ${String(i + 1).padStart(2, "0")}`);
const EUR_COUNTRIES = new Set(["DE", "FR", "NL", "AT", "IT", "ES", "BE"]);

export interface Distributor {
  id: number;
  country: string;
  managerId: number;
}

/** The scale distributors with the bench's lines loaded (loading them when they are not). */
export async function ensureBenchSellThrough(db: DB, url: string, log: (message: string) => void): Promise<Distributor[]> {
  const distributors = (await db
    .selectFrom("partners")
    .select(["id", "country", "channel_manager_id as managerId"])
    .where("code", "like", "BP0%")
    .where("type", "=", "distributor")
    .orderBy("id")
    .execute()) as Distributor[];
  if (distributors.length === 0) throw new Error("The bench database has no scale distributors (db/seed/scale.ts)");
  const have = await loadedLines(db);
  if (have.lines === LINES && have.first === FIRST && have.last === LAST)
    log(`${LINES.toLocaleString("en")} bench lines of ${FIRST} .. ${LAST} already loaded; skipping the load`);
  else {
    if (have.submissions > 0) await deleteBenchMonths(db, log, have.submissions);
    await load(db, url, distributors, log);
  }
  await db
    .insertInto("exchange_rates")
    .values(Array.from({ length: MONTHS + 1 }, (_, i) => ({ period: addMonths(FIRST, i), currency: "EUR", rate: (1.05 + (i % 7) / 100).toFixed(4) })))
    .onDuplicateKeyUpdate({ rate: sql`rate` })
    .execute();
  return distributors;
}

/** What an earlier run left: its committed lines and months; nothing when its last month's lines are not all there (a load cut short). */
async function loadedLines(db: DB): Promise<{ lines: number; first: string | null; last: string | null; submissions: number }> {
  const row = await db
    .selectFrom("sell_through_submissions")
    .select([
      sql<string>`COALESCE(SUM(CASE WHEN status = 'committed' THEN rows_accepted END), 0)`.as("n"),
      sql<string | null>`MIN(period)`.as("first"),
      sql<string | null>`MAX(period)`.as("last"),
      sql<string>`COUNT(*)`.as("submissions"),
      sql<number | null>`MAX(id)`.as("last_id"),
    ])
    .where("file_name", "=", FILE_NAME)
    .executeTakeFirstOrThrow();
  const submissions = Number(row.submissions);
  if (row.last_id === null) return { lines: 0, first: null, last: null, submissions };
  const last = await db.selectFrom("sell_through_submissions").select("rows_accepted").where("id", "=", row.last_id).executeTakeFirstOrThrow();
  const stored = await db
    .selectFrom("sell_through_lines")
    .select(sql<string>`COUNT(*)`.as("n"))
    .where("submission_id", "=", row.last_id)
    .executeTakeFirstOrThrow();
  const complete = Number(stored.n) === Number(last.rows_accepted);
  return { lines: complete ? Number(row.n) : 0, first: row.first, last: row.last, submissions };
}

/** Deletes what an earlier run loaded: its submissions' lines, and the rollups and month rows of their distributors and months. */
async function deleteBenchMonths(db: DB, log: (m: string) => void, months: number): Promise<void> {
  const t0 = performance.now();
  const submissions = await db.selectFrom("sell_through_submissions").select(["id", "distributor_id", "period"]).where("file_name", "=", FILE_NAME).execute();
  for (const s of submissions) {
    await sql`DELETE FROM sell_through_lines WHERE submission_id = ${s.id}`.execute(db);
    for (const table of [
      "sell_through_monthly",
      "sell_through_monthly_summary",
      "sell_through_reseller_totals",
      "sell_through_monthly_totals",
      "sell_through_periods",
    ]) {
      await sql`DELETE FROM ${sql.table(table)} WHERE distributor_id = ${s.distributor_id} AND period = ${s.period}`.execute(db);
    }
  }
  await db.deleteFrom("sell_through_submissions").where("file_name", "=", FILE_NAME).execute();
  log(
    `deleted the ${months.toLocaleString("en")} bench months of an earlier run (another line count, other months or a load cut short) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

async function load(db: DB, url: string, distributors: Distributor[], log: (m: string) => void): Promise<void> {
  const started = performance.now();
  const products = await db.selectFrom("products").select(["id", "list_price"]).orderBy("id").execute();
  const resellers = await db
    .selectFrom("partners")
    .select(["id", "parent_id", "channel_manager_id"])
    .where("code", "like", "BP0%")
    .where("type", "=", "reseller")
    .orderBy("id")
    .execute();
  const rnd = random(2024);
  // Each distributor sells through its own resellers and four more of its manager's, or direct.
  const sellers = new Map(
    distributors.map((d) => {
      const own = resellers.filter((r) => r.parent_id === d.id).map((r) => r.id);
      const same = resellers.filter((r) => r.channel_manager_id === d.managerId && r.parent_id !== d.id);
      const others = Array.from({ length: 4 }, () => same[Math.floor(rnd() * same.length)]?.id).filter((id): id is number => id !== undefined);
      return [d.id, [...own, ...others, null]];
    }),
  );
  const months = Array.from({ length: MONTHS }, (_, i) => addMonths(FIRST, i));
  const slots = distributors.flatMap((d) => months.map((period) => ({ distributor: d, period })));
  const perSlot = (index: number) => Math.floor(LINES / slots.length) + (index < LINES % slots.length ? 1 : 0);

  // One submission and month row per distributor and month, as a commit leaves them; the
  // submissions count as committed (and the load as done) only once every line is in.
  const submissionIds = await insertBenchMonths(db, FILE_NAME, slots, perSlot);

  function* chunk(from: number, to: number): Generator<string> {
    for (let index = from; index < to; index++) {
      const { distributor, period } = slots[index];
      const submissionId = submissionIds.get(`${distributor.id} ${period}`)!;
      const pool = sellers.get(distributor.id)!;
      const primary = EUR_COUNTRIES.has(distributor.country) ? "EUR" : "USD";
      const lines = perSlot(index);
      let text = "";
      for (let n = 0; n < lines; n++) {
        const product = products[Math.floor(rnd() * products.length)];
        const quantity = (rnd() < 0.05 ? -1 : 1) * (1 + Math.floor(rnd() * 20));
        const priceCents = BigInt(Math.round(Number(product.list_price) * (80 + Math.floor(rnd() * 15))));
        const customer = CUSTOMERS[Math.floor(rnd() * CUSTOMERS.length)];
        const reseller = pool[Math.floor(rnd() * pool.length)];
        text +=
          [
            n + 2,
            distributor.id,
            period,
            `B${period.replace("-", "")}-${String(Math.floor(n / 3)).padStart(5, "0")}`,
            String((n % 3) + 1),
            `${period}-${String(1 + Math.floor(rnd() * 28)).padStart(2, "0")}`,
            tsvField(reseller),
            customer,
            customer.toLowerCase(),
            distributor.country,
            product.id,
            quantity,
            fromCents(priceCents),
            rnd() < 0.8 ? primary : primary === "EUR" ? "USD" : "EUR",
            fromCents(priceCents * BigInt(quantity)),
            submissionId,
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
      loaded += (await loadTsv(connection, "sell_through_lines", LINE_COLUMNS, chunk(from, to))).rows;
      from = to;
      if (Math.floor((loaded - lines) / 1_000_000) !== Math.floor(loaded / 1_000_000))
        log(`loaded ${loaded.toLocaleString("en")} lines in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
  } finally {
    await connection.end();
  }
  if (loaded !== LINES) throw new Error(`LOAD DATA took ${loaded} of ${LINES} lines`);
  await db.updateTable("sell_through_submissions").set({ status: "committed" }).where("file_name", "=", FILE_NAME).execute();
  const linesSeconds = (performance.now() - started) / 1000;
  log(`loaded ${loaded.toLocaleString("en")} lines (${slots.length.toLocaleString("en")} distributor months) in ${linesSeconds.toFixed(1)} s`);

  // The rollups, per distributor, with the commit's statements; two at a time (two cores).
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < distributors.length) {
      const d = distributors[next++];
      await sql`
        INSERT INTO sell_through_monthly (period, distributor_id, reseller_id, product_id, currency, quantity, amount, line_count)
        SELECT period, distributor_id, COALESCE(reseller_id, 0), product_id, currency, SUM(quantity), SUM(amount), COUNT(*)
        FROM sell_through_lines WHERE distributor_id = ${d.id} AND period BETWEEN ${FIRST} AND ${LAST}
        GROUP BY period, distributor_id, COALESCE(reseller_id, 0), product_id, currency`.execute(db);
      for (const period of months) await rebuildMonthlySummary(db, d.id, period);
    }
  };
  await Promise.all([worker(), worker()]);
  const counts = await sql<{ fine: number; summary: number }>`
    SELECT (SELECT COUNT(*) FROM sell_through_monthly WHERE period BETWEEN ${FIRST} AND ${LAST}) AS fine,
           (SELECT COUNT(*) FROM sell_through_monthly_summary WHERE period BETWEEN ${FIRST} AND ${LAST}) AS summary`.execute(db);
  log(
    `built the rollups in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${Number(counts.rows[0].fine).toLocaleString("en")} rows of sell_through_monthly, ` +
      `${Number(counts.rows[0].summary).toLocaleString("en")} of sell_through_monthly_summary; whole load ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

/**
 * One submission (still "processing") and one month row per distributor and month, as a commit
 * leaves them, for lines a bench loads itself; answers the submission ids by "distributorId period".
 */
export async function insertBenchMonths(
  db: DB,
  fileName: string,
  slots: { distributor: { id: number }; period: string }[],
  linesOf: (slotIndex: number) => number,
): Promise<Map<string, number>> {
  const committedAt = new Date();
  for (let i = 0; i < slots.length; i += 1000) {
    await db
      .insertInto("sell_through_submissions")
      .values(
        slots.slice(i, i + 1000).map((s, j) => ({
          distributor_id: s.distributor.id,
          period: s.period,
          source: "upload" as const,
          status: "processing" as const,
          file_name: fileName,
          rows_read: linesOf(i + j),
          rows_accepted: linesOf(i + j),
          progress_pct: 100,
          created_at: committedAt,
          checked_at: committedAt,
          committed_at: committedAt,
        })),
      )
      .execute();
  }
  const submissionIds = new Map(
    (await db.selectFrom("sell_through_submissions").select(["id", "distributor_id", "period"]).where("file_name", "=", fileName).execute()).map((s) => [
      `${s.distributor_id} ${s.period}`,
      s.id,
    ]),
  );
  for (let i = 0; i < slots.length; i += 1000) {
    await db
      .insertInto("sell_through_periods")
      .values(
        slots.slice(i, i + 1000).map((s) => ({
          distributor_id: s.distributor.id,
          period: s.period,
          submission_id: submissionIds.get(`${s.distributor.id} ${s.period}`)!,
          first_committed_at: committedAt,
          committed_at: committedAt,
        })),
      )
      .execute();
  }
  return submissionIds;
}
