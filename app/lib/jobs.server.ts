// A database-backed job queue. Jobs are picked with SELECT ... FOR UPDATE SKIP LOCKED so any
// number of app processes can share the table; failures retry with exponential back-off and
// are kept with their last error once attempts run out.
import os from "node:os";
import { sql, type Kysely } from "kysely";
import { runUnscoped } from "./scope-guard.server";
import { now } from "./clock.server";
import { retryRefused } from "./db-retry.server";
import type { Database, Job } from "../../db/types";
import type { DB } from "./db.server";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each handler declares the payload its kind is enqueued with
export type JobHandler = (payload: any, job: Job) => Promise<void>;

interface Registration {
  handler: JobHandler;
  /** Recurring jobs enqueue their next run when one finishes. */
  everyMs?: number;
}

const registry = new Map<string, Registration>();

export function registerJob(type: string, handler: JobHandler, options: { everyMs?: number } = {}): void {
  registry.set(type, { handler, everyMs: options.everyMs });
}

export interface EnqueueOptions {
  runAt?: Date;
  /** While a job with this key is queued or running, enqueueing another is a no-op. */
  uniqueKey?: string;
  maxAttempts?: number;
}

export async function enqueueJob(db: DB, type: string, payload: unknown, options: EnqueueOptions = {}): Promise<void> {
  await db
    .insertInto("jobs")
    .values({
      type,
      payload: JSON.stringify(payload ?? null),
      run_at: options.runAt ?? now(),
      unique_key: options.uniqueKey ?? null,
      max_attempts: options.maxAttempts ?? 5,
    })
    .$call((q) => (options.uniqueKey ? q.ignore() : q))
    .execute();
}

/** Seconds to wait before attempt n+1: 10 s, 20 s, 40 s ... capped at an hour. */
export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 10 * 2 ** Math.max(0, attempts - 1));
}

const STALE_AFTER_MS = 10 * 60 * 1000;

async function requeueStale(db: Kysely<Database>): Promise<void> {
  await db
    .updateTable("jobs")
    .set({ status: "queued", locked_by: null, locked_at: null, last_error: "worker stopped while running the job" })
    .where("status", "=", "running")
    .where("locked_at", "<", new Date(now().getTime() - STALE_AFTER_MS))
    .execute();
}

async function pickJob(db: Kysely<Database>, workerId: string, types: string[]): Promise<Job | undefined> {
  if (types.length === 0) return undefined;
  // Two workers on different cluster nodes can claim the same job; the cluster refuses the
  // second claim's transaction, which then picks again.
  return retryRefused(() =>
    db.transaction().execute(async (trx) => {
      const job = await trx
        .selectFrom("jobs")
        .selectAll()
        .where("status", "=", "queued")
        .where("run_at", "<=", now())
        .where("type", "in", types)
        .orderBy("run_at")
        .orderBy("id")
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!job) return undefined;
      const lockedAt = now();
      await trx
        .updateTable("jobs")
        .set({ status: "running", locked_by: workerId, locked_at: lockedAt, attempts: job.attempts + 1 })
        .where("id", "=", job.id)
        .execute();
      return { ...job, status: "running" as const, locked_by: workerId, locked_at: lockedAt, attempts: job.attempts + 1 };
    }),
  );
}

async function finish(db: Kysely<Database>, job: Job, error: unknown): Promise<void> {
  if (error === undefined) {
    await db.updateTable("jobs").set({ status: "done", finished_at: now(), unique_key: null, last_error: null }).where("id", "=", job.id).execute();
    const everyMs = registry.get(job.type)?.everyMs;
    if (everyMs) {
      await enqueueJob(db, job.type, JSON.parse(job.payload), {
        runAt: new Date(now().getTime() + everyMs),
        uniqueKey: job.unique_key ?? `recurring:${job.type}`,
      });
    }
    return;
  }
  const message = error instanceof Error ? `${error.message}\n${error.stack ?? ""}`.slice(0, 60000) : String(error);
  if (job.attempts < job.max_attempts) {
    await db
      .updateTable("jobs")
      .set({ status: "queued", run_at: new Date(now().getTime() + backoffSeconds(job.attempts) * 1000), last_error: message, locked_by: null, locked_at: null })
      .where("id", "=", job.id)
      .execute();
  } else {
    await db.updateTable("jobs").set({ status: "failed", finished_at: now(), last_error: message, unique_key: null }).where("id", "=", job.id).execute();
  }
}

/** Runs due jobs until none is left or `limit` ran; returns how many ran. */
export async function runDueJobs(db: Kysely<Database>, workerId: string, limit = 50): Promise<number> {
  await requeueStale(db);
  let ran = 0;
  while (ran < limit) {
    const job = await pickJob(db, workerId, [...registry.keys()]);
    if (!job) break;
    ran++;
    const registration = registry.get(job.type);
    let failure: unknown = undefined;
    try {
      if (!registration) throw new Error(`No handler for job type ${job.type}`);
      // A job acts for nobody in particular: deadlines, imports and notices span partners.
      await runUnscoped(`job ${job.type}`, () => registration.handler(JSON.parse(job.payload), job));
    } catch (error) {
      failure = error ?? new Error("job failed");
    }
    await finish(db, job, failure);
  }
  return ran;
}

/** Makes sure every recurring job has its next run queued. */
export async function scheduleRecurringJobs(db: Kysely<Database>): Promise<void> {
  for (const [type, registration] of registry) {
    if (registration.everyMs) await enqueueJob(db, type, {}, { uniqueKey: `recurring:${type}` });
  }
}

export interface Worker {
  stop(): Promise<void>;
}

export function startWorker(db: Kysely<Database>, options: { pollMs?: number } = {}): Worker {
  const workerId = `${os.hostname()}:${process.pid}`;
  const pollMs = options.pollMs ?? 1000;
  let running = true;
  let current: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const tick = async () => {
    try {
      await runDueJobs(db, workerId);
    } catch (error) {
      console.error("[jobs] worker error:", error instanceof Error ? error.message : error);
    }
  };
  const loop = () => {
    if (!running) return;
    current = tick().finally(() => {
      if (running) timer = setTimeout(loop, pollMs);
    });
  };
  void scheduleRecurringJobs(db)
    .catch((e) => console.error("[jobs] could not schedule recurring jobs:", e))
    .finally(loop);

  return {
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}

export async function jobCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("jobs")
    .select(["status", sql<number>`COUNT(*)`.as("n")])
    .groupBy("status")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
