// The job queue against the real database: each job runs once even with workers racing,
// failures retry with back-off and are kept with their error, unique keys stop duplicates, a
// dead worker's job is retried within a minute and a stopping worker hands back what it cannot finish.
import { afterEach, describe, expect, it, vi } from "vitest";
import { enqueueJob, handBackJobs, registerJob, runDueJobs, startWorker } from "~/lib/jobs.server";
import { setClockForTests } from "~/lib/clock.server";
import { db } from "../support/db";

const type = (name: string) => `test.${name}.${process.pid}.${Date.now()}`;

afterEach(() => setClockForTests(undefined));

async function jobsOf(jobType: string) {
  return db().selectFrom("jobs").selectAll().where("type", "=", jobType).orderBy("id").execute();
}

describe("the job queue", () => {
  it("runs each job exactly once when two workers race for it", async () => {
    const jobType = type("race");
    const seen: number[] = [];
    registerJob(jobType, async (payload: { n: number }) => {
      seen.push(payload.n);
      await new Promise((r) => setTimeout(r, 5));
    });
    for (let n = 0; n < 40; n++) await enqueueJob(db(), jobType, { n });
    await Promise.all([runDueJobs(db(), "worker-a", 100), runDueJobs(db(), "worker-b", 100), runDueJobs(db(), "worker-c", 100)]);
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(40).keys()]);
    const jobs = await jobsOf(jobType);
    expect(jobs.every((j) => j.status === "done" && j.attempts === 1)).toBe(true);
  });

  it("runs only the kinds a worker is kept to", async () => {
    const wanted = type("wanted");
    const other = type("other");
    registerJob(wanted, async () => undefined);
    registerJob(other, async () => undefined);
    await enqueueJob(db(), other, {});
    await enqueueJob(db(), wanted, {});
    expect(await runDueJobs(db(), "kept", 10, { kinds: [wanted] })).toBe(1);
    expect((await jobsOf(wanted)).map((j) => j.status)).toEqual(["done"]);
    expect((await jobsOf(other)).map((j) => j.status)).toEqual(["queued"]);
    await runDueJobs(db(), "any", 10, { kinds: [other] });
  });

  it("retries a failing job later and keeps the error once attempts run out", async () => {
    const jobType = type("fail");
    let calls = 0;
    registerJob(jobType, async () => {
      calls++;
      throw new Error("relay refused");
    });
    let clock = new Date("2026-11-01T10:00:00Z");
    setClockForTests(() => clock);
    await enqueueJob(db(), jobType, {}, { maxAttempts: 3 });

    await runDueJobs(db(), "w");
    let [job] = await jobsOf(jobType);
    expect(job.status).toBe("queued");
    expect(job.attempts).toBe(1);
    expect(job.last_error).toContain("relay refused");
    expect(job.run_at.getTime()).toBe(clock.getTime() + 10_000);

    await runDueJobs(db(), "w");
    expect(calls).toBe(1);

    clock = new Date(clock.getTime() + 10_000);
    await runDueJobs(db(), "w");
    clock = new Date(clock.getTime() + 20_000);
    await runDueJobs(db(), "w");
    [job] = await jobsOf(jobType);
    expect(calls).toBe(3);
    expect(job.status).toBe("failed");
    expect(job.last_error).toContain("relay refused");
    expect(job.finished_at).not.toBeNull();
  });

  it("does not queue a second job with the same unique key while the first is pending", async () => {
    const jobType = type("unique");
    registerJob(jobType, async () => {});
    await enqueueJob(db(), jobType, { a: 1 }, { uniqueKey: jobType });
    await enqueueJob(db(), jobType, { a: 2 }, { uniqueKey: jobType });
    expect(await jobsOf(jobType)).toHaveLength(1);
    await runDueJobs(db(), "w");
    await enqueueJob(db(), jobType, { a: 3 }, { uniqueKey: jobType });
    expect(await jobsOf(jobType)).toHaveLength(2);
  });
});

