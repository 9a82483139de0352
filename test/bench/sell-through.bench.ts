// A month of sell-through at scale: a 1,000,000-line CSV (about 80 MB) of Northwind
// Distribution's sales for 2025-10, 5% of its rows bad, then a 5,000,000-line one, each
// through the real import, against what the database alone takes to store the same checked
// lines into sell_through_lines with its real keys (the floor), in the same run. The goals
// (measured, never asserted): the import within 2.0x that floor, the time a line at 5M within
// 1.2x the time a line at 1M, and the importing process's peak memory under 512 MB for both.
// LOAD DATA LOCAL INFILE of the file into a bare table is measured too, for reference.
// - The file is generated here, deterministically (seeded): invoices of one to six lines for
//   resellers of the scale seed (by partner code), end customers in DE/AT/CH/FR/GB/NL/IT/ES/BE,
//   SKUs of the catalogue, quantities (some negative: returns), prices with two decimals, EUR
//   or USD, a few names quoted because they hold a comma. Every 20th data line is bad, the
//   kinds in turn: an unknown SKU, a date outside the month, a bad number (quantity or price),
//   the invoice and line of the line before it again, an unknown reseller. So exactly 950,000
//   lines are accepted and 50,000 rejected, and the bench checks that it is so.
// - The reference: LOAD DATA LOCAL INFILE of the file into a bare table (an auto id, no other
//   index), dropped afterwards.
// - The import runs in a child process (sell-through-import.ts), so its maxRSS is the import's:
//   storeStream, receiveFile as distributor@example.com, startCheck with the proposed mapping,
//   checkSubmission called directly (the job startCheck queued is deleted), commitSubmission.
//   The import's time is receiveFile + startCheck + checkSubmission + commitSubmission (the
//   file read, checked, written and committed); storing the upload is timed on its own, as it is
//   the upload's copy, which LOAD DATA has no counterpart of.
// - Afterwards (and first, for a run that died half-way) everything the import wrote for
//   NWD's 2025-10 in the bench database is deleted: lines, rollup, the period's row, the
//   submissions with their lines, totals and rejected rows, jobs and audit rows; the remembered
//   header mapping is put back as it was; the temporary directory (file and storage) removed.
//   The bench owns NWD's 2025-10 in the bench database.
// BENCH_SELL_THROUGH_LINES=100000 for a quick try, or a list (100000,500000): one run per size,
// figures suffixed with the size (_1m, _5m), and the growth ratio of the largest to the smallest;
// BENCH_IMPORT_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the importing process.
import { spawn } from "node:child_process";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { mkdir, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { once } from "node:events";
import { sql, type RawBuilder } from "kysely";
import { createConnection, type DB } from "../../app/lib/db.server";
import { openBulkConnection, tsvField } from "../../app/lib/bulk-load.server";
import type { BenchContext, Figure } from "./lib";
import type { ImportResult } from "./sell-through-import";

const DISTRIBUTOR_CODE = "NWD";
const USER_EMAIL = "distributor@example.com";
const PERIOD = "2025-10";
/** The file sizes measured, in data lines, smallest first; growth compares the largest with the smallest. */
const SIZES = (process.env.BENCH_SELL_THROUGH_LINES ?? "1000000,5000000")
  .split(",")
  .map(Number)
  .sort((a, b) => a - b);
/** Every BAD_EVERY-th data line is bad: 5%. */
const BAD_EVERY = 20;
const BAD_KINDS = ["unknownSku", "outsidePeriod", "badNumber", "duplicate", "unknownReseller"] as const;
type BadKind = (typeof BAD_KINDS)[number];
/** What checkRow calls each kind (a bad number is a bad quantity or a bad price, in turn). */
const PROBLEMS: Record<BadKind, string[]> = {
  unknownSku: ["sellThrough.problems.unknownSku"],
  outsidePeriod: ["sellThrough.problems.outsidePeriod"],
  badNumber: ["sellThrough.problems.badNumber", "sellThrough.problems.badAmount"],
  duplicate: ["sellThrough.problems.duplicateInFile"],
  unknownReseller: ["sellThrough.problems.unknownReseller"],
};
const HEADER = "Date,Invoice No,Line,Reseller,End customer,Country,Postcode,SKU,Qty,Unit price,Currency";
const REFERENCE_TABLE = "bench_sell_through_load_data";
/** A fixed name, so the next run finds what a run that died left behind. */
const WORK_DIR = path.join(os.tmpdir(), "portal-bench-sell-through");
const FILE_NAME = `sell-through-${DISTRIBUTOR_CODE}-${PERIOD}.csv`;
const IMPORT_SCRIPT = path.join(import.meta.dirname, "sell-through-import.ts");
const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");
const DELETE_CHUNK = 50_000;
/** USER_HZ: Linux reports process times in hundredths of a second. */
const CLOCK_TICKS_PER_SECOND = 100;

export default async function sellThroughBench({ log }: BenchContext): Promise<Figure[]> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("sell-through.bench.ts needs the bench database's URL in process.env.DATABASE_URL (test/bench/run.ts sets it)");
  const { db } = createConnection(url, 4);
  try {
    const distributor = await db
      .selectFrom("partners")
      .select("id")
      .where("code", "=", DISTRIBUTOR_CODE)
      .where("type", "=", "distributor")
      .executeTakeFirstOrThrow();
    const distributorId = distributor.id;
    const mappingBefore = await db.selectFrom("sell_through_header_mappings").selectAll().where("distributor_id", "=", distributorId).executeTakeFirst();

    await cleanUp(db, distributorId, log, "that an earlier run left behind");
    const figures: Figure[] = [];
    const perLine: number[] = [];
    for (const dataLines of SIZES) {
      const measured = await measureSize(db, url, distributorId, dataLines, mappingBefore, log);
      figures.push(...measured.figures);
      perLine.push(measured.microsPerLine);
    }
    if (SIZES.length > 1) {
      const growth = perLine[perLine.length - 1] / perLine[0];
      log(
        `growth: ${perLine.map((us, i) => `${us.toFixed(1)} µs a line at ${SIZES[i].toLocaleString("en")}`).join(", ")}; ` +
          `the largest file's time a line is ${growth.toFixed(2)}x the smallest's (goal: within 1.2x)`,
      );
      figures.push({ name: "sell_through_import_growth_ratio", value: growth, unit: "ratio" });
    }
    return figures;
  } finally {
    await db.destroy();
  }
}

