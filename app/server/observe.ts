// What the server tells about each request: a request id (the trusted proxy's X-Request-Id with
// TRUST_PROXY=true, else one of its own) on the request the app sees and on the answer, one
// JSON log line when the answer ends, its duration in the route's histogram, and /metrics.
import { randomUUID } from "node:crypto";
import { logger } from "../lib/logger.server";
import { httpRequestDuration, metricsText } from "../lib/metrics.server";
import { metricsAccess } from "../lib/metrics-access.server";
import { LOGGED_REQUEST_ID_HEADER } from "../lib/request-id";
import type { ServerBuild } from "@remix-run/node";
import type express from "express";

// What a proxy's id may look like: enough for UUIDs and the usual trace ids, nothing that could
// break a log line or a header.
const ACCEPTABLE_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

interface RoutePattern {
  pattern: string;
  segments: string[];
  /** Higher for more literal segments, so /leads/offers wins over /leads/:leadId, and for a longer splat. */
  rank: number;
}

/** The app's URL patterns, most specific first: a request is labelled by its pattern, not its ids. */
export function routePatterns(routes: ServerBuild["routes"]): RoutePattern[] {
  const fullPath = (id: string | undefined): string[] => {
    const route = id ? routes[id] : undefined;
    if (!route) return [];
    return [...fullPath(route.parentId), ...(route.path ?? "").split("/").filter(Boolean)];
  };
  const patterns = new Map<string, RoutePattern>();
  for (const id of Object.keys(routes)) {
    const segments = fullPath(id);
    const pattern = `/${segments.join("/")}`;
    const rank = segments.reduce((sum, s) => sum * 4 + (s === "*" ? 1 : s.startsWith(":") ? 2 : 3), 0) * 64 + segments.length;
    patterns.set(pattern, { pattern, segments, rank });
  }
  // A pattern of the path's exact length beats any splat ("/" is not "/*"); then the higher rank.
  const splat = (p: RoutePattern) => (p.segments.at(-1) === "*" ? 1 : 0);
  return [...patterns.values()].sort((a, b) => splat(a) - splat(b) || b.rank - a.rank);
}

export function matchPattern(patterns: RoutePattern[], path: string): string {
  const parts = path.split("/").filter(Boolean);
  for (const { pattern, segments } of patterns) {
    const splat = segments.at(-1) === "*";
    const fixed = splat ? segments.length - 1 : segments.length;
    if (splat ? parts.length < fixed : parts.length !== fixed) continue;
    if (segments.slice(0, fixed).every((s, i) => s.startsWith(":") || s === parts[i])) return pattern;
  }
  return "*";
}

export function observeRequests(build: ServerBuild, trustProxy: boolean): express.RequestHandler {
  const patterns = routePatterns(build.routes);
  return (req, res, next) => {
    const started = performance.now();
    const sent = req.get(LOGGED_REQUEST_ID_HEADER);
    const requestId = trustProxy && sent && ACCEPTABLE_ID.test(sent) ? sent : randomUUID();
    req.headers[LOGGED_REQUEST_ID_HEADER] = requestId;
    res.setHeader(LOGGED_REQUEST_ID_HEADER, requestId);
    let told = false;
    const tell = () => {
      if (told) return;
      told = true;
      const seconds = (performance.now() - started) / 1000;
      // Express's own routes (public files, /metrics) name themselves; /build/ is one static tree.
      const expressRoute = (req.route as { path?: string } | undefined)?.path;
      const route = expressRoute && expressRoute !== "*" ? expressRoute : req.path.startsWith("/build/") ? "/build/*" : matchPattern(patterns, req.path);
      const status = res.statusCode;
      httpRequestDuration.observe({ method: req.method, route, status_class: `${Math.floor(status / 100)}xx` }, seconds);
      logger.info(
        { requestId, method: req.method, route, status, durationMs: Math.round(seconds * 10_000) / 10, ...(res.writableFinished ? {} : { aborted: true }) },
        "request",
      );
    };
    res.once("finish", tell);
    res.once("close", tell);
    next();
  };
}

export const serveMetrics: express.RequestHandler = (req, res, next) => {
  const access = metricsAccess({
    remoteAddress: req.socket.remoteAddress,
    authorization: req.get("authorization"),
    forwarded: ["forwarded", "x-forwarded-for", "x-real-ip"].some((h) => req.get(h) !== undefined),
  });
  res.set("Cache-Control", "no-store");
  if (access === "needsToken") {
    res.status(401).set("WWW-Authenticate", 'Bearer realm="metrics"').type("text/plain").send("Send Authorization: Bearer <METRICS_TOKEN>.");
    return;
  }
  if (access === "refused") {
    res.status(403).type("text/plain").send("Metrics are served only to this machine's loopback, or to a request with the METRICS_TOKEN.");
    return;
  }
  metricsText().then(({ contentType, text }) => res.type(contentType).send(text), next);
};

/** Last: an error no handler answered is logged with its request id, and answered 500 without its details. */
export const logUnhandledErrors: express.ErrorRequestHandler = (error, req, res, next) => {
  logger.error({ err: error, requestId: req.get(LOGGED_REQUEST_ID_HEADER), method: req.method }, "a request failed");
  if (res.headersSent) return next(error);
  res.status(500).type("text/plain").send("Internal Server Error");
};
