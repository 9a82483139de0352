// `npm run worker` (`node build/server/worker.js`; `npm run worker:dev` from the sources): the
// job worker alone, next to web processes started with RUN_WORKER=false. Any number may run;
// they share the queue. On SIGTERM it takes no new job, lets the running one finish within
// SHUTDOWN_TIMEOUT_SECONDS and hands it back to the queue otherwise.
import { resolveDatabase } from "../../db/connect";
import { readConfig } from "../lib/config.server";
import { closeDb, getDb } from "../lib/db.server";
import { startWorker } from "../lib/jobs.server";
import { registerJobs } from "../lib/job-handlers.server";

process.env.NODE_ENV ??= "production";

async function main() {
  const config = readConfig();
  const database = await resolveDatabase("dev", "portal");
  registerJobs();
  const worker = startWorker(getDb());
  console.log("[jobs] worker running; Ctrl-C to stop");
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[jobs] ${signal}: stopping (the running job gets up to ${config.shutdownTimeoutMs / 1000} s) ...`);
    const { handedBack } = await worker.stop(config.shutdownTimeoutMs);
    if (handedBack) console.log(`[jobs] handed ${handedBack} unfinished job(s) back to the queue`);
    await closeDb();
    await database.embedded?.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
