// Checks one row of a sell-through report against its fields and the transaction rules: every
// problem names the field, the value and what is wrong (a message key), so the report can say
// "row 57, quantity "1,5": not a whole number". Works on plain maps loaded once per file, so a
// million rows cost no database round trips.
import { isCurrency, multiplyAmount } from "~/lib/money";
import { customerKey } from "~/modules/deals/customer";
import { parseLocaleNumber, parseSalesDate } from "./file-reader.server";
import type { HeaderMapping, SalesField } from "./fields";
import type { SeenLines } from "./seen-lines";

export interface ValidationContext {
  period: string;
  decimalComma: boolean;
  /** Vendor SKUs and the distributor's own aliases, upper-cased, to product ids. */
  productBySku: ReadonlyMap<string, number>;
  /** Partner codes, names and the distributor's aliases, lower-cased, to reseller ids. */
  resellerByName: ReadonlyMap<string, number>;
  /** Names the distributor answered "a direct sale, not one of our partners", lower-cased: their lines are accepted with no reseller. */
  directSaleNames: ReadonlySet<string>;
  /** The header, to recognise it repeated in the middle of a file (leftOutReason). */
  header: readonly string[];
  /** Approved or won deal registrations by reseller id and customer key ("id\u0000key"), for the closed loop. */
  dealByResellerCustomer: ReadonlyMap<string, number>;
  /** Customer keys of the names seen so far: a report names the same customers again and again, often on consecutive lines. */
  customerKeys: { last: string; lastKey: string; byName: Map<string, string> };
  /** What cells read as, by their text: a report repeats its dates, quantities, prices, SKUs, resellers and codes on most of its lines. */
  cells: CellMemos;
}

export interface CellMemos {
  dates: Map<string, string | null>;
  quantities: Map<string, number | string>;
  prices: Map<string, { unitPrice: string } | { problem: string }>;
  products: Map<string, number | null>;
  resellers: Map<string, number | null>;
  currencies: Map<string, string | null>;
  countries: Map<string, string | null>;
}

export function newCellMemos(): CellMemos {
  return { dates: new Map(), quantities: new Map(), prices: new Map(), products: new Map(), resellers: new Map(), currencies: new Map(), countries: new Map() };
}

/** Bounded: a file whose every line holds a new value must not keep them all. */
const CELL_MEMO_SIZE = 50_000;

/** `read(text)` once per distinct text of the file. Plain functions rather than closures made for every row. */
function remembered<T>(memo: Map<string, T>, text: string, context: ValidationContext, read: (text: string, context: ValidationContext) => T): T {
  let value = memo.get(text);
  if (value === undefined) {
    if (memo.size >= CELL_MEMO_SIZE) memo.clear();
    value = read(text, context);
    memo.set(text, value);
  }
  return value;
}

/** A whole, non-zero quantity within bounds, or the problem's message key. */
function readQuantity(text: string, context: ValidationContext): number | string {
  const quantityText = parseLocaleNumber(text, context.decimalComma);
  if (quantityText === null) return "sellThrough.problems.badNumber";
  if (!/^-?\d+(\.0+)?$/.test(quantityText)) return "sellThrough.problems.notWholeQuantity";
  const quantity = Number(quantityText.split(".")[0]);
  if (quantity === 0) return "sellThrough.problems.zeroQuantity";
  if (Math.abs(quantity) > 1_000_000_000) return "sellThrough.problems.tooLarge";
  return quantity;
}

/** A price with two decimals ("12.50"), or the problem's message key. */
function readPrice(text: string, context: ValidationContext): { unitPrice: string } | { problem: string } {
  const price = parseLocaleNumber(text, context.decimalComma);
  if (price === null || !/^\d{1,16}(\.\d{1,2})?$/.test(price)) {
    return { problem: price !== null && price.startsWith("-") ? "sellThrough.problems.negativePrice" : "sellThrough.problems.badAmount" };
  }
  return { unitPrice: price.includes(".") ? price.padEnd(price.indexOf(".") + 3, "0") : `${price}.00` };
}

function readProduct(text: string, context: ValidationContext): number | null {
  return context.productBySku.get(text.toUpperCase()) ?? null;
}

function readReseller(text: string, context: ValidationContext): number | null {
  return context.resellerByName.get(text.toLowerCase()) ?? null;
}

function readCurrency(text: string): string | null {
  const currency = text.toUpperCase();
  return isCurrency(currency) ? currency : null;
}

/** The country code upper-cased ("" for none), or null when it is not two letters. */
function readCountry(text: string): string | null {
  const country = text.toUpperCase();
  return country === "" || /^[A-Z]{2}$/.test(country) ? country : null;
}

