// One Kysely instance per process, over one mysql2 pool that Lucia's adapter shares.
// Every connection runs in UTC so NOW() and DATETIME values agree with JavaScript Dates.
import { Kysely, MysqlDialect } from "kysely";
import mysql from "mysql2/promise";
import { ScopeGuardPlugin, scopeGuardEnabled } from "./scope-guard.server";
import type { Database } from "../../db/types";

/** The database, or a transaction on it (Kysely's Transaction is a Kysely): what module functions take. */
export type DB = Kysely<Database>;

interface Connection {
  pool: mysql.Pool;
  db: DB;
}

let current: Connection | undefined;

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded database).");
  return url;
}

export function createConnection(url: string, connectionLimit = 20): Connection {
  const pool = mysql.createPool({
    uri: url,
    connectionLimit,
    timezone: "Z",
    // A DATE is a calendar day, not an instant: kept as "YYYY-MM-DD" so no time zone shifts it.
    dateStrings: ["DATE"],
    decimalNumbers: false,
    supportBigNumbers: true,
    bigNumberStrings: false,
    charset: "utf8mb4_unicode_ci",
  });
  pool.pool.on("connection", (connection) => {
    connection.query("SET time_zone = '+00:00'");
  });
  const db = new Kysely<Database>({ dialect: new MysqlDialect({ pool: pool.pool }), plugins: scopeGuardEnabled() ? [new ScopeGuardPlugin()] : [] });
  return { pool, db };
}

function connection(): Connection {
  current ??= createConnection(databaseUrl());
  return current;
}

export function getDb(): DB {
  return connection().db;
}

export function getPool(): mysql.Pool {
  return connection().pool;
}

export async function closeDb(): Promise<void> {
  if (!current) return;
  const { db } = current;
  current = undefined;
  await db.destroy();
}
