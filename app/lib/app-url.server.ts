// The portal's public address, for links in e-mail (invitations, password resets) and the
// one-time link `npm run admin:create` prints. It is configuration, never the request's Host
// header: whoever sends a request chooses that header, and a reset link mailed to
// http://evil.example/set-password/... hands the token to whoever owns evil.example.

/**
 * APP_URL when set; otherwise (development, the embedded database, tests) the address the portal
 * listens on. Read at each call, not from config(): tests change APP_URL between cases. Whether
 * APP_URL may be missing or malformed is checked at start by readConfig (config.server.ts).
 */
export function appUrl(): string {
  const configured = process.env.APP_URL?.trim();
  if (configured) return configured.replace(/\/+$/, "");
  return `http://localhost:${process.env.PORT ?? 3000}`;
}
