// The lead story in the browser: a channel manager imports 200 leads from a CSV and routes
// them; they land in partners' inboxes with the reason why; a partner accepts, works and
// converts one and rejects another; an offer past its deadline moves on by itself.
import { SCREENSHOTS, expect, signIn, signOut, test } from "./helpers";
import type { Page } from "@playwright/test";

function leadsCsv(): string {
  const lines = ["Company,Website,Contact,Email,Country,Postcode,Product line,Value"];
  const cities = [
    ["DE", "80331"],
    ["DE", "60311"],
    ["DE", "10115"],
    ["AT", "1010"],
    ["AT", "8010"],
  ];
  const products = ["NET", "SEC", "STO", "Networking"];
  for (let i = 1; i <= 197; i++) {
    const [country, postcode] = cities[i % cities.length];
    lines.push(
      `E2E Import Company ${i},e2e-import-${i}.example.com,Buyer ${i},buyer${i}@e2e-import-${i}.example.com,${country},${postcode},${products[i % products.length]},${(1000 + i * 37).toFixed(2)}`,
    );
  }
  lines.push(",no-name.example.com,Nobody,nobody@no-name.example.com,DE,80331,NET,100.00");
  // Two letters, but no country (ISO 3166-1 has no ZZ).
  lines.push("Wrong Country GmbH,wrong.example.com,Wanda,wanda@wrong.example.com,ZZ,80331,NET,100.00");
  lines.push("Quantum Ltd,quantum.example.com,Quinn,quinn@quantum.example.com,DE,80331,Quantum,100.00");
  return lines.join("\n");
}

test("a channel manager imports 200 leads and routes them to their partners", async ({ page }) => {
  await signIn(page, "manager@example.com");
  await page.goto("/leads/import");
  await page.locator('input[type="file"]').setInputFiles({ name: "leads.csv", mimeType: "text/csv", buffer: Buffer.from(leadsCsv()) });
  await page.getByRole("button", { name: "Read the file" }).click();
  await expect(page.getByRole("heading", { name: "Match the columns" })).toBeVisible();
  await expect(page.locator("#map-company")).toHaveValue("0");
  await expect(page.locator("#map-productLine")).toHaveValue("6");
  await page.getByRole("button", { name: "Check the rows" }).click();
  await expect(page.getByText("197 rows ready, 3 with errors")).toBeVisible();
  const problems = page.locator("table.import-problems tbody");
  await expect(problems).toContainText("This field is required.");
  await expect(problems).toContainText("Enter an existing two-letter country code");
  await expect(problems).toContainText("Unknown product line");
  await page.screenshot({ path: `${SCREENSHOTS}/leads-import-check.png`, fullPage: true });

  await page.getByRole("button", { name: "Import 197 good rows" }).click();
  await expect(page.getByText("197 leads imported.")).toBeVisible();
  const routed = await page.locator(".alert-success", { hasText: "Routing done" }).innerText();
  const [, offered, unroutable] = /Routing done: (\d+) offered, (\d+) left/.exec(routed)!;
  expect(Number(offered) + Number(unroutable)).toBe(197);
  expect(Number(offered)).toBeGreaterThan(50);
  await page.screenshot({ path: `${SCREENSHOTS}/leads-list-manager.png`, fullPage: true });

  // Every offered import went to one of this manager's partners, and says why.
  await page.goto("/leads?q=E2E+Import&status=offered&pageSize=100");
  const partners = new Set(await page.locator("tbody tr td:nth-child(5)").allInnerTexts());
  for (const name of partners) expect(["Northwind Distribution", "Brightpath Systems", "Alpine IT Solutions"]).toContain(name);
  await page.locator("tbody tr td:nth-child(2) a").first().click();
  await expect(page.getByText(/Why this partner: Score/)).toBeVisible();
  await expect(page.locator(".score-parts")).toContainText("Territory");
  await page.screenshot({ path: `${SCREENSHOTS}/lead-detail-manager.png`, fullPage: true });
  const holder = await page.locator(".offer-head strong").first().innerText();
  const other = ["Northwind Distribution", "Brightpath Systems", "Alpine IT Solutions"].find((name) => name !== holder)!;
  await page.getByLabel("Partner", { exact: true }).selectOption({ label: other });
  await page.getByRole("button", { name: "Offer to this partner" }).click();
  await expect(page.getByText(`Lead offered to ${other}.`)).toBeVisible();
  await expect(page.locator(".offers")).toContainText("taken back");

  // Leads that found no room stay in the pool with the reason.
  if (Number(unroutable) > 0) {
    await page.goto("/leads?q=E2E+Import&attention=1");
    await page.locator("tbody tr td:nth-child(2) a").first().click();
    await expect(page.getByText(/In the pool because: No eligible partner/)).toBeVisible();
  }
});

