// Sell-through files as distributors really send them, in the browser: a GBK CSV the way Excel
// saves it in a Chinese locale (Chinese headers, slashed dates), with an SKU of the
// distributor's own and a few bad rows; then an XLSX with dates as Excel serials and as text;
// then the first month again, which replaces it instead of adding to it. A line sold over the
// counter names a reseller the portal does not know, answered once as a direct sale. The deal the lines
// belong to shows what followed it, and the channel manager sees the submissions and who
// reported on time. Then a pharma distributor's workbook: a summary sheet first, the lines on
// the second sheet under a merged title, a date range and blank rows, a total and a note at the
// end, lot numbers and expiry dates; it maps itself, and the channel manager finds which end
// customers received the lot.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { commitMonth, expect, SCREENSHOTS, signIn, test } from "./helpers";
import type { Page } from "@playwright/test";

/**
 * "YYYY-MM" of the month `offset` months from this one: within the grid's last twelve months,
 * before the six the demo data reports for Northwind, so this story's months are its own.
 */
function monthFrom(offset: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 7);
}
const first = monthFrom(-8);
const second = monthFrom(-7);
// Far from the months other stories report for Northwind (the grid is not part of this story),
// so no history makes it look unusual ("Is this right?") whatever order the stories run in.
const pharmaMonth = "2022-06";
const LOT = `E2E-LOT-${pharmaMonth}`;
const [firstYear, firstMonth] = first.split("-").map(Number);
const DEAL_CUSTOMER = "Mainfranken Stadtwerke AG";
const OWN_SKU = "NWD-SW24-CN";

const WALK_IN = "门市零售";

function gbkReport(): Buffer {
  const rows = [["日期", "发票号", "行号", "经销商", "最终客户", "国家", "邮编", "物料号", "数量", "单价", "币种"]];
  for (let i = 1; i <= 8; i++) {
    const dealLine = i <= 3;
    rows.push([
      `${firstYear}/${firstMonth}/${i + 2}`,
      `FP${first.replace("-", "")}${i}`,
      "1",
      // The last was sold over the counter: a reseller name the portal does not know, answered "a direct sale".
      i === 8 ? WALK_IN : "BPS",
      dealLine ? DEAL_CUSTOMER : "苏州智造电子有限公司",
      dealLine ? "DE" : "CN",
      dealLine ? "97070" : "215000",
      "NET-SW24",
      String(i),
      "1234.50",
      "EUR",
    ]);
  }
  rows.push([
    `${firstYear}/${firstMonth}/12`,
    `FP${first.replace("-", "")}9`,
    "1",
    "BPS",
    "杭州西湖数字科技有限公司",
    "CN",
    "310000",
    OWN_SKU,
    "2",
    "800.00",
    "EUR",
  ]);
  rows.push([
    `${firstYear}/${firstMonth}/13`,
    `FP${first.replace("-", "")}9`,
    "2",
    "BPS",
    "杭州西湖数字科技有限公司",
    "CN",
    "310000",
    OWN_SKU,
    "1",
    "800.00",
    "EUR",
  ]);
  rows.push([`${firstYear}/13/01`, "FP-BAD-1", "1", "BPS", "坏日期有限公司", "CN", "", "NET-SW24", "1", "10.00", "EUR"]);
  rows.push([`${firstYear}/${firstMonth}/14`, "FP-BAD-2", "1", "BPS", "坏数量有限公司", "CN", "", "NET-SW24", "十", "10.00", "EUR"]);
  rows.push([`${firstYear}/${firstMonth}/15`, "FP-BAD-3", "1", "BPS", "坏币种有限公司", "CN", "", "NET-SW24", "1", "10.00", "RMBX"]);
  // Excel in a Chinese locale: GBK, comma-separated, CRLF, no BOM.
  return iconv.encode(rows.map((r) => r.join(",")).join("\r\n") + "\r\n", "gbk");
}

/** Days since Excel's day 0 (1899-12-30), as a sheet stores a date. */
function excelSerial(year: number, month: number, day: number): number {
  return (Date.UTC(year, month - 1, day) - Date.UTC(1899, 11, 30)) / 86_400_000;
}

