// `npm start`: the embedded database (unless DATABASE_URL is set), migrations, the demo seed
// on an empty embedded database, the web server (WEB_CONCURRENCY processes, one per core by
// default) and the job worker in this process, all stopped cleanly on Ctrl-C.
//
// A real database (DATABASE_URL) never gets the demo (its logins share a published password)
// unless someone runs `npm run db:seed`; its first admin comes from `npm run admin:create`.
// There the portal also needs APP_URL, the address its e-mailed links point to.
import { resolveDatabase } from "../../db/connect";
import { migrateToLatest } from "../../db/migrate";
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemoIfEmpty } from "../../db/seed/demo";
import { closeDb, getDb } from "../lib/db.server";
import { appUrlProblem } from "../lib/app-url.server";
import { startWorker } from "../lib/jobs.server";
import { registerJobs } from "../lib/job-handlers.server";
import { serveWeb } from "./web";

process.env.NODE_ENV ??= "production";

async function main() {
  const problem = appUrlProblem();
  if (problem) throw new Error(`The portal does not start: ${problem}`);
  const database = await resolveDatabase("dev", "portal");
  console.log(database.embedded ? `[db] embedded database at ${database.url}` : "[db] using DATABASE_URL");
  const db = getDb();
  const applied = await migrateToLatest(db);
  if (applied.length) console.log(`[db] applied migrations: ${applied.join(", ")}`);
  if (database.embedded && (await seedDemoIfEmpty(db))) console.log("[db] seeded the demo data");
  const noUsers = !database.embedded && !(await db.selectFrom("users").select("id").limit(1).executeTakeFirst());

  const port = Number(process.env.PORT ?? 3000);
  const web = await serveWeb({ port });
  registerJobs();
  const worker = process.env.RUN_WORKER === "false" ? undefined : startWorker(db);
  const url = `http://localhost:${port}`;
  console.log(`\nChannel Partner Portal is running at ${url} (${web.processes} web process${web.processes === 1 ? "" : "es"})\n`);
  if (database.embedded) {
    console.log(`Demo logins (password: ${DEMO_PASSWORD}):`);
    for (const login of DEMO_LOGINS) console.log(`  ${login.email.padEnd(26)} ${login.description}`);
  } else if (noUsers) {
    console.log('The database has no users yet. Make the first vendor admin with\n  npm run admin:create -- --email you@vendor.example --name "Your Name"');
  }
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
