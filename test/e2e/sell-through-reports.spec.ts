// Sell-through reports in the browser, on the demo data: a channel manager opens the report,
// sees the charts and the totals, groups by reseller, drills down to the lines behind a
// reseller and exports both CSVs; an admin corrects a month's EUR rate (a bad one first) and the
// base-currency total follows.
import { readFile } from "node:fs/promises";
import { expect, SCREENSHOTS, signIn, test } from "./helpers";

function lastMonth(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

test("a channel manager reads the sell-through report, filters, drills down and exports", async ({ page }) => {
  await signIn(page, "manager@example.com");
  await page.goto("/sell-through");
  await page.getByRole("link", { name: "Reports" }).click();
  await expect(page.getByRole("heading", { name: "Sell-through reports" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Sell-through by month in USD" })).toBeVisible();
  await expect(page.getByRole("img", { name: /Top \d+ by Distributor/ })).toBeVisible();
  await expect(page.getByTestId("total-base")).toContainText("$");
  // Northwind's months are there (it reported in EUR and USD); Pacific's are not this manager's.
  await expect(page.getByTestId("report-totals")).toContainText("€");
  // The demo's six months of Northwind at least (other stories report earlier months of their own).
  await expect(page.locator("table.data-table tbody tr").nth(5)).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/sell-through-reports.png`, fullPage: true });

  await page.getByLabel("Group by").selectOption("reseller");
  await page.getByLabel("Currency").selectOption("EUR");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/groupBy=reseller/);
  const table = page.locator("table.data-table").last();
  await expect(table).toContainText("Brightpath Systems");
  await expect(table).toContainText("Direct sales");
  await expect(table).not.toContainText("Merlion");

  await table.getByRole("link", { name: /Brightpath Systems/ }).click();
  await expect(page.getByRole("heading", { name: "Sell-through lines" })).toBeVisible();
  const lines = page.locator("table.data-table tbody tr");
  await expect(lines.first()).toContainText("Brightpath Systems");
  await expect(lines.first()).toContainText("€");
  await page.screenshot({ path: `${SCREENSHOTS}/sell-through-report-lines.png`, fullPage: true });

  const linesDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const linesCsv = await readFile(await (await linesDownload).path(), "utf8");
  expect(linesCsv.split("\r\n")[0]).toBe(
    "\uFEFFperiod,transaction_date,invoice_no,line_no,distributor,reseller,end_customer,country,sku,product,quantity,unit_price,currency,amount,amount_USD,deal_id",
  );
  const rows = linesCsv.trim().split("\r\n").slice(1);
  expect(rows.length).toBeGreaterThan(5);
  expect(rows.every((row) => row.includes(",NWD,BPS,") && row.includes(",EUR,"))).toBe(true);

  await page.getByRole("link", { name: /Sell-through reports/ }).click();
  await expect(page.getByRole("heading", { name: "Sell-through reports" })).toBeVisible();
  const reportDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const reportCsv = await readFile(await (await reportDownload).path(), "utf8");
  expect(reportCsv.split("\r\n")[0]).toBe("\uFEFFreseller,name,quantity,lines,amount_USD,rate_missing,amount_EUR");
  expect(reportCsv).toContain("BPS,Brightpath Systems,");
  expect(reportCsv).not.toContain("MLN");
});

test("an admin corrects a month's exchange rate and the base-currency total changes", async ({ page }) => {
  const month = lastMonth();
  await signIn(page, "admin@example.com");
  const report = `/sell-through/reports?from=${month}&to=${month}&distributor=NWD`;
  await page.goto(report);
  const before = await page.getByTestId("total-base").innerText();

  await page.goto(`/settings/exchange-rates?period=${month}`);
  await expect(page.getByRole("heading", { name: "Exchange rates" })).toBeVisible();
  const eur = page.getByLabel("EUR", { exact: true });
  const oldRate = await eur.inputValue();
  expect(oldRate).not.toBe("");
  await eur.fill("1,2,3");
  await page.getByRole("button", { name: `Save rates for ${month}` }).click();
  await expect(page.getByText("Enter a positive rate with at most 10 digits")).toBeVisible();
  await expect(page.getByLabel("EUR", { exact: true })).toHaveValue("1,2,3");
  await page.screenshot({ path: `${SCREENSHOTS}/exchange-rates-error.png`, fullPage: true });

  await page.getByLabel("EUR", { exact: true }).fill("2.5");
  await page.getByRole("button", { name: `Save rates for ${month}` }).click();
  await expect(page.getByText("Saved; 1 rate changed.")).toBeVisible();
  await expect(page.getByLabel("EUR", { exact: true })).toHaveValue("2.5");

  await page.goto(report);
  const after = await page.getByTestId("total-base").innerText();
  expect(after).not.toBe(before);
  const dollars = (text: string) => Number(text.replace(/[^0-9.]/g, ""));
  expect(dollars(after)).toBeGreaterThan(dollars(before));
});
