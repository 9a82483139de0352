import { describe, expect, it } from "vitest";
import { CsvRecordError, CsvSplitter, type CsvRecord } from "~/modules/sell-through/csv-splitter";

function split(text: string, chunkSize = text.length || 1, delimiter = ","): CsvRecord[] {
  const splitter = new CsvSplitter(delimiter, 1000);
  const records: CsvRecord[] = [];
  for (let at = 0; at < text.length; at += chunkSize) records.push(...splitter.push(text.slice(at, at + chunkSize)));
  records.push(...splitter.push("", true));
  return records;
}

const SAMPLES = [
  "a,b,c\n1,2,3\n",
  "a,b\r\n1,2\r\n3,4",
  "a,b\r1,2\r3,4\r",
  'name,qty\n"Müller, Hans",3\n"say ""hi""",4\n',
  'name,notes\n"two\nlines",x\n"crlf\r\ninside",y\nlast,z\n',
  'sku,desc\nMON-1,12" monitor\nMON-2,"27"" screen"\n',
  "a\n\n\nb\n",
  '"quoted at end"',
  "x;y;z\n1,5;2;3\n",
];

describe("CsvSplitter", () => {
  it("cuts records and cells, with the line each record starts on", () => {
    expect(split('name,notes\n"two\nlines",x\n"crlf\r\ninside",y\nlast,z\n')).toEqual([
      { line: 1, cells: ["name", "notes"] },
      { line: 2, cells: ["two\nlines", "x"] },
      { line: 4, cells: ["crlf\r\ninside", "y"] },
      { line: 6, cells: ["last", "z"] },
    ]);
  });

  it("reads doubled quotes as one and keeps a quote inside an unquoted cell", () => {
    expect(split('sku,desc\nMON-1,12" monitor\nMON-2,"27"" screen"\n').map((r) => r.cells)).toEqual([
      ["sku", "desc"],
      ["MON-1", '12" monitor'],
      ["MON-2", '27" screen'],
    ]);
  });

  it("ends records at \\n, \\r\\n and \\r alike, and counts blank lines", () => {
    expect(split("a,b\r\n1,2\r3,4\n5,6").map((r) => [r.line, r.cells.join("|")])).toEqual([
      [1, "a|b"],
      [2, "1|2"],
      [3, "3|4"],
      [4, "5|6"],
    ]);
    expect(split("a\n\n\nb\n").map((r) => [r.line, r.cells])).toEqual([
      [1, ["a"]],
      [2, [""]],
      [3, [""]],
      [4, ["b"]],
    ]);
  });

  it("splits on the delimiter it is given", () => {
    expect(split("x;y;z\n1,5;2;3\n", undefined, ";").map((r) => r.cells)).toEqual([
      ["x", "y", "z"],
      ["1,5", "2", "3"],
    ]);
  });

  it("gives the same records however the text is cut into chunks", () => {
    for (const sample of SAMPLES) {
      const whole = split(sample);
      for (let size = 1; size <= sample.length; size++) expect(split(sample, size), `${JSON.stringify(sample)} in chunks of ${size}`).toEqual(whole);
    }
  });

  it("refuses a quote that never closes and a record over the limit", () => {
    expect(() => split('a,b\n"open,2\n3,4\n')).toThrow(CsvRecordError);
    const long = new CsvSplitter(",", 10);
    expect(() => long.push("0123456789ABCDEF")).toThrow(/line 1 is too long/);
    const quoted = new CsvSplitter(",", 10);
    expect(() => quoted.push('ok\n"0123456789\n0123456789\n')).toThrow(/line 2 is too long/);
  });
});
