import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FileReadError,
  MAX_LINE_BYTES,
  inspectSalesFile,
  parseLocaleNumber,
  parseSalesDate,
  readSalesRows,
  type FileProblemCode,
  type SalesFileFormat,
} from "~/modules/sell-through/file-reader.server";
import { fileAt } from "../support/file-source";

// Fixtures are written per run: nothing binary is committed, and GBK has no encoder in Node,
// so GBK files are put together from the byte sequences of known characters.
const GBK = {
  date: [0xc8, 0xd5, 0xc6, 0xda], // 日期
  quantity: [0xca, 0xfd, 0xc1, 0xbf], // 数量
  unitPrice: [0xb5, 0xa5, 0xbc, 0xdb], // 单价
  invoice: [0xb7, 0xa2, 0xc6, 0xb1, 0xba, 0xc5], // 发票号
  year: [0xc4, 0xea], // 年
  month: [0xd4, 0xc2], // 月
  day: [0xc8, 0xd5], // 日
};
const SAMPLE_BOUNDARY = 64 * 1024;

/** Bytes from ASCII strings and GBK byte sequences, in order. */
function gbk(...parts: (string | number[])[]): Buffer {
  return Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part, "latin1") : Buffer.from(part))));
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sell-through-file-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function fixture(name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

async function inspectOk(file: string) {
  const result = await inspectSalesFile(fileAt(file));
  if (!result.ok) throw new Error(`expected a readable file, got ${result.problem.code}: ${result.problem.detail}`);
  return result;
}

async function problemOf(file: string): Promise<FileProblemCode> {
  const result = await inspectSalesFile(fileAt(file));
  if (result.ok) throw new Error("expected a problem, the file was accepted");
  return result.problem.code;
}

async function readAll(file: string, format: SalesFileFormat) {
  const rows = [];
  for await (const row of readSalesRows(fileAt(file), format)) rows.push(row);
  return rows;
}

async function readError(file: string, format: SalesFileFormat): Promise<FileReadError> {
  try {
    await readAll(file, format);
  } catch (error) {
    if (error instanceof FileReadError) return error;
    throw error;
  }
  throw new Error("expected a FileReadError, the whole file was read");
}

describe("CSV encodings", () => {
  it("reads a UTF-8 file without a BOM, umlauts and all", async () => {
    const file = fixture("plain.csv", "Date,Customer,Quantity\r\n2026-10-05,Müller GmbH,3\r\n2026-10-06,Søren A/S,4\r\n");
    const { format, header, sample } = await inspectOk(file);
    expect(format).toEqual({ kind: "csv", encoding: "utf-8", delimiter: ",", decimalComma: false, sheet: null, headerRow: 1 });
    expect(header).toEqual(["Date", "Customer", "Quantity"]);
    expect(sample).toEqual([
      ["2026-10-05", "Müller GmbH", "3"],
      ["2026-10-06", "Søren A/S", "4"],
    ]);
    expect(await readAll(file, format)).toEqual([
      { rowNumber: 2, cells: ["2026-10-05", "Müller GmbH", "3"] },
      { rowNumber: 3, cells: ["2026-10-06", "Søren A/S", "4"] },
    ]);
  });

  it("drops the BOM Excel puts before a UTF-8 CSV, so the first column is still called Date", async () => {
    const file = fixture("bom.csv", "\uFEFFDate,Quantity\r\n2026-10-05,3\r\n");
    const { format, header } = await inspectOk(file);
    expect(format.encoding).toBe("utf-8");
    expect(header).toEqual(["Date", "Quantity"]);
    expect(await readAll(file, format)).toEqual([{ rowNumber: 2, cells: ["2026-10-05", "3"] }]);
  });

  it("reads a GBK file exported by Excel with its Chinese headers and cells", async () => {
    const file = fixture(
      "gbk.csv",
      gbk(GBK.date, ",", GBK.quantity, ",", GBK.unitPrice, ",", GBK.invoice, "\r\n", "2026", GBK.year, "10", GBK.month, "5", GBK.day, ",3,12.50,FP-001\r\n"),
    );
    const { format, header } = await inspectOk(file);
    expect(format).toEqual({ kind: "csv", encoding: "gb18030", delimiter: ",", decimalComma: false, sheet: null, headerRow: 1 });
    expect(header).toEqual(["日期", "数量", "单价", "发票号"]);
    const rows = await readAll(file, format);
    expect(rows).toEqual([{ rowNumber: 2, cells: ["2026年10月5日", "3", "12.50", "FP-001"] }]);
    expect(parseSalesDate(rows[0].cells[0])).toBe("2026-10-05");
  });

  it("is not thrown off by a UTF-8 character cut in half where the 64 KiB sample ends", async () => {
    const start = "Date,Description\n2026-10-05,";
    // "€" is three bytes; put its first byte last in the sample.
    const file = fixture("cut-utf8.csv", start + "a".repeat(SAMPLE_BOUNDARY - 1 - start.length) + "€ deposit\n2026-10-06,b\n");
    const { format } = await inspectOk(file);
    expect(format.encoding).toBe("utf-8");
    const rows = await readAll(file, format);
    expect(rows[0].cells[1].endsWith("€ deposit")).toBe(true);
    expect(rows[1]).toEqual({ rowNumber: 3, cells: ["2026-10-06", "b"] });
  });

  it("is not thrown off by a GBK character cut in half where the 64 KiB sample ends", async () => {
    const start = gbk(GBK.date, ",", GBK.invoice, "\r\n2026-10-05,");
    const file = fixture("cut-gbk.csv", gbk(start.toString("latin1"), "a".repeat(SAMPLE_BOUNDARY - 1 - start.length), GBK.invoice, "\r\n"));
    const { format } = await inspectOk(file);
    expect(format.encoding).toBe("gb18030");
    expect((await readAll(file, format))[0].cells[1].endsWith("发票号")).toBe(true);
  });

  it("refuses bytes that are neither UTF-8 nor GB18030", async () => {
    expect(await problemOf(fixture("invalid.csv", gbk("Date,Quantity\n2026-10-05,", [0xff, 0xfe, 0xfd], "\n")))).toBe("unreadableEncoding");
  });

  it("refuses a file claiming UTF-8 by its BOM whose text is not UTF-8", async () => {
    expect(await problemOf(fixture("bom-gbk.csv", gbk([0xef, 0xbb, 0xbf], GBK.date, ",", GBK.quantity, "\r\n")))).toBe("unreadableEncoding");
  });

  it("names UTF-16 (Excel's 'Unicode text') instead of calling it binary", async () => {
    const result = await inspectSalesFile(fileAt(fixture("utf16.txt", Buffer.from("\uFEFFDate\tQuantity\r\n2026-10-05\t3\r\n", "utf16le"))));
    expect(result).toEqual({ ok: false, problem: { code: "unreadableEncoding", detail: "UTF-16" } });
  });

  it("stops with unreadableEncoding when bytes go bad after the sampled start", async () => {
    const rows = "2026-10-05,ok\n".repeat(Math.ceil((2 * SAMPLE_BOUNDARY) / 14));
    const file = fixture("bad-later.csv", gbk("Date,Note\n", rows, "2026-10-06,", GBK.invoice, "\n"));
    const { format } = await inspectOk(file);
    expect(format.encoding).toBe("utf-8");
    const error = await readError(file, format);
    expect(error.problem.code).toBe("unreadableEncoding");
  });
});

describe("CSV layout", () => {
  it("detects comma, semicolon and tab from the header line, ignoring delimiters inside quotes", async () => {
    const comma = await inspectOk(fixture("comma.csv", "Date,Quantity;Note\r\n2026-10-05,3;x\r\n"));
    expect(comma.format.delimiter).toBe(",");
    const semicolon = await inspectOk(fixture("semicolon.csv", 'Datum;Menge;"Preis (EUR, netto, inkl. Rabatt)"\r\n05.10.2026;3;12\r\n'));
    expect(semicolon.format.delimiter).toBe(";");
    expect(semicolon.header).toEqual(["Datum", "Menge", "Preis (EUR, netto, inkl. Rabatt)"]);
    const tab = await inspectOk(fixture("tab.txt", "\r\nDate\tQuantity\tCustomer, Inc.\r\n2026-10-05\t3\tAcme\r\n"));
    expect(tab.format.delimiter).toBe("\t");
    expect(tab.header).toEqual(["Date", "Quantity", "Customer, Inc."]);
  });

  it("keeps quoted commas and line breaks inside their cell and numbers rows by the line they start on", async () => {
    const file = fixture(
      "quoted.csv",
      [
        "Date,Description,Quantity\r\n", // line 1
        '2026-10-05,"Widget, large\nwith handle",3\r\n', // lines 2-3
        '2026-10-06,"Two\r\nline\r\nbreaks",4\r\n', // lines 4-6
        "\r\n", // line 7, blank
        "2026-10-07,Plain,5\r\n", // line 8
        "2026-10-08,LF only,6\n", // line 9
        '2026-10-09,Unquoted 12" monitor,7', // line 10, no final line break
      ].join(""),
    );
    const { format } = await inspectOk(file);
    expect(await readAll(file, format)).toEqual([
      { rowNumber: 2, cells: ["2026-10-05", "Widget, large\nwith handle", "3"] },
      { rowNumber: 4, cells: ["2026-10-06", "Two\r\nline\r\nbreaks", "4"] },
      { rowNumber: 8, cells: ["2026-10-07", "Plain", "5"] },
      { rowNumber: 9, cells: ["2026-10-08", "LF only", "6"] },
      { rowNumber: 10, cells: ["2026-10-09", 'Unquoted 12" monitor', "7"] },
    ]);
  });

  it("recognises decimal commas in a semicolon file (1.234,56)", async () => {
    const file = fixture("decimal-comma.csv", "Datum;Menge;Betrag\r\n05.10.2026;3;1.234,56\r\n06.10.2026;1;99,90\r\n07.10.2026;2;1.500\r\n");
    const { format } = await inspectOk(file);
    expect(format).toEqual({ kind: "csv", encoding: "utf-8", delimiter: ";", decimalComma: true, sheet: null, headerRow: 1 });
    const amounts = (await readAll(file, format)).map((row) => parseLocaleNumber(row.cells[2], format.decimalComma));
    expect(amounts).toEqual(["1234.56", "99.90", "1500"]);
  });

  it("keeps decimal points in a semicolon file that uses them", async () => {
    const { format } = await inspectOk(fixture("semicolon-point.csv", "Date;Quantity;Amount\n2026-10-05;3;1234.56\n2026-10-06;1;0.99\n"));
    expect(format.decimalComma).toBe(false);
  });

  it("accepts a file with only a header and reads no rows from it", async () => {
    const file = fixture("header-only.csv", "Date,Quantity,Amount\r\n");
    const result = await inspectOk(file);
    expect(result.header).toEqual(["Date", "Quantity", "Amount"]);
    expect(result.sample).toEqual([]);
    expect(await readAll(file, result.format)).toEqual([]);
  });

  it("skips rows with nothing in them", async () => {
    const file = fixture("blank-rows.csv", "Date,Quantity\n2026-10-05,3\n,\n   \n2026-10-06,4\n");
    expect((await readAll(file, (await inspectOk(file)).format)).map((row) => row.rowNumber)).toEqual([2, 5]);
  });
});

describe("files that are not a sales report", () => {
  it("calls a 0-byte file, a whitespace-only file and a lone BOM empty", async () => {
    expect(await problemOf(fixture("empty.csv", ""))).toBe("empty");
    expect(await problemOf(fixture("spaces.csv", " \r\n\t\n\n"))).toBe("empty");
    expect(await problemOf(fixture("bom-only.csv", "\uFEFF"))).toBe("empty");
  });

  it("calls a PNG or random bytes binary", async () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489", "hex");
    expect(await problemOf(fixture("logo.png", png))).toBe("binary");
    const noise = Buffer.alloc(4096, 0x9c).fill(0, 100, 110);
    expect(await problemOf(fixture("noise.bin", noise))).toBe("binary");
  });

  it("says noHeader when the first row is already data", async () => {
    expect(await problemOf(fixture("no-header.csv", "2026-10-05,3,12.50\n2026-10-06,4,1.00\n"))).toBe("noHeader");
    expect(await problemOf(fixture("delimiters-only.csv", ',,,\n,,\n"",\n'))).toBe("noHeader");
  });

  it("says unreadable, not a crash, for a quote that never closes", async () => {
    expect(await problemOf(fixture("open-quote.csv", 'Date,Note\n2026-10-05,"never closed\n2026-10-06,x\n'))).toBe("unreadable");
  });

  it("says unreadable for a ZIP that is not a workbook", async () => {
    expect(await problemOf(fixture("broken.xlsx", Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(2000, 7)])))).toBe("unreadable");
  });
});

