import { Migrator, sql, type Kysely, type MigrationProvider } from "kysely";
import { runUnscoped } from "../app/lib/scope-guard.server";
import { migrations } from "./migrations/index";

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** A named lock of the database server (GET_LOCK), held by one session at a time. */
export const MIGRATION_LOCK = "channel_partner_portal.migrations";
const LOCK_WAIT_SECONDS = 600;

/**
 * Applies the migrations not yet applied, holding MIGRATION_LOCK on a connection of its own
 * from before the first look at the schema to the end: instances that start together migrate
 * one after the other, and the later ones find nothing left to do. (Kysely's Migrator takes a
 * lock of its own too, but only after creating its bookkeeping tables, and waits silently.)
 * The lock is the server's, so on a Galera cluster it holds only among sessions of one node:
 * there, run `npm run db:migrate` once before starting the instances.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before (and change) the schema the Database type describes
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return db.connection().execute(async (lockConnection) => {
    const { rows } = await sql<{ acquired: number | null }>`SELECT GET_LOCK(${MIGRATION_LOCK}, ${LOCK_WAIT_SECONDS}) AS acquired`.execute(lockConnection);
    if (Number(rows[0]?.acquired) !== 1) {
      throw new Error(`Another session has held the migration lock (${MIGRATION_LOCK}) for ${LOCK_WAIT_SECONDS} s; is a migration stuck?`);
    }
    try {
      return await migrate(db);
    } finally {
      await sql`SELECT RELEASE_LOCK(${MIGRATION_LOCK})`.execute(lockConnection);
    }
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
async function migrate(db: Kysely<any>): Promise<string[]> {
  // Capabilities are built side by side, each with its own migration number, so a database
  // may have run a later number before an earlier one lands; each migration stands alone.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await runUnscoped("migrations change every partner's rows alike", () => migrator.migrateToLatest());
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ""} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
