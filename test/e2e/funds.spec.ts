// The co-marketing funds story in the browser: the admin allocates MDF, a partner requests
// (fixing what the form points out), the manager approves for less, the partner claims with a
// PDF and a photo (after a file that is not what its name says is refused), the manager
// approves the claim, the admin records the payment, and every screen shows the balances the
// ledger sums to. Then co-op accrues from a committed sell-through month and corrects itself
// when the month is sent again.
import { SCREENSHOTS, commitMonth, expect, signIn, signOut, test } from "./helpers";
import type { Page } from "@playwright/test";

const DAY_MS = 24 * 3600 * 1000;
function day(offset: number): string {
  return new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);
}

// A quarter two years ahead, which no demo fund uses, so the figures start from nothing.
const year = new Date().getUTCFullYear() + 2;
const quarter = `${year}-Q1`;

const PDF = Buffer.from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000080000000808020000004b6d29dc0000001149444154789c63d0cb588115310c2d0900f20a4f818544a0ab0000000049454e44ae426082",
  "hex",
);

async function fundRow(page: Page) {
  return page
    .locator("tbody tr", { hasText: `MDF · ${quarter}` })
    .filter({ hasText: "Brightpath" })
    .first();
}

test("MDF from allocation to payment, with the same balances on every screen", async ({ page }) => {
  await signIn(page, "admin@example.com");
  await page.goto("/funds");
  await page.getByRole("link", { name: "Allocate MDF" }).click();
  await page.getByLabel("Brightpath Systems (BPS)").check();
  await page.getByLabel("Quarter", { exact: true }).first().fill(quarter);
  await page.getByLabel("Amount for each partner (USD)").fill("5000.00");
  await page.screenshot({ path: `${SCREENSHOTS}/funds-allocate.png`, fullPage: true });
  await page.getByRole("button", { name: "Allocate MDF" }).click();
  await expect(page.getByText("Allocated; the funds below show the new amounts.")).toBeVisible();
  await expect(await fundRow(page)).toContainText("$5,000.00");
  await signOut(page);

  await signIn(page, "reseller@example.com");
  await page.goto("/funds");
  await page.screenshot({ path: `${SCREENSHOTS}/funds-partner.png`, fullPage: true });
  await page.getByRole("link", { name: "Request funds" }).click();
  await expect(page).toHaveURL(/\/funds\/requests\/new$/);
  await page.getByLabel("Fund", { exact: true }).selectOption({ label: `MDF · ${quarter} — $5,000.00 available` });
  await page.getByLabel("Activity type").selectOption({ label: "Event" });
  await page.getByLabel("Description").fill("Customer security day in Munich");
  await page.getByLabel("Start date").fill(day(-10));
  await page.getByLabel("End date").fill(day(-3));
  await page.getByLabel("Planned total cost (USD)").fill("3000.00");
  await page.getByLabel("Amount requested (USD)").fill("2000.00");
  await page.getByRole("button", { name: "Submit for approval" }).click();
  // Every broken rule at once: the amount, and an activity that has already started.
  await expect(page.getByText("At most $1,500.00 can be requested: the program pays 50.00% of the planned cost.")).toBeVisible();
  await expect(page.getByText("The activity has already started", { exact: false }).first()).toBeVisible();
  await expect(page.getByLabel("Description")).toHaveValue("Customer security day in Munich");
  await page.screenshot({ path: `${SCREENSHOTS}/funds-request-error.png`, fullPage: true });
  // A one-day event today: asked for before it starts, claimable once it is over (its last day).
  await page.getByLabel("Start date").fill(day(0));
  await page.getByLabel("End date").fill(day(0));
  await page.getByLabel("Amount requested (USD)").fill("1500.00");
  await page.getByRole("button", { name: "Submit for approval" }).click();
  await expect(page.getByText("Your request was submitted for approval.")).toBeVisible();
  const requestUrl = page.url().replace(/\?.*$/, "");
  await signOut(page);

  await signIn(page, "manager@example.com");
  await page.goto("/funds/reports");
  await expect(page.getByTestId("utilisation")).toContainText("Brightpath Systems");
  // The demo trade show names two leads as its source.
  await expect(page.getByTestId("activities").locator("tr", { hasText: "Trade show" })).toContainText("2");
  await page.screenshot({ path: `${SCREENSHOTS}/funds-reports.png`, fullPage: true });
  await page.goto("/funds/review");
  await expect(page.locator("tbody")).toContainText("Brightpath Systems");
  // The funds page shows the latest requests; the list of all of them finds it by status.
  await page.goto("/funds");
  await page.getByRole("link", { name: /^See all \d+ requests?$/ }).click();
  await expect(page).toHaveURL(/\/funds\/requests$/);
  await page.getByLabel("Status").selectOption({ label: "Submitted" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/status=submitted/);
  const listed = page.locator("tbody tr", { hasText: "Customer security day in Munich" });
  await expect(listed).toContainText("Brightpath Systems");
  await expect(listed).toContainText("$1,500.00");
  await expect(page.locator("tbody tr", { hasText: "Claimed" })).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}/funds-requests.png`, fullPage: true });
  await listed.getByRole("link", { name: /^#\d+ · Event$/ }).click();
  await expect(page).toHaveURL(requestUrl);
  await page.getByLabel("Amount to approve (USD)").fill("1200.00");
  await page.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(page.getByText("Say why, when approving less than asked.")).toBeVisible();
  await page.getByLabel("Note to the partner (needed when approving less)").fill("The venue only; catering is not covered");
  await page.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(page.getByText("Approved.", { exact: true })).toBeVisible();
  await expect(page.getByTestId("approved")).toHaveText("$1,200.00");
  await signOut(page);

  await signIn(page, "reseller@example.com");
  await page.goto(requestUrl);
  await page.getByRole("link", { name: "File the claim" }).click();
  await page.getByLabel("Actual cost (USD)").fill("2600.00");
  await page.getByLabel("Results").fill("42 attendees, 11 leads");
  await page.getByLabel("Leads").fill("11");
  await page.getByLabel("Attendees").fill("42");
  await page
    .getByLabel("Proof of performance")
    .setInputFiles([{ name: "invoice.pdf", mimeType: "application/pdf", buffer: Buffer.from("just text, not a PDF") }]);
  await page.getByRole("button", { name: "Submit the claim" }).click();
  await expect(page.getByText("Only PDF, PNG and JPEG files are accepted.")).toBeVisible();
  await expect(page.getByLabel("Actual cost (USD)")).toHaveValue("2600.00");
  await page.getByLabel("Proof of performance").setInputFiles([
    { name: "invoice.pdf", mimeType: "application/pdf", buffer: PDF },
    { name: "photo.png", mimeType: "image/png", buffer: PNG },
  ]);
  await page.getByRole("button", { name: "Submit the claim" }).click();
  await expect(page.getByText("Your claim was submitted for review.")).toBeVisible();
  // 50% of 2,600.00 is 1,300.00; the approved 1,200.00 caps it.
  await expect(page.getByTestId("claimed")).toHaveText("$1,200.00");
  const claimUrl = page.url().replace(/\?.*$/, "");
  await signOut(page);

  await signIn(page, "manager@example.com");
  await page.goto(claimUrl);
  await expect(page.getByRole("img", { name: "photo.png" })).toBeVisible();
  await expect(page.getByRole("link", { name: "invoice.pdf" })).toHaveAttribute("href", /\/files\/\d+$/);
  await page.getByLabel("Invoices match the actual cost").check();
  await page.getByLabel("Photos of the event").check();
  await page.getByLabel("Amount to approve (USD)").fill("1100.00");
  await page.getByLabel("Note to the partner (needed when approving less)").fill("One invoice is for drinks");
  await page.screenshot({ path: `${SCREENSHOTS}/funds-claim-review.png`, fullPage: true });
  await page.getByRole("button", { name: "Approve the claim" }).click();
  await expect(page.getByTestId("claim-approved")).toHaveText("$1,100.00");
  await signOut(page);

  await signIn(page, "admin@example.com");
  await page.goto("/funds/payments");
  await page.getByRole("link", { name: "Brightpath Systems" }).click();
  await page.getByLabel("Payment reference").fill("MDF-E2E-1");
  await expect(page.getByLabel("Amount paid (USD)")).toHaveValue("1100.00");
  await page.screenshot({ path: `${SCREENSHOTS}/funds-payment.png`, fullPage: true });
  await page.getByRole("button", { name: "Record the payment" }).click();
  await expect(page.getByText("Payment recorded; its claims are marked paid.")).toBeVisible();

  // The same figures on the list, the fund's ledger, the export and the partner's own screen.
  await page.goto(`/funds?quarter=${quarter}`);
  const row = await fundRow(page);
  for (const figure of ["$5,000.00", "$1,100.00", "$3,900.00"]) await expect(row).toContainText(figure);
  await row.getByRole("link").click();
  await expect(page.getByTestId("balance-allocated")).toHaveText("$5,000.00");
  await expect(page.getByTestId("balance-reserved")).toHaveText("$0.00");
  await expect(page.getByTestId("balance-payable")).toHaveText("$0.00");
  await expect(page.getByTestId("balance-paid")).toHaveText("$1,100.00");
  await expect(page.getByTestId("balance-available")).toHaveText("$3,900.00");
  const ledger = page.getByTestId("ledger");
  await expect(ledger.locator("tbody tr")).toHaveCount(5);
  await expect(ledger).toContainText("Given back to the fund from request");
  await page.screenshot({ path: `${SCREENSHOTS}/funds-ledger.png`, fullPage: true });
  const fundUrl = page.url();
  const csv = await (await page.request.get(`/funds.csv?quarter=${quarter}`)).text();
  expect(csv).toMatch(/Brightpath Systems,mdf,\d{4}-Q1,USD,5000\.00,0\.00,0\.00,0\.00,1100\.00,0\.00,3900\.00/);
  await signOut(page);

  await signIn(page, "reseller@example.com");
  await page.goto(fundUrl);
  await expect(page.getByTestId("balance-available")).toHaveText("$3,900.00");
  await expect(page.getByTestId("balance-paid")).toHaveText("$1,100.00");
});

test("co-op of a month reported late goes to the current quarter's fund, an unusual month is confirmed first, and a resubmission corrects it", async ({
  page,
}) => {
  const now = new Date();
  // A year ago: its quarter's co-op fund expired long since, so the co-op goes to this quarter's.
  const period = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 12, 1)).toISOString().slice(0, 7);
  const lateQuarter = `${period.slice(0, 4)}-Q${Math.floor((Number(period.slice(5)) - 1) / 3) + 1}`;
  const currentQuarter = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
  async function report(lines: string[]) {
    await page.goto("/sell-through/upload");
    await page.getByLabel("Month").fill(period);
    const csv = ["date,invoice,line,sku,qty,unit price,currency", ...lines].join("\n");
    await page.locator('input[type="file"]').setInputFiles({ name: "report.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Read the file" }).click();
    await page.getByRole("button", { name: "Check the rows" }).click();
    await commitMonth(page, period, /^Commit \d+ accepted lines$/, () =>
      page.screenshot({ path: `${SCREENSHOTS}/sell-through-unusual-question.png`, fullPage: true }).then(() => undefined),
    );
  }
  await signIn(page, "distributor@example.com");
  // Northwind is platinum: 4% of 10,000.00 = 400.00.
  await report([`${period}-03,COOP-1,1,NET-SW24,4,1250.00,USD`, `${period}-04,COOP-2,1,NET-SW24,4,1250.00,USD`]);
  await page.goto(`/funds?kind=coop&quarter=${lateQuarter}`);
  await expect(page.locator("main")).not.toContainText("$400.00");
  await page.goto(`/funds?kind=coop&quarter=${currentQuarter}`);
  await page.locator("tbody tr").first().getByRole("link").first().click();
  const late = page.getByTestId("late-accrual").filter({ hasText: period });
  await expect(late.first()).toContainText(`reported after the ${lateQuarter} fund had expired`);
  // Sent again with one line less: 4% of 5,000.00 = 200.00, by a correction of −200.00 in the same fund.
  await report([`${period}-03,COOP-1,1,NET-SW24,4,1250.00,USD`]);
  await page.goto(`/funds?kind=coop&quarter=${currentQuarter}`);
  await page.locator("tbody tr").first().getByRole("link").first().click();
  await expect(page.getByTestId("late-accrual").filter({ hasText: period })).toHaveCount(2);
  await expect(page.getByTestId("ledger")).toContainText("Correction: the sell-through of");
  await page.screenshot({ path: `${SCREENSHOTS}/funds-coop.png`, fullPage: true });
});