async function xlsxReport(file: string): Promise<void> {
  const [year, month] = second.split("-").map(Number);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Sell-out");
  sheet.addRow(["Date", "Invoice No", "Line", "Reseller", "End customer", "Country", "Postcode", "SKU", "Qty", "Unit price", "Currency"]);
  sheet.addRow([new Date(Date.UTC(year, month - 1, 3)), "XL-1", 1, "BPS", "Acme GmbH", "DE", "80331", "NET-AP6", 5, 199.5, "EUR"]);
  const serialRow = sheet.addRow([excelSerial(year, month, 4), "XL-2", 1, "BPS", "Acme GmbH", "DE", "80331", "NET-SW24", 2, 1234.5, "EUR"]);
  serialRow.getCell(1).numFmt = "yyyy-mm-dd";
  sheet.addRow([`${second.replace("-", "/")}/07`, "XL-3", 1, "BPS", DEAL_CUSTOMER, "DE", "97070", "NET-SW24", 4, 1000, "EUR"]);
  sheet.addRow([excelSerial(year, month, 8), "XL-4", 1, "BPS", "Acme GmbH", "DE", "80331", "NET-AP6", 1, 199.5, "EUR"]);
  writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));
}

/** Sheet "汇总" (a summary), then sheet "明细": a merged title, the period, two blank rows, the header in row 5, three lines, a total and a note. */
async function pharmaReport(file: string): Promise<void> {
  const [year, month] = pharmaMonth.split("-").map(Number);
  const workbook = new ExcelJS.Workbook();
  const summary = workbook.addWorksheet("汇总");
  summary.getCell("A1").value = "本月汇总";
  summary.getRow(3).values = ["合计数量", 9];
  const sheet = workbook.addWorksheet("明细");
  sheet.getCell("A1").value = "北风医药 销售流向表";
  sheet.mergeCells("A1:L1");
  sheet.getCell("A2").value = `统计期间：${year}年${month}月`;
  sheet.getRow(5).values = ["开票日期", "发票号码", "行号", "经销商", "终端客户", "国家", "物料编码", "数量", "单价", "币种", "批号", "有效期至"];
  const customers = ["上海第一人民医院", "杭州西湖大药房", "苏州市立医院"];
  customers.forEach((customer, i) => {
    sheet.getRow(6 + i).values = [
      new Date(Date.UTC(year, month - 1, 3 + i)),
      `RX${pharmaMonth.replace("-", "")}${i}`,
      1,
      "BPS",
      customer,
      "CN",
      "NET-SW24",
      3,
      100,
      "EUR",
      LOT,
      `${year + 3}-06`,
    ];
  });
  sheet.getRow(9).values = ["合计", null, null, null, null, null, null, 9];
  sheet.getRow(10).values = ["制表人：王芳"];
  writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));
}

async function upload(page: Page, period: string, file: string) {
  await page.goto("/sell-through/upload");
  await page.getByLabel("Month").fill(period);
  await page.locator('input[type="file"]').setInputFiles(file);
  await page.getByRole("button", { name: "Read the file" }).click();
  await expect(page.getByRole("heading", { name: "Match the columns" })).toBeVisible();
}

async function checkAndWait(page: Page) {
  await page.getByRole("button", { name: "Check the rows" }).click();
  await expect(page.getByRole("heading", { name: "Result of the check" })).toBeVisible({ timeout: 20_000 });
}

async function dealTotals(page: Page) {
  await page.goto("/deals?q=Mainfranken");
  await page.getByRole("link", { name: DEAL_CUSTOMER }).first().click();
  await expect(page.getByRole("heading", { name: "Sell-through that followed" })).toBeVisible();
  return page.getByTestId("deal-sell-through-totals");
}

interface EuroTotals {
  lines: number;
  quantity: number;
  cents: number;
}

/** The deal's EUR totals as the page shows them (the demo's months already hold some of its sales). */
async function dealEuroTotals(page: Page): Promise<EuroTotals> {
  const text = await (await dealTotals(page)).innerText();
  const match = /EUR · (\d+) lines?\s*Quantity (-?[\d,]+) · €(-?[\d,]+)\.(\d{2})/.exec(text);
  if (!match) return { lines: 0, quantity: 0, cents: 0 };
  const whole = Number(match[3].replace(/,/g, ""));
  return { lines: Number(match[1]), quantity: Number(match[2].replace(/,/g, "")), cents: whole * 100 + Math.sign(whole || 1) * Number(match[4]) };
}

function grewBy(before: EuroTotals, after: EuroTotals) {
  return { lines: after.lines - before.lines, quantity: after.quantity - before.quantity, cents: after.cents - before.cents };
}

let dir: string;
test.beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "sell-through-files-"));
});
test.afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

