// One web process of the cluster web.ts starts: serves WEB_PORT until it is told to stop
// (SIGTERM/SIGINT) or its primary goes away, then stops as stopServing says. Its configuration
// is read from the environment it inherits, which the primary has already checked.
import { readConfig } from "../lib/config.server";
import { closeDb } from "../lib/db.server";
import { createApp, listen, loadBuild, type ServerState } from "./http";
import { stopServing } from "./web";

const config = readConfig();
const state: ServerState = { stopping: false };
const server = await listen(createApp(await loadBuild(), config, state), Number(process.env.WEB_PORT), process.env.WEB_HOST || undefined);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await stopServing(server, state, config);
  await closeDb();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
process.on("disconnect", () => void stop());
