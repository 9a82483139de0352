// Targets in the browser: the admin uploads a CSV with bad rows (every one is listed and
// nothing is saved), fixes it, and sets one target inline (a bad amount is shown next to the
// field and kept); the reseller sees its own target read-only.
import { SCREENSHOTS, expect, signIn, signOut, test } from "./helpers";

// Two quarters ahead: the picker offers it and no demo target uses it.
const now = new Date();
const index = now.getUTCFullYear() * 4 + Math.floor(now.getUTCMonth() / 3) + 2;
const quarter = `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;

function csv(text: string) {
  return { name: "targets.csv", mimeType: "text/csv", buffer: Buffer.from(text) };
}

function partnerRow(page: import("@playwright/test").Page, name: string) {
  return page.locator("tbody tr", { hasText: name });
}

test("targets by CSV, all or nothing, and one at a time", async ({ page }) => {
  await signIn(page, "admin@example.com");
  await page.goto(`/targets?quarter=${quarter}`);
  await expect(page.getByRole("heading", { name: "Sell-through targets" })).toBeVisible();
  const template = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download a template" }).click();
  expect((await template).suggestedFilename()).toBe(`targets-${quarter}.csv`);

  await page.getByLabel("CSV file").setInputFiles(csv(`partner,quarter,amount\nBPS,${quarter},120000\nNOPE,${quarter},5\nALP,${quarter},-1\nALP,20X1-Q1,5\n`));
  await page.getByRole("button", { name: "Upload and save" }).click();
  const errors = page.getByRole("alert").filter({ hasText: "Nothing was saved" });
  await expect(errors).toContainText("Row 3");
  await expect(errors).toContainText("No partner of yours has this code.");
  await expect(errors).toContainText("Row 4");
  await expect(errors).toContainText("Enter an amount of zero or more");
  await expect(errors).toContainText("Row 5");
  await expect(errors).toContainText("Enter a quarter like 2026-Q3.");
  await page.screenshot({ path: `${SCREENSHOTS}/targets-import-errors.png`, fullPage: true });
  await page.goto(`/targets?quarter=${quarter}`);
  await expect(partnerRow(page, "Brightpath Systems").getByRole("textbox")).toHaveValue("");

  await page.getByLabel("CSV file").setInputFiles(csv(`partner,quarter,amount\nBPS,${quarter},120000\nALP,${quarter},"45,000.50"\n`));
  await page.getByRole("button", { name: "Upload and save" }).click();
  await expect(page.getByText("2 targets saved from the file.")).toBeVisible();
  await expect(partnerRow(page, "Brightpath Systems").getByRole("textbox")).toHaveValue("120000.00");
  await expect(partnerRow(page, "Alpine IT Solutions").getByRole("textbox")).toHaveValue("45000.50");

  const thames = partnerRow(page, "Thames Managed Services");
  await thames.getByRole("textbox").fill("12,5x");
  await thames.getByRole("button", { name: "Set target" }).click();
  await expect(partnerRow(page, "Thames Managed Services").locator(".field-error")).toHaveText("Enter an amount of zero or more, with at most two decimals.");
  await expect(partnerRow(page, "Thames Managed Services").getByRole("textbox")).toHaveValue("12,5x");
  await partnerRow(page, "Thames Managed Services").getByRole("textbox").fill("80000");
  await partnerRow(page, "Thames Managed Services").getByRole("button", { name: "Set target" }).click();
  await expect(page.getByText("Target saved.")).toBeVisible();
  await expect(partnerRow(page, "Thames Managed Services").getByRole("textbox")).toHaveValue("80000.00");
  await page.goto("/targets");
  await page.screenshot({ path: `${SCREENSHOTS}/targets-admin.png`, fullPage: true });
  await signOut(page);

  await signIn(page, "reseller@example.com");
  await page.goto(`/targets?quarter=${quarter}`);
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(partnerRow(page, "Brightpath Systems")).toContainText("$120,000.00");
  await expect(page.getByRole("textbox")).toHaveCount(0); // read-only: no amount fields
  await expect(page.getByRole("button", { name: "Upload and save" })).toHaveCount(0);
  await page.goto("/targets");
  await page.screenshot({ path: `${SCREENSHOTS}/targets-partner.png`, fullPage: true });
});
