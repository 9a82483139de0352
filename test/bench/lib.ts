// Shared pieces of the benchmarks: the context a bench file receives, the figures it returns,
// a closed-loop load generator (N clients, each sending its next request as soon as the
// previous response body has been read) and an open-loop one (requests at a fixed rate, as
// independent users send them). Nothing here asserts a time; it only measures.
import http from "node:http";
import { performance } from "node:perf_hooks";
import { gunzipSync } from "node:zlib";

export interface Figure {
  /** e.g. partners_list_rps */
  name: string;
  value: number;
  /** e.g. "req/s", "ms", "ratio" */
  unit: string;
}

export interface BenchContext {
  baseUrl: string;
  /** Signs in with the demo password; returns the Cookie header value ("portal_session=..."). */
  signIn(email: string): Promise<string>;
  /** Progress notes; printed at once (the BENCH lines are printed at the end of the run). */
  log(message: string): void;
}

export type Bench = (context: BenchContext) => Promise<Figure[]>;

export interface LoadOptions {
  baseUrl: string;
  path: string;
  cookie?: string;
  concurrency?: number;
  warmupMs?: number;
  durationMs?: number;
  /** Checked against the body of the first measured response; a cheap guard against measuring an empty page. */
  expectBody?: (body: string) => string | null;
}

export interface LoadResult {
  path: string;
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Bytes on the wire (gzip, as a browser asks for them). */
  bytes: number;
}

interface Answer {
  status: number;
  body: Buffer;
  gzip: boolean;
}

/**
 * One GET on a keep-alive connection of `agent`. The load generator shares the app's two
 * cores, so it is plain node:http, not fetch: fetch costs about three times the CPU per
 * request (most of it decompressing a body nobody reads), which the app then lacks.
 */
function get(agent: http.Agent, url: URL, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks), gzip: response.headers["content-encoding"] === "gzip" }),
      );
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

function text(answer: Answer): string {
  return (answer.gzip ? gunzipSync(answer.body) : answer.body).toString("utf8");
}

/** The p-th percentile (nearest rank) of ascending values; NaN for none. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export const DEFAULT_CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
export const DEFAULT_WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 2000);
/**
 * The warm-up also lasts until this many responses (or four times its time): each web
 * process compiles its hot code on its own, and on a busy machine two seconds may be a few
 * dozen requests per process.
 */
export const DEFAULT_WARMUP_REQUESTS = Number(process.env.BENCH_WARMUP_REQUESTS ?? 200);
export const DEFAULT_DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 8000);

/**
 * Runs `concurrency` clients looping GET `path` for warm-up + duration. Only requests that
 * start after the warm-up (DEFAULT_WARMUP_REQUESTS responses and at least `warmupMs`) count; requests per second is their number over the time from the
 * end of the warm-up to the last of them finishing. Any response other than 200 fails the run.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const warmupMs = options.warmupMs ?? DEFAULT_WARMUP_MS;
  const durationMs = options.durationMs ?? DEFAULT_DURATION_MS;
  const url = new URL(options.path, options.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const headers: Record<string, string> = { Accept: "text/html", "Accept-Encoding": "gzip" };
  if (options.cookie) headers.Cookie = options.cookie;

  const start = performance.now();
  let measureFrom = Infinity;
  let stopAt = Infinity;
  let warmed = 0;
  const latencies: number[] = [];
  let bytes = 0;
  let lastFinish = 0;
  let failure: Error | undefined;
  let checked = !options.expectBody;

  const client = async () => {
    while (!failure) {
      const t0 = performance.now();
      if (t0 >= stopAt) return;
      let answer: Answer;
      try {
        answer = await get(agent, url, headers);
      } catch (error) {
        failure ??= new Error(`GET ${options.path} failed: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      const t1 = performance.now();
      if (measureFrom === Infinity) {
        warmed++;
        const elapsed = t1 - start;
        if (elapsed >= warmupMs && (warmed >= DEFAULT_WARMUP_REQUESTS || elapsed >= 4 * warmupMs)) {
          measureFrom = t1;
          stopAt = t1 + durationMs;
          lastFinish = t1;
        }
      }
      if (answer.status !== 200) {
        failure ??= new Error(`GET ${options.path} answered ${answer.status}, not 200: ${text(answer).slice(0, 300)}`);
        return;
      }
      if (t0 >= measureFrom) {
        if (!checked) {
          checked = true;
          const problem = options.expectBody!(text(answer));
          if (problem) {
            failure ??= new Error(`GET ${options.path}: ${problem}`);
            return;
          }
        }
        latencies.push(t1 - t0);
        bytes += answer.body.length;
        if (t1 > lastFinish) lastFinish = t1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  agent.destroy();
  if (failure) throw failure;
  if (latencies.length === 0) throw new Error(`GET ${options.path}: no request completed in the measured window`);

  const sorted = latencies.slice().sort((a, b) => a - b);
  const seconds = (lastFinish - measureFrom) / 1000;
  return {
    path: options.path,
    requests: latencies.length,
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
    bytes,
  };
}

/** Rounds and seconds of BENCH_WARMUP_ROUNDS × BENCH_WARMUP_PAGE_MS load per page in warmUp. */
export const WARMUP_ROUNDS = Number(process.env.BENCH_WARMUP_ROUNDS ?? 2);
export const WARMUP_PAGE_MS = Number(process.env.BENCH_WARMUP_PAGE_MS ?? 4000);

