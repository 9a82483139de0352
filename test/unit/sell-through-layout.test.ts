// Files as distributors really send them: a title, a date range and blank rows above the
// header, several worksheets, column names in English, German and Chinese dialects, total and
// note rows at the end, lot numbers and expiry dates. Fixtures are written per run.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspectSalesFile, readSalesRows, type FileLayout } from "~/modules/sell-through/file-reader.server";
import { SALES_FIELDS, fieldForName, guessMapping, missingFields, type HeaderMapping } from "~/modules/sell-through/fields";
import { checkRow, leftOutReason, newCellMemos, type ValidationContext } from "~/modules/sell-through/validate.server";
import { SeenLines } from "~/modules/sell-through/seen-lines";
import { fileAt } from "../support/file-source";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sell-through-layout-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function inspectOk(file: string, layout: FileLayout = {}) {
  const result = await inspectSalesFile(fileAt(file), layout);
  if (!result.ok) throw new Error(`expected a readable file, got ${result.problem.code}: ${result.problem.detail}`);
  return result;
}

async function dataRows(file: string, layout: FileLayout = {}) {
  const { format } = await inspectOk(file, layout);
  const rows = [];
  for await (const row of readSalesRows(fileAt(file), format)) rows.push(row);
  return rows;
}

const CHINESE_HEADER = ["开票日期", "发票号码", "行号", "经销商", "终端客户", "国家", "物料编码", "数量", "单价", "币种", "批号", "有效期至"];

describe("the header below a title", () => {
  it("finds the header of a CSV under a title, a date range and blank rows, and reads only the rows after it", async () => {
    const file = path.join(dir, "titled.csv");
    fs.writeFileSync(
      file,
      [
        "Northwind Distribution GmbH - Verkaufsbericht",
        "Zeitraum: 01.10.2026 - 31.10.2026",
        "",
        ";;;;",
        "Belegdatum;Rechnungs-Nr.;Pos.;Händler;Endkunde;Land;Artikelnummer;Menge;Einzelpreis;Währung",
        "05.10.2026;R-1;1;BPS;Acme;DE;SKU-1;3;1.290,00;EUR",
        "06.10.2026;R-2;1;BPS;Acme;DE;SKU-1;2;1.290,00;EUR",
        "Summe;;;;;;;5;;",
      ].join("\r\n"),
    );
    const { format, header, top } = await inspectOk(file);
    expect(format).toMatchObject({ delimiter: ";", decimalComma: true, headerRow: 5 });
    expect(header[0]).toBe("Belegdatum");
    // The rows above the header are offered to pick another one from.
    expect(top.map((row) => row.rowNumber)).toEqual([1, 2, 5, 6, 7, 8]);
    expect(missingFields(guessMapping(header))).toEqual([]);
    expect((await dataRows(file)).map((row) => row.rowNumber)).toEqual([6, 7, 8]);
  });

  it("takes the header row the distributor names instead of the one it found", async () => {
    const file = path.join(dir, "two-headers.csv");
    fs.writeFileSync(file, "Report,Sales\nDate,Invoice,Line,SKU,Qty,Price,Currency\n2026-10-05,A,1,SKU-1,1,2.00,EUR\n");
    expect((await inspectOk(file)).format.headerRow).toBe(2);
    const chosen = await inspectOk(file, { headerRow: 1 });
    expect(chosen.header).toEqual(["Report", "Sales"]);
    expect(chosen.format.headerRow).toBe(1);
    // A row of dates and numbers is never taken as the header, even when named.
    fs.writeFileSync(file, "Date,Qty\n2026-10-05,1\n");
    expect((await inspectOk(file, { headerRow: 2 })).format.headerRow).toBe(1);
  });

  it("takes last month's header row only when it names as many fields as the row it finds", async () => {
    const file = path.join(dir, "moved.csv");
    fs.writeFileSync(
      file,
      "Date,Invoice,Line,SKU,Qty,Price,Currency\n" + Array.from({ length: 6 }, (_, i) => `2026-10-0${i + 1},BPS-${i},1,SKU-1,1,2.00,EUR`).join("\n") + "\n",
    );
    // Last month's export had its header in row 5; this one starts with it, and row 5 is a line.
    expect((await inspectOk(file, { headerRow: 5, remembered: true })).format.headerRow).toBe(1);
    const titled = path.join(dir, "titled-again.csv");
    fs.writeFileSync(titled, "Report\n\nFoo,Bar,Baz\nDate,Invoice,Line,SKU,Qty,Price,Currency\n2026-10-05,A,1,SKU-1,1,2.00,EUR\n");
    expect((await inspectOk(titled, { headerRow: 4, remembered: true })).format.headerRow).toBe(4);
  });

  it("takes the widest row above the data when no column name is known", async () => {
    const file = path.join(dir, "unknown-names.csv");
    fs.writeFileSync(file, "Monthly export\nFoo,Bar,Baz,Qux\n2026-10-05,1,2,3\n");
    const { header, format } = await inspectOk(file);
    expect(format.headerRow).toBe(2);
    expect(header).toEqual(["Foo", "Bar", "Baz", "Qux"]);
  });
});

