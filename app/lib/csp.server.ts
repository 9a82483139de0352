// The security headers of every answer (set in app/server/http.ts before anything else runs,
// so refusals, static files and the API get them too).
//
// Scripts run only from the portal's own origin or with this answer's nonce: Remix writes its
// route data and module imports as inline scripts, and app/entry.server.tsx hands them the
// nonce. Style attributes stay allowed (style-src-attr): a few components size things inline,
// and a style attribute cannot run code; style sheets and <style> elements come from the
// portal only. Nobody may frame the portal (clickjacking), forms post only to it.
import { randomBytes } from "node:crypto";

export function newNonce(): string {
  return randomBytes(18).toString("base64");
}

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(nonce: string): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(nonce),
    // For browsers that predate frame-ancestors.
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
  };
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** This answer's CSP nonce, for the inline scripts of the page. */
    cspNonce?: string;
  }
}