describe("lines too long to be a row", () => {
  it("says lineTooLong for a 3 MB file of one line", async () => {
    const file = fixture("one-line.csv", "a,".repeat((3 * 1024 * 1024) / 2));
    expect(await problemOf(file)).toBe("lineTooLong");
  });

  it("throws lineTooLong from the row stream when a line past the inspected start is too long", async () => {
    const shortRows = "2026-10-05,short\n".repeat(60); // lines 2-61
    const file = fixture("long-row.csv", `Date,Note\n${shortRows}2026-10-06,${"x".repeat(MAX_LINE_BYTES + 10)}\n2026-10-07,after\n`);
    const { format } = await inspectOk(file);
    const error = await readError(file, format);
    expect(error.problem.code).toBe("lineTooLong");
    expect(error.problem.detail).toContain("line 62");
  });
});

describe("XLSX", () => {
  async function writeWorkbook(name: string, fill: (sheet: ExcelJS.Worksheet) => void): Promise<string> {
    const workbook = new ExcelJS.Workbook();
    fill(workbook.addWorksheet("Sales"));
    workbook.addWorksheet("Notes").addRow(["This sheet", "is not read"]);
    const file = path.join(dir, name);
    // writeFile can end the file before the ZIP is all written (exceljs ends the stream when write() resolves).
    fs.writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));
    return file;
  }

  it("reads the first worksheet: Date cells, serial numbers and text dates, rich text and formula results", async () => {
    const file = await writeWorkbook("sales.xlsx", (sheet) => {
      sheet.getRow(1).values = [" Date ", "Product", "Quantity", "Amount"];
      sheet.getRow(2).values = [new Date(Date.UTC(2026, 9, 5)), { richText: [{ text: "Widget " }, { text: "Pro", font: { bold: true } }] }, 3, 37.5];
      // Row 3 stays empty.
      sheet.getRow(4).values = [46300, "Gadget", 1, { formula: "C4*12.5", result: 12.5 }];
      sheet.getRow(5).values = ["05.10.2026", "Gizmo", 2, 0.1];
    });
    const { format, header, sample } = await inspectOk(file);
    expect(format).toEqual({ kind: "xlsx", encoding: null, delimiter: null, decimalComma: false, sheet: "Sales", headerRow: 1 });
    expect(header).toEqual(["Date", "Product", "Quantity", "Amount"]);
    expect(sample).toHaveLength(3);
    const rows = await readAll(file, format);
    expect(rows).toEqual([
      { rowNumber: 2, cells: ["2026-10-05", "Widget Pro", "3", "37.5"] },
      { rowNumber: 4, cells: ["46300", "Gadget", "1", "12.5"] },
      { rowNumber: 5, cells: ["05.10.2026", "Gizmo", "2", "0.1"] },
    ]);
    expect(rows.map((row) => parseSalesDate(row.cells[0]))).toEqual(["2026-10-05", "2026-10-05", "2026-10-05"]);
  });

  it("says empty for a workbook with nothing on its first sheet", async () => {
    expect(await problemOf(await writeWorkbook("empty.xlsx", () => {}))).toBe("empty");
  });

  it("says noHeader for a sheet that starts with data", async () => {
    const file = await writeWorkbook("no-header.xlsx", (sheet) => {
      sheet.addRow([new Date(Date.UTC(2026, 9, 5)), 3, 12.5]);
    });
    expect(await problemOf(file)).toBe("noHeader");
  });
});