/** "1m" for 1,000,000 lines, "100k" for 100,000: the suffix of one size's figures. */
function sizeLabel(lines: number): string {
  return lines % 1_000_000 === 0 ? `${lines / 1_000_000}m` : lines % 1000 === 0 ? `${lines / 1000}k` : String(lines);
}

/** One file of `dataLines` lines through LOAD DATA, the import and the database alone; cleaned up afterwards. */
async function measureSize(
  db: DB,
  url: string,
  distributorId: number,
  dataLines: number,
  mappingBefore: Parameters<typeof restoreMapping>[2],
  log: (m: string) => void,
): Promise<{ figures: Figure[]; microsPerLine: number }> {
  const label = sizeLabel(dataLines);
  await mkdir(WORK_DIR, { recursive: true });
  try {
    const file = path.join(WORK_DIR, FILE_NAME);
    let t0 = performance.now();
    const generated = await generateFile(db, file, dataLines);
    const bytes = (await stat(file)).size;
    log(
      `generated ${file}: ${dataLines.toLocaleString("en")} data lines, ${(bytes / 1024 / 1024).toFixed(1)} MiB (${(bytes / dataLines).toFixed(1)} bytes a line) ` +
        `in ${((performance.now() - t0) / 1000).toFixed(1)} s; bad lines: ${describeCounts(generated.bad)}; ${generated.resellers} reseller codes, ${generated.skus} SKUs`,
    );

    // CPU seconds of the database server and of the importer tell what the wall-clock figures
    // would be on a quiet machine: on a shared one others' work stretches every wall time.
    let serverCpu = await serverCpuSeconds(db);
    const loadData = await referenceLoad(url, file);
    const loadDataServerCpu = serverCpu === null ? null : (await serverCpuSeconds(db))! - serverCpu;
    log(
      `LOAD DATA LOCAL INFILE into a bare table: ${loadData.rows.toLocaleString("en")} rows (${loadData.warnings} warnings) in ${loadData.seconds.toFixed(2)} s`,
    );

    t0 = performance.now();
    serverCpu = await serverCpuSeconds(db);
    const result = await runImport(url, file, log);
    const importServerCpu = serverCpu === null ? null : (await serverCpuSeconds(db))! - serverCpu;
    const wall = (performance.now() - t0) / 1000;
    const importSeconds = result.receive + result.startCheck + result.check + result.commit;
    const checkSeconds = result.receive + result.startCheck + result.check;
    const peakMb = result.maxRssKiB / 1024;
    log(
      `import (child process, ${wall.toFixed(1)} s wall with start-up): store ${result.store.toFixed(2)} s (not counted), receive ${result.receive.toFixed(2)} s, ` +
        `startCheck ${result.startCheck.toFixed(2)} s, check (read + validate + stage) ${result.check.toFixed(2)} s, commit ${result.commit.toFixed(2)} s; ` +
        `total ${importSeconds.toFixed(2)} s = ${(importSeconds / loadData.seconds).toFixed(2)}x LOAD DATA (goal: at most 2x)`,
    );
    log(
      `import peak memory: maxRSS ${peakMb.toFixed(0)} MiB = ${((result.maxRssKiB * 1024) / 1e6).toFixed(0)} MB (goal: under 512 MB); sampled peaks: heap used ${mib(result.peakHeapUsed)} MiB, ` +
        `external ${mib(result.peakExternal)} MiB, array buffers ${mib(result.peakArrayBuffers)} MiB`,
    );

    if (loadDataServerCpu !== null && importServerCpu !== null) {
      log(
        `CPU: LOAD DATA took the database server ${loadDataServerCpu.toFixed(2)} s; the import took the importer ${result.cpuSeconds.toFixed(2)} s and the database server ` +
          `${importServerCpu.toFixed(2)} s (with the store, receive and clean-up queries around it); the two run side by side on separate cores`,
      );
    }

    const outcome = await verify(db, distributorId, dataLines, result, generated.bad);
    log(
      `submission ${result.submissionId}: read ${result.rowsRead.toLocaleString("en")}, accepted ${result.rowsAccepted.toLocaleString("en")}, rejected ${result.rowsRejected.toLocaleString("en")} ` +
        `(expected ${outcome.expectedAccepted.toLocaleString("en")} / ${outcome.expectedRejected.toLocaleString("en")}); committed ${result.committedLines.toLocaleString("en")} lines ` +
        `(${result.movedToRejects} moved to the rejects at commit), ${outcome.monthlyRows} rollup rows; rejects by problem: ${describeCounts(outcome.rejectsByProblem)}`,
    );
    if (outcome.mismatch) throw new Error(`The import's counts are not what the file holds: ${outcome.mismatch}`);

    const stored = await storageAlone(db, url, result.submissionId);
    log(
      `the database alone, given the import's ${stored.lines.toLocaleString("en")} checked lines as one ready file: into a bare table of their columns ` +
        `${stored.bare.seconds.toFixed(2)} s (server CPU ${stored.bare.cpu?.toFixed(2) ?? "?"} s), into a copy of sell_through_lines with its keys ` +
        `${stored.keyed.seconds.toFixed(2)} s (server CPU ${stored.keyed.cpu?.toFixed(2) ?? "?"} s) = ${(stored.keyed.seconds / loadData.seconds).toFixed(2)}x LOAD DATA of the file; ` +
        `the import took ${(importSeconds / stored.keyed.seconds).toFixed(2)}x that floor (goal: at most 2.0x)`,
    );
    const microsPerLine = (importSeconds * 1e6) / dataLines;

    const figures: Figure[] = [
      { name: "sell_through_load_data_seconds", value: loadData.seconds, unit: "s" },
      { name: "sell_through_import_seconds", value: importSeconds, unit: "s" },
      { name: "sell_through_check_seconds", value: checkSeconds, unit: "s" },
      { name: "sell_through_commit_seconds", value: result.commit, unit: "s" },
      { name: "sell_through_store_seconds", value: result.store, unit: "s" },
      { name: "sell_through_import_vs_load_data_ratio", value: importSeconds / loadData.seconds, unit: "ratio" },
      { name: "sell_through_import_rows_per_second", value: result.rowsRead / importSeconds, unit: "rows/s" },
      { name: "sell_through_import_peak_rss_mb", value: peakMb, unit: "MiB" },
      { name: "sell_through_import_cpu_seconds", value: result.cpuSeconds, unit: "s" },
      { name: "sell_through_store_lines_bare_seconds", value: stored.bare.seconds, unit: "s" },
      { name: "sell_through_store_lines_keyed_seconds", value: stored.keyed.seconds, unit: "s" },
      { name: "sell_through_store_lines_keyed_vs_load_data_ratio", value: stored.keyed.seconds / loadData.seconds, unit: "ratio" },
      ...(loadDataServerCpu !== null && importServerCpu !== null
        ? [
            { name: "sell_through_load_data_server_cpu_seconds", value: loadDataServerCpu, unit: "s" },
            { name: "sell_through_import_server_cpu_seconds", value: importServerCpu, unit: "s" },
          ]
        : []),
      { name: "sell_through_import_vs_keyed_floor_ratio", value: importSeconds / stored.keyed.seconds, unit: "ratio" },
      { name: "sell_through_import_us_per_line", value: microsPerLine, unit: "µs" },
    ].map((figure) => ({ ...figure, name: `${figure.name}_${label}` }));
    return { figures, microsPerLine };
  } finally {
    const t0 = performance.now();
    await cleanUp(db, distributorId, log, "that this run wrote");
    await restoreMapping(db, distributorId, mappingBefore);
    log(`cleaned up in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([key, n]) => `${key} ${n.toLocaleString("en")}`)
    .join(", ");
}

// ---------------------------------------------------------------------------------------------
// The file

/** mulberry32: small, fast and deterministic. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTRIES: [string, number][] = [
  ["DE", 40],
  ["AT", 12],
  ["CH", 8],
  ["FR", 12],
  ["GB", 12],
  ["NL", 6],
  ["IT", 4],
  ["ES", 4],
  ["BE", 2],
];
const CUSTOMER_HEADS = [
  "Acme",
  "Bauer",
  "Hofmann",
  "Keller",
  "Lindner",
  "Meyer",
  "Novak",
  "Richter",
  "Schulz",
  "Vogel",
  "Weber",
  "Zimmer",
  "Dupont",
  "Lefèvre",
  "Moreau",
  "Girard",
  "Smith",
  "Taylor",
  "Brown",
  "Wilson",
  "Jansen",
  "de Vries",
  "Rossi",
  "García",
  "Alpen",
  "Nord",
  "Süd",
  "Stadt",
  "Kreis",
  "Metro",
  "Rhein",
  "Main",
  "Elbe",
  "Isar",
  "Donau",
  "Loire",
];
const CUSTOMER_MIDDLES = [
  "Bau",
  "Logistik",
  "Klinik",
  "Hotels",
  "Retail",
  "Bank",
  "Werke",
  "Energie",
  "Media",
  "Foods",
  "Pharma",
  "Transport",
  "Schulen",
  "Consult",
];
const LEGAL_FORMS: Record<string, string[]> = {
  DE: ["GmbH", "AG", "KG"],
  AT: ["GmbH", "AG"],
  CH: ["AG", "GmbH"],
  FR: ["SAS", "SA"],
  GB: ["Ltd", "plc"],
  NL: ["B.V."],
  IT: ["S.r.l."],
  ES: ["S.L."],
  BE: ["BV"],
};

function weighted<T>(items: [T, number][], rnd: () => number): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let r = rnd() * total;
  for (const [item, w] of items) if ((r -= w) < 0) return item;
  return items[items.length - 1][0];
}

function pick<T>(items: readonly T[], rnd: () => number): T {
  return items[Math.floor(rnd() * items.length)];
}

function postcode(country: string, rnd: () => number): string {
  const digits = (n: number, first = 0) => String(first + Math.floor(rnd() * (10 ** n - first))).padStart(n, "0");
  switch (country) {
    case "GB":
      return `${pick(["EC1A", "SW1A", "M1", "B3", "LS1", "G2"], rnd)} ${digits(1)}${pick(["AB", "DE", "FG", "HJ", "NP", "QR"], rnd)}`;
    case "NL":
      return `${digits(4, 1000)} ${pick(["AB", "CD", "EK", "LM", "RS"], rnd)}`;
    case "AT":
    case "CH":
    case "BE":
      return digits(4, 1000);
    default:
      return digits(5, 1000);
  }
}

/** A CSV field: quoted when it holds a comma or a quote. */
function csv(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

interface Generated {
  bad: Record<BadKind, number>;
  resellers: number;
  skus: number;
}

/** Writes the CSV: the header, then `dataLines` lines, every BAD_EVERY-th of them bad (the kinds in turn). */
async function generateFile(db: DB, file: string, dataLines: number): Promise<Generated> {
  const [resellerRows, productRows, knownNames] = await Promise.all([
    db.selectFrom("partners").select("code").where("type", "=", "reseller").orderBy("code").execute(),
    db.selectFrom("products").select(["sku", "list_price"]).orderBy("sku").execute(),
    db.selectFrom("partners").select(["code", "name"]).where("type", "in", ["reseller", "agent"]).execute(),
  ]);
  if (resellerRows.length === 0 || productRows.length === 0) throw new Error("The bench database has no resellers or no products (is the demo seed loaded?)");
  const resellers = resellerRows.map((r) => r.code);
  const products = productRows.map((p) => ({ sku: p.sku, cents: Math.round(Number(p.list_price) * 100) }));
  // Names no reseller goes by (checkRow looks a reseller up by code or name, lower-cased).
  const taken = new Set(knownNames.flatMap((p) => [p.code.toLowerCase(), p.name.toLowerCase()]));
  const unknownResellers = Array.from({ length: 50 }, (_, i) => `XR${String(90000 + i)}`);
  if (unknownResellers.some((code) => taken.has(code.toLowerCase()))) throw new Error("An 'unknown' reseller code belongs to a partner");
  const skus = new Set(products.map((p) => p.sku.toUpperCase()));
  const unknownSkus = ["NET-SW16", "STO-NAS2", "SEC-FW-XL", "CLD-MGMT2", "NET-AP5", "STO-SSD8T"];
  if (unknownSkus.some((s) => skus.has(s))) throw new Error("An 'unknown' SKU is in the catalogue");

  const rnd = random(20251001);
  // End customers, each with its country and postcode, a few named with a comma (quoted).
  const customers = Array.from({ length: 4000 }, () => {
    const country = weighted(COUNTRIES, rnd);
    const head = pick(CUSTOMER_HEADS, rnd);
    const name = rnd() < 0.03 ? `${head}, ${pick(CUSTOMER_HEADS, rnd)} & Co` : `${head} ${pick(CUSTOMER_MIDDLES, rnd)} ${pick(LEGAL_FORMS[country], rnd)}`;
    return { name: csv(name), country, postcode: csv(postcode(country, rnd)) };
  });

  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  const bad: Record<BadKind, number> = { unknownSku: 0, outsidePeriod: 0, badNumber: 0, duplicate: 0, unknownReseller: 0 };
  const [year, month] = PERIOD.split("-").map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const dayText = (d: number) => `${PERIOD}-${String(d).padStart(2, "0")}`;

  let chunk = `${HEADER}\n`;
  let invoiceSeq = 0;
  let invoice = { no: "", day: 1, reseller: "", customer: customers[0], currency: "EUR", linesLeft: 0, lineNo: 0 };
  let previousGood = "";
  for (let i = 1; i <= dataLines; i++) {
    if (invoice.linesLeft === 0) {
      invoiceSeq++;
      // Invoices are numbered through the month, so their days rise with them.
      const day = Math.min(daysInMonth, 1 + Math.floor(((i - 1) / dataLines) * daysInMonth));
      const customer = pick(customers, rnd);
      invoice = {
        no: `R${PERIOD.slice(2, 4)}${PERIOD.slice(5)}${String(invoiceSeq).padStart(6, "0")}`,
        day,
        // 5% of the lines are sold direct: no reseller named.
        reseller: rnd() < 0.05 ? "" : pick(resellers, rnd),
        customer,
        currency: customer.country === "GB" || rnd() < 0.1 ? "USD" : "EUR",
        linesLeft: 1 + Math.floor(rnd() * 6),
        lineNo: 0,
      };
    }
    const kind: BadKind | null = i % BAD_EVERY === 0 ? BAD_KINDS[(i / BAD_EVERY - 1) % BAD_KINDS.length] : null;
    let line: string;
    if (kind === "duplicate") {
      // The line before (always a good one) again: the same invoice and line number.
      line = previousGood;
    } else {
      invoice.linesLeft--;
      invoice.lineNo++;
      const product = pick(products, rnd);
      const returned = rnd() < 0.03;
      let quantity = String(returned ? -(1 + Math.floor(rnd() * 3)) : 1 + Math.floor(rnd() * (product.cents > 500_000 ? 3 : 40)));
      let price = (Math.round((product.cents * (0.6 + rnd() * 0.45)) / 1) / 100).toFixed(2);
      let date = dayText(invoice.day);
      let sku = product.sku;
      let reseller = invoice.reseller;
      if (kind === "unknownSku") sku = pick(unknownSkus, rnd);
      else if (kind === "outsidePeriod") date = rnd() < 0.5 ? "2025-09-30" : `2025-11-0${1 + Math.floor(rnd() * 5)}`;
      else if (kind === "badNumber") {
        if (bad.badNumber % 2 === 0) quantity = pick(["2x", "1O", "three", "5 pcs"], rnd);
        else price = pick(["12.3.4", "n/a", "1.290,00€", "EUR 89"], rnd);
      } else if (kind === "unknownReseller") reseller = pick(unknownResellers, rnd);
      const c = invoice.customer;
      line = `${date},${invoice.no},${invoice.lineNo},${reseller},${c.name},${c.country},${c.postcode},${sku},${quantity},${csv(price)},${invoice.currency}\n`;
      if (!kind) previousGood = line;
    }
    if (kind) bad[kind]++;
    chunk += line;
    if (chunk.length >= 1 << 20) {
      await write(chunk);
      chunk = "";
    }
  }
  await write(chunk);
  out.end();
  await once(out, "finish");
  return { bad, resellers: resellers.length, skus: products.length };
}

// ---------------------------------------------------------------------------------------------
// The reference: LOAD DATA into a bare table

async function referenceLoad(url: string, file: string): Promise<{ seconds: number; rows: number; warnings: number }> {
  const connection = await openBulkConnection(url);
  try {
    await connection.query(`DROP TABLE IF EXISTS ${REFERENCE_TABLE}`);
    await connection.query(`CREATE TABLE ${REFERENCE_TABLE} (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      transaction_date DATE NULL,
      invoice_no VARCHAR(64) NOT NULL,
      line_no INT NULL,
      reseller VARCHAR(200) NOT NULL,
      end_customer VARCHAR(200) NOT NULL,
      country CHAR(2) NOT NULL,
      postcode VARCHAR(16) NOT NULL,
      sku VARCHAR(64) NOT NULL,
      quantity INT NULL,
      unit_price DECIMAL(18,2) NULL,
      currency CHAR(3) NOT NULL,
      PRIMARY KEY (id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    try {
      const t0 = performance.now();
      const [result] = await connection.query({
        sql:
          `LOAD DATA LOCAL INFILE '${FILE_NAME}' INTO TABLE ${REFERENCE_TABLE} CHARACTER SET utf8mb4 ` +
          `FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"' LINES TERMINATED BY '\\n' IGNORE 1 LINES ` +
          `(transaction_date, invoice_no, line_no, reseller, end_customer, country, postcode, sku, quantity, unit_price, currency)`,
        infileStreamFactory: () => createReadStream(file),
      });
      const seconds = (performance.now() - t0) / 1000;
      const header = result as { affectedRows: number; warningStatus: number };
      return { seconds, rows: header.affectedRows, warnings: header.warningStatus };
    } finally {
      await connection.query(`DROP TABLE IF EXISTS ${REFERENCE_TABLE}`);
    }
  } finally {
    await connection.end();
  }
}

// ---------------------------------------------------------------------------------------------
// The import, in a child process

/**
 * The flags `npm run worker` gives node (package.json), so the import is measured as the worker
 * runs it: its heap is capped, which makes V8 collect before the garbage of millions of rows
 * piles up (a 5M-line import keeps about 70 MiB of heap alive, but without a cap it grew past 250).
 */
async function workerNodeFlags(): Promise<string[]> {
  const { scripts } = JSON.parse(await readFile(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const command = /^node (.*)build\/server\/worker\.js$/.exec(scripts.worker);
  if (!command) throw new Error(`package.json's worker script is not "node [flags] build/server/worker.js": ${scripts.worker}`);
  return command[1].split(" ").filter(Boolean);
}

async function runImport(url: string, file: string, log: (m: string) => void): Promise<ImportResult> {
  const nodeArgs = [...(await workerNodeFlags()), ...(process.env.BENCH_IMPORT_NODE_ARGS ?? "").split(" ").filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", IMPORT_SCRIPT, file, USER_EMAIL, DISTRIBUTOR_CODE, PERIOD], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: url, STORAGE_DIR: path.join(WORK_DIR, "storage"), NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  child.stdout!.setEncoding("utf8").on("data", (text: string) => (stdout += text));
  child.stderr!.setEncoding("utf8").on("data", (text: string) => {
    for (const line of text.split("\n")) if (line.trim()) log(`  ${line}`);
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const [code, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
  process.removeListener("exit", killOnExit);
  if (code !== 0) throw new Error(`The importing process exited with ${code ?? signal}`);
  const last = stdout.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(last) as ImportResult;
  } catch {
    throw new Error(`The importing process printed no result: ${stdout.slice(-500)}`);
  }
}

interface Outcome {
  expectedAccepted: number;
  expectedRejected: number;
  rejectsByProblem: Record<string, number>;
  monthlyRows: number;
  mismatch: string | null;
}

/** What the database holds after the commit, against what the file was made to hold. */
async function verify(db: DB, distributorId: number, dataLines: number, result: ImportResult, bad: Record<BadKind, number>): Promise<Outcome> {
  const expectedRejected = Object.values(bad).reduce((a, b) => a + b, 0);
  const expectedAccepted = dataLines - expectedRejected;
  const problems = await db
    .selectFrom("sell_through_rejects")
    .select(["problem", sql<number>`COUNT(*)`.as("n")])
    .where("submission_id", "=", result.submissionId)
    .groupBy("problem")
    .orderBy("problem")
    .execute();
  const rejectsByProblem = Object.fromEntries(problems.map((p) => [p.problem.replace("sellThrough.problems.", ""), Number(p.n)]));
  // The month's current lines: those of the submission its period row names.
  const lines = Number(
    (
      await sql<{ n: number }>`SELECT COUNT(*) AS n FROM sell_through_lines l
        JOIN sell_through_periods p ON p.distributor_id = l.distributor_id AND p.period = l.period AND p.submission_id = l.submission_id
        WHERE l.distributor_id = ${distributorId} AND l.period = ${PERIOD}`.execute(db)
    ).rows[0].n,
  );
  const monthlyRows = Number(
    (await sql<{ n: number }>`SELECT COUNT(*) AS n FROM sell_through_monthly WHERE distributor_id = ${distributorId} AND period = ${PERIOD}`.execute(db))
      .rows[0].n,
  );

  const problemsOff = BAD_KINDS.filter(
    (kind) => PROBLEMS[kind].reduce((sum, p) => sum + (rejectsByProblem[p.replace("sellThrough.problems.", "")] ?? 0), 0) !== bad[kind],
  );
  const mismatch = [
    result.rowsRead !== dataLines ? `read ${result.rowsRead}, not ${dataLines}` : null,
    result.rowsAccepted !== expectedAccepted ? `accepted ${result.rowsAccepted}, not ${expectedAccepted}` : null,
    result.rowsRejected !== expectedRejected ? `rejected ${result.rowsRejected}, not ${expectedRejected}` : null,
    lines !== expectedAccepted ? `${lines} committed lines, not ${expectedAccepted}` : null,
    problemsOff.length ? `rejects of the kinds ${problemsOff.join(", ")} do not match the file` : null,
  ].filter(Boolean);
  return { expectedAccepted, expectedRejected, rejectsByProblem, monthlyRows, mismatch: mismatch.length ? mismatch.join("; ") : null };
}

/** CPU seconds the database server process has used, when it runs on this machine (the embedded one); null otherwise. */
const STORE_COLUMNS = [
  "submission_id",
  "row_no",
  "distributor_id",
  "period",
  "transaction_date",
  "invoice_no",
  "line_no",
  "reseller_id",
  "end_customer_name",
  "end_customer_key",
  "end_customer_country",
  "end_customer_postcode",
  "product_id",
  "quantity",
  "unit_price",
  "currency",
  "amount",
  "deal_id",
] as const;

/**
 * What storing the checked lines costs the database by itself, with nothing to parse or check
 * and a producer that never makes it wait: the submission's lines written out as the TSV the
 * import sends, then loaded from that file into a keyless copy of their table (empty) and
 * into a copy with sell_through_lines' keys (holding one line, as the real table is never
 * empty: an empty table takes InnoDB's cheaper bulk path). Both copies are dropped.
 */
async function storageAlone(db: DB, url: string, submissionId: number) {
  const file = path.join(WORK_DIR, "lines.tsv");
  const out = createWriteStream(file);
  let lines = 0;
  const query = db
    .selectFrom("sell_through_lines")
    .select([...STORE_COLUMNS.filter((c) => c !== "transaction_date"), sql<string>`CAST(transaction_date AS CHAR)`.as("transaction_date")])
    .where("submission_id", "=", submissionId);
  for await (const row of query.stream(10_000)) {
    const values = row as unknown as Record<string, string | number | null>;
    if (!out.write(STORE_COLUMNS.map((c) => tsvField(values[c])).join("\t") + "\n")) await once(out, "drain");
    lines++;
  }
  out.end();
  await once(out, "finish");

  const connection = await openBulkConnection(url);
  const tables = { bare: "bench_store_lines_bare", keyed: "bench_store_lines_keyed" };
  try {
    for (const table of Object.values(tables)) await connection.query(`DROP TABLE IF EXISTS ${table}`);
    await connection.query(`CREATE TABLE ${tables.bare} LIKE sell_through_lines`);
    await connection.query(`ALTER TABLE ${tables.bare} DROP PRIMARY KEY, DROP KEY sell_through_lines_invoice, DROP KEY sell_through_lines_deal`);
    await connection.query(`CREATE TABLE ${tables.keyed} LIKE sell_through_lines`);
    await connection.query(`INSERT INTO ${tables.keyed} SELECT * FROM sell_through_lines WHERE submission_id = ? LIMIT 1`, [submissionId]);
    const load = async (table: string) => {
      const cpu = await serverCpuSeconds(db);
      const t0 = performance.now();
      await connection.query({
        sql: `LOAD DATA LOCAL INFILE 'lines.tsv' IGNORE INTO TABLE ${table} CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${STORE_COLUMNS.join(", ")})`,
        infileStreamFactory: () => createReadStream(file),
      });
      const seconds = (performance.now() - t0) / 1000;
      const after = await serverCpuSeconds(db);
      return { seconds, cpu: cpu === null || after === null ? null : after - cpu };
    };
    return { lines, bare: await load(tables.bare), keyed: await load(tables.keyed) };
  } finally {
    for (const table of Object.values(tables)) await connection.query(`DROP TABLE IF EXISTS ${table}`);
    await connection.end();
    await rm(file, { force: true });
  }
}

async function serverCpuSeconds(db: DB): Promise<number | null> {
  try {
    const { rows } = await sql<{ pidFile: string }>`SELECT @@pid_file AS pidFile`.execute(db);
    const pid = (await readFile(rows[0].pidFile, "utf8")).trim();
    // Fields 14 and 15 of /proc/PID/stat (after the parenthesised name): user and system time in clock ticks.
    const fields = (await readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Cleaning up

/** Deletes in chunks, so no statement holds a million rows' undo. */
async function deleteChunked(db: DB, statement: (limit: number) => RawBuilder<unknown>): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await statement(DELETE_CHUNK).execute(db);
    const n = Number(result.numAffectedRows ?? 0);
    total += n;
    if (n < DELETE_CHUNK) return total;
  }
}

async function cleanUp(db: DB, distributorId: number, log: (m: string) => void, whose: string): Promise<void> {
  const submissions = (
    await db.selectFrom("sell_through_submissions").select("id").where("distributor_id", "=", distributorId).where("period", "=", PERIOD).execute()
  ).map((s) => s.id);
  const deleted: Record<string, number> = {};
  deleted.rollup = Number(
    (await db.deleteFrom("sell_through_monthly").where("distributor_id", "=", distributorId).where("period", "=", PERIOD).executeTakeFirst()).numDeletedRows,
  );
  deleted.periods = Number(
    (await db.deleteFrom("sell_through_periods").where("distributor_id", "=", distributorId).where("period", "=", PERIOD).executeTakeFirst()).numDeletedRows,
  );
  deleted.lines = 0;
  deleted.totals = 0;
  deleted.rejects = 0;
  deleted.jobs = 0;
  deleted.audit = 0;
  for (const id of submissions) {
    deleted.lines += await deleteChunked(db, (limit) => sql`DELETE FROM sell_through_lines WHERE submission_id = ${id} LIMIT ${limit}`);
    deleted.totals += Number((await db.deleteFrom("sell_through_submission_totals").where("submission_id", "=", id).executeTakeFirst()).numDeletedRows);
    deleted.rejects += await deleteChunked(db, (limit) => sql`DELETE FROM sell_through_rejects WHERE submission_id = ${id} LIMIT ${limit}`);
    deleted.jobs += Number(
      (
        await db
          .deleteFrom("jobs")
          .where("type", "in", ["sellThrough.check", "sellThrough.purgeLines"])
          .where("payload", "=", JSON.stringify({ submissionId: id }))
          .executeTakeFirst()
      ).numDeletedRows,
    );
    deleted.audit += Number(
      (await db.deleteFrom("audit_log").where("entity_type", "=", "sell_through_submission").where("entity_id", "=", String(id)).executeTakeFirst())
        .numDeletedRows,
    );
  }
  if (submissions.length) await db.deleteFrom("sell_through_submissions").where("id", "in", submissions).execute();
  deleted.submissions = submissions.length;
  await db.schema.dropTable(REFERENCE_TABLE).ifExists().execute();
  const leftFiles = existsSync(WORK_DIR);
  await rm(WORK_DIR, { recursive: true, force: true });
  const any = Object.values(deleted).some((n) => n > 0) || leftFiles;
  if (any) log(`deleted the rows of ${DISTRIBUTOR_CODE} ${PERIOD} ${whose}: ${describeCounts(deleted)}${leftFiles ? `; removed ${WORK_DIR}` : ""}`);
}

async function restoreMapping(
  db: DB,
  distributorId: number,
  before: { distributor_id: number; mapping_json: string; updated_at: Date } | undefined,
): Promise<void> {
  if (!before) {
    await db.deleteFrom("sell_through_header_mappings").where("distributor_id", "=", distributorId).execute();
    return;
  }
  await db
    .updateTable("sell_through_header_mappings")
    .set({ mapping_json: before.mapping_json, updated_at: before.updated_at })
    .where("distributor_id", "=", distributorId)
    .execute();
}
