// The notification centre in the browser: the bell counts what is unread, opening a notice marks
// it read and goes to its page, and the e-mail preferences decide what reaches the outbox: a
// partner admin who turned deal decisions off still sees the decision in the portal, while the
// colleague who kept the default gets the e-mail.
import type { Page } from "@playwright/test";
import { SCREENSHOTS, expect, signIn, signOut, test } from "./helpers";

async function bellCount(page: Page): Promise<number> {
  const badge = page.locator(".bell-count");
  return (await badge.count()) ? Number((await badge.innerText()).replace("+", "")) : 0;
}

test("the bell, opening a notice, and e-mail preferences that decide what is mailed", async ({ page }) => {
  await signIn(page, "reseller@example.com");
  const before = await bellCount(page);
  expect(before).toBeGreaterThan(0);
  await page.locator(".bell").click();
  await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();
  await page.getByLabel("Show").selectOption("unread");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.locator(".pagination-count")).toHaveText(new RegExp(`of ${before}$`));
  await page.screenshot({ path: `${SCREENSHOTS}/notifications.png`, fullPage: true });
  await page.locator("tbody tr").first().locator("button.unread").click();
  await expect(page).not.toHaveURL(/\/notifications/);
  expect(await bellCount(page)).toBe(before - 1);

  // Deal decisions: in the portal only.
  await page.goto("/account/notifications");
  await page.getByLabel("A deal registration is decided or questioned: Off").check();
  await page.getByRole("button", { name: "Save preferences" }).click();
  await expect(page.getByText("Your e-mail preferences are saved.")).toBeVisible();
  await expect(page.getByLabel("A deal registration is decided or questioned: Off")).toBeChecked();
  await page.screenshot({ path: `${SCREENSHOTS}/notification-preferences.png`, fullPage: true });
  await signOut(page);

  await signIn(page, "manager@example.com");
  await page.goto("/deals/review");
  await page.getByRole("link", { name: "Praxisklinik am Englischen Garten" }).click();
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText("Registration approved; the customer is protected.")).toBeVisible();
  await signOut(page);

  await signIn(page, "admin@example.com");
  await page.goto("/outbox");
  const approved = page.locator(".outbox li", { hasText: "(Praxisklinik am Englischen Garten) is approved" });
  await expect(approved.filter({ hasText: "rep@example.com" })).toHaveCount(1);
  await expect(approved.filter({ hasText: "reseller@example.com" })).toHaveCount(0);
  await signOut(page);

  await signIn(page, "reseller@example.com");
  expect(await bellCount(page)).toBe(before);
  await page.goto("/notifications");
  await expect(page.locator("tbody tr").first()).toContainText("(Praxisklinik am Englischen Garten) is approved");
  await page.getByRole("button", { name: "Mark all as read" }).click();
  await expect(page.locator(".bell-count")).toHaveCount(0);
});
