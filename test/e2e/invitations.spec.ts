// A partner admin invites a colleague; the colleague follows the link from the outbox, sets a
// password and is signed in; the link then no longer works. Password reset works the same way.
import { SCREENSHOTS, expect, signIn, signOut, test } from "./helpers";

async function latestLinkFor(page: import("@playwright/test").Page, email: string): Promise<string> {
  await signIn(page, "admin@example.com");
  await page.goto("/outbox");
  const mail = page.locator(".outbox tbody tr", { hasText: email }).first();
  const body = await mail.locator(".outbox-body").innerText();
  const link = /https?:\/\/\S+\/set-password\/\S+/.exec(body)?.[0];
  expect(link).toBeTruthy();
  await signOut(page);
  return new URL(link!).pathname;
}

test("an invited user sets a password once and lands signed in", async ({ page }) => {
  const email = `new.colleague.${Date.now()}@pacific.example.com`;
  await signIn(page, "other@example.com");
  await page.goto("/users/invite");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Name").fill("New Colleague");
  await page.getByLabel("Role").selectOption("partner_rep");
  await page.getByRole("button", { name: "Invite a user" }).click();
  await expect(page.getByText(`Invitation sent to ${email}.`)).toBeVisible();
  await expect(page.locator(".page-header")).toContainText("Invited");
  await signOut(page);

  const path = await latestLinkFor(page, email);
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, New Colleague");
  await page.screenshot({ path: `${SCREENSHOTS}/set-password.png`, fullPage: true });
  await page.getByLabel("New password").fill("short");
  await page.getByLabel("Repeat the password").fill("short");
  await page.getByRole("button", { name: "Save password and sign in" }).click();
  await expect(page.getByText("Use at least 12 characters.")).toBeVisible();

  await page.getByLabel("New password").fill("a-long-enough-password");
  await page.getByLabel("Repeat the password").fill("a-long-enough-password");
  await page.getByRole("button", { name: "Save password and sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, New Colleague");
  await expect(page.locator(".topbar")).toContainText("Pacific Channel Supply");
  await signOut(page);

  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This link cannot be used");
  await signIn(page, email, "a-long-enough-password");
});

test("a forgotten password is reset through an e-mailed link", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Reset your password");
  await page.getByLabel("E-mail").fill("sales@pacific.example.com");
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByText(/If an account exists for that address/)).toBeVisible();

  const path = await latestLinkFor(page, "sales@pacific.example.com");
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Choose a new password");
  await page.getByLabel("New password").fill("brand-new-password-1");
  await page.getByLabel("Repeat the password").fill("brand-new-password-1");
  await page.getByRole("button", { name: "Save password and sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Siti Sales");
  await signOut(page);
  await signIn(page, "sales@pacific.example.com", "brand-new-password-1");
});
