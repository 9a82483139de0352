// The portal keeps to its own Content-Security-Policy: signed in, on a few pages and after a
// client-side navigation, the browser reports no violation (no inline script without the
// nonce, no style sheet or connection from elsewhere), and the page is interactive.
import { expect, signIn, test } from "./helpers";

test("signed in, the pages run under the Content-Security-Policy without a violation", async ({ page }) => {
  const reported: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) reported.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });

  await signIn(page, "admin@example.com");
  for (const path of ["/", "/deals", "/funds", "/sell-through/new"]) {
    const response = await page.goto(path);
    expect(response?.headers()["content-security-policy"], path).toContain("frame-ancestors 'none'");
    await expect(page.locator("h1").first()).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations), path).toEqual([]);
  }
  // A client-side navigation loads route modules after hydration: allowed as the portal's own scripts.
  await page.goto("/");
  await page.getByRole("link", { name: "Leads", exact: true }).first().click();
  await expect(page).toHaveURL(/\/leads/);
  await expect(page.locator("h1").first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
  expect(reported).toEqual([]);
});
