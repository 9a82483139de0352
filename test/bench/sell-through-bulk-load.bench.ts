// What the INSERT fallback of bulk loads costs (app/lib/bulk-load.server.ts: for a database
// that refuses LOAD DATA LOCAL INFILE, or BULK_LOAD=inserts): the same generated sell-through
// lines, as the import sends them (TSV in chunks of many lines), loaded by loadTsv once with
// LOAD DATA and once with batched multi-row INSERTs, each into its own copy of
// sell_through_lines with the real table's keys (holding one line first, as the real table is
// never empty: an empty table takes InnoDB's cheaper bulk path). The two copies must come out
// the same (CHECKSUM TABLE); both are dropped afterwards.
// BENCH_BULK_LOAD_LINES (default 200,000: well under a minute for both) sets the size.
import { performance } from "node:perf_hooks";
import { loadTsv, openBulkConnection, tsvField, type BulkLoadMethod } from "../../app/lib/bulk-load.server";
import { random } from "../../db/seed/scale";
import { LINE_COLUMNS } from "./sell-through-data";
import type { BenchContext, Figure } from "./lib";

const LINES = Number(process.env.BENCH_BULK_LOAD_LINES ?? 200_000);
/** Lines per chunk, about what the import hands the loader for one batch of the file. */
const CHUNK = 1_000;
const PERIOD = "2025-10";

/** LINE_COLUMNS' values for line n: distinct invoice and line numbers, so the unique key takes every one. */
function line(n: number, rnd: () => number): string {
  const quantity = 1 + Math.floor(rnd() * 20);
  const cents = 1_000 + Math.floor(rnd() * 500_000);
  const customer = `Bench Kunde ${Math.floor(rnd() * 500)}`;
  return (
    [
      n + 1,
      1,
      PERIOD,
      `BL-${String(Math.floor(n / 3)).padStart(7, "0")}`,
      String((n % 3) + 1),
      `${PERIOD}-${String(1 + Math.floor(rnd() * 28)).padStart(2, "0")}`,
      rnd() < 0.1 ? null : 1 + Math.floor(rnd() * 2_000),
      customer,
      customer.toLowerCase(),
      "DE",
      1 + Math.floor(rnd() * 300),
      quantity,
      (cents / 100).toFixed(2),
      rnd() < 0.8 ? "EUR" : "USD",
      ((cents * quantity) / 100).toFixed(2),
      1,
    ]
      .map((value) => tsvField(value))
      .join("\t") + "\n"
  );
}

function chunks(): string[] {
  const rnd = random(17);
  const all: string[] = [];
  for (let from = 0; from < LINES; from += CHUNK) {
    let text = "";
    for (let n = from; n < Math.min(LINES, from + CHUNK); n++) text += line(n, rnd);
    all.push(text);
  }
  return all;
}

export default async function bench(context: BenchContext): Promise<Figure[]> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (run.ts sets it)");
  const text = chunks();
  const connection = await openBulkConnection(url);
  const tables: Record<BulkLoadMethod, string> = { infile: "bench_bulk_load_infile", inserts: "bench_bulk_load_inserts" };
  const seconds: Partial<Record<BulkLoadMethod, number>> = {};
  try {
    for (const method of ["infile", "inserts"] as const) {
      const table = tables[method];
      await connection.query(`DROP TABLE IF EXISTS ${table}`);
      await connection.query(`CREATE TABLE ${table} LIKE sell_through_lines`);
      await loadTsv(connection, table, LINE_COLUMNS, [line(LINES, random(1))], { method });
      const t0 = performance.now();
      const loaded = await loadTsv(connection, table, LINE_COLUMNS, text, { method });
      seconds[method] = (performance.now() - t0) / 1000;
      if (loaded.rows !== LINES) throw new Error(`${method} loaded ${loaded.rows} of ${LINES} lines`);
      context.log(`bulk load of ${LINES} lines with ${method}: ${seconds[method]!.toFixed(2)} s`);
    }
    const [checksums] = await connection.query(`CHECKSUM TABLE ${tables.infile}, ${tables.inserts}`);
    const [a, b] = (checksums as { Checksum: number }[]).map((row) => row.Checksum);
    if (a !== b) throw new Error(`The INSERTs stored other rows than LOAD DATA (checksums ${a} and ${b})`);
  } finally {
    for (const table of Object.values(tables)) await connection.query(`DROP TABLE IF EXISTS ${table}`);
    await connection.end();
  }
  return [
    { name: "bulk_load_infile_lines_per_s", value: LINES / seconds.infile!, unit: "lines/s" },
    { name: "bulk_load_inserts_lines_per_s", value: LINES / seconds.inserts!, unit: "lines/s" },
    { name: "bulk_load_inserts_vs_infile", value: seconds.inserts! / seconds.infile!, unit: "ratio" },
  ];
}
