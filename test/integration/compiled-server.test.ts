// Production runs the compiled server, without tsx: `npm run build` leaves build/server/*.js,
// two instances migrating a fresh database together migrate it once, the web server answers
// live and ready, on SIGTERM turns not-ready, closes, finishes what it was answering and exits
// cleanly, and so does the worker.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createConnection } from "~/lib/db.server";
import { migrations } from "../../db/migrations/index";
import { createDatabase, dropDatabase, freePort } from "../../db/local-server";

const projectRoot = path.resolve(import.meta.dirname, "../..");
const server = new URL(inject("databaseUrl"));
server.pathname = "";
const base = server.toString().replace(/\/$/, "");
const name = `portal_compiled_${process.pid}`;
let url: string;

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs a compiled entry point with node alone (no tsx loader), under `env` and nothing of this process's own database or APP_URL. */
function startCompiled(script: string, args: string[], env: Record<string, string>): Started {
  const { APP_URL: _appUrl, DATABASE_URL: _databaseUrl, ...inherited } = process.env;
  const child = spawn(process.execPath, [path.join(projectRoot, "build/server", script), ...args], {
    cwd: projectRoot,
    env: { ...inherited, NODE_ENV: "production", ...env },
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function status(address: string): Promise<{ status: number; body: unknown } | undefined> {
  try {
    const response = await fetch(address);
    return { status: response.status, body: await response.json() };
  } catch {
    return undefined;
  }
}

/**
 * Whether a request on a connection of its own is answered. fetch would reuse a kept-alive
 * connection, which the closing server still serves until its grace time ends.
 */
function answersOnNewConnection(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(address, { agent: false }, (response) => {
      response.resume();
      resolve(true);
    });
    request.once("error", () => resolve(false));
    // A closed cluster may still accept the connection in its primary with no process left to
    // answer it: unanswered is not answered.
    request.setTimeout(1000, () => {
      request.destroy();
      resolve(false);
    });
  });
}

/** Polls `address` until it answers `expected`, failing early if the process exits. */
async function until(address: string, expected: number, started: Started): Promise<unknown> {
  for (;;) {
    if (started.child.exitCode !== null) throw new Error(`The process exited (${started.child.exitCode}) first:\n${started.output()}`);
    const answer = await status(address);
    if (answer?.status === expected) return answer.body;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A sign-in post whose body is sent in two parts: the request is in flight until `finish`. */
function postInTwoParts(origin: string): { connected: Promise<void>; finish: () => void; status: Promise<number | undefined> } {
  const body = "email=nobody%40example.com&password=not-the-password";
  const request = http.request(`${origin}/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(body.length), origin },
  });
  const connected = new Promise<void>((resolve) => request.once("socket", (socket) => socket.once("connect", () => resolve())));
  const status = new Promise<number | undefined>((resolve) => {
    request.once("response", (response) => {
      response.resume();
      response.once("end", () => resolve(response.statusCode));
    });
    request.once("error", () => resolve(undefined));
  });
  request.write(body.slice(0, 10));
  return { connected, finish: () => request.end(body.slice(10)), status };
}

beforeAll(() => {
  execFileSync("npm", ["run", "--silent", "build:server"], { cwd: projectRoot, stdio: "inherit" });
}, 60_000);

beforeAll(async () => {
  url = await createDatabase(base, name);
});
afterAll(async () => {
  await dropDatabase(base, name);
});

describe("the compiled server", { timeout: 120_000 }, () => {
  it("is built into build/server: start, worker, the web process and the database commands", () => {
    for (const file of ["start.js", "worker.js", "web-worker.js", "cli.js"]) expect(existsSync(path.join(projectRoot, "build/server", file)), file).toBe(true);
  });

  it("migrates a fresh database once when two instances run the migrations together", async () => {
    const runs = [startCompiled("cli.js", ["migrate"], { DATABASE_URL: url }), startCompiled("cli.js", ["migrate"], { DATABASE_URL: url })];
    const codes = await Promise.all(runs.map((run) => run.exited));
    expect(codes, runs.map((run) => run.output()).join("\n")).toEqual([0, 0]);
    const outputs = runs.map((run) => run.output()).sort();
    expect(outputs[0]).toContain("[db] applied migrations: ");
    expect(outputs[1]).toContain("[db] schema is up to date");
    const { db } = createConnection(url, 1);
    try {
      const applied = await db
        .selectFrom("kysely_migration" as never)
        .select("name" as never)
        .execute();
      expect(applied).toHaveLength(Object.keys(migrations).length);
    } finally {
      await db.destroy();
    }
  });

  it("serves with node alone: live and ready; told to stop, not ready, then closed, finishing the request in flight, then exits cleanly", async () => {
    const port = await freePort();
    const web = startCompiled("start.js", [], {
      DATABASE_URL: url,
      APP_URL: "https://partners.vendor.example",
      PORT: String(port),
      WEB_CONCURRENCY: "2",
      RUN_WORKER: "false",
      // The not-ready window must outlast one poll of a loaded machine: a poll that missed it
      // would find the server closed but alive (the request in flight keeps it) and wait forever.
      SHUTDOWN_DELAY_SECONDS: "6",
    });
    try {
      const origin = `http://127.0.0.1:${port}`;
      expect(await until(`${origin}/healthz/ready`, 200, web)).toEqual({ status: "ok", db: "ok" });
      expect(await status(`${origin}/healthz/live`)).toEqual({ status: 200, body: { status: "ok" } });
      expect(await status(`${origin}/healthz`)).toEqual({ status: 200, body: { status: "ok", db: "ok" } });

      const inFlight = postInTwoParts(origin);
      await inFlight.connected;
      web.child.kill("SIGTERM");
      expect(await until(`${origin}/healthz/ready`, 503, web).catch(() => "exited before answering 503")).toEqual({ status: "stopping" });
      // After SHUTDOWN_DELAY_SECONDS it takes no new connection ...
      while (await answersOnNewConnection(`${origin}/healthz/live`)) await new Promise((r) => setTimeout(r, 100));
      // ... and still answers the request it had (a wrong password: 401), then exits.
      inFlight.finish();
      expect(await inFlight.status).toBe(401);
      expect(await web.exited, web.output()).toBe(0);
    } finally {
      web.child.kill("SIGKILL");
    }
  });

  it("runs the worker with node alone and stops it cleanly on SIGTERM", async () => {
    const worker = startCompiled("worker.js", [], { DATABASE_URL: url, APP_URL: "https://partners.vendor.example" });
    try {
      while (!worker.output().includes("worker running")) {
        if (worker.child.exitCode !== null) throw new Error(worker.output());
        await new Promise((r) => setTimeout(r, 100));
      }
      worker.child.kill("SIGTERM");
      expect(await worker.exited, worker.output()).toBe(0);
    } finally {
      worker.child.kill("SIGKILL");
    }
  });
});

// In this file, after the rebuild above, so no other suite rewrites build/server while it starts.
describe("npm start on the embedded database", () => {
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child!.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }, 60_000);

  it("serves the sign-in page from every web process and prints the demo logins", async () => {
    const { APP_URL: _appUrl, DATABASE_URL: _databaseUrl, ...inherited } = process.env;
    const port = await freePort();
    child = spawn(process.execPath, [path.join(projectRoot, "build/server/start.js")], {
      cwd: projectRoot,
      env: { ...inherited, PORT: String(port), WEB_CONCURRENCY: "2", RUN_WORKER: "false", NODE_ENV: "production", LOG_LEVEL: "error" },
    });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 170_000;
    while (!output.includes("Press Ctrl-C to stop.")) {
      if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output}`);
      if (Date.now() > deadline) throw new Error(`npm start did not come up within 170 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(output).toContain(`Channel Partner Portal is running at http://localhost:${port} (2 web processes)`);
    expect(output).toContain("manager@example.com");
    // Fresh connections, so both processes of the cluster get some.
    const answers = await Promise.all(Array.from({ length: 6 }, () => fetch(`http://localhost:${port}/login`, { headers: { Connection: "close" } })));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(output).not.toContain("exited");
  }, 180_000);
});
