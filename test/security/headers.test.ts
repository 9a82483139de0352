// Security headers on every answer: pages, the API, redirects, refusals. The Content-Security-
// Policy allows scripts only from the portal itself or with this answer's nonce, which every
// inline script of the page carries; no one may frame the portal.
import { describe, expect, it } from "vitest";
import { PortalClient, signedIn } from "../support/client";
import { rawRequest } from "../support/raw-http";

function directives(csp: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (csp ?? "").split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

function expectHardened(headers: Headers, what: string) {
  const csp = directives(headers.get("content-security-policy"));
  expect(csp.get("frame-ancestors"), what).toEqual(["'none'"]);
  expect(csp.get("object-src"), what).toEqual(["'none'"]);
  expect(csp.get("base-uri"), what).toEqual(["'none'"]);
  const scripts = csp.get("script-src") ?? csp.get("default-src") ?? [];
  expect(scripts.length, what).toBeGreaterThan(0);
  expect(scripts, what).not.toContain("'unsafe-inline'");
  expect(scripts, what).not.toContain("'unsafe-eval'");
  expect(headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(["same-origin", "strict-origin-when-cross-origin"], what).toContain(headers.get("referrer-policy"));
}

describe("security headers", () => {
  it("are on pages, signed in or not, on redirects, the API and refusals", async () => {
    const anonymous = new PortalClient();
    const client = await signedIn("distributor@example.com");
    const answers: [string, Response][] = [
      ["the sign-in page", await anonymous.get("/login")],
      ["a redirect to sign in", await anonymous.get("/deals")],
      ["the home page", await client.get("/")],
      ["a list", await client.get("/leads")],
      ["a page that does not exist", await client.get("/no-such-page")],
      ["a CSV export", await client.get("/leads.csv")],
      ["the API", await fetch(`${anonymous.baseUrl}/api/v1/sell-through/1`)],
      ["a cross-site post refused", await anonymous.post("/login", { email: "x@example.com", password: "x" }, { origin: "https://evil.example" })],
      ["health", await fetch(`${anonymous.baseUrl}/healthz`)],
      ["liveness", await fetch(`${anonymous.baseUrl}/healthz/live`)],
      ["readiness", await fetch(`${anonymous.baseUrl}/healthz/ready`)],
    ];
    for (const [what, response] of answers) expectHardened(response.headers, what);
  });

  it("give each page a fresh nonce that every inline script carries", async () => {
    const client = await signedIn("distributor@example.com");
    const nonces = new Set<string>();
    for (const path of ["/", "/deals"]) {
      const response = await client.get(path);
      const scripts = directives(response.headers.get("content-security-policy")).get("script-src") ?? [];
      const nonce = scripts.find((s) => s.startsWith("'nonce-"))?.slice("'nonce-".length, -1);
      expect(nonce, path).toMatch(/^[A-Za-z0-9+/=_-]{16,}$/);
      nonces.add(nonce!);
      const html = await response.text();
      const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)([^>]*)>/g)];
      expect(inline.length, path).toBeGreaterThan(0);
      for (const [, attributes] of inline) expect(attributes, path).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(2);
  });

  it("are there when the client speaks raw HTTP too", async () => {
    const response = await rawRequest({ path: "/login" });
    expect(response.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  });
});
