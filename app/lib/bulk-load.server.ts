// Bulk loading with LOAD DATA LOCAL INFILE: many times faster than INSERTs for hundreds of
// thousands of rows (the scale seed, sell-through imports). Rows travel as tab-separated text
// streamed from memory, never through a temporary file. The embedded server allows it
// (--local-infile=1); some managed databases do not (local_infile=0). When the server refuses
// it, or with BULK_LOAD=inserts, the same rows go as batched multi-row INSERTs instead: the
// same result, at the cost `npm run bench` prints (sell-through-bulk-load.bench.ts).
import { Readable } from "node:stream";
import mysql from "mysql2/promise";
import { logger } from "./logger.server";

/** A dedicated connection: LOAD DATA LOCAL needs one of its own, outside the pool. */
export async function openBulkConnection(url: string, options: { flags?: string[] } = {}): Promise<mysql.Connection> {
  const connection = await mysql.createConnection({ uri: url, timezone: "Z", charset: "utf8mb4_unicode_ci", dateStrings: true, flags: options.flags });
  await connection.query("SET time_zone = '+00:00'");
  return connection;
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;

export function tsvField(value: string | number | Date | null): string {
  if (value === null) return "\\N";
  if (value instanceof Date) return value.toISOString().slice(0, 23).replace("T", " ");
  if (typeof value === "number") return String(value);
  // Most text has nothing to escape: one test is much cheaper than four replaces.
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

export type BulkLoadMethod = "infile" | "inserts";

export interface BulkLoadResult {
  /** The rows the server took. */
  rows: number;
  /** Its warnings (a value cut to fit, a duplicate key skipped). */
  warnings: number;
}

// The server's answers that mean "no LOAD DATA LOCAL here": ER_NOT_ALLOWED_COMMAND (MySQL 5.7,
// older MariaDB), MariaDB's ER_LOAD_INFILE_CAPABILITY_DISABLED, MySQL 8's ER_CLIENT_LOCAL_FILES_DISABLED.
const INFILE_REFUSED = new Set([1148, 4166, 3948]);

// Once a server has refused, this process stops asking it.
let infileRefused = false;

function chosenMethod(): BulkLoadMethod {
  return process.env.BULK_LOAD === "inserts" || infileRefused ? "inserts" : "infile";
}

/**
 * Loads the lines (each "a\tb\tc\n", fields escaped with tsvField; an item may hold several
 * lines) into `table`'s `columns`: with LOAD DATA in one statement, or as INSERTs when the
 * server refuses it or `method` (default: BULK_LOAD) says so.
 */
export async function loadTsv(
  connection: mysql.Connection,
  table: string,
  columns: readonly string[],
  lines: AsyncIterable<string> | Iterable<string>,
  options: { method?: BulkLoadMethod } = {},
): Promise<BulkLoadResult> {
  if ((options.method ?? chosenMethod()) === "inserts") return insertTsv(connection, table, columns, lines);
  // The lines are read only once the server asks for the file, so a refusal leaves them all for the INSERTs.
  let streamed = false;
  try {
    const [result] = await connection.query({
      sql: `LOAD DATA LOCAL INFILE '${table}.tsv' INTO TABLE ${table} CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${columns.join(", ")})`,
      infileStreamFactory: () => {
        streamed = true;
        // mysql2 sends the infile stream's chunks as they are, and wants bytes.
        return Readable.from(asBuffers(lines));
      },
    });
    const header = result as mysql.ResultSetHeader;
    return { rows: header.affectedRows, warnings: header.warningStatus ?? 0 };
  } catch (error) {
    if (streamed || !INFILE_REFUSED.has((error as { errno?: number }).errno ?? 0)) throw error;
    infileRefused = true;
    logger.warn({ table, err: error }, "the database refuses LOAD DATA LOCAL INFILE; bulk loads use batched INSERTs from now on");
    return insertTsv(connection, table, columns, lines);
  }
}

/** About what one packet of the LOAD DATA stream, or one INSERT, holds. */
const CHUNK_CHARS = 64 * 1024;
/** Rows per INSERT, at most: well under max_allowed_packet even for wide rows of CHUNK_CHARS. */
const INSERT_ROWS = 2_000;

/**
 * The lines as chunks of about CHUNK_CHARS: mysql2 writes each chunk to the socket as it is,
 * so a row at a time (168,000 rollup rows of a big month) costs a write and a packet each.
 */
async function* asBuffers(lines: AsyncIterable<string> | Iterable<string>): AsyncGenerator<Buffer> {
  let pending = "";
  for await (const line of lines) {
    pending += line;
    if (pending.length >= CHUNK_CHARS) {
      yield Buffer.from(pending, "utf8");
      pending = "";
    }
  }
  if (pending) yield Buffer.from(pending, "utf8");
}

const UNESCAPED: Record<string, string> = { n: "\n", t: "\t", r: "\r", "0": "\0", b: "\b", Z: "\x1a" };

/** One field as LOAD DATA reads it with ESCAPED BY '\\': \N alone is NULL, \x is the character x unless listed above. */
function tsvValue(field: string): string | null {
  if (field === "\\N") return null;
  if (!field.includes("\\")) return field;
  return field.replace(/\\(.)/gs, (_, c: string) => UNESCAPED[c] ?? c);
}

/** The fallback: the same rows as multi-row INSERT IGNOREs (LOAD DATA LOCAL also skips a row it cannot take, with a warning, rather than stop). */
async function insertTsv(
  connection: mysql.Connection,
  table: string,
  columns: readonly string[],
  lines: AsyncIterable<string> | Iterable<string>,
): Promise<BulkLoadResult> {
  const total: BulkLoadResult = { rows: 0, warnings: 0 };
  const prefix = `INSERT IGNORE INTO ${table} (${columns.join(", ")}) VALUES `;
  const placeholders = `(${columns.map(() => "?").join(", ")})`;
  let batch: (string | null)[] = [];
  let batchRows = 0;
  let batchChars = 0;
  const flush = async () => {
    if (batchRows === 0) return;
    const [result] = await connection.query(prefix + Array(batchRows).fill(placeholders).join(", "), batch);
    const header = result as mysql.ResultSetHeader;
    total.rows += header.affectedRows;
    total.warnings += header.warningStatus ?? 0;
    batch = [];
    batchRows = 0;
    batchChars = 0;
  };
  const add = async (row: string) => {
    const fields = row.split("\t");
    // Every caller writes whole rows; a row of another width is a mistake to see, not to pad.
    if (fields.length !== columns.length) throw new Error(`A row for ${table} has ${fields.length} fields for ${columns.length} columns`);
    for (const field of fields) batch.push(tsvValue(field));
    batchRows++;
    batchChars += row.length;
    if (batchRows >= INSERT_ROWS || batchChars >= CHUNK_CHARS * 16) await flush();
  };
  let partial = "";
  for await (const text of lines) {
    const rows = (partial + text).split("\n");
    partial = rows.pop()!;
    for (const row of rows) await add(row);
  }
  // LOAD DATA takes a last line without its line break too.
  if (partial) await add(partial);
  await flush();
  return total;
}
