// Two instances starting together must not both migrate: migrateToLatest holds a server lock
// (GET_LOCK) from before its first look at the schema, so a second one waits and touches nothing.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, inject, it, vi } from "vitest";
import { createConnection } from "~/lib/db.server";
import { MIGRATION_LOCK, migrateToLatest } from "../../db/migrate";
import { migrations } from "../../db/migrations/index";
import { createDatabase, dropDatabase } from "../../db/local-server";

const server = new URL(inject("databaseUrl"));
server.pathname = "";
const base = server.toString().replace(/\/$/, "");
const name = `portal_lock_${process.pid}`;
let url: string;

beforeAll(async () => {
  url = await createDatabase(base, name);
});
afterAll(async () => {
  await dropDatabase(base, name);
});

it("waits while another instance holds the migration lock, touching nothing, then migrates", { timeout: 120_000 }, async () => {
  const holder = createConnection(url, 1);
  const migrating = createConnection(url, 2);
  try {
    await holder.db.connection().execute(async (connection) => {
      const tables = async () =>
        (await sql<{ n: number }>`SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ${name}`.execute(connection)).rows[0].n;
      await sql`SELECT GET_LOCK(${MIGRATION_LOCK}, 10)`.execute(connection);
      const applied = migrateToLatest(migrating.db);
      // It is waiting for the lock (the server says so), and has not created even Kysely's own tables.
      await vi.waitFor(
        async () => {
          const waiting = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = ${name} AND STATE = 'User lock'`.execute(
            connection,
          );
          expect(Number(waiting.rows[0].n)).toBe(1);
        },
        { timeout: 10_000 },
      );
      expect(Number(await tables())).toBe(0);
      await sql`SELECT RELEASE_LOCK(${MIGRATION_LOCK})`.execute(connection);
      expect(await applied).toEqual(Object.keys(migrations));
    });
    expect(await migrateToLatest(migrating.db)).toEqual([]);
  } finally {
    await holder.db.destroy();
    await migrating.db.destroy();
  }
});
