// Sell-through by API and by hand in the browser: a distributor creates an API key, copies it
// off the page, pushes lines with a real HTTP request, and finds the submission in
// /sell-through; then files a small report by hand, picking a SKU from the catalogue's
// suggestions, with one bad cell and a reseller the portal does not know (answered "a direct
// sale"), fixes the cell and commits. Without JavaScript the form's "add rows" keeps what was
// typed, and the catalogue is looked up on its own page.
import { commitMonth, expect, SCREENSHOTS, signIn, test } from "./helpers";

test("a distributor pushes lines with an API key made in the portal", async ({ page, baseURL }) => {
  await signIn(page, "distributor@example.com");
  await expect(page.locator("nav.sidebar").getByRole("link", { name: "API keys", exact: true })).toBeVisible();
  await page.goto("/sell-through");
  await page.getByRole("main").getByRole("link", { name: "API keys" }).click();
  await page.getByLabel("Name of the new key").fill("ERP nightly export");
  await page.getByRole("button", { name: "Create a key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())!.trim();
  expect(key).toMatch(/^ppk_[A-Za-z0-9_-]{32}$/);
  await expect(page.getByRole("row", { name: /ERP nightly export/ })).toContainText("Active");
  await page.screenshot({ path: `${SCREENSHOTS}/sell-through-api-key.png`, fullPage: true });

  const period = "2025-06";
  const response = await fetch(`${baseURL}/api/v1/sell-through`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", "Idempotency-Key": "e2e-push-1" },
    body: JSON.stringify({
      period,
      lines: [
        {
          transactionDate: `${period}-03`,
          invoiceNo: "API-1",
          lineNo: "1",
          reseller: "BPS",
          endCustomerName: "Acme GmbH",
          endCustomerCountry: "DE",
          sku: "NET-SW24",
          quantity: 3,
          unitPrice: "1290.00",
          currency: "EUR",
        },
        {
          transactionDate: `${period}-04`,
          invoiceNo: "API-1",
          lineNo: "2",
          reseller: "BPS",
          endCustomerName: "Acme GmbH",
          endCustomerCountry: "DE",
          sku: "NET-AP6",
          quantity: 1,
          unitPrice: "399.00",
          currency: "EUR",
        },
        { transactionDate: `${period}-05`, invoiceNo: "API-2", lineNo: "1", sku: "NO-SUCH-SKU", quantity: 1, unitPrice: "1.00", currency: "EUR" },
      ],
    }),
  });
  expect(response.status).toBe(201);
  const answer = (await response.json()) as { submissionId: number; status: string; errors: { line: number; field: string; message: string }[] };
  expect(answer.status).toBe("committed");
  expect(answer.errors).toEqual([expect.objectContaining({ line: 2, field: "sku", message: "Unknown SKU." })]);

  await page.goto("/sell-through");
  const row = page.getByRole("row", { name: new RegExp(`${period}.*API`) });
  await expect(row).toContainText("Committed");
  await row.getByRole("link", { name: period }).click();
  await expect(page).toHaveURL(new RegExp(`/sell-through/submissions/${answer.submissionId}$`));
  await expect(page.getByTestId("rows-accepted")).toHaveText("2");
  await expect(page.getByTestId("rows-rejected")).toHaveText("1");
  await expect(page.locator("table.import-problems tbody")).toContainText("NO-SUCH-SKU");

  // The key's use shows on the keys page.
  await page.goto("/settings/api-keys");
  await expect(page.getByRole("row", { name: /ERP nightly export/ })).not.toContainText("Never");
});

test("a distributor files a small report by hand, fixes the one bad cell and commits", async ({ page }) => {
  await signIn(page, "distributor@example.com");
  await page.goto("/sell-through");
  await page.getByRole("link", { name: "Enter lines by hand" }).click();
  const period = "2025-07";
  await page.getByLabel("Month").fill(period);
  const cell = (field: string, n: number) => page.getByLabel(`${field}, line ${n}`, { exact: true });
  const fill = async (n: number, values: Record<string, string>) => {
    for (const [field, value] of Object.entries(values)) await cell(field, n).fill(value);
  };
  await fill(1, {
    "Transaction date": `${period}-02`,
    "Invoice number": "HAND-1",
    "Line number": "1",
    Reseller: "BPS",
    "End customer": "Beta AG",
    "End customer country": "AT",
    SKU: "NET-SW24",
    Quantity: "2",
    "Unit price": "100.00",
    Currency: "EUR",
  });
  await fill(2, {
    "Transaction date": `${period}-03`,
    "Invoice number": "HAND-1",
    "Line number": "2",
    Quantity: "1",
    "Unit price": "12,5x",
    Currency: "EUR",
  });
  // The SKU is picked from the catalogue's suggestions, found by a word of the product's name.
  await cell("SKU", 2).pressSequentially("wi-fi 6");
  const suggestions = page.locator("#catalogue-skus option");
  await expect(suggestions).toHaveCount(1);
  await expect(suggestions).toHaveAttribute("label", "Wi-Fi 6 access point · Networking");
  await cell("SKU", 2).fill((await suggestions.getAttribute("value"))!);
  await expect(cell("SKU", 2)).toHaveValue("NET-AP6");
  await fill(3, {
    "Transaction date": `${period}-04`,
    "Invoice number": "HAND-2",
    "Line number": "1",
    Reseller: "Walk-in customer",
    SKU: "NET-SW24",
    Quantity: "1",
    "Unit price": "99.00",
    Currency: "EUR",
  });
  // With JavaScript a line is added in place.
  await page.getByRole("button", { name: "Add a line" }).click();
  await expect(cell("SKU", 6)).toBeVisible();
  await page.getByRole("button", { name: "Check the lines" }).click();

  await expect(page.getByRole("alert").first()).toContainText("Please correct the fields marked below.");
  const priceCell = page.locator("td", { has: cell("Unit price", 2) });
  await expect(priceCell).toContainText("Not an amount with at most two decimals.");
  await expect(cell("Unit price", 2)).toHaveAttribute("aria-invalid", "true");
  await expect(cell("Invoice number", 1)).toHaveValue("HAND-1");
  await expect(cell("End customer", 1)).toHaveValue("Beta AG");
  await page.screenshot({ path: `${SCREENSHOTS}/sell-through-manual-error.png`, fullPage: true });

  // The reseller nobody knows is answered next to its cell.
  await expect(page.locator("td", { has: cell("Reseller", 3) })).toContainText("Unknown reseller.");
  await page.getByLabel("Direct sale", { exact: true }).check();

  await cell("Unit price", 2).fill("12.50");
  await page.getByRole("button", { name: "Check the lines" }).click();
  await expect(page).toHaveURL(/\/sell-through\/submissions\/\d+$/);
  await expect(page.getByText("Entered by hand")).toBeVisible();
  await expect(page.getByTestId("rows-accepted")).toHaveText("3");
  await expect(page.getByTestId("rows-rejected")).toHaveText("0");
  await commitMonth(page, period, "Commit 3 accepted lines");
});

test("without JavaScript the manual form adds rows and keeps what was typed", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await context.newPage();
  await signIn(page, "distributor@example.com");
  await page.goto("/sell-through/new");
  await expect(page.locator("tbody tr")).toHaveCount(5);
  await page.getByLabel("Invoice number, line 1", { exact: true }).fill("NOJS-1");
  await page.getByLabel("SKU, line 5", { exact: true }).fill("NET-SW24");
  await page.getByRole("button", { name: "Add 5 more rows" }).click();
  await expect(page.locator("tbody tr")).toHaveCount(10);
  await expect(page.getByLabel("Invoice number, line 1", { exact: true })).toHaveValue("NOJS-1");
  await expect(page.getByLabel("SKU, line 5", { exact: true })).toHaveValue("NET-SW24");
  await page.screenshot({ path: `${SCREENSHOTS}/sell-through-manual-nojs.png`, fullPage: true });

  // Enter in a cell checks the lines: the half-typed ones get their errors, and stay.
  await page.getByLabel("Invoice number, line 1", { exact: true }).press("Enter");
  await expect(page.locator("td", { has: page.getByLabel("Transaction date, line 1", { exact: true }) })).toContainText("This field is empty.");
  await expect(page.locator("tbody tr")).toHaveCount(10);
  await expect(page.getByLabel("SKU, line 5", { exact: true })).toHaveValue("NET-SW24");

  // The catalogue is looked up on its own page, opened beside the form.
  await expect(page.getByRole("link", { name: "Look up the catalogue (opens in a new tab)" })).toHaveAttribute("href", "/sell-through/catalogue");
  await page.goto("/sell-through/catalogue");
  await page.getByLabel("SKU or product name").fill("switch 48");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("catalogue-matches").locator("tbody tr")).toHaveCount(1);
  await expect(page.getByTestId("catalogue-matches")).toContainText("NET-SW48");
  await expect(page.getByTestId("catalogue-matches")).toContainText("Networking");
  await page.screenshot({ path: `${SCREENSHOTS}/sell-through-catalogue-nojs.png`, fullPage: true });
  await context.close();
});
