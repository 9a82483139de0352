// CSRF defence: a state-changing request from a browser must come from our own origin.
// Browsers send Origin on every cross-site POST, so a missing or foreign Origin on a form
// post is refused. The whole origin is compared (scheme, host and port): a page served over
// plain http, or from another port of the same host, is another site. The JSON API under
// /api/ authenticates with a bearer key, not a cookie, and is exempt.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Under /api/ as the router sees the path: "/api/../x" and "/api/%2e%2e/x" are not the API. */
export function isApiPath(path: string): boolean {
  try {
    return new URL(path, "http://portal.invalid").pathname.startsWith("/api/");
  } catch {
    return false;
  }
}

function originOf(value: string): string | null {
  try {
    const origin = new URL(value).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

/**
 * `ownOrigins`: the origins the portal is reached at (the request's own scheme and Host, APP_URL,
 * and TRUSTED_ORIGINS for a proxy that rewrites them).
 */
export function isAllowedOrigin(method: string, path: string, origin: string | undefined, ownOrigins: string[]): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  if (isApiPath(path)) return true;
  const claimed = origin ? originOf(origin) : null;
  if (!claimed) return false;
  return ownOrigins.some((own) => originOf(own) === claimed);
}

const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/**
 * A form post carries a body the pages can read, or none. Anything else (text/plain, JSON to a
 * page) is refused with 415 up front: Remix's request.formData() would throw and answer 500.
 */
export function isReadableFormBody(method: string, path: string, contentType: string | undefined, hasBody: boolean): boolean {
  if (SAFE_METHODS.has(method.toUpperCase()) || isApiPath(path)) return true;
  if (!contentType) return !hasBody;
  return FORM_TYPES.has(contentType.split(";")[0].trim().toLowerCase());
}
