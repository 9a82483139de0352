// checkRow on its own, with a context built by hand: the rules give the same answer for a cell
// however often the file repeats it, since cell values are remembered per file.
import { describe, expect, it } from "vitest";
import { SALES_FIELDS, type HeaderMapping } from "~/modules/sell-through/fields";
import { checkRow, newCellMemos, type ValidationContext } from "~/modules/sell-through/validate.server";
import { SeenLines } from "~/modules/sell-through/seen-lines";

const MAPPING = Object.fromEntries(SALES_FIELDS.map((field, index) => [field, index])) as HeaderMapping;

function context(): ValidationContext {
  return {
    period: "2026-10",
    decimalComma: false,
    productBySku: new Map([["SKU-1", 7]]),
    resellerByName: new Map([["bps", 3]]),
    directSaleNames: new Set(),
    header: SALES_FIELDS,
    dealByResellerCustomer: new Map(),
    customerKeys: { last: "", lastKey: "", byName: new Map() },
    cells: newCellMemos(),
  };
}

/** A row in SALES_FIELDS order, good unless a field is given. */
function row(invoice: string, fields: Partial<Record<(typeof SALES_FIELDS)[number], string>> = {}): string[] {
  const good = {
    transactionDate: "2026-10-05",
    invoiceNo: invoice,
    lineNo: "1",
    reseller: "BPS",
    endCustomerName: "Acme",
    endCustomerCountry: "de",
    endCustomerPostcode: "10115",
    sku: "sku-1",
    quantity: "3",
    unitPrice: "12.5",
    currency: "eur",
  };
  return SALES_FIELDS.map((field) => ({ ...good, ...fields })[field] ?? "");
}

describe("checkRow", () => {
  it("answers the same for a repeated cell, good or bad, on every row", () => {
    const ctx = context();
    const seen = new SeenLines();
    for (let i = 0; i < 3; i++) {
      expect(checkRow(row(`A-${i}`), MAPPING, ctx, seen)).toMatchObject({
        ok: true,
        line: { productId: 7, resellerId: 3, quantity: 3, unitPrice: "12.50", amount: "37.50", currency: "EUR", endCustomerCountry: "DE" },
      });
      expect(checkRow(row(`B-${i}`, { quantity: "1.5" }), MAPPING, ctx, seen)).toEqual({
        ok: false,
        field: "quantity",
        value: "1.5",
        problem: "sellThrough.problems.notWholeQuantity",
      });
      expect(checkRow(row(`C-${i}`, { unitPrice: "-2" }), MAPPING, ctx, seen)).toEqual({
        ok: false,
        field: "unitPrice",
        value: "-2",
        problem: "sellThrough.problems.negativePrice",
      });
      expect(checkRow(row(`D-${i}`, { sku: "NOPE" }), MAPPING, ctx, seen)).toEqual({
        ok: false,
        field: "sku",
        value: "NOPE",
        problem: "sellThrough.problems.unknownSku",
      });
      expect(checkRow(row(`E-${i}`, { currency: "xyz" }), MAPPING, ctx, seen)).toEqual({
        ok: false,
        field: "currency",
        value: "xyz",
        problem: "sellThrough.problems.unknownCurrency",
      });
      expect(checkRow(row(`F-${i}`, { endCustomerCountry: "Deu" }), MAPPING, ctx, seen)).toEqual({
        ok: false,
        field: "endCustomerCountry",
        value: "Deu",
        problem: "sellThrough.problems.badCountry",
      });
      expect(checkRow(row(`G-${i}`, { transactionDate: "2026-11-01" }), MAPPING, ctx, seen)).toMatchObject({
        ok: false,
        problem: "sellThrough.problems.outsidePeriod",
      });
    }
  });

  it("reads every distinct cell right when a file repeats none of them", () => {
    const ctx = context();
    const seen = new SeenLines();
    // More distinct prices than are remembered at once.
    for (let cents = 1; cents <= 60_000; cents++) {
      const price = (cents / 100).toFixed(2);
      const outcome = checkRow(row(`P-${cents}`, { unitPrice: price, quantity: "2" }), MAPPING, ctx, seen);
      if (!outcome.ok || outcome.line.unitPrice !== price || outcome.line.amount !== ((2 * cents) / 100).toFixed(2))
        throw new Error(`price ${price}: ${JSON.stringify(outcome)}`);
    }
  });
});
