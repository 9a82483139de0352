// A database-backed job queue. Jobs are picked with SELECT ... FOR UPDATE SKIP LOCKED so any
// number of app processes can share the table; failures retry with exponential back-off and
// are kept with their last error once attempts run out. A running job's heartbeat tells any
// worker whether the worker running it is still alive; a stopping worker hands back what it
// cannot finish in time.
import { randomUUID } from "node:crypto";
import os from "node:os";
import { sql, type Kysely, type UpdateQueryBuilder, type UpdateResult } from "kysely";
import { runUnscoped } from "./scope-guard.server";
import { logger } from "./logger.server";
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

/** How often a worker touches the heartbeat of the job it runs. */
export const HEARTBEAT_MS = 15_000;
/** A running job whose heartbeat is older than this has lost its worker (crashed, killed, cut off) and is queued again. */
export const ABANDONED_AFTER_MS = 60_000;

async function requeueAbandoned(db: Kysely<Database>): Promise<void> {
  const cutoff = new Date(now().getTime() - ABANDONED_AFTER_MS);
  const abandoned = (q: UpdateQueryBuilder<Database, "jobs", "jobs", UpdateResult>) =>
    q
      .where("status", "=", "running")
      // A job picked by a worker of an earlier release has no heartbeat; it counts from when it was picked.
      .where((eb) => eb.or([eb("heartbeat_at", "<", cutoff), eb.and([eb("heartbeat_at", "is", null), eb("locked_at", "<", cutoff)])]));
  const lastError = "its worker stopped while running the job";
  // A job that takes its worker down every time (out of memory, say) stops when its attempts run out.
  await db
    .updateTable("jobs")
    .set({ status: "failed", finished_at: now(), unique_key: null, last_error: lastError })
    .$call(abandoned)
    .where((eb) => eb("attempts", ">=", eb.ref("max_attempts")))
    .execute();
  await db
    .updateTable("jobs")
    .set({ status: "queued", locked_by: null, locked_at: null, heartbeat_at: null, last_error: lastError })
    .$call(abandoned)
    .execute();
}

