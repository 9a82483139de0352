// `npm start` (and `node build/server/start.js`): the configuration checked, the embedded
// database (unless DATABASE_URL is set), migrations, the demo seed on an empty embedded
// database, the web server (WEB_CONCURRENCY processes, one per core by default) and the job
// worker in this process unless RUN_WORKER=false, all stopped gracefully on SIGTERM or Ctrl-C.
//
// A real database (DATABASE_URL) never gets the demo (its logins share a published password)
// unless someone runs `npm run db:seed`; its first admin comes from `npm run admin:create`.
// There the portal also needs APP_URL, the address its e-mailed links point to.
import { resolveDatabase } from "../../db/connect";
import { migrateToLatest } from "../../db/migrate";
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemoIfEmpty } from "../../db/seed/demo";
import { closeDb, getDb } from "../lib/db.server";
import { readConfig } from "../lib/config.server";
import { startWorker } from "../lib/jobs.server";
import { registerJobs } from "../lib/job-handlers.server";
import { serveWeb } from "./web";

process.env.NODE_ENV ??= "production";

async function main() {
  const config = readConfig();
  const database = await resolveDatabase("dev", "portal");
  console.log(database.embedded ? `[db] embedded database at ${database.url}` : "[db] using DATABASE_URL");
  // The web processes inherit the DATABASE_URL the embedded server was given, and with it their
  // configuration asks for APP_URL: on this one machine it is the local address.
  if (database.embedded) process.env.APP_URL ??= `http://localhost:${config.port}`;
  const db = getDb();
  const applied = await migrateToLatest(db);
  if (applied.length) console.log(`[db] applied migrations: ${applied.join(", ")}`);
  if (database.embedded && (await seedDemoIfEmpty(db))) console.log("[db] seeded the demo data");
  const noUsers = !database.embedded && !(await db.selectFrom("users").select("id").limit(1).executeTakeFirst());

  const web = await serveWeb(config);
  registerJobs();
  const worker = config.runWorker ? startWorker(db) : undefined;
  const url = `http://localhost:${web.port}`;
  console.log(
    `\nChannel Partner Portal is running at ${url} (${web.processes} web process${web.processes === 1 ? "" : "es"}${worker ? " and the job worker" : ""})\n`,
  );
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
    console.log(`\n${signal}: stopping (requests and jobs get up to ${config.shutdownTimeoutMs / 1000} s) ...`);
    const [, stopped] = await Promise.all([web.stop(), worker?.stop(config.shutdownTimeoutMs)]);
    if (stopped?.handedBack) console.log(`[jobs] handed ${stopped.handedBack} unfinished job(s) back to the queue`);
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