test("a distributor sends a Chinese Excel CSV and an XLSX, sends the first month again, and the manager sees who reported", async ({ page }) => {
  test.setTimeout(180_000);
  const gbkFile = path.join(dir, "销售报表.csv");
  const gbk = gbkReport();
  writeFileSync(gbkFile, gbk);
  const xlsxFile = path.join(dir, "sell-out.xlsx");
  await xlsxReport(xlsxFile);

  await signIn(page, "distributor@example.com");
  const before = await dealEuroTotals(page);
  await upload(page, first, gbkFile);
  // The Chinese headers are recognised: 物料号 is the SKU, 单价 the unit price, 经销商 the reseller.
  await expect(page.locator("#map-sku")).toHaveValue("7");
  await expect(page.locator("#map-unitPrice")).toHaveValue("9");
  await expect(page.locator("#map-reseller")).toHaveValue("3");
  await expect(page.locator("table.data-table tbody tr").first()).toContainText(DEAL_CUSTOMER);
  await expect(page.locator("table.data-table tbody")).toContainText("苏州智造电子有限公司");
  // The first rows say what their SKUs are.
  await expect(page.locator("table.data-table tbody tr").first()).toContainText("NET-SW24 · Access switch 24-port PoE");
  await page.screenshot({ path: `${SCREENSHOTS}/sell-through-gbk-mapping.png`, fullPage: true });
  await checkAndWait(page);
  await expect(page.getByTestId("rows-accepted")).toHaveText("7");
  await expect(page.getByTestId("rows-rejected")).toHaveText("6");

  const problems = page.locator("table.import-problems tbody");
  await expect(problems.locator("tr").filter({ hasText: "Not a date." })).toContainText("12");
  await expect(problems.locator("tr").filter({ hasText: "Not a date." })).toContainText("Transaction date");
  await expect(problems.locator("tr").filter({ hasText: "Not a number." })).toContainText("十");
  await expect(problems.locator("tr").filter({ hasText: "Unknown currency code." })).toContainText("RMBX");
  await expect(problems.locator("tr").filter({ hasText: "Unknown SKU." })).toHaveCount(2);

  await expect(problems.locator("tr").filter({ hasText: "Unknown reseller." })).toContainText(WALK_IN);

  await page.getByLabel(`Your SKU ${OWN_SKU} (2 rows) is`).selectOption({ label: "NET-AP6 · Wi-Fi 6 access point" });
  await page.getByLabel(`${WALK_IN}: a direct sale, not one of our partners`).check();
  await page.screenshot({ path: `${SCREENSHOTS}/sell-through-gbk-names.png`, fullPage: true });
  await page.getByRole("button", { name: "Remember and check again" }).click();
  await expect(page.getByTestId("rows-accepted")).toHaveText("10", { timeout: 20_000 });
  await expect(page.getByTestId("rows-rejected")).toHaveText("3");
  await page.screenshot({ path: `${SCREENSHOTS}/sell-through-gbk-checked.png`, fullPage: true });
  await commitMonth(page, first, "Commit 10 accepted lines");

  // The file as it was sent: the same GBK bytes under its Chinese name.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the file as sent" }).click();
  const raw = await download;
  expect(raw.suggestedFilename()).toBe("销售报表.csv");
  expect(Buffer.concat(await (await raw.createReadStream())!.toArray()).equals(gbk)).toBe(true);

  // The three lines sold to the deal's customer show on the deal.
  expect(grewBy(before, await dealEuroTotals(page))).toEqual({ lines: 3, quantity: 6, cents: 740_700 });

  await upload(page, second, xlsxFile);
  await expect(page.locator("#map-transactionDate")).toHaveValue("0");
  await checkAndWait(page);
  await expect(page.getByTestId("rows-accepted")).toHaveText("4");
  await expect(page.getByTestId("rows-rejected")).toHaveText("0");
  await page.screenshot({ path: `${SCREENSHOTS}/sell-through-xlsx-checked.png`, fullPage: true });
  await commitMonth(page, second, "Commit 4 accepted lines");
  expect(grewBy(before, await dealEuroTotals(page))).toEqual({ lines: 4, quantity: 10, cents: 1_140_700 });

  // The first month again: the SKU and the direct sale are known now, and the month is replaced, not added to.
  await upload(page, first, gbkFile);
  await checkAndWait(page);
  await expect(page.getByTestId("rows-accepted")).toHaveText("10");
  await commitMonth(page, first, "Commit 10 accepted lines");
  expect(grewBy(before, await dealEuroTotals(page))).toEqual({ lines: 4, quantity: 10, cents: 1_140_700 });
  await page.screenshot({ path: `${SCREENSHOTS}/sell-through-deal-followed.png`, fullPage: true });

  await page.goto("/sell-through");
  const gbkRows = page.locator("tbody tr").filter({ hasText: "销售报表.csv" });
  await expect(gbkRows).toHaveCount(2);
  await expect(gbkRows.filter({ hasText: "Replaced" })).toHaveCount(1);
  await expect(gbkRows.filter({ hasText: "Committed" })).toHaveCount(1);

  // The reseller sees what followed its deal (which invoice fields it sees is the security suite's business).
  await page.context().clearCookies();
  await signIn(page, "reseller@example.com");
  expect(grewBy(before, await dealEuroTotals(page))).toEqual({ lines: 4, quantity: 10, cents: 1_140_700 });

  await page.context().clearCookies();
  await signIn(page, "manager@example.com");
  await page.goto("/sell-through");
  await expect(page.locator("tbody tr").filter({ hasText: "sell-out.xlsx" })).toContainText("Northwind Distribution");
  await page.getByRole("link", { name: "Reporting compliance" }).click();
  await page.goto("/sell-through?view=compliance&months=12");
  const northwind = page.locator("tbody tr").filter({ hasText: "Northwind Distribution" });
  // Both months were due long ago: sent today, they are late.
  await expect(northwind.getByRole("link", { name: `Northwind Distribution ${first}: Late` })).toBeVisible();
  await expect(northwind.getByRole("link", { name: `Northwind Distribution ${second}: Late` })).toBeVisible();
  await expect(northwind.getByTestId("record")).toContainText("missing");
  await page.screenshot({ path: `${SCREENSHOTS}/sell-through-compliance.png`, fullPage: true });

  await northwind.getByRole("link", { name: `Northwind Distribution ${first}: Late` }).click();
  await expect(page.getByRole("heading", { name: `Northwind Distribution: ${first}` })).toBeVisible();
  await expect(page.getByTestId("rows-accepted")).toHaveText("10");
});

