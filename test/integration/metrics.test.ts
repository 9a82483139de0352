// Issue 17: /metrics on the running app (WEB_CONCURRENCY processes) counts requests by route
// pattern across all its processes, the lines and the commit of a sell-through import, and the
// job queue as the database holds it.
import { afterAll, describe, expect, inject, it } from "vitest";
import { signedIn } from "../support/client";
import { db, uniqueCode } from "../support/db";
import { rawRequest } from "../support/raw-http";
import { sampleValue } from "../support/metrics-text";

const baseUrl = inject("baseUrl");
const jobKind = `metrics.test.${process.pid}`;

afterAll(async () => {
  await db().deleteFrom("jobs").where("type", "=", jobKind).execute();
});

/** A scrape on a connection of its own: the cluster hands each new connection to its next process. */
async function scrape(): Promise<string> {
  const response = await rawRequest({ path: "/metrics" });
  expect(response.status).toBe(200);
  expect(response.headers["content-type"]).toContain("text/plain");
  return response.text;
}

describe("/metrics", () => {
  it("counts every process's requests by route pattern, never by raw id", async () => {
    const metricsRequests = (text: string) =>
      sampleValue(text, "portal_http_request_duration_seconds_count", { method: "GET", route: "/metrics", status_class: "2xx" }) ?? 0;
    const before = metricsRequests(await scrape());
    for (let i = 0; i < 4; i++) await scrape();
    const after = await scrape();
    // The first scrape is counted once it has ended, so five by the last one, whichever process took each.
    expect(metricsRequests(after) - before).toBe(5);

    const client = await signedIn("distributor@example.com");
    expect((await client.get("/sell-through/submissions/987654321/file")).status).toBe(404);
    const text = await scrape();
    expect(
      sampleValue(text, "portal_http_request_duration_seconds_count", {
        method: "GET",
        route: "/sell-through/submissions/:submissionId/file",
        status_class: "4xx",
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(sampleValue(text, "portal_http_request_duration_seconds_count", { method: "POST", route: "/login", status_class: "3xx" })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain("987654321");
  });

  it("counts an import's lines and its commit", async () => {
    const client = await signedIn("distributor@example.com");
    const page = await client.post("/settings/api-keys", { intent: "create", name: "metrics test" });
    const key = /ppk_[A-Za-z0-9_-]{32}/.exec(await page.text())![0];
    const before = await scrape();
    const invoice = uniqueCode("MET");
    const lines = ["1", "2", "3"].map((lineNo) => ({
      transactionDate: "1938-03-02",
      invoiceNo: invoice,
      lineNo,
      sku: "NET-SW24",
      quantity: 1,
      unitPrice: "10.00",
      currency: "USD",
    }));
    const response = await fetch(`${baseUrl}/api/v1/sell-through`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: JSON.stringify({ period: "1938-03", lines, commit: true, confirmUnusual: true }),
    });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { committed: boolean }).committed).toBe(true);
    const after = await scrape();
    const imported = (text: string) => sampleValue(text, "portal_sell_through_lines_imported_total", { source: "api" }) ?? 0;
    expect(imported(after) - imported(before)).toBeGreaterThanOrEqual(3);
    const commits = (text: string) => sampleValue(text, "portal_sell_through_import_duration_seconds_count", { stage: "commit" }) ?? 0;
    expect(commits(after) - commits(before)).toBeGreaterThanOrEqual(1);
    expect(sampleValue(after, "portal_sell_through_import_duration_seconds_sum", { stage: "commit" })).toBeGreaterThan(0);
  });

  it("reports the queue's depth and the wait of its oldest due job by kind", async () => {
    const hourAgo = new Date(Date.now() - 3_600_000);
    await db()
      .insertInto("jobs")
      .values([
        { type: jobKind, payload: "{}", run_at: hourAgo },
        { type: jobKind, payload: "{}", run_at: new Date(hourAgo.getTime() + 60_000) },
        // Not due yet: not in the depth.
        { type: jobKind, payload: "{}", run_at: new Date(Date.now() + 3_600_000) },
      ])
      .execute();
    const text = await scrape();
    expect(sampleValue(text, "portal_jobs_queued", { kind: jobKind })).toBe(2);
    expect(sampleValue(text, "portal_jobs_oldest_queued_age_seconds", { kind: jobKind })).toBeGreaterThan(3_000);
  });
});
