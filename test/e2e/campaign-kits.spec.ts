// Campaign kits in the browser, the vendor's half of the story: the admin writes a kit for the
// EMEA resellers (fixing what the form points out), publishes it and sees whom it invited; an
// eligible reseller finds it in /campaigns with its brief and a way to its adoption; a
// distributor in APAC does not see it at all. The kit's page is looked at on a phone and in
// Chinese too.
import { SCREENSHOTS, expect, signIn, signOut, test } from "./helpers";

const title = `Secure branch roadshow ${Date.now().toString(36)}`;

test("the admin publishes a kit; an eligible reseller sees it, an ineligible distributor does not", async ({ page }) => {
  // Three sign-ins and a dozen pages: more than one default test time on a busy machine.
  test.setTimeout(180_000);
  await signIn(page, "admin@example.com");
  await page.goto("/campaigns");
  await page.getByRole("link", { name: "New campaign kit" }).click();

  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel("Title in Chinese").fill("安全分支机构巡展");
  await page.locator("#f-goal").fill("Meet IT managers of companies with several sites.");
  await page.locator("#f-brief").fill("Half a day in your showroom.\nDemo, talk, questions.");
  await page.getByLabel("Activity", { exact: true }).selectOption("seminar");
  await page.getByLabel("Starts on").fill("2031-04-01");
  await page.getByLabel("Ends on").fill("2031-03-01");
  await page.getByRole("group", { name: "Partner types" }).getByLabel("Reseller").check();
  await page.getByRole("group", { name: "Regions" }).getByLabel("Europe, Middle East & Africa").check();
  await page.getByLabel("Vendor share of the cost (%)").fill("60");
  await page.getByLabel("Cap per partner").fill("2500");
  await page.getByLabel("Kit budget").fill("2000");
  await page.getByRole("button", { name: "Save draft" }).click();

  // The form names both mistakes next to their fields and keeps what was typed and ticked.
  await expect(page.getByText("The window cannot end before it starts.")).toBeVisible();
  await expect(page.getByText("The budget must cover at least one partner's cap.")).toBeVisible();
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue(title);
  await expect(page.getByRole("group", { name: "Partner types" }).getByLabel("Reseller")).toBeChecked();
  await page.screenshot({ path: `${SCREENSHOTS}/campaign-kit-form-1366.png`, fullPage: true });
  await page.getByLabel("Ends on").fill("2031-04-30");
  await page.getByLabel("Kit budget").fill("10000");
  await page.getByRole("button", { name: "Save draft" }).click();

  await expect(page.getByText("Kit saved as a draft.")).toBeVisible();
  await expect(page.getByText(/Publishing invites the \d+ eligible partners? now/)).toBeVisible();
  await page.getByRole("button", { name: "Publish and invite" }).click();
  await expect(page.getByText(/Kit published; \d+ partners? invited\./)).toBeVisible();
  const adoptions = page.getByTestId("kit-adoptions");
  await expect(adoptions).toContainText("Brightpath Systems");
  await expect(adoptions).not.toContainText("Pacific Channel Supply");
  await expect(page.getByTestId("kit-sell-through")).toContainText("A comparison, not proof");
  await page.screenshot({ path: `${SCREENSHOTS}/campaign-kit-admin-1366.png`, fullPage: true });
  const kitUrl = page.url().replace(/\?.*$/, "");

  await page.goto("/campaigns");
  await expect(page.getByTestId("kit-list")).toContainText(title);
  // The demo's seminar kit, published with the library's leaflet.
  await page.getByRole("link", { name: "Product seminar — new product academic launch" }).click();
  await expect(page.getByTestId("kit-assets")).toContainText("Product seminar leaflet");
  await page.screenshot({ path: `${SCREENSHOTS}/campaign-kit-demo-seminar-1366.png`, fullPage: true });
  await signOut(page);

  await signIn(page, "reseller@example.com");
  await page.goto("/campaigns");
  const row = page.getByTestId("kit-list").locator("tr", { hasText: title });
  await expect(row).toContainText("Invited");
  await row.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await expect(page.getByText("Demo, talk, questions.")).toBeVisible();
  await expect(page.getByTestId("my-adoptions").getByRole("link", { name: "Read and adopt" })).toHaveAttribute("href", /^\/campaigns\/adoptions\/\d+$/);
  // The vendor's figures are not the partner's business.
  await expect(page.getByTestId("kit-adoptions")).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}/campaign-kit-reseller-1366.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SCREENSHOTS}/campaign-kit-reseller-390.png`, fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1366, height: 768 });
  await signOut(page);

  await signIn(page, "other@example.com");
  await page.goto("/campaigns");
  await expect(page.getByRole("heading", { name: "Campaign kits" })).toBeVisible();
  await expect(page.getByText(title)).toHaveCount(0);
  const refused = await page.goto(kitUrl);
  expect(refused?.status()).toBe(404);
  await page.goto("/campaigns");
  await signOut(page);

  await signIn(page, "admin@example.com");
  await page.goto(kitUrl);
  await page.getByRole("button", { name: "中文", exact: true }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  try {
    await expect(page.getByRole("heading", { name: "安全分支机构巡展" })).toBeVisible();
    await expect(page.getByTestId("kit-sell-through")).toContainText("这是对比，不是证明");
    await page.screenshot({ path: `${SCREENSHOTS}/campaign-kit-admin-1366-zh.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SCREENSHOTS}/campaign-kit-admin-390-zh.png`, fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  } finally {
    // The language is saved on the account: leave it as the other stories expect.
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole("button", { name: "English", exact: true }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  }
});
