// Issue 17: bulk loads need no LOAD DATA LOCAL INFILE. Where the server refuses it, or with
// BULK_LOAD=inserts, the same rows go in as batched INSERTs: the same table, byte for byte,
// for the loader itself and for a sell-through file's check.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadTsv, openBulkConnection, tsvField, type BulkLoadMethod } from "~/lib/bulk-load.server";
import { db, partnerByCode } from "../support/db";
import { reportFile } from "../support/sell-through-files";
import type mysql from "mysql2/promise";

const url = inject("databaseUrl");
const table = `bulk_load_test_${process.pid}`;
const COLUMNS = ["id", "name", "amount", "at"] as const;
let connection: mysql.Connection;

beforeAll(async () => {
  connection = await openBulkConnection(url);
});
afterAll(async () => {
  await connection.query(`DROP TABLE IF EXISTS ${table}`);
  await connection.end();
  delete process.env.BULK_LOAD;
});

async function freshTable(): Promise<void> {
  await connection.query(`DROP TABLE IF EXISTS ${table}`);
  await connection.query(
    `CREATE TABLE ${table} (id INT NOT NULL PRIMARY KEY, name VARCHAR(200) NULL, amount DECIMAL(14,2) NOT NULL, at DATETIME(3) NULL) CHARACTER SET utf8mb4`,
  );
}

const AWKWARD = ["tab\there", "line\nbreak", "carriage\rreturn", "back\\slash", "\\N", "\\", "", "中文 名称", "emoji 🚀", "quote ' and \" both", null];

/** 5,000 rows (more than one INSERT's worth), the awkward texts among them. */
function rows(): [number, string | null, string, Date | null][] {
  return Array.from({ length: 5_000 }, (_, i) => [
    i + 1,
    AWKWARD[i % AWKWARD.length],
    `${i}.${String(i % 100).padStart(2, "0")}`,
    i % 7 ? new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)) : null,
  ]);
}

/** The rows as TSV, cut every 997 characters, so pieces end in the middle of a row. */
function tsvPieces(): string[] {
  const text = rows()
    .map((row) => row.map(tsvField).join("\t") + "\n")
    .join("");
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += 997) pieces.push(text.slice(at, at + 997));
  return pieces;
}

async function tableRows(): Promise<unknown[]> {
  const [result] = await connection.query(`SELECT id, name, amount, at FROM ${table} ORDER BY id`);
  return result as unknown[];
}

async function loadedWith(method: BulkLoadMethod): Promise<{ loaded: number; rows: unknown[] }> {
  await freshTable();
  const { rows: loaded } = await loadTsv(connection, table, COLUMNS, tsvPieces(), { method });
  return { loaded, rows: await tableRows() };
}

describe("loadTsv", () => {
  it("writes the same rows with INSERTs as with LOAD DATA", async () => {
    const infile = await loadedWith("infile");
    const inserts = await loadedWith("inserts");
    expect(infile.loaded).toBe(5_000);
    expect(inserts.loaded).toBe(5_000);
    expect(inserts.rows).toEqual(infile.rows);
    expect(infile.rows.slice(0, AWKWARD.length).map((row) => (row as { name: string | null }).name)).toEqual(AWKWARD);
  });
});

describe("a sell-through file's check", () => {
  it("stores the same lines and totals with BULK_LOAD=inserts as with LOAD DATA", async () => {
    const period = "1937-06";
    const csv = [
      "Date;Invoice No;Line;Reseller;End customer;Country;SKU;Qty;Unit price;Currency",
      ...Array.from(
        { length: 300 },
        (_, i) => `${period}-${String((i % 28) + 1).padStart(2, "0")};BULK-${i};1;BPS;Kunde\\${i} "Ä";DE;NET-SW24;${(i % 5) + 1};12,5${i % 10};EUR`,
      ),
      `${period}-03;BULK-X;1;;Direct;DE;NET-SW24;1;10,00;EUR`,
    ].join("\n");
    const checked = async () => {
      const { received } = await reportFile("distributor@example.com", "NWD", period, Buffer.from(csv), "bulk.csv", { commit: false });
      const id = received.submissionId;
      const lines = await db().selectFrom("sell_through_lines").selectAll().where("submission_id", "=", id).orderBy("row_no").execute();
      const totals = await db()
        .selectFrom("sell_through_submission_totals")
        .selectAll()
        .where("submission_id", "=", id)
        .orderBy("reseller_id")
        .orderBy("product_id")
        .orderBy("currency")
        .execute();
      const withoutSubmission = <T extends { submission_id: number }>(list: T[]) => list.map(({ submission_id: _id, ...rest }) => rest);
      return { lines: withoutSubmission(lines), totals: withoutSubmission(totals) };
    };
    const infile = await checked();
    process.env.BULK_LOAD = "inserts";
    const inserts = await checked();
    delete process.env.BULK_LOAD;
    expect(infile.lines).toHaveLength(301);
    expect(inserts).toEqual(infile);
    expect((await partnerByCode("NWD")).id).toBe(infile.lines[0].distributor_id);
  });
});

// Last: once a server has refused LOAD DATA, the loader of this process stops asking it.
describe("a server that refuses LOAD DATA LOCAL", () => {
  it("gets the rows as INSERTs instead", async () => {
    await freshTable();
    // A client that does not offer to send local files is refused as local_infile=0 refuses it.
    const refusing = await openBulkConnection(url, { flags: ["-LOCAL_FILES"] });
    try {
      await expect(
        refusing.query({ sql: `LOAD DATA LOCAL INFILE 'x.tsv' INTO TABLE ${table} (${COLUMNS.join(", ")})`, infileStreamFactory: () => null as never }),
      ).rejects.toThrow(/not allowed/);
      const { rows: loaded } = await loadTsv(refusing, table, COLUMNS, tsvPieces());
      expect(loaded).toBe(5_000);
    } finally {
      await refusing.end();
    }
    const fallback = await tableRows();
    expect(fallback).toEqual((await loadedWith("infile")).rows);
  });
});
