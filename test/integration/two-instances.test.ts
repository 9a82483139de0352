// Issue 17: the portal as it runs on several machines. Two web instances (RUN_WORKER=false) on
// their own ports and a separate worker process share one database and one S3 store (s3rver):
// a session made on one instance works on the other, a file uploaded through one is checked by
// the worker and downloaded through the other, and no process writes a file to its own disk.
// A database of its own, so the worker takes no other suite's jobs.
// Route modules: `login.tsx`, `_app.sell-through.upload.tsx`, `_app.sell-through.submissions.$submissionId.tsx`,
// `sell-through.submissions.$submissionId.file.ts`.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, type DB } from "~/lib/db.server";
import { startAppProcess, type AppProcess } from "../support/app-process";
import { signedIn } from "../support/client";
import { startS3Store, type LocalS3Store } from "../support/s3-store";
import { pharmaWorkbook, uploadAndMap } from "../support/sell-through-files";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const projectRoot = path.resolve(import.meta.dirname, "../..");
const PREFIX = "shared/files";

let database: TestDatabase;
let db: DB;
let store: LocalS3Store;
let disk: string;
let first: AppProcess;
let second: AppProcess;
let worker: ChildProcess;
let workerLog = "";

beforeAll(async () => {
  database = await createTestDatabase("portal_two");
  db = createConnection(database.url, 2).db;
  store = await startS3Store("portal-two-instances");
  // Every process gets this directory as its local storage: it must stay empty.
  disk = mkdtempSync(path.join(os.tmpdir(), "portal-two-disk-"));
  const env = { ...store.env(PREFIX), STORAGE_DIR: disk, WEB_CONCURRENCY: "1" };
  [first, second] = await Promise.all([startAppProcess(database.url, { prefix: "[web 1]", env }), startAppProcess(database.url, { prefix: "[web 2]", env })]);
  worker = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "app/server/worker.ts")], {
    cwd: projectRoot,
    env: { ...process.env, ...env, DATABASE_URL: database.url, APP_URL: first.baseUrl, NODE_ENV: "production", LOG_LEVEL: "error" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  worker.stdout!.on("data", (chunk: Buffer) => (workerLog += chunk.toString()));
  worker.stderr!.on("data", (chunk: Buffer) => (workerLog += chunk.toString()));
}, 300_000);

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((resolve) => worker.once("exit", resolve));
    worker.kill("SIGTERM");
    await exited;
  }
  await Promise.all([first?.stop(), second?.stop()]);
  await db?.destroy();
  await store?.stop();
  await database?.drop();
  rmSync(disk, { recursive: true, force: true });
}, 120_000);

async function submissionStatus(id: number): Promise<string> {
  return (await db.selectFrom("sell_through_submissions").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
}

describe("two web instances and a worker", () => {
  it("share sessions, files and jobs", async () => {
    const distributor = await signedIn("distributor@example.com", first.baseUrl);
    const session = `portal_session=${distributor.cookie("portal_session")}`;
    const home = await fetch(`${second.baseUrl}/`, { headers: { Cookie: session }, redirect: "manual" });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("Northwind Distribution");

    const period = "2046-03";
    const bytes = await pharmaWorkbook(period, [
      { invoice: "TWO-1", customer: "上海第一医院", lot: "TWO-LOT" },
      { invoice: "TWO-2", customer: "杭州药房", lot: "TWO-LOT", quantity: 4 },
    ]);
    const nwd = await db.selectFrom("partners").select("id").where("code", "=", "NWD").executeTakeFirstOrThrow();
    const submissionId = await uploadAndMap(distributor, nwd.id, period, bytes, "流向.xlsx");

    // Neither web instance runs jobs: the check is the worker's.
    const deadline = Date.now() + 60_000;
    while ((await submissionStatus(submissionId)) !== "checked") {
      if (Date.now() > deadline) throw new Error(`The worker did not check submission ${submissionId} within 60 s; it said:\n${workerLog}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const checked = await db.selectFrom("sell_through_submissions").selectAll().where("id", "=", submissionId).executeTakeFirstOrThrow();
    expect([checked.rows_read, checked.rows_accepted, checked.rows_rejected]).toEqual([2, 2, 0]);
    const job = await db
      .selectFrom("jobs")
      .select(["locked_by", "status"])
      .where("type", "=", "sellThrough.check")
      .where("payload", "=", JSON.stringify({ submissionId }))
      .executeTakeFirstOrThrow();
    expect(job.status).toBe("done");
    expect(job.locked_by).toContain(`:${worker.pid}:`);

    const download = await fetch(`${second.baseUrl}/sell-through/submissions/${submissionId}/file`, { headers: { Cookie: session } });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    expect(await store.keys()).toContain(`${PREFIX}/${checked.file_path}`);
    expect(readdirSync(disk)).toEqual([]);
  });
});
