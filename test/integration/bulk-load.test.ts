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
  it("reads the rows no faster than the server takes them", async () => {
    // The server stops at the first row (its trigger waits for a lock another connection holds)
    // until the rows read stop growing. Loaded without waiting for the socket, all 60 MB would
    // be read and queued in memory meanwhile; waiting, no more than the socket's buffers hold.
    const slow = `${table}_slow`;
    const lockName = `${slow}_held`;
    const holder = await openBulkConnection(url);
    const rowsOf = 60_000;
    const body = "x".repeat(1_000);
    let bytesRead = 0;
    let mostReadWhileHeld = 0;
    let held = true;
    try {
      await connection.query(`DROP TABLE IF EXISTS ${slow}`);
      await connection.query(`CREATE TABLE ${slow} (id INT NOT NULL PRIMARY KEY, body TEXT NOT NULL)`);
      await connection.query(
        `CREATE TRIGGER ${slow}_first BEFORE INSERT ON ${slow} FOR EACH ROW BEGIN IF NEW.id = 1 THEN DO GET_LOCK('${lockName}', 60); DO RELEASE_LOCK('${lockName}'); END IF; END`,
      );
      await holder.query("SELECT GET_LOCK(?, 10)", [lockName]);
      const lines = function* () {
        for (let id = 1; id <= rowsOf; id++) {
          bytesRead += body.length + 8;
          if (held) mostReadWhileHeld = bytesRead;
          yield `${id}\t${body}\n`;
        }
      };
      const release = (async () => {
        // Held until the reading stops (or has read far more than any socket holds).
        let before = -1;
        while (bytesRead !== before && bytesRead < 40_000_000) {
          before = bytesRead;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
        held = false;
        await holder.query("SELECT RELEASE_LOCK(?)", [lockName]);
      })();
      const loaded = await loadTsv(connection, slow, ["id", "body"], lines(), { method: "infile" });
      await release;
      expect(loaded.rows).toBe(rowsOf);
      expect(mostReadWhileHeld).toBeLessThan(20_000_000);
    } finally {
      await holder.end();
      await connection.query(`DROP TABLE IF EXISTS ${slow}`);
    }
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
