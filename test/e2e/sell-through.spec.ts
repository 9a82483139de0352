// Sell-through in the browser: a distributor uploads a semicolon CSV with decimal commas and a
// few bad rows, confirms the proposed column mapping, watches the check finish, sees each
// rejected row with the reason, downloads them, teaches the portal an SKU of its own, and
// commits the accepted lines.
import { commitMonth, expect, SCREENSHOTS, signIn, test } from "./helpers";

// Far from the months other stories report for Northwind, so no history makes this month look
// unusual ("Is this right?") whatever order the stories run in.
const period = "2023-09";

function report(skus: string[]): string {
  const lines = ["Datum;Rechnungsnummer;Pos;Händler;Endkunde;Land;Artikelnummer;Menge;Einzelpreis;Währung"];
  for (let i = 1; i <= 20; i++)
    lines.push(`${period}-${String((i % 28) + 1).padStart(2, "0")};RE-${1000 + i};1;BPS;Kunde ${i} GmbH;DE;${skus[i % skus.length]};${i};1.234,50;EUR`);
  lines.push(`${period}-10;RE-2000;1;BPS;Kunde X;DE;NOPE-123;1;10,00;EUR`);
  lines.push(`2023-08-31;RE-2001;1;BPS;Kunde Y;DE;${skus[0]};1;10,00;EUR`);
  lines.push(`${period}-11;RE-1001;1;BPS;Kunde Z;DE;${skus[0]};1;10,00;EUR`);
  return lines.join("\r\n");
}

test("a distributor uploads a CSV, sees the bad rows, and commits the good ones", async ({ page }) => {
  await signIn(page, "distributor@example.com");
  await page.goto("/sell-through");
  await page.getByRole("link", { name: "Upload a report" }).click();
  const skus = ["NET-SW24", "NET-AP6", "NET-SW48"];
  await page.getByLabel("Month").fill(period);
  await page.locator('input[type="file"]').setInputFiles({ name: "abverkauf.csv", mimeType: "text/csv", buffer: Buffer.from("\uFEFF" + report(skus), "utf8") });
  await page.getByRole("button", { name: "Read the file" }).click();

  await expect(page.getByRole("heading", { name: "Match the columns" })).toBeVisible();
  await expect(page.locator("#map-sku")).toHaveValue("6");
  await expect(page.locator("#map-unitPrice")).toHaveValue("8");
  await expect(page.locator("#map-reseller")).toHaveValue("3");
  await page.screenshot({ path: `${SCREENSHOTS}/sell-through-mapping.png`, fullPage: true });
  await page.getByRole("button", { name: "Check the rows" }).click();

  await expect(page.getByRole("heading", { name: "Result of the check" })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId("rows-accepted")).toHaveText("20");
  await expect(page.getByTestId("rows-rejected")).toHaveText("3");
  const problems = page.locator("table.import-problems tbody");
  await expect(problems).toContainText("Unknown SKU.");
  await expect(problems).toContainText("The date is outside the month of the report.");
  await expect(problems).toContainText("This invoice line appears twice in the file.");
  await page.screenshot({ path: `${SCREENSHOTS}/sell-through-checked.png`, fullPage: true });

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the rejected rows (CSV)" }).click();
  const csv = await (await (await download).createReadStream())!.toArray();
  const text = Buffer.concat(csv).toString("utf8");
  expect(text).toContain("Unknown SKU.");
  expect(text).toContain("NOPE-123");

  // The distributor's own SKU is taught once and the file is checked again.
  await page.getByLabel("Your SKU NOPE-123 (1 row) is").selectOption({ label: "NET-SW24 · Access switch 24-port PoE" });
  await page.getByRole("button", { name: "Remember and check again" }).click();
  await expect(page.getByTestId("rows-accepted")).toHaveText("21", { timeout: 15_000 });
  await expect(page.getByTestId("rows-rejected")).toHaveText("2");
  await expect(problems).not.toContainText("Unknown SKU.");

  await commitMonth(page, period, "Commit 21 accepted lines");
  await page.goto("/sell-through");
  await expect(page.locator("tbody tr").first()).toContainText("Committed");
});
