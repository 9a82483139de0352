// The fields of a sell-through line, which of them a report must have, and how distributors
// usually name them in English and Chinese, so the mapping step can propose a match. Shared
// by the server and the mapping screen.
export const SALES_FIELDS = [
  "transactionDate",
  "invoiceNo",
  "lineNo",
  "reseller",
  "endCustomerName",
  "endCustomerCountry",
  "endCustomerPostcode",
  "sku",
  "quantity",
  "unitPrice",
  "currency",
] as const;
export type SalesField = (typeof SALES_FIELDS)[number];

/** Without these a line cannot be counted; the others may be left unmapped. */
export const REQUIRED_FIELDS: readonly SalesField[] = ["transactionDate", "invoiceNo", "lineNo", "sku", "quantity", "unitPrice", "currency"];

/** For each field, the column (0-based) of the file it is read from, or null when not in the file. */
export type HeaderMapping = Record<SalesField, number | null>;

const HEADER_NAMES: Record<SalesField, string[]> = {
  transactionDate: ["date", "transaction date", "invoice date", "sales date", "sale date", "posting date", "datum", "日期", "交易日期", "销售日期", "开票日期"],
  invoiceNo: ["invoice", "invoice no", "invoice number", "invoice #", "inv no", "document no", "rechnung", "rechnungsnummer", "发票号", "发票号码", "单据号", "发票编号"],
  lineNo: ["line", "line no", "line number", "item", "item no", "pos", "position", "行号", "序号", "明细行"],
  reseller: ["reseller", "reseller name", "reseller code", "dealer", "customer", "sold to", "händler", "经销商", "分销商客户", "代理商", "客户"],
  endCustomerName: ["end customer", "end customer name", "end user", "end user name", "ship to name", "endkunde", "最终客户", "最终用户", "终端客户"],
  endCustomerCountry: ["country", "end customer country", "ship to country", "land", "国家", "国家代码"],
  endCustomerPostcode: ["postcode", "postal code", "zip", "zip code", "plz", "邮编", "邮政编码"],
  sku: ["sku", "part number", "part no", "product", "product code", "item code", "material", "artikelnummer", "料号", "产品编号", "物料号", "型号"],
  quantity: ["quantity", "qty", "units", "menge", "数量"],
  unitPrice: ["unit price", "price", "net price", "einzelpreis", "preis", "单价", "价格"],
  currency: ["currency", "curr", "ccy", "währung", "币种", "货币"],
};

function normalise(header: string): string {
  return header.normalize("NFKC").toLowerCase().replace(/[_.:#()\[\]]/g, " ").replace(/\s+/g, " ").trim();
}

/**
 * Proposes a column for each field from the header names: the distributor's own remembered
 * mapping first (by header text), then the usual names. A column is used for one field only.
 */
export function guessMapping(header: string[], remembered: Partial<Record<SalesField, string>> = {}): HeaderMapping {
  const names = header.map(normalise);
  const taken = new Set<number>();
  const mapping = Object.fromEntries(SALES_FIELDS.map((f) => [f, null])) as HeaderMapping;
  const assign = (field: SalesField, index: number) => {
    if (index < 0 || taken.has(index) || mapping[field] !== null) return;
    mapping[field] = index;
    taken.add(index);
  };
  for (const field of SALES_FIELDS) {
    const own = remembered[field];
    if (own) assign(field, names.indexOf(normalise(own)));
  }
  for (const field of SALES_FIELDS) {
    for (const candidate of HEADER_NAMES[field]) assign(field, names.indexOf(candidate));
  }
  return mapping;
}

/** The required fields the mapping leaves without a column. */
export function missingFields(mapping: HeaderMapping): SalesField[] {
  return REQUIRED_FIELDS.filter((f) => mapping[f] === null);
}

/** "2026-10" for the month; the period a report is for. */
export function isPeriod(text: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text);
}

/** How many rejected rows a submission's page lists; the download has all of them. */
export const REJECTS_SHOWN = 100;