test("a pharma workbook with its lines on the second sheet under a title maps itself, and the manager finds who received the lot", async ({ page }) => {
  test.setTimeout(120_000);
  const file = path.join(dir, "流向-明细.xlsx");
  await pharmaReport(file);

  await signIn(page, "distributor@example.com");
  await upload(page, pharmaMonth, file);
  // The portal found the sheet and the header row, and matched every column on its own.
  await expect(page.locator("#layout-sheet")).toHaveValue("明细");
  await expect(page.locator("#layout-row")).toHaveValue("5");
  await expect(page.locator("#map-transactionDate")).toHaveValue("0");
  await expect(page.locator("#map-sku")).toHaveValue("6");
  await expect(page.locator("#map-lotNo")).toHaveValue("10");
  await expect(page.locator("#map-expiryDate")).toHaveValue("11");
  await page.screenshot({ path: `${SCREENSHOTS}/sell-through-pharma-mapping.png`, fullPage: true });
  await checkAndWait(page);
  await expect(page.getByTestId("rows-accepted")).toHaveText("3");
  await expect(page.getByTestId("rows-rejected")).toHaveText("0");
  // The total and the note are not lines: left out, with the reason, and not counted as rejected.
  await expect(page.getByTestId("rows-left-out")).toHaveText("2");
  await expect(page.getByTestId("left-out").locator("tr").filter({ hasText: "A total row" })).toContainText("9");
  await expect(page.getByTestId("left-out")).toContainText("制表人：王芳");
  await commitMonth(page, pharmaMonth, "Commit 3 accepted lines");

  await page.context().clearCookies();
  await signIn(page, "manager@example.com");
  await page.goto("/sell-through");
  await page.getByRole("link", { name: "Lot search" }).click();
  await page.getByLabel("Lot or batch number").fill(LOT);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("lot-summary")).toContainText("3 lines to 3 end customers.");
  const lines = page.getByTestId("lot-lines");
  await expect(lines).toContainText("上海第一人民医院");
  await expect(lines).toContainText("苏州市立医院");
  await expect(lines.locator("tbody tr").first()).toContainText("Northwind Distribution");
  await page.screenshot({ path: `${SCREENSHOTS}/sell-through-lot-search.png`, fullPage: true });
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const csv = Buffer.concat(await (await (await download).createReadStream())!.toArray()).toString("utf8");
  expect(csv).toContain("lot_no,expiry_date,transaction_date,end_customer");
  expect(csv).toContain("杭州西湖大药房");
  expect(csv.trim().split("\n")).toHaveLength(4);
});
