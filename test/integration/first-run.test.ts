// The README's promise: on a fresh machine `npm start` brings the portal up on the embedded
// database, migrated and seeded, with several web processes, and prints the address and the demo
// logins. Runs the compiled start.js as `npm start` does (after its build), with neither
// DATABASE_URL nor APP_URL set, on the project's own embedded server (.data/dev).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../db/local-server";

const projectRoot = path.resolve(import.meta.dirname, "../..");
let child: ChildProcess | undefined;

afterAll(async () => {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child!.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}, 60_000);

describe("npm start on the embedded database", () => {
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
