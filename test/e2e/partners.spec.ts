// An admin manages partners in the browser: a form with mistakes keeps what was typed and
// says what is wrong next to each field; the list sorts, filters and exports.
import { readFileSync } from "node:fs";
import { SCREENSHOTS, expect, signIn, test } from "./helpers";

test("an admin creates a partner, fixing mistakes the form points out", async ({ page }) => {
  await signIn(page, "admin@example.com");
  await page.goto("/partners/new");
  await page.getByLabel("Code", { exact: true }).fill("NWD");
  await page.getByLabel("Name", { exact: true }).fill("Baltic Bytes");
  await page.getByLabel("Type", { exact: true }).selectOption("reseller");
  await page.getByLabel("Country", { exact: true }).fill("Latvia");
  await page.getByLabel("Parent distributor").selectOption({ label: "Northwind Distribution (NWD)" });
  await page.getByLabel("Networking").check();
  await page.getByRole("button", { name: "Create" }).click();

  await expect(page.getByText("Please correct the fields marked below.")).toBeVisible();
  await expect(page.locator("#f-country-error")).toHaveText("Enter an existing two-letter country code (ISO 3166-1), e.g. DE.");
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Baltic Bytes");
  await expect(page.getByLabel("Networking")).toBeChecked();
  await page.screenshot({ path: `${SCREENSHOTS}/partner-form-errors.png`, fullPage: true });

  await page.getByLabel("Country", { exact: true }).fill("LV");
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page.locator("#f-code-error")).toHaveText("Another record already uses this code.");
  await expect(page.getByLabel("Country", { exact: true })).toHaveValue("LV");

  await page.getByLabel("Code", { exact: true }).fill("BLT");
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page.getByText("Partner created.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Baltic Bytes");
  await expect(page.locator(".facts")).toContainText("Northwind Distribution");

  await page.getByRole("button", { name: "Move to Onboarding" }).click();
  await expect(page.getByText("Status changed to Onboarding.")).toBeVisible();
  await page.getByRole("button", { name: "Move to Active" }).click();
  await expect(page.getByText("Status changed to Active.")).toBeVisible();
  await expect(page.locator(".activity")).toContainText("Partner status changed");
  await expect(page.locator(".activity")).toContainText("applied → onboarding");
  await page.screenshot({ path: `${SCREENSHOTS}/partner-detail.png`, fullPage: true });
});

test("the partner list sorts, filters, pages and exports what it shows", async ({ page }) => {
  await signIn(page, "admin@example.com");
  await page.goto("/partners");
  await page.screenshot({ path: `${SCREENSHOTS}/partners-list.png`, fullPage: true });

  await page.locator("form.filters select[name=type]").selectOption("agent");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/type=agent/);
  const agents = await page.locator("tbody tr td:nth-child(3)").allInnerTexts();
  expect(agents.length).toBeGreaterThan(0);
  expect(new Set(agents)).toEqual(new Set(["Agent"]));

  await page.getByRole("link", { name: /^Name/ }).click();
  await expect(page).toHaveURL(/sort=name&dir=desc/);
  const names = await page.locator("tbody tr td:first-child").allInnerTexts();
  expect(names).toEqual([...names].sort((a, b) => b.localeCompare(a)));

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const file = await (await download).path();
  const lines = readFileSync(file, "utf8").trim().split(/\r?\n/);
  expect(lines[0]).toContain("code,name,type");
  expect(lines.length - 1).toBe(names.length);
});
