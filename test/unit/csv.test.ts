import { describe, expect, it } from "vitest";
import { csvCell, detectDelimiter, parseCsvRecords, toCsv } from "~/lib/csv.server";

describe("CSV export", () => {
  it("escapes cells that a spreadsheet would run as formulas", () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("plain")).toBe("plain");
  });

  it("quotes commas, quotes and newlines", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          ["x,y", 'say "hi"'],
          ["line\nbreak", null],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",\r\n');
  });
});

describe("CSV import", () => {
  it("reads UTF-8 with a BOM and semicolons", () => {
    const { header, records } = parseCsvRecords('\uFEFFSKU;Name\r\nA-1;Widget; extra\r\nB-2;"Gadget; large"\r\n');
    expect(header).toEqual(["sku", "name"]);
    expect(records).toEqual([
      { sku: "A-1", name: "Widget" },
      { sku: "B-2", name: "Gadget; large" },
    ]);
  });

  it("detects tab, semicolon and comma", () => {
    expect(detectDelimiter("a\tb\tc")).toBe("\t");
    expect(detectDelimiter("a;b;c")).toBe(";");
    expect(detectDelimiter("a,b")).toBe(",");
  });
});
