// Issue 15, finding 8 (and the start-up half of 3): a real database (DATABASE_URL) never gets
// the demo and its published password unless someone asks for it, the portal does not start
// there without APP_URL, and the first vendor admin is made with `npm run admin:create`.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createConnection } from "~/lib/db.server";
import { verifyPassword } from "~/lib/password.server";
import { findValidToken } from "~/modules/users/tokens.server";
import { createDatabase, dropDatabase, freePort } from "../../db/local-server";

const projectRoot = path.resolve(import.meta.dirname, "../..");
const server = new URL(inject("databaseUrl"));
server.pathname = "";
const base = server.toString().replace(/\/$/, "");
const name = `portal_first_${process.pid}`;
let url: string;

beforeAll(async () => {
  url = await createDatabase(base, name);
});
afterAll(async () => {
  await dropDatabase(base, name);
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry point of the project with this environment (APP_URL only if given). */
function run(script: string, args: string[], env: Record<string, string>, options: { stdin?: string; untilStdout?: RegExp } = {}): Promise<Run> {
  const { APP_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, script), ...args], {
    cwd: projectRoot,
    env: { ...inherited, NODE_ENV: "production", WEB_CONCURRENCY: "1", RUN_WORKER: "false", ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    if (options.untilStdout?.test(stdout)) child.kill("SIGTERM");
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(options.stdin ?? "");
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

async function withDb<T>(fn: (db: ReturnType<typeof createConnection>["db"]) => Promise<T>): Promise<T> {
  const { db } = createConnection(url, 1);
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

describe("npm start on a real database", { timeout: 120_000 }, () => {
  it("refuses to start without APP_URL, and says why", async () => {
    const result = await run("app/server/start.ts", [], { DATABASE_URL: url, PORT: String(await freePort()) }, { untilStdout: /is running at/ });
    expect(result.code).not.toBe(0);
    expect(result.stderr + result.stdout).toMatch(/APP_URL is not set/);
  });

  it("starts with APP_URL and seeds nothing", async () => {
    const port = await freePort();
    const result = await run(
      "app/server/start.ts",
      [],
      { DATABASE_URL: url, PORT: String(port), APP_URL: "https://partners.vendor.example" },
      { untilStdout: /is running at/ },
    );
    expect(result.stdout).toMatch(/is running at/);
    expect(result.stdout).not.toContain("partner-portal-demo");
    const users = await withDb((db) => db.selectFrom("users").select("email").execute());
    expect(users).toEqual([]);
  });
});

describe("npm run admin:create", { timeout: 120_000 }, () => {
  it("makes the first vendor admin and prints a one-time link from APP_URL", async () => {
    const result = await run("db/cli.ts", ["admin:create", "--email", "First.Admin@Vendor.example", "--name", "First Admin"], {
      DATABASE_URL: url,
      APP_URL: "https://partners.vendor.example/",
    });
    expect(result.code, result.stderr).toBe(0);
    const token = /https:\/\/partners\.vendor\.example\/set-password\/([A-Za-z0-9_-]+)/.exec(result.stdout)?.[1];
    expect(token).toBeDefined();
    await withDb(async (db) => {
      const user = await db.selectFrom("users").selectAll().where("email", "=", "first.admin@vendor.example").executeTakeFirstOrThrow();
      expect(user).toMatchObject({ role: "admin", partner_id: null, name: "First Admin", password_hash: null });
      expect(await findValidToken(db, token!)).toMatchObject({ userId: user.id });
      const audit = await db.selectFrom("audit_log").select(["action", "actor_email"]).where("entity_id", "=", String(user.id)).execute();
      expect(audit).toEqual([{ action: "user.admin_created", actor_email: "system" }]);
    });
  });

  it("takes a typed password from stdin instead, and refuses an e-mail already taken", async () => {
    const env = { DATABASE_URL: url, APP_URL: "https://partners.vendor.example" };
    const result = await run("db/cli.ts", ["admin:create", "--email", "second.admin@vendor.example", "--password-stdin"], env, {
      stdin: "a-typed-password-123\n",
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain("/set-password/");
    await withDb(async (db) => {
      const user = await db.selectFrom("users").selectAll().where("email", "=", "second.admin@vendor.example").executeTakeFirstOrThrow();
      expect(user.status).toBe("active");
      expect(await verifyPassword(user.password_hash!, "a-typed-password-123")).toBe(true);
    });
    const again = await run("db/cli.ts", ["admin:create", "--email", "second.admin@vendor.example"], env);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already/);
    const short = await run("db/cli.ts", ["admin:create", "--email", "third.admin@vendor.example", "--password-stdin"], env, { stdin: "short\n" });
    expect(short.code).not.toBe(0);
  });
});