describe("workbooks with several sheets", () => {
  async function workbook(name: string, fill: (book: ExcelJS.Workbook) => void): Promise<string> {
    const book = new ExcelJS.Workbook();
    fill(book);
    const file = path.join(dir, name);
    // writeFile can end the file before the ZIP is all written (exceljs ends the stream when write() resolves).
    fs.writeFileSync(file, Buffer.from(await book.xlsx.writeBuffer()));
    return file;
  }

  function detailsSheet(book: ExcelJS.Workbook, name: string) {
    const sheet = book.addWorksheet(name);
    sheet.getCell("A1").value = "华东科技分销有限公司 销售流向表";
    sheet.mergeCells("A1:L1");
    sheet.getCell("A2").value = "统计期间：2026年10月";
    // Rows 3 and 4 stay blank.
    sheet.getRow(5).values = CHINESE_HEADER;
    sheet.getRow(6).values = [new Date(Date.UTC(2026, 9, 5)), "FP-1", 1, "BPS", "上海第一医院", "CN", "SKU-1", 10, 12.5, "CNY", "L2026A", "2028-05"];
    sheet.getRow(7).values = [new Date(Date.UTC(2026, 9, 6)), "FP-2", 1, "BPS", "杭州药房", "CN", "SKU-1", 4, 12.5, "CNY", "L2026A", "2028-05"];
    sheet.getRow(8).values = ["合计", null, null, null, null, null, null, 14];
    sheet.getRow(9).values = ["制表人：王芳"];
  }

  it("maps itself on first upload: the data sheet after a summary sheet, its header under a merged title and blank rows", async () => {
    const file = await workbook("two-sheets.xlsx", (book) => {
      const summary = book.addWorksheet("汇总");
      summary.getCell("A1").value = "本月汇总";
      summary.getRow(3).values = ["合计金额", 175];
      detailsSheet(book, "明细");
    });
    const { format, header, sheets, sample } = await inspectOk(file);
    expect(sheets).toEqual(["汇总", "明细"]);
    expect(format).toMatchObject({ kind: "xlsx", sheet: "明细", headerRow: 5 });
    expect(header).toEqual(CHINESE_HEADER);
    expect(sample[0].slice(0, 2)).toEqual(["2026-10-05", "FP-1"]);
    const mapping = guessMapping(header);
    expect(missingFields(mapping)).toEqual([]);
    expect(mapping).toEqual({
      transactionDate: 0,
      invoiceNo: 1,
      lineNo: 2,
      reseller: 3,
      endCustomerName: 4,
      endCustomerCountry: 5,
      endCustomerPostcode: null,
      sku: 6,
      quantity: 7,
      unitPrice: 8,
      currency: 9,
      lotNo: 10,
      expiryDate: 11,
    });
    expect((await dataRows(file)).map((row) => row.rowNumber)).toEqual([6, 7, 8, 9]);
  });

  it("keeps to the first sheet when it holds the report, and reads another sheet when asked", async () => {
    const file = await workbook("data-first.xlsx", (book) => {
      detailsSheet(book, "Sales");
      detailsSheet(book, "Sales (old)");
    });
    expect((await inspectOk(file)).format.sheet).toBe("Sales");
    const other = await inspectOk(file, { sheet: "Sales (old)" });
    expect(other.format).toMatchObject({ sheet: "Sales (old)", headerRow: 5 });
    expect((await dataRows(file, { sheet: "Sales (old)" }))[0].cells[1]).toBe("FP-1");
  });
});

describe("the names distributors give their columns", () => {
  it.each([
    // English
    ["Product code", "sku"],
    ["Article number", "sku"],
    ["Material", "sku"],
    ["Item", "sku"],
    ["Invoice date", "transactionDate"],
    ["Document date", "transactionDate"],
    ["Invoice No.", "invoiceNo"],
    ["Qty", "quantity"],
    ["Batch No.", "lotNo"],
    ["Expiry Date", "expiryDate"],
    ["Ship-to name", "endCustomerName"],
    // German
    ["Artikelnummer", "sku"],
    ["Belegdatum", "transactionDate"],
    ["Rechnungsdatum", "transactionDate"],
    ["Rechnungs-Nr.", "invoiceNo"],
    ["Menge", "quantity"],
    ["Einzelpreis", "unitPrice"],
    ["Währung", "currency"],
    ["Chargennummer", "lotNo"],
    ["Verfallsdatum", "expiryDate"],
    // Chinese
    ["产品编码", "sku"],
    ["物料编码", "sku"],
    ["商品编码", "sku"],
    ["品规", "sku"],
    ["开票日期", "transactionDate"],
    ["销售日期", "transactionDate"],
    ["发票号码", "invoiceNo"],
    ["终端客户", "endCustomerName"],
    ["批号", "lotNo"],
    ["有效期至", "expiryDate"],
  ])("%s is %s", (name, field) => {
    expect(fieldForName(name)).toBe(field);
  });

  it.each(["INVOICE_NO", "  invoice   no ", "Invoice-No", "Ｉｎｖｏｉｃｅ　Ｎｏ．", "invoice#"])(
    "matches %j loosely (case, spaces, punctuation, full-width)",
    (name) => {
      expect(fieldForName(name)).toBe("invoiceNo");
    },
  );

  it("proposes a name other distributors confirmed, after the usual names and the distributor's own", () => {
    const header = ["Buchungstag", "Beleg", "Zeile", "Teil", "Stk", "Preis", "Währung"];
    expect(guessMapping(header).transactionDate).toBeNull();
    const learned = new Map([
      ["buchungstag", "transactionDate" as const],
      ["stk", "quantity" as const],
      ["teil", "sku" as const],
    ]);
    const mapping = guessMapping(header, {}, learned);
    expect(missingFields(mapping)).toEqual([]);
    // The distributor's own last choice wins over what others confirmed.
    expect(guessMapping(header, { lineNo: "Teil", sku: "Zeile" }, learned)).toMatchObject({ lineNo: 3, sku: 2 });
  });
});

