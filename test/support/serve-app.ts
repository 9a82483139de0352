// The built app on its own, started by app-process.ts. Reads DATABASE_URL and PORT; prints
// one ready line; stops on SIGTERM/SIGINT or when its parent goes away.
import { closeDb } from "../../app/lib/db.server";
import { createApp, listen, loadBuild } from "../../app/server/http";

process.env.NODE_ENV ??= "production";

async function main() {
  if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set");
  const port = Number(process.env.PORT ?? 0);
  const server = await listen(createApp(await loadBuild()), port, "127.0.0.1");
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  console.log(`[serve] ready on http://127.0.0.1:${actualPort} (pid ${process.pid})`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await closeDb();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
  // If run.ts goes away without killing us, do not linger.
  process.on("disconnect", () => void stop());
}

main().catch((error) => {
  console.error(`[serve] ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exit(1);
});