export interface CheckedLine {
  transactionDate: string;
  invoiceNo: string;
  lineNo: string;
  resellerId: number | null;
  /** The reseller as the line named it, for a direct sale by the distributor's answer; "" otherwise. */
  resellerName: string;
  endCustomerName: string;
  endCustomerKey: string;
  endCustomerCountry: string;
  endCustomerPostcode: string;
  productId: number;
  quantity: number;
  unitPrice: string;
  currency: string;
  amount: string;
  dealId: number | null;
  /** The lot or batch number ("" when not reported) and the expiry date of what was sold. */
  lotNo: string;
  expiryDate: string | null;
}

export interface RowProblem {
  field: SalesField | null;
  value: string;
  problem: string;
}

export type RowOutcome = { ok: true; line: CheckedLine } | ({ ok: false } & RowProblem);

const MAX_TEXT = { invoiceNo: 64, lineNo: 32, endCustomerName: 200, endCustomerPostcode: 16, lotNo: 64 } as const;

function fail(field: SalesField | null, value: string, problem: string): RowOutcome {
  return { ok: false, field, value: value.slice(0, 300), problem };
}

// Plain functions rather than closures made for every row: a million rows make a million of each.
function cellOf(cells: readonly string[], index: number | null): string {
  return index === null ? "" : (cells[index] ?? "").trim();
}

function isHeader(cells: readonly string[], header: readonly string[]): boolean {
  if (cells.length !== header.length) return false;
  for (let i = 0; i < cells.length; i++) if (cells[i].trim() !== header[i].trim()) return false;
  return true;
}

// Words that start a total row in the exports distributors send: "Total", "Grand total", "Summe", "合计".
const TOTAL_ROW = /^(grand\s*total|sub\s*total|totals?\b|sum\b|summe|gesamt|endsumme|合计|总计|小计|共计)/i;

/**
 * Why a row of a file is not a sales line at all, or null: the header pasted again, a total
 * row (a total word and no invoice number of its own), a note (a single cell). Such rows are
 * left out and listed, not counted as read or rejected lines. Files only: a line typed or
 * pushed is always checked.
 */
export function leftOutReason(cells: readonly string[], mapping: HeaderMapping, header: readonly string[]): string | null {
  if (isHeader(cells, header)) return "sellThrough.leftOut.headerRepeated";
  let filled = 0;
  let total = false;
  for (const cell of cells) {
    const text = cell.trim();
    if (!text) continue;
    filled++;
    if (TOTAL_ROW.test(text)) total = true;
  }
  const invoice = cellOf(cells, mapping.invoiceNo);
  if (total && (!invoice || TOTAL_ROW.test(invoice))) return "sellThrough.leftOut.totalRow";
  return filled <= 1 ? "sellThrough.leftOut.noteRow" : null;
}

const YEAR_MONTH = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*月?$/;
const MONTH_YEAR = /^(\d{1,2})[-/.](\d{4})$/;

