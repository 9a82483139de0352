// The built app on its own, started by app-process.ts, as `npm start` serves it (WEB_CONCURRENCY
// web processes, one per core by default). Reads its configuration as start.ts does; prints one
// ready line; stops on SIGTERM/SIGINT or when its parent goes away.
import { readConfig } from "../../app/lib/config.server";
import { closeDb } from "../../app/lib/db.server";
import { serveWeb } from "../../app/server/web";

process.env.NODE_ENV ??= "production";

async function main() {
  if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set");
  // SERVE_HOST=0.0.0.0 lets a test connect from an address that is not loopback.
  const web = await serveWeb(readConfig(), process.env.SERVE_HOST || "127.0.0.1");
  console.log(`[serve] ready on http://127.0.0.1:${web.port} (pid ${process.pid}, ${web.processes} web process${web.processes === 1 ? "" : "es"})`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await web.stop();
    await closeDb();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
  // If run.ts goes away without killing us, do not linger.
  process.on("disconnect", () => void stop());
}

main().catch((error) => {
  console.error(`[serve] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
