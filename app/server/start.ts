// `npm start`: the embedded database (unless DATABASE_URL is set), migrations, the demo seed
// on an empty database, the web server (WEB_CONCURRENCY processes, one per core by default)
// and the job worker in this process, all stopped cleanly on Ctrl-C.
import { resolveDatabase } from "../../db/connect";
import { migrateToLatest } from "../../db/migrate";
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemoIfEmpty } from "../../db/seed/demo";
import { closeDb, getDb } from "../lib/db.server";
import { startWorker } from "../lib/jobs.server";
import { registerJobs } from "../lib/job-handlers.server";
import { serveWeb } from "./web";

process.env.NODE_ENV ??= "production";

async function main() {
  const database = await resolveDatabase("dev", "portal");
  console.log(database.embedded ? `[db] embedded database at ${database.url}` : "[db] using DATABASE_URL");
  const db = getDb();
  const applied = await migrateToLatest(db);
  if (applied.length) console.log(`[db] applied migrations: ${applied.join(", ")}`);
  if (await seedDemoIfEmpty(db)) console.log("[db] seeded the demo data");

  const port = Number(process.env.PORT ?? 3000);
  const web = await serveWeb({ port });
  registerJobs();
  const worker = process.env.RUN_WORKER === "false" ? undefined : startWorker(db);
  const url = `http://localhost:${port}`;
  console.log(`\nChannel Partner Portal is running at ${url} (${web.processes} web process${web.processes === 1 ? "" : "es"})\n`);
  console.log(`Demo logins (password: ${DEMO_PASSWORD}):`);
  for (const login of DEMO_LOGINS) console.log(`  ${login.email.padEnd(26)} ${login.description}`);
  console.log("\nPress Ctrl-C to stop.");

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping ...`);
    await Promise.all([web.stop(), worker?.stop()]);
    await closeDb();
    await database.embedded?.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