/** An expiry date; packs often give only the month ("2028-05", "05/2028"), which means its last day. */
function readExpiry(text: string): string | null {
  const date = parseSalesDate(text);
  if (date) return date;
  const ym = YEAR_MONTH.exec(text);
  const my = ym ? null : MONTH_YEAR.exec(text);
  const [year, month] = ym ? [Number(ym[1]), Number(ym[2])] : my ? [Number(my[2]), Number(my[1])] : [0, 0];
  if (year < 1000 || month < 1 || month > 12) return null;
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/**
 * The row's line, or its first problem. `seen` holds the invoice and line numbers already
 * accepted from this file, to reject a line reported twice in it.
 */
export function checkRow(cells: readonly string[], mapping: HeaderMapping, context: ValidationContext, seen: SeenLines): RowOutcome {
  const rawDate = cellOf(cells, mapping.transactionDate);
  if (!rawDate) return fail("transactionDate", rawDate, "sellThrough.problems.missing");
  const transactionDate = remembered(context.cells.dates, rawDate, context, parseSalesDate);
  if (!transactionDate) return fail("transactionDate", rawDate, "sellThrough.problems.badDate");
  if (transactionDate.slice(0, 7) !== context.period) return fail("transactionDate", rawDate, "sellThrough.problems.outsidePeriod");

  for (const field of ["invoiceNo", "lineNo"] as const) {
    const value = cellOf(cells, mapping[field]);
    if (!value) return fail(field, value, "sellThrough.problems.missing");
    if (value.length > MAX_TEXT[field]) return fail(field, value, "sellThrough.problems.tooLong");
  }
  const invoiceNo = cellOf(cells, mapping.invoiceNo);
  const lineNo = cellOf(cells, mapping.lineNo);

  const rawQuantity = cellOf(cells, mapping.quantity);
  if (!rawQuantity) return fail("quantity", rawQuantity, "sellThrough.problems.missing");
  const quantity = remembered(context.cells.quantities, rawQuantity, context, readQuantity);
  if (typeof quantity === "string") return fail("quantity", rawQuantity, quantity);

  const rawPrice = cellOf(cells, mapping.unitPrice);
  if (!rawPrice) return fail("unitPrice", rawPrice, "sellThrough.problems.missing");
  const price = remembered(context.cells.prices, rawPrice, context, readPrice);
  if ("problem" in price) return fail("unitPrice", rawPrice, price.problem);
  const { unitPrice } = price;

  const rawCurrency = cellOf(cells, mapping.currency);
  if (!rawCurrency) return fail("currency", rawCurrency, "sellThrough.problems.missing");
  const currency = remembered(context.cells.currencies, rawCurrency, context, readCurrency);
  if (currency === null) return fail("currency", rawCurrency, "sellThrough.problems.unknownCurrency");

  const rawCountry = cellOf(cells, mapping.endCustomerCountry);
  const country = remembered(context.cells.countries, rawCountry, context, readCountry);
  if (country === null) return fail("endCustomerCountry", rawCountry, "sellThrough.problems.badCountry");
  const postcode = cellOf(cells, mapping.endCustomerPostcode);
  if (postcode.length > MAX_TEXT.endCustomerPostcode) return fail("endCustomerPostcode", postcode, "sellThrough.problems.tooLong");
  const endCustomerName = cellOf(cells, mapping.endCustomerName);
  if (endCustomerName.length > MAX_TEXT.endCustomerName) return fail("endCustomerName", endCustomerName, "sellThrough.problems.tooLong");

  const sku = cellOf(cells, mapping.sku);
  if (!sku) return fail("sku", sku, "sellThrough.problems.missing");
  const productId = remembered(context.cells.products, sku, context, readProduct);
  if (productId === null) return fail("sku", sku, "sellThrough.problems.unknownSku");

  const reseller = cellOf(cells, mapping.reseller);
  let resellerId: number | null = null;
  let resellerName = "";
  if (reseller) {
    const found = remembered(context.cells.resellers, reseller, context, readReseller);
    if (found !== null) resellerId = found;
    else if (context.directSaleNames.has(reseller.toLowerCase())) resellerName = reseller;
    else return fail("reseller", reseller, "sellThrough.problems.unknownReseller");
  }

  const lotNo = cellOf(cells, mapping.lotNo);
  if (lotNo.length > MAX_TEXT.lotNo) return fail("lotNo", lotNo, "sellThrough.problems.tooLong");
  const rawExpiry = cellOf(cells, mapping.expiryDate);
  let expiryDate: string | null = null;
  if (rawExpiry) {
    expiryDate = readExpiry(rawExpiry);
    if (expiryDate === null) return fail("expiryDate", rawExpiry, "sellThrough.problems.badDate");
    // A pack sold on or after its expiry is a quality problem to correct, not a line to count.
    if (expiryDate <= transactionDate) return fail("expiryDate", rawExpiry, "sellThrough.problems.expiryNotAfterSale");
  }

  if (!seen.add(invoiceNo, lineNo)) return fail("lineNo", `${invoiceNo} / ${lineNo}`, "sellThrough.problems.duplicateInFile");

  const endCustomerKey = endCustomerName ? cachedCustomerKey(context.customerKeys, endCustomerName) : "";
  return {
    ok: true,
    line: {
      transactionDate,
      invoiceNo,
      lineNo,
      resellerId,
      resellerName,
      endCustomerName,
      endCustomerKey,
      endCustomerCountry: country,
      endCustomerPostcode: postcode,
      productId,
      quantity,
      unitPrice,
      currency,
      amount: multiplyAmount(unitPrice, quantity),
      dealId: resellerId !== null && endCustomerKey ? (context.dealByResellerCustomer.get(`${resellerId}\u0000${endCustomerKey}`) ?? null) : null,
      lotNo,
      expiryDate,
    },
  };
}

const CUSTOMER_KEY_CACHE_SIZE = 100_000;

function cachedCustomerKey(cache: ValidationContext["customerKeys"], name: string): string {
  // The lines of one invoice follow each other and share their customer: a comparison is cheaper than a lookup.
  if (name === cache.last) return cache.lastKey;
  let key = cache.byName.get(name);
  if (key === undefined) {
    // Bounded: a file of a million distinct customers must not hold them all.
    if (cache.byName.size >= CUSTOMER_KEY_CACHE_SIZE) cache.byName.clear();
    key = customerKey(name);
    cache.byName.set(name, key);
  }
  cache.last = name;
  cache.lastKey = key;
  return key;
}
