// The web server as WEB_CONCURRENCY processes sharing one port (node:cluster). A page is
// rendered on one thread, so one Node process keeps one core busy however many the machine
// has; the app keeps nothing between requests that another process would need (sessions,
// throttling and jobs live in the database), so any process can answer any request. The
// job worker is not started here: whoever calls serveWeb runs it once, in its own process.
import cluster, { type Worker } from "node:cluster";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { logger } from "../lib/logger.server";
import { answerClusterMetrics } from "../lib/metrics.server";
import { createApp, listen, loadBuild, type ServerState } from "./http";
import type http from "node:http";
import type { Config } from "../lib/config.server";

export interface WebServer {
  port: number;
  processes: number;
  /** Stops as stopServing says, in every web process, and returns when all have exited. */
  stop(): Promise<void>;
}

/**
 * A web process's way out: readiness turns false at once (so a load balancer stops sending),
 * the server keeps answering for SHUTDOWN_DELAY_SECONDS while it notices, then takes no new
 * connections and gives the requests in flight up to SHUTDOWN_TIMEOUT_SECONDS.
 */
export async function stopServing(server: http.Server, state: ServerState, config: Pick<Config, "shutdownDelayMs" | "shutdownTimeoutMs">): Promise<void> {
  state.stopping = true;
  if (config.shutdownDelayMs > 0) await sleep(config.shutdownDelayMs);
  await closeServer(server, config.shutdownTimeoutMs);
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

/** Serves on config.port (or `host`), in config.webConcurrency processes. */
export async function serveWeb(config: Config, host?: string): Promise<WebServer> {
  if (config.webConcurrency <= 1) {
    const state: ServerState = { stopping: false };
    const server = await listen(createApp(await loadBuild(), config, state), config.port, host);
    const address = server.address();
    return { port: typeof address === "object" && address ? address.port : config.port, processes: 1, stop: () => stopServing(server, state, config) };
  }
  return serveCluster(config, host);
}

const RESTART_DELAY_MS = 1_000;

async function serveCluster(config: Config, host: string | undefined): Promise<WebServer> {
  const { port, webConcurrency: processes } = config;
  // A web process gets its own stopping time and a little more before it is killed.
  const stopGraceMs = config.shutdownDelayMs + config.shutdownTimeoutMs + 2_000;
  // The workers run web-worker.ts (web-worker.js when compiled) with this process's node flags (tsx, --cpu-prof, ...).
  const entry = import.meta.filename.endsWith(".ts") ? "web-worker.ts" : "web-worker.js";
  cluster.setupPrimary({ exec: path.join(import.meta.dirname, entry), args: [] });
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
          const timer = setTimeout(() => worker.process.kill("SIGKILL"), stopGraceMs);
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