/** Touches the job's heartbeat every `everyMs` while it runs; returns the function that stops it. */
function keepBeating(db: Kysely<Database>, job: Job, everyMs: number): () => void {
  const timer = setInterval(() => {
    db.updateTable("jobs")
      .set({ heartbeat_at: now() })
      .where("id", "=", job.id)
      .where("status", "=", "running")
      .where("locked_by", "=", job.locked_by)
      .execute()
      .catch((error: unknown) => console.error(`[jobs] heartbeat of job ${job.id} failed:`, error instanceof Error ? error.message : error));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Queues again the jobs this worker is running, for another worker to take; the interrupted run
 * does not count as an attempt. Whatever the interrupted handler does afterwards is not recorded.
 */
export async function handBackJobs(db: Kysely<Database>, workerId: string): Promise<number> {
  const result = await db
    .updateTable("jobs")
    .set({ status: "queued", locked_by: null, locked_at: null, heartbeat_at: null, attempts: sql<number>`attempts - 1` })
    .where("status", "=", "running")
    .where("locked_by", "=", workerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

async function pickJob(db: Kysely<Database>, workerId: string, types: string[]): Promise<Job | undefined> {
  if (types.length === 0) return undefined;
  // Two workers on different cluster nodes can claim the same job; the cluster refuses the
  // second claim's transaction, which then picks again. Claims race all the time on a busy
  // queue and a refused one changed nothing, so it is tried more often than other writes.
  return retryRefused(
    () =>
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
          .set({ status: "running", locked_by: workerId, locked_at: lockedAt, heartbeat_at: lockedAt, attempts: job.attempts + 1 })
          .where("id", "=", job.id)
          .execute();
        return { ...job, status: "running" as const, locked_by: workerId, locked_at: lockedAt, heartbeat_at: lockedAt, attempts: job.attempts + 1 };
      }),
    { attempts: 8 },
  );
}

async function finish(db: Kysely<Database>, job: Job, error: unknown): Promise<void> {
  // Only while the job is still this run's: a job handed back or taken as abandoned belongs to the queue.
  const stillOurs = (q: UpdateQueryBuilder<Database, "jobs", "jobs", UpdateResult>) =>
    q.where("id", "=", job.id).where("status", "=", "running").where("locked_by", "=", job.locked_by);
  if (error === undefined) {
    const done = await db
      .updateTable("jobs")
      .set({ status: "done", finished_at: now(), unique_key: null, last_error: null })
      .$call(stillOurs)
      .executeTakeFirst();
    const everyMs = registry.get(job.type)?.everyMs;
    if (everyMs && Number(done.numUpdatedRows) > 0) {
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
      .set({
        status: "queued",
        run_at: new Date(now().getTime() + backoffSeconds(job.attempts) * 1000),
        last_error: message,
        locked_by: null,
        locked_at: null,
        heartbeat_at: null,
      })
      .$call(stillOurs)
      .execute();
  } else {
    await db.updateTable("jobs").set({ status: "failed", finished_at: now(), last_error: message, unique_key: null }).$call(stillOurs).execute();
  }
}

export interface RunOptions {
  /** How often the running job's heartbeat is touched; HEARTBEAT_MS unless a test needs it sooner. */
  heartbeatMs?: number;
  /** Asked before each job: a stopping worker finishes the job it runs and takes no other. */
  keepGoing?: () => boolean;
  /** Only jobs of these kinds (each registered), for a worker kept to some kinds; all registered kinds by default. */
  kinds?: readonly string[];
}

/** Runs due jobs until none is left, `limit` ran or `keepGoing` says stop; returns how many ran. */
export async function runDueJobs(db: Kysely<Database>, workerId: string, limit = 50, options: RunOptions = {}): Promise<number> {
  await requeueAbandoned(db);
  let ran = 0;
  while (ran < limit && (options.keepGoing?.() ?? true)) {
    const job = await pickJob(db, workerId, options.kinds?.filter((kind) => registry.has(kind)) ?? [...registry.keys()]);
    if (!job) break;
    ran++;
    const registration = registry.get(job.type);
    const stopBeating = keepBeating(db, job, options.heartbeatMs ?? HEARTBEAT_MS);
    let failure: unknown = undefined;
    const told = { jobId: job.id, kind: job.type, attempt: job.attempts };
    const started = performance.now();
    logger.info(told, "job started");
    try {
      if (!registration) throw new Error(`No handler for job type ${job.type}`);
      // A job acts for nobody in particular: deadlines, imports and notices span partners.
      await runUnscoped(`job ${job.type}`, () => registration.handler(JSON.parse(job.payload), job));
    } catch (error) {
      failure = error ?? new Error("job failed");
    } finally {
      stopBeating();
    }
    const durationMs = Math.round(performance.now() - started);
    if (failure === undefined) logger.info({ ...told, durationMs }, "job finished");
    // A failure that will be retried is a warning; the last attempt's is the error.
    else if (job.attempts < job.max_attempts) logger.warn({ ...told, durationMs, err: failure, willRetry: true }, "job failed");
    else logger.error({ ...told, durationMs, err: failure, willRetry: false }, "job failed");
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
  /**
   * Takes no more jobs and waits up to `timeoutMs` for the running one to end; if it does not,
   * hands it back to the queue (handBackJobs). Returns how many jobs were handed back.
   */
  stop(timeoutMs?: number): Promise<{ handedBack: number }>;
}

export function startWorker(db: Kysely<Database>, options: { pollMs?: number; heartbeatMs?: number } = {}): Worker {
  // The suffix keeps two workers of one process (tests) apart: hand-back and heartbeats go by this id.
  const workerId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const pollMs = options.pollMs ?? 1000;
  let running = true;
  let current: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const tick = async () => {
    try {
      await runDueJobs(db, workerId, 50, { heartbeatMs: options.heartbeatMs, keepGoing: () => running });
    } catch (error) {
      logger.error({ err: error }, "the job worker could not run jobs");
    }
  };
  const loop = () => {
    if (!running) return;
    current = tick().finally(() => {
      if (running) timer = setTimeout(loop, pollMs);
    });
  };
  void scheduleRecurringJobs(db)
    .catch((error: unknown) => logger.error({ err: error }, "could not schedule the recurring jobs"))
    .finally(loop);

  return {
    async stop(timeoutMs = 20_000) {
      running = false;
      if (timer) clearTimeout(timer);
      let deadline: NodeJS.Timeout | undefined;
      const ended = await Promise.race([current.then(() => true), new Promise<false>((resolve) => (deadline = setTimeout(() => resolve(false), timeoutMs)))]);
      clearTimeout(deadline);
      return { handedBack: ended ? 0 : await handBackJobs(db, workerId) };
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
