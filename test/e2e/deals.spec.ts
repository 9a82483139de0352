// The deal registration story in the browser: a reseller registers a deal (fixing what the form
// points out), another partner registers the same customer under another spelling and domain,
// the reviewer sees the two side by side, approves the first and is refused the second; then
// extension, won and lost; and an approved registration past its protection expires by itself.
import { SCREENSHOTS, expect, signIn, signOut, test } from "./helpers";
import type { Page } from "@playwright/test";

const run = Date.now().toString(36);

function inDays(days: number): string {
  return new Date(Date.now() + days * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

async function fillDeal(page: Page, deal: { customer: string; domain: string; name: string }) {
  await page.getByLabel("Customer name").fill(deal.customer);
  await page.getByLabel("Customer web domain").fill(deal.domain);
  await page.getByLabel("Country").fill("DE");
  await page.getByLabel("Deal name").fill(deal.name);
  await page.getByLabel("Expected close").fill(inDays(45));
  await page.getByLabel("Currency").selectOption("EUR");
  await page.getByLabel("Product, line 1").selectOption({ index: 1 });
  await page.getByLabel("Quantity, line 1").fill("4");
  await page.getByLabel("Unit price, line 1").fill("1250.50");
}

async function registerDeal(page: Page, deal: { customer: string; domain: string; name: string }): Promise<string> {
  await page.goto("/deals/new");
  await fillDeal(page, deal);
  await page.getByRole("button", { name: "Submit for approval" }).click();
  await expect(page).toHaveURL(/\/deals\/\d+/);
  return page.url().match(/\/deals\/(\d+)/)![1];
}

test("a reseller registers a deal; the reviewer sees the conflict, approves the first and is refused the second", async ({ page }) => {
  const first = { customer: `ACME ${run} Corp.`, domain: `acme-${run}.com`, name: "Core network refresh" };
  const second = { customer: `acme ${run} corp`, domain: `www.acme-${run}.com`, name: "Firewall upgrade" };

  await signIn(page, "reseller@example.com");
  await page.goto("/deals/new");
  await fillDeal(page, first);
  // Mistakes are pointed out next to their fields and nothing typed is lost.
  await page.getByLabel("Customer web domain").fill("acme .com");
  await page.getByLabel("Expected close").fill("2020-01-01");
  await page.getByLabel("Quantity, line 2").fill("0");
  await page.getByRole("button", { name: "Submit for approval" }).click();
  await expect(page.getByText("Enter a web domain such as acme.com.")).toBeVisible();
  await expect(page.getByText("The expected close date cannot be in the past.")).toBeVisible();
  await expect(page.getByText("The quantity must be at least 1.")).toBeVisible();
  await expect(page.getByLabel("Customer name")).toHaveValue(first.customer);
  await expect(page.getByLabel("Unit price, line 1")).toHaveValue("1250.50");
  await page.screenshot({ path: `${SCREENSHOTS}/deal-form-errors.png`, fullPage: true });

  await page.getByLabel("Customer web domain").fill(first.domain);
  await page.getByLabel("Expected close").fill(inDays(45));
  await page.getByLabel("Quantity, line 2").fill("");
  await expect(page.getByTestId("deal-total")).toHaveText("€5,002.00");
  await page.getByRole("button", { name: "Submit for approval" }).click();
  await expect(page.getByText("Submitted for approval.")).toBeVisible();
  await expect(page.getByTestId("deal-total")).toHaveText("€5,002.00");
  const firstId = page.url().match(/\/deals\/(\d+)/)![1];
  await signOut(page);

  await signIn(page, "other@example.com");
  const secondId = await registerDeal(page, second);
  await expect(page.getByText("This customer is already registered by another partner; the reviewer decides.")).toBeVisible();
  await expect(page.locator("main")).not.toContainText("Brightpath");
  await signOut(page);

  // The reviewer of the second registration sees both side by side.
  await signIn(page, "admin@example.com");
  await page.goto(`/deals/${secondId}`);
  const conflicts = page.getByRole("region", { name: /Conflicts with 1 other registration/ });
  await expect(conflicts).toContainText("Brightpath Systems");
  await expect(conflicts).toContainText("Pacific Channel Supply");
  await expect(conflicts).toContainText("Same customer name and web domain");
  await page.screenshot({ path: `${SCREENSHOTS}/deal-conflict-review.png`, fullPage: true });
  await signOut(page);

  // Brightpath's channel manager approves the first; the second cannot be approved after it.
  await signIn(page, "manager@example.com");
  await page.goto("/deals/review");
  await expect(page.locator("tbody")).toContainText(first.customer);
  await page.getByRole("link", { name: first.customer }).click();
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText("Registration approved; the customer is protected.")).toBeVisible();
  await expect(page.getByTestId("deal-discounted-total")).toHaveText("€4,251.72");
  await page.screenshot({ path: `${SCREENSHOTS}/deal-approved.png`, fullPage: true });
  await signOut(page);

  await signIn(page, "admin@example.com");
  await page.goto(`/deals/${secondId}`);
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText(/Another approved registration already protects this customer/)).toBeVisible();
  await page.getByLabel("Reason for rejecting").fill("Brightpath registered this customer first.");
  await page.getByRole("button", { name: "Reject" }).click();
  await expect(page.getByText("Registration rejected.")).toBeVisible();
  await signOut(page);

  // The reseller extends the protection once, then wins the deal.
  await signIn(page, "reseller@example.com");
  await page.goto(`/deals/${firstId}`);
  await page.getByRole("button", { name: "Ask for the one extension" }).click();
  await expect(page.getByText("Protection extended.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Ask for the one extension" })).toHaveCount(0);
  await page.getByLabel("Final amount (EUR)").fill("4100");
  await page.getByRole("button", { name: "Mark as won" }).click();
  await expect(page.getByText("Marked as won.")).toBeVisible();
  await expect(page.locator(".activity")).toContainText("Extended");
  await expect(page.locator(".activity")).toContainText("Won");
});

