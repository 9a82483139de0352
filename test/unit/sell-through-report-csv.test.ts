// The sell-through exports hold names typed by distributors (end customers, invoice numbers) and
// negative quantities and amounts (returns): the first must never run as a formula in a
// spreadsheet, the second must stay numbers.
import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "~/lib/csv.server";

describe("a sell-through export cell", () => {
  it.each(["=1+1", "+49 30 1234", "-SUM(A1:A9)", "@cmd", "-2+3", '=HYPERLINK("http://x","y")'])("that starts like a formula (%s) is kept as text", (value) => {
    expect(csvCell(value).replace(/^"/, "").startsWith("'")).toBe(true);
  });

  it.each([
    ["-3", "-3"],
    ["-1234.50", "-1234.50"],
    [-7, "-7"],
    ["0.00", "0.00"],
  ])("keeps the number %s a number", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it("escapes a formula inside a row of a report and leaves its amounts alone", () => {
    expect(toCsv(["end_customer", "quantity", "amount"], [["=cmd|' /C calc'!A0", -2, "-199.98"]])).toBe(
      `end_customer,quantity,amount\r\n'=cmd|' /C calc'!A0,-2,-199.98\r\n`,
    );
  });
});
