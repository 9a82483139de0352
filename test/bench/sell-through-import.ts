// The importing process of sell-through.bench.ts, run as a child of its own so that its peak
// memory (maxRSS) is the import's and nothing else's. It does what the upload and mapping
// pages and the check job do, in order, in this one process: stores the file (storeStream,
// as the upload does), records it (receiveFile), confirms the proposed mapping (startCheck),
// removes the job startCheck queued (so no worker can race this process for it) and runs the
// check itself (checkSubmission), then commits (commitSubmission), saying yes to "is this month
// right?" as the distributor would: the bench's month is far larger than NWD's others. Each
// step is timed.
//
//   node --import tsx test/bench/sell-through-import.ts <csv file> <user e-mail> <distributor code> <period>
//
// DATABASE_URL and STORAGE_DIR come from the environment. Progress goes to stderr; the last
// line on stdout is the result as JSON (see ImportResult).
import { createReadStream } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createConnection } from "../../app/lib/db.server";
import { scopeFor } from "../../app/lib/scope.server";
import { storeStream } from "../../app/lib/storage.server";
import { checkSubmission, receiveFile, startCheck } from "../../app/modules/sell-through/submissions.server";
import { commitSubmission } from "../../app/modules/sell-through/commit.server";
import type { Actor } from "../../app/lib/audit.server";

export interface ImportResult {
  submissionId: number;
  storedPath: string;
  /** Seconds per step. */
  store: number;
  receive: number;
  startCheck: number;
  check: number;
  commit: number;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  committedLines: number;
  movedToRejects: number;
  /** CPU seconds (user + system) this process spent from receiveFile to the end of the commit. */
  cpuSeconds: number;
  /** process.resourceUsage().maxRSS: the peak resident set of this process, in KiB. */
  maxRssKiB: number;
  /** Peaks of process.memoryUsage() sampled every 100 ms, in bytes (where the RSS went). */
  peakHeapUsed: number;
  peakExternal: number;
  peakArrayBuffers: number;
}

function note(message: string) {
  process.stderr.write(`[sell-through-import] ${message}\n`);
}

async function main() {
  const [file, email, distributorCode, period] = process.argv.slice(2);
  const url = process.env.DATABASE_URL;
  if (!file || !email || !distributorCode || !period) throw new Error("usage: sell-through-import.ts <csv file> <user e-mail> <distributor code> <period>");
  if (!url) throw new Error("DATABASE_URL is not set");
  if (!process.env.STORAGE_DIR) throw new Error("STORAGE_DIR is not set (the bench keeps its stored file in a temporary directory)");

  const peaks = { heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peaks.heapUsed = Math.max(peaks.heapUsed, m.heapUsed);
    peaks.external = Math.max(peaks.external, m.external);
    peaks.arrayBuffers = Math.max(peaks.arrayBuffers, m.arrayBuffers);
  };
  const sampler = setInterval(sample, 100);

  const { db } = createConnection(url, 4);
  try {
    const user = await db.selectFrom("users").select(["id", "email", "role", "partner_id"]).where("email", "=", email).executeTakeFirstOrThrow();
    const distributor = await db.selectFrom("partners").select("id").where("code", "=", distributorCode).executeTakeFirstOrThrow();
    const scope = scopeFor({ id: user.id, role: user.role, partnerId: user.partner_id });
    const actor: Actor = { userId: user.id, email: user.email, ip: null };
    const timed = async <T>(what: string, work: () => Promise<T>): Promise<[T, number]> => {
      const t0 = performance.now();
      const result = await work();
      const seconds = (performance.now() - t0) / 1000;
      note(`${what}: ${seconds.toFixed(2)} s`);
      return [result, seconds];
    };

    const [stored, store] = await timed("storeStream", () => storeStream(createReadStream(file), "sell-through"));
    const cpuBefore = process.cpuUsage();
    const [received, receive] = await timed("receiveFile", () =>
      receiveFile(db, scope, actor, { distributorId: distributor.id, period, fileName: path.basename(file), stored }),
    );
    const { submissionId } = received;
    const [, startCheckSeconds] = await timed("startCheck", async () => {
      await startCheck(db, scope, actor, submissionId, received.mapping, received.header);
      // The queued job would run checkSubmission a second time in a worker; this process runs it.
      await db
        .deleteFrom("jobs")
        .where("type", "=", "sellThrough.check")
        .where("payload", "=", JSON.stringify({ submissionId }))
        .where("status", "=", "queued")
        .execute();
    });
    const [, check] = await timed("checkSubmission", () => checkSubmission(db, submissionId, url));
    const checked = await db
      .selectFrom("sell_through_submissions")
      .select(["status", "rows_read", "rows_accepted", "rows_rejected", "problem_code"])
      .where("id", "=", submissionId)
      .executeTakeFirstOrThrow();
    if (checked.status !== "checked")
      throw new Error(`Submission ${submissionId} is ${checked.status} after the check, not checked (${checked.problem_code ?? "no problem code"})`);
    const [committed, commit] = await timed("commitSubmission", () => commitSubmission(db, scope, actor, submissionId, { confirmUnusual: true }));
    const cpu = process.cpuUsage(cpuBefore);
    const after = await db
      .selectFrom("sell_through_submissions")
      .select(["rows_accepted", "rows_rejected"])
      .where("id", "=", submissionId)
      .executeTakeFirstOrThrow();

    sample();
    const result: ImportResult = {
      submissionId,
      storedPath: stored.path,
      store,
      receive,
      startCheck: startCheckSeconds,
      check,
      commit,
      rowsRead: checked.rows_read,
      rowsAccepted: after.rows_accepted,
      rowsRejected: after.rows_rejected,
      committedLines: committed.lines,
      movedToRejects: committed.movedToRejects,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      maxRssKiB: process.resourceUsage().maxRSS,
      peakHeapUsed: peaks.heapUsed,
      peakExternal: peaks.external,
      peakArrayBuffers: peaks.arrayBuffers,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    clearInterval(sampler);
    await db.destroy();
  }
}

main().catch((error) => {
  process.stderr.write(`[sell-through-import] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
