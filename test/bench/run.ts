// npm run bench [-- NAME]: prepares the bench database (DATABASE_URL, or the embedded server
// under .data/bench with database portal_bench), migrated and seeded with the demo and the
// scale data; serves the built app from a child process; runs every test/bench/*.bench.ts
// (or the one named NAME) and prints their figures as BENCH lines at the very end.
// Nothing here asserts a time: the figures are for people (and trend tracking) to read.
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { createConnection } from "../../app/lib/db.server";
import { createDatabase, startLocalServer, type LocalServer } from "../../db/local-server";
import { migrateToLatest } from "../../db/migrate";
import { DEMO_PASSWORD, seedDemoIfEmpty } from "../../db/seed/demo";
import { seedScale } from "../../db/seed/scale";
import { startAppProcess, type AppProcess } from "../support/app-process";
import type { Bench, BenchContext, Figure } from "./lib";

const benchDir = import.meta.dirname;

function log(message: string) {
  console.log(`[bench] ${message}`);
}

function benchFiles(filter: string | undefined): string[] {
  const all = readdirSync(benchDir)
    .filter((f) => f.endsWith(".bench.ts"))
    .sort();
  if (!filter) return all;
  const exact = all.filter((f) => f === `${filter}.bench.ts` || f === filter);
  const chosen = exact.length ? exact : all.filter((f) => f.includes(filter));
  if (chosen.length === 0) throw new Error(`No bench file matches "${filter}" (have: ${all.join(", ") || "none"})`);
  return chosen;
}

async function prepareDatabase(): Promise<{ url: string; embedded?: LocalServer }> {
  let embedded: LocalServer | undefined;
  let url: string;
  if (process.env.DATABASE_URL) {
    url = process.env.DATABASE_URL;
    log("using DATABASE_URL");
  } else {
    embedded = await startLocalServer("bench");
    url = await createDatabase(embedded.baseUrl, "portal_bench");
    log(`embedded database at ${url}`);
  }
  const { db } = createConnection(url, 4);
  try {
    const applied = await migrateToLatest(db);
    if (applied.length) log(`applied migrations: ${applied.join(", ")}`);
    if (await seedDemoIfEmpty(db)) log("seeded the demo data");
    await seedScale(db, url);
  } catch (error) {
    await embedded?.stop();
    throw error;
  } finally {
    await db.destroy();
  }
  return { url, embedded };
}

function signInWith(baseUrl: string) {
  return async (email: string): Promise<string> => {
    const response = await fetch(`${baseUrl}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl },
      body: new URLSearchParams({ email, password: DEMO_PASSWORD, redirectTo: "/" }).toString(),
      redirect: "manual",
    });
    const body = await response.text();
    if (response.status !== 302) throw new Error(`Signing in as ${email} answered ${response.status}, not 302: ${body.slice(0, 300)}`);
    const session = response.headers
      .getSetCookie()
      .map((cookie) => cookie.split(";")[0].trim())
      .filter((pair) => pair.startsWith("portal_session=") && pair !== "portal_session=")
      .pop();
    if (!session) throw new Error(`Signing in as ${email} set no portal_session cookie`);
    return session;
  };
}

async function main() {
  const filter = process.argv[2];
  const files = benchFiles(filter);
  const started = performance.now();
  const figures: Figure[] = [];
  let failed = false;

  const database = await prepareDatabase();
  // Benches that work on the data directly (routing, say) use the same database.
  process.env.DATABASE_URL ??= database.url;
  let app: AppProcess | undefined;
  try {
    app = await startAppProcess(database.url, { prefix: "[app]" });
    log(`app serving at ${app.baseUrl}`);
    const context: BenchContext = { baseUrl: app.baseUrl, signIn: signInWith(app.baseUrl), log: (m) => log(m) };
    for (const file of files) {
      log(`running ${file}`);
      const module = (await import(pathToFileURL(path.join(benchDir, file)).href)) as { default?: Bench; bench?: Bench };
      const bench = module.default ?? module.bench;
      if (typeof bench !== "function") throw new Error(`${file} exports no bench function (export default async (context) => Figure[])`);
      figures.push(...(await bench(context)));
    }
  } catch (error) {
    failed = true;
    console.error(`[bench] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    await app?.stop();
    await database.embedded?.stop();
  }
  log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (failed) process.exit(1);

  // Last, after everything else has printed.
  for (const figure of figures) console.log(`BENCH ${figure.name} ${figure.value.toFixed(figure.unit === "ratio" ? 2 : 1)} ${figure.unit}`);
}

main().catch((error) => {
  console.error(`[bench] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
