// Every main screen renders for the admin with its heading and content, and is captured for a
// person to look at (test/e2e/__screenshots__, not committed).
import { SCREENSHOTS, expect, signIn, test } from "./helpers";

const SCREENS = [
  { path: "/users", heading: "Users", content: "rep@example.com" },
  { path: "/users/invite", heading: "Invite a user", content: "valid for 7 days" },
  { path: "/settings/products", heading: "Products", content: "NET-SW24" },
  { path: "/settings/territories", heading: "Territories", content: "Asia Pacific" },
  { path: "/audit", heading: "Audit log", content: "Demo data loaded" },
  { path: "/outbox", heading: "E-mail outbox", content: "SMTP_URL" },
  { path: "/account", heading: "My account", content: "Change password" },
];

for (const screen of SCREENS) {
  test(`${screen.path} renders`, async ({ page }) => {
    await signIn(page, "admin@example.com");
    await page.goto(screen.path);
    await page.waitForLoadState("networkidle");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(screen.heading);
    await expect(page.locator("main")).toContainText(screen.content);
    await page.screenshot({ path: `${SCREENSHOTS}/screen${screen.path.replace(/\//g, "-")}.png`, fullPage: true });
  });
}

test("a product CSV with mistakes lists each bad row and imports nothing", async ({ page }) => {
  await signIn(page, "admin@example.com");
  await page.goto("/settings/products");
  await page.locator('input[type="file"][name="file"]').setInputFiles({
    name: "products.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("sku,name,product_line,list_price,currency\nNEW-1,New thing,NET,10.00,USD\nNEW-2,Bad price,NET,ten,USD\n"),
  });
  await page.getByRole("button", { name: "Import CSV" }).click();
  await expect(page.getByText("Nothing was imported. Fix these rows and try again:")).toBeVisible();
  await expect(page.locator(".alert-error li")).toHaveText(/Row 3: listPrice: Enter an amount/);
  await page.goto("/settings/products?q=NEW-1");
  await expect(page.locator("tbody")).toContainText("Nothing matches these filters.");
});
