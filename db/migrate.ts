import { Migrator, type Kysely, type MigrationProvider } from "kysely";
import { runUnscoped } from "../app/lib/scope-guard.server";
import { migrations } from "./migrations/index";

const provider: MigrationProvider = { getMigrations: async () => migrations };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before (and change) the schema the Database type describes
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
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
