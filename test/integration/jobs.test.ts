// The job queue against the real database: each job runs once even with workers racing,
// failures retry with back-off and are kept with their error, unique keys stop duplicates.
import { afterEach, describe, expect, it } from "vitest";
import { enqueueJob, registerJob, runDueJobs } from "~/lib/jobs.server";
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
