// `npm run worker`: runs the job worker alone, next to (or instead of) the web processes.
import { resolveDatabase } from "../../db/connect";
import { closeDb, getDb } from "../lib/db.server";
import { startWorker } from "../lib/jobs.server";
import { registerJobs } from "../lib/job-handlers.server";

const database = await resolveDatabase("dev", "portal");
registerJobs();
const worker = startWorker(getDb());
console.log("[jobs] worker running; Ctrl-C to stop");
const stop = async () => {
  await worker.stop();
  await closeDb();
  await database.embedded?.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