describe("parseLocaleNumber", () => {
  it.each([
    ["1.234,56", true, "1234.56"],
    ["1234,56", true, "1234.56"],
    ["-0,5", true, "-0.5"],
    ["1.500", true, "1500"],
    ["1 234,56", true, "1234.56"],
    ["1,234.56", false, "1234.56"],
    ["1234.56", false, "1234.56"],
    ["1,234", false, "1234"],
    ["1.234", false, "1.234"],
    ["1\u00A0234.5", false, "1234.5"],
    ["-3", false, "-3"],
    ["-3", true, "-3"],
    [" 12 ", false, "12"],
    ["007", false, "7"],
    ["0.50", false, "0.50"],
    ["-0", false, "0"],
    ["-0,00", true, "0.00"],
    ["12345678901234567890.12", false, "12345678901234567890.12"],
    ["0.1", false, "0.1"],
  ])("%j (decimal comma: %s) is %s", (text, decimalComma, expected) => {
    expect(parseLocaleNumber(text, decimalComma)).toBe(expected);
  });

  it.each([
    ["1,234.56", true],
    ["1.234,56", false],
    ["1,23", false],
    ["12,3456", false],
    ["1.2.3", false],
    ["1e3", false],
    [".5", false],
    ["3-", false],
    ["--3", false],
    ["€5", false],
    ["12 pcs", false],
    ["", false],
    ["abc", true],
  ])("%j (decimal comma: %s) is not a number", (text, decimalComma) => {
    expect(parseLocaleNumber(text, decimalComma)).toBeNull();
  });
});

