// Bulk loading with LOAD DATA LOCAL INFILE: many times faster than INSERTs for hundreds of
// thousands of rows (the scale seed, sell-through imports). Rows travel as tab-separated text
// streamed from memory, never through a temporary file. The embedded server allows it
// (--local-infile=1); a server given by DATABASE_URL must have local_infile enabled.
import { Readable } from "node:stream";
import mysql from "mysql2/promise";

/** A dedicated connection: LOAD DATA LOCAL needs one of its own, outside the pool. */
export async function openBulkConnection(url: string): Promise<mysql.Connection> {
  const connection = await mysql.createConnection({ uri: url, timezone: "Z", charset: "utf8mb4_unicode_ci", dateStrings: true });
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

/**
 * Loads the lines (each "a\tb\tc\n", fields escaped with tsvField) into `table`'s `columns`
 * in one statement; answers how many rows the server took.
 */
export async function loadTsv(
  connection: mysql.Connection,
  table: string,
  columns: readonly string[],
  lines: AsyncIterable<string> | Iterable<string>,
): Promise<number> {
  // mysql2 sends the infile stream's chunks as they are, and wants bytes.
  const stream = Readable.from(asBuffers(lines));
  const [result] = await connection.query({
    sql: `LOAD DATA LOCAL INFILE '${table}.tsv' INTO TABLE ${table} CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${columns.join(", ")})`,
    infileStreamFactory: () => stream,
  });
  return (result as mysql.ResultSetHeader).affectedRows;
}

/** About what one packet of the LOAD DATA stream holds. */
const CHUNK_CHARS = 64 * 1024;

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
