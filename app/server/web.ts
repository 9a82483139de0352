// The web server as WEB_CONCURRENCY processes sharing one port (node:cluster). A page is
// rendered on one thread, so one Node process keeps one core busy however many the machine
// has; the app keeps nothing between requests that another process would need (sessions,
// throttling and jobs live in the database), so any process can answer any request. The
// job worker is not started here: whoever calls serveWeb runs it once, in its own process.
import cluster, { type Worker } from "node:cluster";
import os from "node:os";
import path from "node:path";
import { logger } from "../lib/logger.server";
import { answerClusterMetrics } from "../lib/metrics.server";
import { createApp, listen, loadBuild } from "./http";
import type http from "node:http";

/** WEB_CONCURRENCY, or one process per core. */
export function webConcurrency(): number {
  const configured = Number(process.env.WEB_CONCURRENCY);
  return Number.isInteger(configured) && configured > 0 ? configured : os.availableParallelism();
}

export interface WebServer {
  port: number;
  processes: number;
  /** Stops taking connections, lets the requests in flight finish, and returns when every web process has exited. */
  stop(): Promise<void>;
}

/** Closes the server gracefully: in-flight requests finish, idle keep-alive connections go at once, stragglers after `graceMs`. */
export function closeServer(server: http.Server, graceMs = 5_000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}

export async function serveWeb(options: { port: number; host?: string; processes?: number }): Promise<WebServer> {
  const processes = options.processes ?? webConcurrency();
  if (processes <= 1) {
    const server = await listen(createApp(await loadBuild()), options.port, options.host);
    const address = server.address();
    return { port: typeof address === "object" && address ? address.port : options.port, processes: 1, stop: () => closeServer(server) };
  }
  return serveCluster(options.port, options.host, processes);
}

const STOP_GRACE_MS = 10_000;
const RESTART_DELAY_MS = 1_000;

async function serveCluster(port: number, host: string | undefined, processes: number): Promise<WebServer> {
  // The workers run web-worker.ts with this process's node flags (tsx, --cpu-prof, ...).
  cluster.setupPrimary({ exec: path.join(import.meta.dirname, "web-worker.ts"), args: [] });
  const env = { WEB_PORT: String(port), WEB_HOST: host ?? "" };
  const workers = new Set<Worker>();
  let stopping = false;
  answerClusterMetrics();

  const fork = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork(env);
      workers.add(worker);
      let listening = false;
      worker.once("listening", (address) => {
        listening = true;
        resolve(address.port);
      });
      worker.once("exit", (code, signal) => {
        workers.delete(worker);
        if (!listening) return reject(new Error(`A web process exited (${signal ?? code}) before it was listening`));
        if (stopping) return;
        // A crashed process is replaced; the others keep serving meanwhile.
        logger.error({ webPid: worker.process.pid, exit: signal ?? code }, "a web process exited; starting another");
        setTimeout(() => {
          if (!stopping) fork().catch((error: Error) => logger.error({ err: error }, "a web process could not be started"));
        }, RESTART_DELAY_MS).unref();
      });
    });

  const stop = async () => {
    stopping = true;
    const exits = [...workers].map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve();
          const timer = setTimeout(() => worker.process.kill("SIGKILL"), STOP_GRACE_MS);
          worker.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          worker.process.kill("SIGTERM");
        }),
    );
    await Promise.all(exits);
  };

  try {
    const ports = await Promise.all(Array.from({ length: processes }, fork));
    return { port: ports[0], processes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
