// The fields of a sell-through line, which of them a report must have, and how distributors
// name them in their exports (English, German and Chinese, as ERPs and Excel templates write
// them), so the mapping step can propose a match and find the header row of a file. Shared
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
  // Pharma distribution traces each pack to the end customer by lot (药品质量跟踪).
  "lotNo",
  "expiryDate",
] as const;
export type SalesField = (typeof SALES_FIELDS)[number];

/** Without these a line cannot be counted; the others may be left unmapped. */
export const REQUIRED_FIELDS: readonly SalesField[] = ["transactionDate", "invoiceNo", "lineNo", "sku", "quantity", "unitPrice", "currency"];

/** For each field, the column (0-based) of the file it is read from, or null when not in the file. */
export type HeaderMapping = Record<SalesField, number | null>;

/**
 * What distributors write above each column. Compared after nameKey(), so case, spaces,
 * punctuation and full-width forms do not matter ("Invoice No.", "INVOICE_NO", "ＩｎｖｏｉｃｅＮｏ").
 * A name belongs to one field only; the order of fields decides for names two could claim.
 */
export const HEADER_NAMES: Record<SalesField, readonly string[]> = {
  transactionDate: [
    "date",
    "transaction date",
    "invoice date",
    "document date",
    "doc date",
    "billing date",
    "sales date",
    "sale date",
    "posting date",
    "ship date",
    "shipping date",
    "delivery date",
    "order date",
    "trans date",
    "txn date",
    "datum",
    "belegdatum",
    "rechnungsdatum",
    "buchungsdatum",
    "verkaufsdatum",
    "lieferdatum",
    "fakturadatum",
    "日期",
    "交易日期",
    "销售日期",
    "开票日期",
    "单据日期",
    "发货日期",
    "出库日期",
    "业务日期",
    "记账日期",
    "发票日期",
  ],
  invoiceNo: [
    "invoice",
    "invoice no",
    "invoice number",
    "invoice nr",
    "inv no",
    "inv",
    "invoice id",
    "document no",
    "document number",
    "doc no",
    "billing document",
    "bill no",
    "rechnung",
    "rechnungsnummer",
    "rechnungsnr",
    "rechnung nr",
    "belegnummer",
    "belegnr",
    "beleg",
    "发票号",
    "发票号码",
    "发票编号",
    "单据号",
    "单据编号",
    "单号",
    "出库单号",
    "销售单号",
  ],
  lineNo: [
    "line",
    "line no",
    "line number",
    "line item",
    "item no",
    "item number",
    "pos",
    "position",
    "pos no",
    "seq",
    "sequence",
    "positionsnummer",
    "pos nr",
    "zeile",
    "belegposition",
    "行号",
    "序号",
    "明细行",
    "明细行号",
    "行项目",
    "项目号",
  ],
  reseller: [
    "reseller",
    "reseller name",
    "reseller code",
    "reseller id",
    "dealer",
    "dealer name",
    "customer",
    "customer name",
    "sold to",
    "sold to party",
    "bill to",
    "bill to name",
    "partner",
    "händler",
    "haendler",
    "wiederverkäufer",
    "kunde",
    "kundenname",
    "auftraggeber",
    "经销商",
    "分销商客户",
    "代理商",
    "客户",
    "客户名称",
    "购货单位",
    "二级经销商",
    "下游客户",
  ],
  endCustomerName: [
    "end customer",
    "end customer name",
    "end user",
    "end user name",
    "enduser",
    "ship to",
    "ship to name",
    "ship to party",
    "consignee",
    "hospital",
    "pharmacy",
    "endkunde",
    "endkundenname",
    "endverbraucher",
    "warenempfänger",
    "lieferempfänger",
    "最终客户",
    "最终用户",
    "终端客户",
    "终端",
    "终端名称",
    "收货单位",
    "医院",
    "医院名称",
    "药店",
  ],
  endCustomerCountry: ["country", "end customer country", "ship to country", "country code", "land", "ländercode", "国家", "国家代码", "国别"],
  endCustomerPostcode: ["postcode", "post code", "postal code", "zip", "zip code", "plz", "postleitzahl", "邮编", "邮政编码"],
  sku: [
    "sku",
    "part number",
    "part no",
    "product",
    "product code",
    "product no",
    "product number",
    "product id",
    "article",
    "article no",
    "article number",
    "item",
    "item code",
    "material",
    "material no",
    "material number",
    "model",
    "artikel",
    "artikelnummer",
    "artikelnr",
    "materialnummer",
    "materialnr",
    "料号",
    "产品编号",
    "产品编码",
    "产品代码",
    "物料号",
    "物料编码",
    "物料编号",
    "商品编码",
    "商品编号",
    "型号",
    "品规",
    "货号",
  ],
  quantity: ["quantity", "qty", "units", "pcs", "pieces", "quantity sold", "sales qty", "menge", "anzahl", "stück", "数量", "销售数量", "出库数量", "发货数量"],
  unitPrice: [
    "unit price",
    "price",
    "net price",
    "unit net price",
    "selling price",
    "einzelpreis",
    "preis",
    "nettopreis",
    "stückpreis",
    "单价",
    "价格",
    "销售单价",
    "含税单价",
    "不含税单价",
  ],
  currency: ["currency", "curr", "ccy", "currency code", "währung", "waehrung", "币种", "货币", "币别"],
  lotNo: [
    "lot",
    "lot no",
    "lot number",
    "batch",
    "batch no",
    "batch number",
    "serial",
    "serial no",
    "serial number",
    "charge",
    "chargennummer",
    "chargen nr",
    "charge nr",
    "los",
    "seriennummer",
    "批号",
    "批次",
    "批次号",
    "生产批号",
    "序列号",
  ],
  expiryDate: [
    "expiry",
    "expiry date",
    "expiration",
    "expiration date",
    "exp date",
    "best before",
    "use by",
    "verfallsdatum",
    "verfall",
    "ablaufdatum",
    "mhd",
    "有效期",
    "有效期至",
    "失效日期",
    "效期",
  ],
};