describe("rows that are not sales lines, and lot data", () => {
  const MAPPING = Object.fromEntries(SALES_FIELDS.map((field, index) => [field, index])) as HeaderMapping;
  const header = [...SALES_FIELDS];
  const good = {
    transactionDate: "2026-10-05",
    invoiceNo: "A-1",
    lineNo: "1",
    reseller: "",
    endCustomerName: "Acme",
    endCustomerCountry: "DE",
    endCustomerPostcode: "",
    sku: "SKU-1",
    quantity: "3",
    unitPrice: "12.50",
    currency: "EUR",
    lotNo: "",
    expiryDate: "",
  };
  const row = (fields: Partial<typeof good> = {}) => SALES_FIELDS.map((f) => ({ ...good, ...fields })[f]);
  const context = (): ValidationContext => ({
    period: "2026-10",
    decimalComma: false,
    productBySku: new Map([["SKU-1", 7]]),
    resellerByName: new Map(),
    directSaleNames: new Set(),
    header,
    dealByResellerCustomer: new Map(),
    customerKeys: { last: "", lastKey: "", byName: new Map() },
    cells: newCellMemos(),
  });

  it("leaves out the header again, total rows and single-cell notes, with their reason, and nothing else", () => {
    expect(leftOutReason(header, MAPPING, header)).toBe("sellThrough.leftOut.headerRepeated");
    expect(leftOutReason(["Total", "", "", "", "", "", "", "", "42", "", ""], MAPPING, header)).toBe("sellThrough.leftOut.totalRow");
    expect(leftOutReason(["", "合计", "", "", "", "", "", "", "42"], MAPPING, header)).toBe("sellThrough.leftOut.totalRow");
    expect(leftOutReason(["Prepared by: J. Smith"], MAPPING, header)).toBe("sellThrough.leftOut.noteRow");
    expect(leftOutReason(row(), MAPPING, header)).toBeNull();
    // A product called "Total Care" on a line with its own invoice number is a sale.
    expect(leftOutReason(row({ endCustomerName: "Total Care Ltd" }), MAPPING, header)).toBeNull();
    // A line missing most of its cells is still a line, and is rejected for them.
    expect(leftOutReason(row({ quantity: "", unitPrice: "" }), MAPPING, header)).toBeNull();
  });

  it("keeps the lot and the expiry date (a month means its last day), and rejects an expiry not after the sale", () => {
    const seen = new SeenLines();
    expect(checkRow(row({ invoiceNo: "L-1", lotNo: "B2026-07", expiryDate: "2028-05" }), MAPPING, context(), seen)).toMatchObject({
      ok: true,
      line: { lotNo: "B2026-07", expiryDate: "2028-05-31" },
    });
    expect(checkRow(row({ invoiceNo: "L-2", expiryDate: "05/2028" }), MAPPING, context(), seen)).toMatchObject({
      ok: true,
      line: { lotNo: "", expiryDate: "2028-05-31" },
    });
    expect(checkRow(row({ invoiceNo: "L-3", expiryDate: "2026-10-05" }), MAPPING, context(), seen)).toEqual({
      ok: false,
      field: "expiryDate",
      value: "2026-10-05",
      problem: "sellThrough.problems.expiryNotAfterSale",
    });
    expect(checkRow(row({ invoiceNo: "L-4", expiryDate: "soon" }), MAPPING, context(), seen)).toEqual({
      ok: false,
      field: "expiryDate",
      value: "soon",
      problem: "sellThrough.problems.badDate",
    });
    expect(checkRow(row({ invoiceNo: "L-5", lotNo: "x".repeat(65) }), MAPPING, context(), seen)).toMatchObject({
      ok: false,
      field: "lotNo",
      problem: "sellThrough.problems.tooLong",
    });
    expect(checkRow(row({ invoiceNo: "L-6" }), MAPPING, context(), seen)).toMatchObject({ ok: true, line: { lotNo: "", expiryDate: null } });
  });
});