test("a partner accepts, works and converts one lead and rejects another", async ({ page }) => {
  await signIn(page, "distributor@example.com");
  await page.goto("/leads");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lead inbox");
  const firstRow = page.locator("tbody tr").first();
  await expect(firstRow).toContainText("Offered");
  await expect(firstRow.locator(".time-left")).toContainText(/left|overdue/);
  await page.screenshot({ path: `${SCREENSHOTS}/leads-inbox-partner.png`, fullPage: true });

  const offered = page.locator("tbody tr", { hasText: "Offered" }).filter({ hasText: "h left" });
  const company = await offered.first().locator("td:first-child a").innerText();
  await offered.first().locator("td:first-child a").click();
  await expect(page.getByText("Contact details show once you accept the lead.")).toBeVisible();
  await page.getByRole("button", { name: "Accept" }).click();
  await expect(page.getByText("Lead accepted.")).toBeVisible();
  await expect(page.locator(".facts")).toContainText("@");
  for (const status of ["Contacted", "Qualified", "Converted"]) {
    await page.getByRole("button", { name: `Mark as ${status}` }).click();
    await expect(page.getByText(`Status changed to ${status}.`)).toBeVisible();
  }
  await expect(page.locator(".activity")).toContainText("Converted");
  await page.screenshot({ path: `${SCREENSHOTS}/lead-detail-partner.png`, fullPage: true });

  await page.goto("/leads?status=offered");
  const next = page.locator("tbody tr").filter({ hasNotText: company }).filter({ hasText: "h left" }).first();
  const rejectedCompany = await next.locator("td:first-child a").innerText();
  await next.locator("td:first-child a").click();
  await page.getByRole("button", { name: "Reject" }).click();
  await expect(page.getByText("Choose one of the options.")).toBeVisible();
  await page.getByLabel("Why are you rejecting it?").selectOption("no_capacity");
  await page.getByLabel("Details").fill("Team at a trade fair all week");
  await page.getByRole("button", { name: "Reject" }).click();
  await expect(page.getByText("Lead rejected; it goes back to the vendor.")).toBeVisible();
  await expect(page.locator("tbody")).not.toContainText(rejectedCompany);
  await signOut(page);

  // Northwind's channel manager reads the rejection, in words, among the offers and on the lead.
  await signIn(page, "manager@example.com");
  await page.goto("/leads/offers?outcome=rejected");
  const rejection = page.locator("tbody tr", { hasText: rejectedCompany }).first();
  await expect(rejection).toContainText("Northwind Distribution");
  await expect(rejection).toContainText("No capacity right now: Team at a trade fair all week");
  // Rejected, the lead went back to the pool and perhaps on to a partner of another manager:
  // the manager opens it where it is still theirs to see.
  const link = rejection.getByRole("link", { name: rejectedCompany });
  if (await link.count()) {
    await link.click();
    await expect(page.locator(".offers")).toContainText("No capacity right now: Team at a trade fair all week");
  } else {
    await expect(rejection).toContainText("moved on");
  }
});

