// Each demo login lands on a home page that says what to do next and how things stand; each
// figure is checked against the list it links to, by following the link in the browser.
import { SCREENSHOTS, expect, signIn, signOut, test } from "./helpers";
import type { Page } from "@playwright/test";

/** The count a card shows, then the list behind its link: the list's "x–y of N" must be N. */
async function countMatchesList(page: Page, testId: string) {
  const count = (await page.getByTestId(`${testId}-count`).innerText()).trim();
  await page.getByTestId(`${testId}-count`).click();
  if (count === "0") await expect(page.getByText(/of 0|No /).first()).toBeVisible();
  else await expect(page.locator(".pagination-count")).toHaveText(new RegExp(`of ${count.replace(/[+,]/g, "")}$`));
  await page.goBack();
  return count;
}

/** The rows of a chart's table alternative, as [label, value] pairs. */
async function chartTable(page: Page, caption: RegExp) {
  const table = page.locator("table", { has: page.locator("caption", { hasText: caption }) });
  await expect(table.locator("tbody tr").first()).toBeAttached();
  return table
    .locator("tbody tr")
    .evaluateAll((rows) => rows.map((r) => [r.querySelector("th")!.textContent!.trim(), r.querySelector("td")!.textContent!.trim()]));
}

test("the channel manager's home page: what waits, and figures that agree with their lists", async ({ page }) => {
  await signIn(page, "manager@example.com");
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Needs your action" })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/home-manager.png`, fullPage: true });

  expect(Number(await countMatchesList(page, "deals-waiting"))).toBeGreaterThan(0);
  await countMatchesList(page, "funds-waiting");
  await countMatchesList(page, "leads-pool");
  await countMatchesList(page, "unreported");

  // The year's sell-through is the total of the report it links to.
  const year = new Date().getUTCFullYear();
  const sales = (await page.getByTestId("fig-sell-through-value").innerText()).trim();
  await page.getByTestId("fig-sell-through").click();
  await expect(page).toHaveURL(new RegExp(`from=${year}-01&to=${year}-12`));
  await expect(page.getByTestId("total-base")).toHaveText(sales);
  await page.goBack();

  // The open pipeline reads the same, named the same, on the pipeline page it links to.
  expect((await chartTable(page, /Open pipeline by expected close month/)).length).toBeGreaterThan(0);
  const pipeline = (await page.getByTestId("fig-pipeline-value").innerText()).trim();
  const pipelineNote = (await page.getByTestId("fig-pipeline-note").innerText()).trim();
  await page.getByTestId("fig-pipeline").click();
  await expect(page).toHaveURL(/\/deals\/pipeline$/);
  await expect(page.getByTestId("open-pipeline-value")).toHaveText(pipeline);
  await expect(page.getByTestId("open-pipeline-note")).toHaveText(pipelineNote);
  await page.goBack();

  // Lead acceptance counts offers: its link opens the offers it counts, answered ones only.
  const answered = (await page.getByTestId("fig-leads").locator(".figure-detail").innerText()).match(/^(\d+) of (\d+) answered offers accepted/);
  expect(answered).not.toBeNull();
  const [, accepted, ended] = answered!;
  await page.getByTestId("fig-leads").click();
  await expect(page).toHaveURL(/\/leads\/offers\?offeredSince=\d{4}-\d{2}-\d{2}&outcome=ended$/);
  await expect(page.locator(".pagination-count")).toHaveText(new RegExp(`of ${ended}$`));
  await expect(page.locator("tbody tr").filter({ has: page.locator(".badge", { hasText: /^accepted$/ }) })).toHaveCount(Number(accepted));
  await page.screenshot({ path: `${SCREENSHOTS}/lead-offers.png`, fullPage: true });
  await page.goBack();

  // The 80/20 view ranks the distributors as the report grouped by distributor does.
  const pareto = await chartTable(page, /80\/20/);
  await page.getByTestId("fig-pareto").click();
  await expect(page).toHaveURL(/groupBy=distributor/);
  const ranked = page
    .locator("table")
    .filter({ has: page.locator("th", { hasText: "Amount" }) })
    .locator("tbody tr")
    .first();
  await expect(ranked).toContainText(pareto[0][0]);
});

test("the admin's home page has every chart, each with a title and a table alternative", async ({ page }) => {
  await signIn(page, "admin@example.com");
  await page.goto("/");
  for (const title of [/Sell-through by month, this year against last/, /Open pipeline by expected close month/, /80\/20/]) {
    const figure = page.locator("figure", { has: page.locator("figcaption", { hasText: title }) });
    await expect(figure.locator("svg[role=img]")).toBeVisible();
    await expect(figure.locator(".chart-axis-title").first()).toBeVisible();
    expect((await chartTable(page, title)).length).toBeGreaterThan(0);
  }
  await page.screenshot({ path: `${SCREENSHOTS}/home-admin.png`, fullPage: true });
});

test("a distributor's home page: leads to accept, expiring registrations and the fund balance, as their lists show them", async ({ page }) => {
  await signIn(page, "distributor@example.com");
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "What to do next" })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/home-distributor.png`, fullPage: true });
  expect(Number(await countMatchesList(page, "leads-to-accept"))).toBeGreaterThan(0);
  await countMatchesList(page, "deals-expiring");
  const available = (await page.getByTestId("fig-fund-available-value").innerText()).trim();
  await page.getByTestId("fig-fund-available").click();
  await expect(page).toHaveURL(/\/funds$/);
  await expect(page.getByText(available).first()).toBeVisible();
  await page.goBack();
  await expect(page.locator("figure figcaption", { hasText: /Your sell-through, last 12 months/ })).toBeVisible();
});

test("a reseller's and a rep's home pages, and the Chinese one", async ({ page }) => {
  await signIn(page, "reseller@example.com");
  await page.goto("/");
  await expect(page.getByTestId("claims-due")).toBeVisible();
  await expect(page.getByTestId("fig-tier")).toBeVisible();
  await expect(page.getByRole("link", { name: "Open your scorecard" })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/home-reseller.png`, fullPage: true });
  await signOut(page);
  await signIn(page, "rep@example.com");
  await page.goto("/");
  await expect(page.getByTestId("leads-to-accept")).toBeVisible();
  // A rep may not open the partner's scorecard, so nothing links there.
  await expect(page.getByTestId("fig-tier")).toBeVisible();
  await expect(page.locator('a[href*="/scorecard"]')).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}/home-rep.png`, fullPage: true });
  await signOut(page);
  await signIn(page, "manager@example.com");
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByRole("heading", { name: "待您处理" })).toBeVisible();
  await expect(page.locator("figure figcaption", { hasText: "按月终端销售" })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/home-manager-zh.png`, fullPage: true });
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Needs your action" })).toBeVisible();
});
