// npm run db:migrate | db:seed | db:reset | db:seed:scale | db:server
//       | admin:create -- --email you@vendor.example [--name "Your Name"] [--password-stdin]
import { parseArgs } from "node:util";
import { createInterface } from "node:readline";
import { createConnection, type DB } from "../app/lib/db.server";
import { appUrl } from "../app/lib/app-url.server";
import { readConfig } from "../app/lib/config.server";
import { AdminCreateError, createVendorAdmin } from "../app/modules/users/first-admin.server";
import { resolveDatabase } from "./connect";
import { migrateToLatest } from "./migrate";
import { seedDemoIfEmpty } from "./seed/demo";
import { createDatabase, dropDatabase } from "./local-server";

const command = process.argv[2];

/** The first line on stdin: typed at a prompt, or piped in (never a command-line argument, which `ps` shows). */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stdout.write("Password for the new admin (at least 12 characters): ");
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return "";
}

async function createAdmin(db: DB): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: { email: { type: "string" }, name: { type: "string" }, "password-stdin": { type: "boolean" } },
  });
  if (!values.email) throw new AdminCreateError('Usage: npm run admin:create -- --email you@vendor.example [--name "Your Name"] [--password-stdin]');
  const password = values["password-stdin"] ? await readPassword() : undefined;
  const { token } = await createVendorAdmin(db, { email: values.email, name: values.name ?? values.email.split("@")[0], password });
  if (token) {
    console.log(`Vendor admin ${values.email.trim().toLowerCase()} created. Open this link to set the password (valid 7 days, once):`);
    console.log(`  ${appUrl()}/set-password/${token}`);
  } else {
    console.log(`Vendor admin ${values.email.trim().toLowerCase()} created; sign in with the password given.`);
  }
}

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
  // The link admin:create prints must carry the portal's public address (checked with the rest).
  if (command === "admin:create") readConfig();
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
      console.log(
        (await seedDemoIfEmpty(db)) ? "[db] seeded the demo data" : "[db] the database already has data; nothing seeded (npm run db:reset starts over)",
      );
    } else if (command === "seed-scale") {
      const { seedScale } = await import("./seed/scale");
      await seedScale(db, url);
    } else if (command === "admin:create") {
      await createAdmin(db);
    } else if (command !== "migrate" && command !== "reset") {
      throw new Error(`Unknown command ${command}; use migrate, seed, reset, seed-scale, admin:create or server`);
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
