/** The portal's public address for links in e-mail: APP_URL when set, else the request's origin. */
export function appUrl(request: Request): string {
  return (process.env.APP_URL ?? new URL(request.url).origin).replace(/\/$/, "");
}