describe("heartbeats and hand-back", () => {
  /** Registers a job type whose handler waits until the test releases it; `started` resolves when it runs. */
  function blockingJob(name: string) {
    const jobType = type(name);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    registerJob(jobType, async () => {
      started();
      await released;
    });
    return { jobType, release, running };
  }

  it("queues again, within a minute, the job of a worker that died, and runs it", async () => {
    const jobType = type("dead");
    let runs = 0;
    registerJob(jobType, async () => {
      runs++;
    });
    let clock = new Date("2026-11-02T09:00:00Z");
    setClockForTests(() => clock);
    await enqueueJob(db(), jobType, {});
    // A worker picked it and died: its row says running, and its heartbeat stops.
    await db()
      .updateTable("jobs")
      .set({ status: "running", locked_by: "dead-worker", locked_at: clock, heartbeat_at: clock, attempts: 1 })
      .where("type", "=", jobType)
      .execute();

    clock = new Date(clock.getTime() + 59_000);
    await runDueJobs(db(), "survivor");
    expect(runs).toBe(0);
    expect((await jobsOf(jobType))[0]).toMatchObject({ status: "running", locked_by: "dead-worker" });

    clock = new Date(clock.getTime() + 2_000);
    await runDueJobs(db(), "survivor");
    expect(runs).toBe(1);
    expect((await jobsOf(jobType))[0]).toMatchObject({ status: "done", attempts: 2 });
  });

  it("keeps as failed, not queued again, an abandoned job that has used its last attempt", async () => {
    const jobType = type("fatal");
    let runs = 0;
    registerJob(jobType, async () => {
      runs++;
    });
    let clock = new Date("2026-11-02T11:00:00Z");
    setClockForTests(() => clock);
    await enqueueJob(db(), jobType, {}, { maxAttempts: 2, uniqueKey: jobType });
    // Its last attempt took its worker down with it (say, out of memory), as the first did.
    await db()
      .updateTable("jobs")
      .set({ status: "running", locked_by: "dead-worker", locked_at: clock, heartbeat_at: clock, attempts: 2 })
      .where("type", "=", jobType)
      .execute();

    clock = new Date(clock.getTime() + 61_000);
    await runDueJobs(db(), "survivor");
    expect(runs).toBe(0);
    expect((await jobsOf(jobType))[0]).toMatchObject({ status: "failed", unique_key: null, last_error: "its worker stopped while running the job" });
    expect((await jobsOf(jobType))[0].finished_at?.getTime()).toBe(clock.getTime());
  });

  it("does not take a job from a live worker whose heartbeat keeps up, however long the job runs", async () => {
    const { jobType, release, running } = blockingJob("live");
    let clock = new Date("2026-11-02T10:00:00Z");
    setClockForTests(() => clock);
    await enqueueJob(db(), jobType, {});
    const live = runDueJobs(db(), "live-worker", 1, { heartbeatMs: 20 });
    await running;

    clock = new Date(clock.getTime() + 5 * 60_000);
    await vi.waitFor(async () => expect((await jobsOf(jobType))[0].heartbeat_at?.getTime()).toBe(clock.getTime()), { timeout: 5_000 });
    await runDueJobs(db(), "other-worker");
    expect((await jobsOf(jobType))[0]).toMatchObject({ status: "running", locked_by: "live-worker", attempts: 1 });

    release();
    await live;
    expect((await jobsOf(jobType))[0]).toMatchObject({ status: "done", attempts: 1 });
  });

  it("a stopping worker lets the running job finish when it ends within the time given", async () => {
    const { jobType, release, running } = blockingJob("finish");
    await enqueueJob(db(), jobType, {});
    const worker = startWorker(db(), { pollMs: 10 });
    await running;
    const stopped = worker.stop(30_000);
    release();
    expect(await stopped).toEqual({ handedBack: 0 });
    expect((await jobsOf(jobType))[0]).toMatchObject({ status: "done", attempts: 1 });
  });

  it("a stopping worker hands back the job it cannot finish in time, without counting the attempt", async () => {
    const { jobType, release, running } = blockingJob("handback");
    await enqueueJob(db(), jobType, {});
    const worker = startWorker(db(), { pollMs: 10 });
    await running;
    expect(await worker.stop(50)).toEqual({ handedBack: 1 });
    expect((await jobsOf(jobType))[0]).toMatchObject({ status: "queued", locked_by: null, heartbeat_at: null, attempts: 0 });
    release();
    // Out of the way of the next case's runDueJobs, which would take it first.
    await db().deleteFrom("jobs").where("type", "=", jobType).execute();
  });

  it("the late end of a handed-back run changes nothing: the job stays queued for the next worker", async () => {
    const { jobType, release, running } = blockingJob("late");
    await enqueueJob(db(), jobType, {});
    const run = runDueJobs(db(), "slow-worker", 1);
    await running;
    expect(await handBackJobs(db(), "slow-worker")).toBe(1);
    release();
    await run;
    expect((await jobsOf(jobType))[0]).toMatchObject({ status: "queued", locked_by: null, attempts: 0, finished_at: null });
  });
});
