// The figures /metrics serves in Prometheus' text format (prom-client). Each process counts its
// own requests and imports in `processMetrics`; the job queue is read from the database once per
// scrape. With several web processes (WEB_CONCURRENCY, node:cluster) the process that takes the
// scrape asks the primary, which gathers every web process's figures and its own (the job
// worker of `npm start` runs there) and sums them (prom-client's AggregatorRegistry.aggregate),
// so any process answers for all of them. A worker started apart (`npm run worker`) is not part
// of the cluster: its import figures stay in that process.
import cluster from "node:cluster";
import { sql } from "kysely";
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, type MetricObjectWithValues, type MetricValue } from "prom-client";
import { getDb } from "./db.server";
import { runUnscoped } from "./scope-guard.server";
import { now } from "./clock.server";

type ProcessFigures = MetricObjectWithValues<MetricValue<string>>[];

// The server (app/server, run by tsx) and the Remix build each load a copy of this module; the
// figures must be one set per process, so the first copy makes them and the other takes them.
const SHARED = Symbol.for("portal.metrics");

function makeProcessMetrics() {
  const registry = new Registry();
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: "portal_http_request_duration_seconds",
      help: "Time from a request's arrival to the end of its answer, by method, route pattern and status class (2xx, 3xx, ...).",
      labelNames: ["method", "route", "status_class"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    sellThroughLinesImported: new Counter({
      name: "portal_sell_through_lines_imported_total",
      help: "Sell-through lines checked and accepted into a submission, by where they came from (file, api, manual).",
      labelNames: ["source"] as const,
      registers: [registry],
    }),
    sellThroughImportDuration: new Histogram({
      name: "portal_sell_through_import_duration_seconds",
      help: "Time to check a submission's file into lines (stage check) and to commit a submission as its month's figures (stage commit).",
      labelNames: ["stage"] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
      registers: [registry],
    }),
    /** A web process's questions to the primary, by id, waiting for its answer. */
    pending: new Map<number, (figures: ProcessFigures[]) => void>(),
    questionsAsked: 0,
  };
}

const shared = globalThis as typeof globalThis & { [SHARED]?: ReturnType<typeof makeProcessMetrics> };
const firstCopy = shared[SHARED] === undefined;
const metrics = (shared[SHARED] ??= makeProcessMetrics());
const processMetrics = metrics.registry;
const pending = metrics.pending;
export const { httpRequestDuration, sellThroughLinesImported, sellThroughImportDuration } = metrics;

/** Seconds since `started` (a performance.now() reading), for the histograms above. */
export function secondsSince(started: number): number {
  return (performance.now() - started) / 1000;
}

// The queue: counted by whichever process answers the scrape, so once per scrape, not once per process.
const queueMetrics = new Registry();
const jobsQueued = new Gauge({
  name: "portal_jobs_queued",
  help: "Jobs waiting to run now (queued and due), by kind.",
  labelNames: ["kind"] as const,
  registers: [queueMetrics],
});
const oldestQueuedJobAge = new Gauge({
  name: "portal_jobs_oldest_queued_age_seconds",
  help: "How long the longest-waiting due job of each kind has waited since its run time; 0 when none waits.",
  labelNames: ["kind"] as const,
  registers: [queueMetrics],
});

async function countQueue(): Promise<void> {
  const at = now();
  const rows = await runUnscoped("metrics: the job queue is counted for the whole portal", () =>
    getDb()
      .selectFrom("jobs")
      .select(["type", sql<number>`SUM(run_at <= ${at})`.as("due"), sql<Date | null>`MIN(CASE WHEN run_at <= ${at} THEN run_at END)`.as("oldest_due")])
      .where("status", "=", "queued")
      .groupBy("type")
      .execute(),
  );
  jobsQueued.reset();
  oldestQueuedJobAge.reset();
  for (const row of rows) {
    jobsQueued.set({ kind: row.type }, Number(row.due));
    oldestQueuedJobAge.set({ kind: row.type }, row.oldest_due ? Math.max(0, (at.getTime() - new Date(row.oldest_due).getTime()) / 1000) : 0);
  }
}

const ASK = "portal:metrics:ask";
const ANSWER = "portal:metrics:answer";
const COLLECT = "portal:metrics:collect";
const PART = "portal:metrics:part";
const GATHER_TIMEOUT_MS = 5_000;

interface MetricsMessage {
  type: string;
  id: number;
  figures?: ProcessFigures[];
}

function isMetricsMessage(message: unknown): message is MetricsMessage {
  return (
    typeof message === "object" &&
    message !== null &&
    typeof (message as MetricsMessage).type === "string" &&
    (message as MetricsMessage).type.startsWith("portal:metrics:")
  );
}

/** Every process's figures: this one's, or in a cluster's web process, the whole cluster's from the primary. */
function allProcessFigures(): Promise<ProcessFigures[]> {
  if (!cluster.isWorker || !process.send) return processMetrics.getMetricsAsJSON().then((own) => [own]);
  const id = metrics.questionsAsked++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error("The primary process did not answer for the cluster's metrics"));
    }, GATHER_TIMEOUT_MS * 2);
    pending.set(id, (figures) => {
      clearTimeout(timer);
      resolve(figures);
    });
    process.send!({ type: ASK, id });
  });
}

// A web process of a cluster answers the primary's call for its figures, and takes the
// primary's answer to its own question; once, by the first copy of this module.
if (cluster.isWorker && firstCopy) {
  process.on("message", (message: unknown) => {
    if (!isMetricsMessage(message)) return;
    if (message.type === COLLECT) {
      void processMetrics.getMetricsAsJSON().then((own) => process.send?.({ type: PART, id: message.id, figures: [own] }));
    } else if (message.type === ANSWER) {
      pending.get(message.id)?.(message.figures ?? []);
      pending.delete(message.id);
    }
  });
}

/** In the cluster's primary: gathers every web process's figures, and its own, for the web process that asks. */
export function answerClusterMetrics(): void {
  const gathering = new Map<number, { figures: ProcessFigures[]; waiting: number; done: () => void }>();
  let gatherings = 0;
  cluster.on("message", (worker, message: unknown) => {
    if (!isMetricsMessage(message)) return;
    if (message.type === PART) {
      const gather = gathering.get(message.id);
      if (!gather) return;
      gather.figures.push(...(message.figures ?? []));
      if (--gather.waiting === 0) gather.done();
      return;
    }
    if (message.type !== ASK) return;
    const id = gatherings++;
    const web = Object.values(cluster.workers ?? {}).filter((w) => w?.isConnected());
    void processMetrics.getMetricsAsJSON().then((own) => {
      const figures: ProcessFigures[] = [own];
      // A process that does not answer in time (it is stopping, or stuck) is left out of this scrape.
      const timer = setTimeout(() => reply(), GATHER_TIMEOUT_MS);
      const reply = () => {
        clearTimeout(timer);
        gathering.delete(id);
        if (worker.isConnected()) worker.send({ type: ANSWER, id: message.id, figures });
      };
      gathering.set(id, { figures, waiting: web.length, done: reply });
      for (const w of web) w?.send({ type: COLLECT, id });
      if (web.length === 0) reply();
    });
  });
}

/** The text /metrics answers: every process's figures summed, and the queue as it is now. */
export async function metricsText(): Promise<{ contentType: string; text: string }> {
  const [figures] = await Promise.all([allProcessFigures(), countQueue()]);
  const all = Registry.merge([AggregatorRegistry.aggregate(figures), queueMetrics]);
  return { contentType: all.contentType, text: await all.metrics() };
}
