// npm run db:migrate | db:seed | db:reset | db:seed:scale | db:server
import { resolveDatabase } from "./connect";
import { migrateToLatest } from "./migrate";
import { seedDemoIfEmpty } from "./seed/demo";
import { createConnection } from "../app/lib/db.server";
import { createDatabase, dropDatabase } from "./local-server";

const command = process.argv[2];

async function main() {
  if (command === "server") {
    const { url, embedded } = await resolveDatabase("dev", "portal");
    console.log(`Embedded database running: ${url}\nCtrl-C to stop.`);
    const stop = async () => {
      await embedded?.stop();
      process.exit(0);
    };
    process.on("SIGINT", () => void stop());
    process.on("SIGTERM", () => void stop());
    return;
  }
  const resolved = await resolveDatabase("dev", "portal");
  let url = resolved.url;
  if (command === "reset") {
    const parsed = new URL(url);
    const database = parsed.pathname.replace(/^\//, "");
    parsed.pathname = "";
    const base = parsed.toString().replace(/\/$/, "");
    await dropDatabase(base, database);
    url = await createDatabase(base, database);
    console.log(`[db] dropped and re-created ${database}`);
  }
  const { db } = createConnection(url, 4);
  try {
    const applied = await migrateToLatest(db);
    console.log(applied.length ? `[db] applied migrations: ${applied.join(", ")}` : "[db] schema is up to date");
    if (command === "seed" || command === "reset") {
      console.log((await seedDemoIfEmpty(db)) ? "[db] seeded the demo data" : "[db] the database already has data; nothing seeded (npm run db:reset starts over)");
    } else if (command === "seed-scale") {
      const { seedScale } = await import("./seed/scale");
      await seedScale(db, url);
    } else if (command !== "migrate" && command !== "reset") {
      throw new Error(`Unknown command ${command}; use migrate, seed, reset, seed-scale or server`);
    }
  } finally {
    await db.destroy();
    await resolved.embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
