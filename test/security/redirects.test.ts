// Issue 15, finding 2: after sign-in, for a user already signed in, and after a language
// switch, the portal follows only a path on its own site. Browsers drop tabs and newlines
// from a URL and read "\" as "/", so "/\t/evil.example" is "//evil.example", another site;
// characters that cannot go in a header must not become a 500 either.
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD, PortalClient, signedIn } from "../support/client";

const hostile = [
  "/\t/evil.example/phish",
  "/\n/evil.example/phish",
  "/\r/evil.example/phish",
  "/\u3000/evil.example/phish",
  "/\\evil.example/phish",
  "\\\\evil.example/phish",
  "//evil.example/phish",
  "https://evil.example/phish",
  "/ /evil.example",
  "javascript:alert(1)",
];

/** Where a browser would go from this Location header. */
function destination(client: PortalClient, location: string | null): string {
  const base = new URL(client.baseUrl);
  // A browser strips tabs and newlines before parsing; the URL parser does the same.
  return new URL(location ?? "", base).origin === base.origin ? "same-site" : `off-site: ${location}`;
}

describe("redirectTo on /login", () => {
  it.each(hostile)("after sign-in, %j leads to the home page", async (redirectTo) => {
    const client = new PortalClient();
    const response = await client.post("/login", { email: "rep@example.com", password: DEMO_PASSWORD, redirectTo });
    expect(response.status).toBe(302);
    expect(destination(client, response.headers.get("location"))).toBe("same-site");
    expect(response.headers.get("location")).toBe("/");
  });

  it.each(hostile)("for a user already signed in, %j leads to the home page", async (redirectTo) => {
    const client = await signedIn("rep@example.com");
    const response = await client.get(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
  });

  it("still follows a path on the portal, with its query", async () => {
    const client = new PortalClient();
    const response = await client.post("/login", { email: "rep@example.com", password: DEMO_PASSWORD, redirectTo: "/deals?status=draft#top" });
    expect(response.headers.get("location")).toBe("/deals?status=draft#top");
    const again = await client.get(`/login?redirectTo=${encodeURIComponent("/leads?q=a%09b&page=2")}`);
    // An encoded tab is only text in the query, and stays that way.
    expect(again.headers.get("location")).toBe("/leads?q=a%09b&page=2");
  });
});

describe("redirectTo on /locale", () => {
  it.each(hostile)("%j leads to the home page", async (redirectTo) => {
    const response = await new PortalClient().post("/locale", { lang: "en", redirectTo });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
  });
});