test("an offer past its deadline moves on by itself", async ({ page }) => {
  await signIn(page, "admin@example.com");
  await page.goto("/leads?q=Thames+Water");
  await page.locator("tbody tr td:nth-child(2) a").first().click();
  await expect(page.locator(".activity")).toContainText("Offer expired");
  await expect(page.locator(".offers")).toContainText("expired");
  await signOut(page);
});

test("a channel manager finds a partner by typing and offers it a pool lead", async ({ page }) => {
  await signIn(page, "manager@example.com");
  await page.goto("/leads/new");
  await page.getByLabel("Company").fill("Picker Test Inc");
  await page.getByLabel("Product line").selectOption({ label: "Networking" });
  await page.getByLabel("Country").fill("US");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page).toHaveURL(/\/leads\/\d+/);
  await expect(page.getByText("In pool", { exact: false }).first()).toBeVisible();

  // The filter's suggestions come from the server as the manager types.
  await page.goto("/leads");
  const filter = page.getByRole("search").getByLabel("Partner");
  await filter.fill("North");
  await expect(page.getByRole("search").locator("datalist option")).toHaveCount(1);
  await expect(page.getByRole("search").locator("datalist option")).toHaveAttribute("value", "NWD · Northwind Distribution");
  await filter.fill("NWD · Northwind Distribution");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/partner=NWD/);
  await expect(page.locator("tbody tr td:nth-child(5)").first()).toHaveText("Northwind Distribution");
  const partners = new Set(await page.locator("tbody tr td:nth-child(5)").allInnerTexts());
  expect([...partners]).toEqual(["Northwind Distribution"]);
  await expect(filter).toHaveValue("NWD · Northwind Distribution");

  await page.goto("/leads?q=Picker+Test");
  await page
    .getByRole("checkbox", { name: /Select lead/ })
    .first()
    .check();
  const assignTo = page.locator("#bulk").getByLabel("Offer to partner");
  await assignTo.fill("PCS");
  await page.getByRole("button", { name: "Offer to this partner" }).click();
  await expect(page.locator("#bulk .field-error")).toHaveText(/No partner you manage has this code/);
  await expect(assignTo).toHaveValue("PCS");
  await assignTo.fill("bps");
  await page.getByRole("button", { name: "Offer to this partner" }).click();
  await expect(page.getByText("1 lead offered to the partner.")).toBeVisible();
  await expect(page.locator("tbody tr").first()).toContainText("Brightpath Systems");
});

async function expectTableFits(page: Page) {
  const table = await page.locator("main .table-scroll").evaluate((scroller) => ({ scroll: scroller.scrollWidth, client: scroller.clientWidth }));
  expect(table.scroll, "the table scrolls sideways").toBeLessThanOrEqual(table.client + 1);
}

test("on a 1366 px laptop the whole lead list fits, in both languages, and no name is broken mid-word", async ({ page }) => {
  await signIn(page, "admin@example.com");
  await page.goto("/leads?pageSize=100");
  await expect(page.locator("main table.data-table tbody tr").first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/leads-list-admin-1366.png`, fullPage: true });
  await expectTableFits(page);
  // A word laid out on two lines has two boxes. Chinese, written without spaces, wraps between
  // any two characters, as it should.
  const brokenWords = await page.locator("main table.data-table tbody td").evaluateAll((cells) => {
    const broken: string[] = [];
    for (const cell of cells) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const word of node.textContent!.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, word.index!);
          range.setEnd(node, word.index! + word[0].length);
          if (range.getClientRects().length > 1 && !/[\u3000-\u9fff]/.test(word[0])) broken.push(word[0]);
        }
      }
    }
    return broken;
  });
  expect(brokenWords).toEqual([]);

  await page.getByRole("button", { name: "中文", exact: true }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  try {
    await page.screenshot({ path: `${SCREENSHOTS}/leads-list-admin-1366-zh.png`, fullPage: true });
    await expectTableFits(page);
  } finally {
    // The language is saved on the account: leave it as the other stories expect.
    await page.getByRole("button", { name: "English", exact: true }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  }
});