describe("parseSalesDate", () => {
  it.each([
    ["2026-10-05", "2026-10-05"],
    ["2026/10/5", "2026-10-05"],
    ["2026.10.05", "2026-10-05"],
    ["05.10.2026", "2026-10-05"],
    ["5.1.2026", "2026-01-05"],
    ["05/10/2026", "2026-10-05"],
    ["2026年10月5日", "2026-10-05"],
    ["2024-02-29", "2024-02-29"],
    [" 2026-10-05 ", "2026-10-05"],
    // Timestamps keep the calendar day they were written with.
    ["2026-10-05T14:30:00Z", "2026-10-05"],
    ["2026-10-05T23:30:00.000-05:00", "2026-10-05"],
    ["2026-10-05 00:00:00", "2026-10-05"],
    ["2026/10/5 0:00", "2026-10-05"],
    // Excel serials; 45292 is 2024-01-01 in Excel itself.
    ["45292", "2024-01-01"],
    ["45945", "2025-10-15"],
    ["46300", "2026-10-05"],
    ["46300.75", "2026-10-05"],
    ["1", "1900-01-01"],
    ["59", "1900-02-28"],
    ["61", "1900-03-01"],
  ])("%j is %s", (text, expected) => {
    expect(parseSalesDate(text)).toBe(expected);
  });

  it.each([
    "2026-02-29",
    "2026-02-30",
    "31.04.2026",
    "2026-13-01",
    "2026-00-10",
    "2026-10-05T25:00",
    "60", // Excel's 29 February 1900, a day that never was
    "0",
    "20261005",
    "10/05/26",
    "0999-01-01",
    "next Tuesday",
    "",
  ])("%j is not a date", (text) => {
    expect(parseSalesDate(text)).toBeNull();
  });
});
