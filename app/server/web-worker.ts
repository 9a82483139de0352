// One web process of the cluster web.ts starts: serves WEB_PORT until it is told to stop
// (SIGTERM/SIGINT) or its primary goes away, finishing the requests in flight first.
import { closeDb } from "../lib/db.server";
import { createApp, listen, loadBuild } from "./http";
import { closeServer } from "./web";

const server = await listen(createApp(await loadBuild()), Number(process.env.WEB_PORT), process.env.WEB_HOST || undefined);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await closeServer(server);
  await closeDb();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
process.on("disconnect", () => void stop());
