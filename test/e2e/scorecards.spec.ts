// Scorecards in the browser, checked against the lists their figures link to: the admin opens
// Northwind's scorecard from its partner page and follows the sell-through figure to the report
// (same total), the won and lost counts and the converted leads to the deals and leads lists
// (same counts); compares two partners side by side; the reseller opens its own scorecard and
// not another partner's.
import { SCREENSHOTS, expect, signIn, signOut, test } from "./helpers";
import type { Page } from "@playwright/test";

async function listTotal(page: Page): Promise<number> {
  const text = (await page.locator(".pagination-count").first().textContent()) ?? "";
  const match = /of (\d+)/.exec(text);
  if (!match) throw new Error(`No total in "${text}"`);
  return Number(match[1]);
}

async function count(page: Page, testId: string): Promise<number> {
  return Number(((await page.getByTestId(testId).textContent()) ?? "").match(/\d+/)![0]);
}

async function openScorecard(page: Page, name: string) {
  await page.goto("/partners");
  await page.getByRole("link", { name, exact: true }).click();
  await page.getByRole("link", { name: "Scorecard" }).click();
  await expect(page.getByRole("heading", { name: `Scorecard: ${name}` })).toBeVisible();
}

test("a scorecard's figures agree with the lists they link to", async ({ page }) => {
  await signIn(page, "admin@example.com");
  await openScorecard(page, "Northwind Distribution");
  const sales = page.locator(".metric-card", { hasText: "Sell-through, 12 months" });
  const figure = (await sales.locator(".metric-value").textContent())!.trim();
  expect(figure).toMatch(/^\$[\d,]+\.\d\d$/);
  await expect(page.getByRole("img", { name: "Sell-through by month (USD)" })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/scorecard-distributor.png`, fullPage: true });
  await sales.getByRole("link", { name: "Open the sell-through report" }).click();
  await expect(page).toHaveURL(/\/sell-through\/reports\?distributor=NWD/);
  await expect(page.getByTestId("total-base")).toHaveText(figure);

  await openScorecard(page, "Brightpath Systems");
  for (const [testId, path] of [
    ["won-link", /\/deals\?partner=\d+&status=won&closedSince=/],
    ["lost-link", /\/deals\?partner=\d+&status=lost&closedSince=/],
    ["registered-link", /\/leads\?partner=\d+&status=converted&offeredSince=/],
  ] as const) {
    const expected = await count(page, testId);
    await page.getByTestId(testId).click();
    await expect(page).toHaveURL(path);
    // The list says which filter it applies: the window's first day, in a field that can be changed.
    if (testId !== "registered-link") await expect(page.getByLabel("Won or lost since")).toHaveValue(/^\d{4}-\d{2}-01$/);
    if (expected === 0) await expect(page.getByText("Nothing matches")).toBeVisible();
    else expect(await listTotal(page)).toBe(expected);
    await page.goBack();
  }
  // Lead acceptance counts offers: its link opens the offers to the partner that ended in the window.
  const acceptance = page.locator(".metric-card", { hasText: "Lead acceptance" });
  const [, accepted, ended] = (await acceptance.getByText(/that ended were accepted/).textContent())!.match(/(\d+) of (\d+) offers? that ended/)!;
  await acceptance.getByRole("link", { name: "Offers answered in the 12 months" }).click();
  await expect(page).toHaveURL(/\/leads\/offers\?partner=\d+&offeredSince=\d{4}-\d{2}-01&outcome=ended$/);
  if (ended === "0") await expect(page.getByText("No offer matches these filters.")).toBeVisible();
  else expect(await listTotal(page)).toBe(Number(ended));
  await expect(page.locator("tbody tr").filter({ has: page.locator(".badge", { hasText: /^accepted$/ }) })).toHaveCount(Number(accepted));
  await page.goBack();

  const won = await count(page, "won-link");
  expect(won).toBeGreaterThan(0);
  await page.screenshot({ path: `${SCREENSHOTS}/scorecard-reseller.png`, fullPage: true });

  await page.goto("/partners");
  await page.getByRole("link", { name: "Compare partners" }).click();
  await page.getByLabel("Partner 1").fill("NWD");
  await page.getByLabel("Partner 2").fill("BPS");
  await page.getByRole("button", { name: "Compare" }).click();
  const table = page.locator("table.compare-table");
  await expect(table.getByRole("columnheader", { name: "Northwind Distribution" })).toBeVisible();
  await expect(table.getByRole("columnheader", { name: "Brightpath Systems" })).toBeVisible();
  await expect(table.getByRole("row", { name: /Win rate/ })).toContainText(`/`);
  await page.screenshot({ path: `${SCREENSHOTS}/scorecard-compare.png`, fullPage: true });
  await signOut(page);

  await signIn(page, "reseller@example.com");
  await page.goto("/partners");
  await page.getByRole("link", { name: "Brightpath Systems", exact: true }).click();
  await page.getByRole("link", { name: "Scorecard" }).click();
  await expect(page.getByRole("heading", { name: "Scorecard: Brightpath Systems" })).toBeVisible();
  expect(await count(page, "won-link")).toBe(won);
  const alien = await page.goto(page.url().replace(/partners\/\d+/, "partners/1"));
  expect(alien?.status()).toBe(404);
});

test("a partner admin opens the offers behind its own lead acceptance", async ({ page }) => {
  await signIn(page, "distributor@example.com");
  await openScorecard(page, "Northwind Distribution");
  const acceptance = page.locator(".metric-card", { hasText: "Lead acceptance" });
  const [, accepted, ended] = (await acceptance.getByText(/that ended were accepted/).textContent())!.match(/(\d+) of (\d+) offers? that ended/)!;
  expect(Number(ended)).toBeGreaterThan(0);
  await acceptance.getByRole("link", { name: "Offers answered in the 12 months" }).click();
  await expect(page.getByRole("heading", { name: "Lead offers" })).toBeVisible();
  await expect(page.getByText("Every lead offered to you and how you answered")).toBeVisible();
  expect(await listTotal(page)).toBe(Number(ended));
  await expect(page.locator("tbody tr").filter({ has: page.locator(".badge", { hasText: /^accepted$/ }) })).toHaveCount(Number(accepted));
  // Only Northwind's own offers: the scorecard is Northwind's, not its resellers'.
  await expect(page.locator("tbody tr").filter({ hasNotText: "Northwind Distribution" })).toHaveCount(0);
});