/**
 * Loads each page in turn, WARMUP_ROUNDS times, and forgets the figures. V8 keeps optimising a
 * page's code for thousands of requests, and most of that code (routing, the layout, the
 * session check) is shared: measured cold, the first page of a run does up to 40% fewer
 * requests per second than the same page measured again later, which flatters any page
 * compared with it.
 */
export async function warmUp(baseUrl: string, pages: readonly { path: string; cookie?: string }[]): Promise<void> {
  for (let round = 0; round < WARMUP_ROUNDS; round++) {
    for (const page of pages) await runLoad({ baseUrl, path: page.path, cookie: page.cookie, warmupMs: 0, durationMs: WARMUP_PAGE_MS });
  }
}

export function describe(result: LoadResult): string {
  const f = (n: number) => n.toFixed(1);
  return (
    `GET ${result.path}: ${result.requests} requests in ${f(result.seconds)} s = ${f(result.rps)} req/s; ` +
    `latency p50 ${f(result.p50)} ms, p95 ${f(result.p95)} ms, p99 ${f(result.p99)} ms, max ${f(result.max)} ms; ` +
    `~${Math.round(result.bytes / result.requests / 1024)} KiB/page (gzip)`
  );
}

export interface OpenLoopOptions {
  baseUrl: string;
  path: string;
  cookie?: string;
  /** Requests sent per second, on a fixed schedule whatever the answers do. */
  rate: number;
  warmupMs?: number;
  durationMs?: number;
  expectBody?: (body: string) => string | null;
}

export interface OpenLoopResult {
  path: string;
  rate: number;
  /** Requests scheduled in the measured window. */
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * Sends GET `path` at a fixed rate (open loop: a slow answer does not hold back the next
 * request, as real users do not wait for each other) for warm-up + duration. A request's
 * latency runs from the moment it was due, not from when the generator got round to sending
 * it, so a generator or server falling behind shows in the figures instead of hiding.
 */
export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const warmupMs = options.warmupMs ?? DEFAULT_WARMUP_MS;
  const durationMs = options.durationMs ?? DEFAULT_DURATION_MS;
  const url = new URL(options.path, options.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const headers: Record<string, string> = { Accept: "text/html", "Accept-Encoding": "gzip" };
  if (options.cookie) headers.Cookie = options.cookie;
  const interval = 1000 / options.rate;
  const total = Math.ceil(((warmupMs + durationMs) / 1000) * options.rate);
  const firstMeasured = Math.ceil((warmupMs / 1000) * options.rate);
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  let failure: Error | undefined;
  let checked = !options.expectBody;

  const send = async (index: number, due: number) => {
    let answer: Answer;
    try {
      answer = await get(agent, url, headers);
    } catch (error) {
      failure ??= new Error(`GET ${options.path} failed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const finished = performance.now();
    if (answer.status !== 200) {
      failure ??= new Error(`GET ${options.path} answered ${answer.status}, not 200: ${text(answer).slice(0, 300)}`);
      return;
    }
    if (index < firstMeasured) return;
    if (!checked) {
      checked = true;
      const problem = options.expectBody!(text(answer));
      if (problem) failure ??= new Error(`GET ${options.path}: ${problem}`);
    }
    latencies.push(finished - due);
  };

  const start = performance.now();
  for (let index = 0; index < total && !failure; index++) {
    const due = start + index * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(send(index, due));
  }
  await Promise.all(pending);
  agent.destroy();
  if (failure) throw failure;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    path: options.path,
    rate: options.rate,
    requests: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

export function describeOpenLoop(result: OpenLoopResult): string {
  const f = (n: number) => n.toFixed(1);
  return `GET ${result.path} at ${result.rate} req/s (open loop, ${result.requests} measured): p50 ${f(result.p50)} ms, p95 ${f(result.p95)} ms, p99 ${f(result.p99)} ms, max ${f(result.max)} ms`;
}
