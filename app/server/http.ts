// The HTTP server: request ids, logs and timings (observe.ts), static assets, the Origin check,
// /metrics, and the Remix request handler. Used by `npm start`, by the test suites (on a random
// port) and by the benchmarks.
import path from "node:path";
import http from "node:http";
import { readdirSync } from "node:fs";
import { pathToFileURL } from "node:url";
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";
import { isAllowedOrigin, isReadableFormBody } from "../lib/origin.server";
import { formBodyRefusal } from "../lib/body-limit.server";
import { CLIENT_ADDRESS_HEADER, REQUEST_ID_HEADER } from "../lib/request-id";
import { newNonce, securityHeaders } from "../lib/csp.server";
import { logUnhandledErrors, observeRequests, serveMetrics } from "./observe";
import type { Config } from "../lib/config.server";
import type { ServerBuild } from "@remix-run/node";

// Two levels up both from the sources (app/server/) and from the compiled server (build/server/).
const projectRoot = path.resolve(import.meta.dirname, "../..");

export async function loadBuild(): Promise<ServerBuild> {
  const buildPath = path.join(projectRoot, "build", "index.js");
  return (await import(pathToFileURL(buildPath).href)) as ServerBuild;
}

/** What the process tells its requests about itself. */
export interface ServerState {
  /** Set on SIGTERM: readiness answers 503 from then on (app/lib/health.server.ts). */
  stopping: boolean;
}

export function createApp(
  build: ServerBuild,
  config: Pick<Config, "trustProxy" | "trustedOrigins" | "appUrl">,
  state: ServerState = { stopping: false },
): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);
  // Before everything else, so that every answer is timed and logged, refusals and files too.
  app.use(observeRequests(build, config.trustProxy));
  // Level 1 gzip: most of the size saving for a fraction of the CPU of the default level.
  app.use(compression({ level: 1 }));
  // First, so that every answer has them: static files, refusals, the API, pages.
  app.use((_req, res, next) => {
    res.locals.cspNonce = newNonce();
    res.set(securityHeaders(res.locals.cspNonce as string));
    next();
  });
  app.use("/build", express.static(path.join(projectRoot, "public", "build"), { immutable: true, maxAge: "1y" }));
  // Only the files public/ holds, so a page request does not cost a stat() of the disk.
  for (const file of readdirSync(path.join(projectRoot, "public"), { withFileTypes: true })) {
    if (file.isFile()) app.get(`/${file.name}`, (_req, res) => res.sendFile(path.join(projectRoot, "public", file.name), { maxAge: "1h" }));
  }
  const trusted = config.appUrl ? [...config.trustedOrigins, config.appUrl] : config.trustedOrigins;
  app.use((req, res, next) => {
    // req.protocol is X-Forwarded-Proto only with TRUST_PROXY; APP_URL covers a TLS proxy otherwise.
    if (!isAllowedOrigin(req.method, req.path, req.get("origin"), [`${req.protocol}://${req.get("host")}`, ...trusted])) {
      res.status(403).type("text/plain").send("Cross-site form posts are not accepted (Origin check failed).");
      return;
    }
    const hasBody = Number(req.get("content-length") ?? 0) > 0 || req.get("transfer-encoding") !== undefined;
    if (!isReadableFormBody(req.method, req.path, req.get("content-type"), hasBody)) {
      res.status(415).type("text/plain").send("Forms are sent as application/x-www-form-urlencoded or multipart/form-data.");
      return;
    }
    const tooLarge = formBodyRefusal(req.method, req.path, req.get("content-length"), req.get("transfer-encoding") !== undefined);
    if (tooLarge) {
      // Close the connection: the rest of the body is not worth reading.
      res.set("Connection", "close").status(tooLarge.status).type("text/plain").send(tooLarge.message);
      return;
    }
    next();
  });
  let requests = 0;
  app.use((req, res, next) => {
    // Set here whatever the client sent: it keys the per-request session check (auth.server.ts).
    req.headers[REQUEST_ID_HEADER] = String(++requests);
    // Express reads X-Forwarded-For only when "trust proxy" is on (TRUST_PROXY=true).
    req.headers[CLIENT_ADDRESS_HEADER] = req.ip ?? "";
    next();
  });
  app.get("/metrics", serveMetrics);
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: process.env.NODE_ENV,
      getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string, stopping: () => state.stopping }),
    }),
  );
  app.use(logUnhandledErrors);
  return app;
}

export function listen(app: express.Express, port: number, host?: string): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(app);
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}
