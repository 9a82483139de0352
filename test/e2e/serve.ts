// The app as end-to-end tests see it: the built portal in production mode on its own
// throwaway database with the demo seed, dropped again when Playwright stops it.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestDatabase } from "../support/test-database";

// Uploaded files of this run live in a directory of their own, removed at the end.
const storage = mkdtempSync(path.join(os.tmpdir(), "portal-e2e-storage-"));
process.env.STORAGE_DIR = storage;

const database = await createTestDatabase("portal_e2e");
process.env.DATABASE_URL = database.url;
process.env.NODE_ENV = "production";
const port = Number(process.env.E2E_PORT ?? 3111);
process.env.APP_URL ??= `http://localhost:${port}`;
const { readConfig } = await import("../../app/lib/config.server");
const { createApp, listen, loadBuild } = await import("../../app/server/http");
const { closeDb, getDb } = await import("../../app/lib/db.server");
const { startWorker } = await import("../../app/lib/jobs.server");
const { registerJobs } = await import("../../app/lib/job-handlers.server");
registerJobs();

const server = await listen(createApp(await loadBuild(), readConfig()), port);
const worker = startWorker(getDb(), { pollMs: 250 });
console.log(`e2e portal on http://localhost:${port}`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  server.closeAllConnections();
  server.close();
  await worker.stop();
  await closeDb();
  await database.drop();
  rmSync(storage, { recursive: true, force: true });
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