test("a partner asks back, is approved and loses the deal; the list shows what expires soon", async ({ page }) => {
  await signIn(page, "reseller@example.com");
  const id = await registerDeal(page, { customer: `Lost ${run} GmbH`, domain: `lost-${run}.de`, name: "Storage expansion" });
  await signOut(page);

  await signIn(page, "manager@example.com");
  await page.goto(`/deals/${id}`);
  await page.getByLabel("Question for the partner").fill("Is the budget approved?");
  await page.getByRole("button", { name: "Ask for more information" }).click();
  await expect(page.getByText("Question sent to the partner.")).toBeVisible();
  await signOut(page);

  await signIn(page, "reseller@example.com");
  await page.goto(`/deals/${id}`);
  await expect(page.getByText("The reviewer asks: Is the budget approved?")).toBeVisible();
  await page.getByLabel("Your answer").fill("Yes, signed off in the Q3 plan.");
  await page.getByRole("button", { name: "Answer and resubmit" }).click();
  await expect(page.getByText("Submitted for approval.")).toBeVisible();
  await signOut(page);

  await signIn(page, "manager@example.com");
  await page.goto(`/deals/${id}`);
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText("Registration approved; the customer is protected.")).toBeVisible();
  await signOut(page);

  await signIn(page, "reseller@example.com");
  await page.goto(`/deals/${id}`);
  await page.getByRole("button", { name: "Mark as lost" }).click();
  await expect(page.getByText("This field is required.")).toBeVisible();
  await page.getByLabel("Why was it lost?").fill("Customer postponed the project");
  await page.getByRole("button", { name: "Mark as lost" }).click();
  await expect(page.getByText("Marked as lost.")).toBeVisible();

  await page.goto("/deals");
  await page.getByRole("link", { name: "Expiring in the next 14 days" }).click();
  await expect(page).toHaveURL(/expiring=1/);
  await page.screenshot({ path: `${SCREENSHOTS}/deals-list-partner.png`, fullPage: true });
});

test("an approved registration past its protection expires by itself", async ({ page }) => {
  await signIn(page, "distributor@example.com");
  await page.goto("/deals?status=expired");
  await page.locator("tbody tr td:first-child a").first().click();
  await expect(page.locator(".activity")).toContainText("Expired");
  await expect(page.locator(".activity")).toContainText(/system/i);
});

test("the pipeline shows registrations by status and close month with a chart", async ({ page }) => {
  await signIn(page, "manager@example.com");
  await page.goto("/deals/pipeline");
  await expect(page.locator("figure.chart svg rect").first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Win rate by partner" })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/deals-pipeline.png`, fullPage: true });
});
