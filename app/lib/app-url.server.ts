// The portal's public address, for links in e-mail (invitations, password resets) and the
// one-time link `npm run admin:create` prints. It is configuration, never the request's Host
// header: whoever sends a request chooses that header, and a reset link mailed to
// http://evil.example/set-password/... hands the token to whoever owns evil.example.

/** APP_URL when set; otherwise (development, the embedded database, tests) the address the portal listens on. */
export function appUrl(): string {
  const configured = process.env.APP_URL?.trim();
  if (configured) return configured.replace(/\/+$/, "");
  return `http://localhost:${process.env.PORT ?? 3000}`;
}

/**
 * Why the portal must not start as configured, or null. With a real database (DATABASE_URL)
 * people receive the links, so the address must be said, and be a plain http(s) origin.
 */
export function appUrlProblem(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env.APP_URL?.trim();
  if (!configured) {
    return env.DATABASE_URL
      ? "APP_URL is not set. With DATABASE_URL the portal mails links to people, so it needs its public address, e.g. APP_URL=https://partners.example.com"
      : null;
  }
  let url: URL;
  try {
    url = new URL(configured);
  } catch {
    return `APP_URL=${configured} is not a URL; give the portal's public address, e.g. https://partners.example.com`;
  }
  if (!["http:", "https:"].includes(url.protocol) || url.username || url.password || url.search || url.hash) {
    return `APP_URL=${configured} must be an http(s) address without credentials, query or fragment`;
  }
  return null;
}
