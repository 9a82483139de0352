// CSRF defence: a state-changing request from a browser must come from our own origin.
// Browsers send Origin on every cross-site POST, so a missing or foreign Origin on a form
// post is refused. The JSON API under /api/ authenticates with a bearer key, not a cookie,
// and is exempt.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Under /api/ as the router sees the path: "/api/../x" and "/api/%2e%2e/x" are not the API. */
function isApiPath(path: string): boolean {
  try {
    return new URL(path, "http://portal.invalid").pathname.startsWith("/api/");
  } catch {
    return false;
  }
}

export function isAllowedOrigin(method: string, path: string, origin: string | undefined, host: string | undefined, trustedOrigins: string[] = []): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  if (isApiPath(path)) return true;
  if (!origin || !host) return false;
  if (trustedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
