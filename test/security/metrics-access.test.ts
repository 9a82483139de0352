// Issue 17: /metrics is never public. Without METRICS_TOKEN only a loopback connection that no
// proxy forwarded reads it; with METRICS_TOKEN only the bearer of it. The request id of the logs
// is a client's own only through a trusted proxy, and each request is one JSON log line.
import http from "node:http";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startAppProcess, type AppProcess } from "../support/app-process";

const TOKEN = "metrics-token-for-the-security-suite";
/** An address of this machine that is not loopback, if it has one. */
const outside = Object.values(os.networkInterfaces())
  .flat()
  .find((address) => address && !address.internal && address.family === "IPv4")?.address;

let open: AppProcess;
let guarded: AppProcess;
const openLog: string[] = [];

beforeAll(async () => {
  const databaseUrl = inject("databaseUrl");
  [open, guarded] = await Promise.all([
    startAppProcess(databaseUrl, {
      prefix: "[open]",
      env: { SERVE_HOST: "0.0.0.0", WEB_CONCURRENCY: "1", LOG_LEVEL: "info", TRUST_PROXY: "false" },
      onStdoutLine: (line) => openLog.push(line),
    }),
    startAppProcess(databaseUrl, { prefix: "[guarded]", env: { METRICS_TOKEN: TOKEN, WEB_CONCURRENCY: "1", TRUST_PROXY: "true" } }),
  ]);
});
afterAll(async () => {
  await Promise.all([open?.stop(), guarded?.stop()]);
});

function get(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = {},
  host?: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.get({ host: host ?? url.hostname, port: url.port, path, headers, agent: false }, (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

describe("/metrics without METRICS_TOKEN", () => {
  it("answers a loopback connection", async () => {
    const response = await get(open.baseUrl, "/metrics");
    expect(response.status).toBe(200);
    expect(response.text).toContain("portal_http_request_duration_seconds");
  });

  it.runIf(outside)("refuses a connection from an address that is not loopback", async () => {
    const response = await get(open.baseUrl, "/metrics", {}, outside);
    expect(response.status).toBe(403);
    expect(response.text).not.toContain("portal_");
    // The same address reaches the app itself: it is /metrics that refuses it.
    expect((await get(open.baseUrl, "/login", {}, outside)).status).toBe(200);
  });

  it("refuses a request a proxy on this machine forwarded", async () => {
    for (const header of ["X-Forwarded-For", "X-Real-IP", "Forwarded"]) {
      const response = await get(open.baseUrl, "/metrics", { [header]: header === "Forwarded" ? "for=203.0.113.7" : "203.0.113.7" });
      expect(response.status, header).toBe(403);
    }
  });
});

describe("/metrics with METRICS_TOKEN", () => {
  it("answers only the bearer of the token, loopback or not", async () => {
    for (const authorization of [undefined, "Bearer wrong", `Bearer ${TOKEN}x`, TOKEN, `Basic ${TOKEN}`]) {
      const response = await get(guarded.baseUrl, "/metrics", authorization ? { Authorization: authorization } : {});
      expect(response.status, String(authorization)).toBe(401);
      expect(response.text).not.toContain("portal_");
    }
    const response = await get(guarded.baseUrl, "/metrics", { Authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(200);
    expect(response.text).toContain("portal_http_request_duration_seconds");
  });
});

describe("the request id", () => {
  it("is the server's own unless a trusted proxy sent one, and is on the request's log line", async () => {
    const untrusted = await get(open.baseUrl, "/login", { "X-Request-Id": "client-chosen-id" });
    const id = untrusted.headers["x-request-id"];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const trusted = await get(guarded.baseUrl, "/login", { "X-Request-Id": "proxy-id-123" });
    expect(trusted.headers["x-request-id"]).toBe("proxy-id-123");
    // A proxy's id that could break a log line is replaced too.
    const odd = await get(guarded.baseUrl, "/login", { "X-Request-Id": 'a b"c' });
    expect(odd.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);

    const deadline = Date.now() + 10_000;
    let line: Record<string, unknown> | undefined;
    while (!line && Date.now() < deadline) {
      // The serve script's own ready line is plain text; the log is the lines that are JSON.
      line = openLog
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((entry) => entry.requestId === id);
      if (!line) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(line).toMatchObject({ level: 30, msg: "request", method: "GET", route: "/login", status: 200 });
    expect(typeof line!.durationMs).toBe("number");
    expect(openLog.join("\n")).not.toContain("client-chosen-id");
  });
});
