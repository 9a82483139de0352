// Every demo login lands on a page that fits its role, with exactly the navigation it may use.
import { SCREENSHOTS, expect, signIn, signInWithForm, test } from "./helpers";

const ROLES = [
  {
    email: "admin@example.com",
    heading: "Welcome, Alex Admin",
    nav: ["Home", "Partners", "Users", "Tiers", "Products", "Territories", "Audit log", "Outbox", "My account"],
    absent: [],
  },
  {
    email: "manager@example.com",
    heading: "Welcome, Maria Manager",
    nav: ["Home", "Partners", "Tiers", "Products", "Territories", "My account"],
    absent: ["Users", "Audit log", "Outbox"],
  },
  { email: "distributor@example.com", heading: "Welcome, Dana Distributor", nav: ["Home", "Partners", "Users", "My account"], absent: ["Audit log", "Tiers"] },
  { email: "reseller@example.com", heading: "Welcome, Rita Reseller", nav: ["Home", "My partner", "Users", "My account"], absent: ["Audit log", "Tiers"] },
  { email: "rep@example.com", heading: "Welcome, Ravi Rep", nav: ["Home", "My account"], absent: ["Users", "Partners", "Audit log"] },
  { email: "other@example.com", heading: "Welcome, Olivia Other", nav: ["Home", "Partners", "Users", "My account"], absent: ["Audit log"] },
];

for (const role of ROLES) {
  test(`${role.email} lands on a home page for their role`, async ({ page }) => {
    await signInWithForm(page, role.email);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(role.heading);
    const sidebar = page.locator("nav.sidebar");
    for (const item of role.nav) await expect(sidebar.getByRole("link", { name: item, exact: true })).toBeVisible();
    for (const item of role.absent) await expect(sidebar.getByRole("link", { name: item, exact: true })).toHaveCount(0);
    await page.screenshot({ path: `${SCREENSHOTS}/home-${role.email.split("@")[0]}.png`, fullPage: true });
  });
}

test("the manager's home page counts agree with the partner list they link to", async ({ page }) => {
  await signIn(page, "manager@example.com");
  const active = page.locator(".stat-list a", { hasText: "Active" });
  const count = Number(await active.locator(".stat-value").innerText());
  await active.click();
  await expect(page).toHaveURL(/status=active/);
  await expect(page.locator(".pagination-count")).toContainText(`of ${count}`);
  await expect(page.locator("tbody tr")).toHaveCount(count);
});

test("a partner sees only its own partner and resellers", async ({ page }) => {
  await signIn(page, "distributor@example.com");
  await page.getByRole("link", { name: "Partners", exact: true }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Partners");
  const names = await page.locator("tbody tr td:first-child").allInnerTexts();
  expect(names).toEqual(expect.arrayContaining(["Alpine IT Solutions", "Brightpath Systems", "Northwind Distribution"]));
  for (const foreign of ["Pacific Channel Supply", "Merlion Networks", "Thames Managed Services", "华东科技分销有限公司"]) expect(names).not.toContain(foreign);
});

test("the shell works at phone width", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "admin@example.com");
  await expect(page.locator("nav.sidebar")).toBeHidden();
  await page.getByText("Menu", { exact: true }).click();
  await page.locator(".mobile-nav").getByRole("link", { name: "Partners", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Partners");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SCREENSHOTS}/phone-partners.png`, fullPage: true });
});

test("the language switch shows the portal in Simplified Chinese", async ({ page }) => {
  await signIn(page, "manager@example.com");
  await page.getByRole("button", { name: "中文" }).first().click();
  await expect(page.locator("nav.sidebar")).toContainText("合作伙伴");
  await page.goto("/partners");
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("Partners");
  await page.screenshot({ path: `${SCREENSHOTS}/partners-zh.png`, fullPage: true });
  await page.getByRole("button", { name: "English" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Partners");
});

test("a user whose saved language is Chinese sees the portal in Chinese after signing in", async ({ page }) => {
  await signIn(page, "manager2@example.com");
  await expect(page.locator("nav.sidebar")).toContainText("合作伙伴");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("王明");
  await page.screenshot({ path: `${SCREENSHOTS}/home-manager2-zh.png`, fullPage: true });
});
