// Every form works without JavaScript: sign in, filter, and save a form with an error and a fix.
import { SCREENSHOTS, expect, signInWithForm, test } from "./helpers";

test.use({ javaScriptEnabled: false });

test("sign-in, filters and forms work with JavaScript off", async ({ page }) => {
  await signInWithForm(page, "admin@example.com");
  await page.goto("/partners?status=active");
  await expect(page.locator("tbody tr").first()).toBeVisible();

  await page.goto("/settings/tiers");
  const gold = page.locator("tr", { hasText: "Gold" });
  await gold.getByLabel("Gold: Registered-deal discount %").fill("150");
  await gold.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("tr", { hasText: "Gold" }).locator(".field-error")).toHaveText("Enter a percentage between 0 and 100 with at most two decimals.");
  await page.locator("tr", { hasText: "Gold" }).getByLabel("Gold: Registered-deal discount %").fill("16.5");
  await page.locator("tr", { hasText: "Gold" }).getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await expect(page.locator("tr", { hasText: "Gold" }).getByLabel("Gold: Registered-deal discount %")).toHaveValue("16.50");
  await page.screenshot({ path: `${SCREENSHOTS}/tiers.png`, fullPage: true });
});