/** A header name as compared: full-width and compatibility forms folded, lower case, without spaces or punctuation. */
export function nameKey(header: string): string {
  return header
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, "")
    .slice(0, 100);
}

const FIELD_BY_NAME: ReadonlyMap<string, SalesField> = (() => {
  const byName = new Map<string, SalesField>();
  for (const field of SALES_FIELDS) for (const name of HEADER_NAMES[field]) if (!byName.has(nameKey(name))) byName.set(nameKey(name), field);
  return byName;
})();

/** The field a header name is one of the usual names for, if any. */
export function fieldForName(header: string): SalesField | null {
  return FIELD_BY_NAME.get(nameKey(header)) ?? null;
}

/** How many cells of a row are names of a field: what tells the header row from a title above it. */
export function headerScore(cells: readonly string[]): number {
  const fields = new Set<SalesField>();
  for (const cell of cells) {
    const field = fieldForName(cell);
    if (field) fields.add(field);
  }
  return fields.size;
}

/**
 * Proposes a column for each field from the header names: the distributor's own remembered
 * mapping first (by header text), then the usual names, then names other distributors
 * confirmed (`learned`, by nameKey). A column is used for one field only.
 */
export function guessMapping(
  header: readonly string[],
  remembered: Partial<Record<SalesField, string>> = {},
  learned: ReadonlyMap<string, SalesField> = new Map(),
): HeaderMapping {
  const keys = header.map(nameKey);
  const taken = new Set<number>();
  const mapping = Object.fromEntries(SALES_FIELDS.map((f) => [f, null])) as HeaderMapping;
  const assign = (field: SalesField, index: number) => {
    if (index < 0 || taken.has(index) || mapping[field] !== null) return;
    mapping[field] = index;
    taken.add(index);
  };
  for (const field of SALES_FIELDS) {
    const own = remembered[field];
    if (own) assign(field, keys.indexOf(nameKey(own)));
  }
  keys.forEach((key, index) => {
    const field = key ? FIELD_BY_NAME.get(key) : undefined;
    if (field) assign(field, index);
  });
  keys.forEach((key, index) => {
    const field = key ? learned.get(key) : undefined;
    if (field) assign(field, index);
  });
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
