// Who may read /metrics. Its figures name routes, job kinds and volumes, so it is never public:
// with METRICS_TOKEN set, only a request with `Authorization: Bearer <token>`; without it, only
// a request whose connection comes from this machine's loopback and that no proxy forwarded (a
// reverse proxy on the same machine connects from loopback on behalf of anyone).
import { createHash, timingSafeEqual } from "node:crypto";

export type MetricsAccess = "allowed" | "needsToken" | "refused";

export interface MetricsRequest {
  /** The connection's peer, as the socket reports it (not X-Forwarded-For). */
  remoteAddress: string | undefined;
  authorization: string | undefined;
  /** Whether the request carries Forwarded, X-Forwarded-For or X-Real-IP. */
  forwarded: boolean;
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
  return v4 === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** Compared as digests, so the comparison takes as long whatever the length of what was sent. */
function sameSecret(sent: string, expected: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(sent), digest(expected));
}

export function metricsAccess(request: MetricsRequest, token: string | undefined = process.env.METRICS_TOKEN): MetricsAccess {
  if (token) return request.authorization !== undefined && sameSecret(request.authorization, `Bearer ${token}`) ? "allowed" : "needsToken";
  return isLoopback(request.remoteAddress) && !request.forwarded ? "allowed" : "refused";
}
