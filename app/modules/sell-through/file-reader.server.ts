// Reads the point-of-sale ("sell-through") files distributors upload each month: CSV exported
// from whatever their ERP or Excel produces (UTF-8 or GBK/GB18030, comma, semicolon or tab,
// decimal commas) and XLSX. Files can hold a million rows, so everything streams: the import
// must stay within a few hundred MB and keep pace with MariaDB's own LOAD DATA. Problems a
// person can fix (wrong file, wrong encoding, one giant line) come back as FileProblem codes
// the upload page can explain, instead of as stack traces.
import ExcelJS, { type CellValue, type Row } from "exceljs";
import { readStart, type FileSource } from "~/lib/storage.server";
import { CsvRecordError, CsvSplitter, type CsvRecord } from "./csv-splitter";
import { headerScore } from "./fields";

export type FileProblemCode = "empty" | "binary" | "noHeader" | "noRows" | "unreadableEncoding" | "lineTooLong" | "unreadable";

export interface FileProblem {
  code: FileProblemCode;
  detail?: string;
}

export interface SalesFileFormat {
  kind: "csv" | "xlsx";
  encoding: "utf-8" | "gb18030" | null; // null for xlsx
  delimiter: "," | ";" | "\t" | null; // null for xlsx
  /** Numbers like 1.234,56 — true when the CSV is semicolon-separated and its numbers use a decimal comma. */
  decimalComma: boolean;
  /** XLSX: the worksheet the rows are read from, by name (the first when absent); null for CSV. */
  sheet?: string | null;
  /**
   * The row (line of a CSV, row of the sheet, from 1) holding the column names: reports often
   * start with a title, a date range or a logo. Absent in formats stored before it was kept:
   * then the first non-blank row.
   */
  headerRow?: number;
}

/** Where the distributor says the header is, when the portal's guess was wrong (or remembered from last time). */
export interface FileLayout {
  sheet?: string | null;
  headerRow?: number | null;
  /**
   * The layout is last month's, not a choice made for this file: its header row is taken only
   * when it names as many fields as the row the portal finds (next month's export may start
   * elsewhere), and its sheet only when the file has one of that name.
   */
  remembered?: boolean;
}

type TextEncoding = NonNullable<SalesFileFormat["encoding"]>;
type Delimiter = NonNullable<SalesFileFormat["delimiter"]>;

export interface SalesRow {
  /** 1-based line (CSV) or sheet row (XLSX) where the row starts, as a person would find it in the file. */
  rowNumber: number;
  cells: string[];
}

export type SalesFileInspection =
  | {
      ok: true;
      format: SalesFileFormat;
      header: string[];
      sample: string[][];
      /** The first rows of the file or sheet as they are, to pick another header row from. */
      top: SalesRow[];
      /** XLSX: every worksheet's name in tab order; [] for CSV. */
      sheets: string[];
    }
  | { ok: false; problem: FileProblem };

/** A problem found while streaming, after inspectSalesFile had accepted the start of the file. */
export class FileReadError extends Error {
  readonly problem: FileProblem;
  constructor(problem: FileProblem) {
    super(problem.detail ? `${problem.code}: ${problem.detail}` : problem.code);
    this.name = "FileReadError";
    this.problem = problem;
  }
}

/** A "100 MB file of one line" must fail after reading about this much, not after filling memory with it. */
export const MAX_LINE_BYTES = 1024 * 1024;

// Enough text to tell the encoding from; big enough to reach past an all-ASCII header into data.
const SAMPLE_BYTES = 64 * 1024;
const BINARY_PROBE_BYTES = 8 * 1024;
// Rows handed back for a preview, and the evidence for the decimal-comma guess.
const SAMPLE_ROWS = 50;
// How far down a header is looked for, and how many of the top rows are offered to pick it from.
const HEADER_SCAN_ROWS = 30;
const TOP_ROWS = 15;
// A row naming this many fields is taken as the header without looking further (at other sheets).
const CLEAR_HEADER_SCORE = 3;
// Two known names make a header; one could be a title such as "Sales" or "Datum: 10/2026".
const KNOWN_HEADER_SCORE = 2;
// The size of the sample, so that inspecting a file never decodes bytes past it.
const READ_CHUNK_BYTES = SAMPLE_BYTES;
const XLSX_BATCH_ROWS = 1000;

const ZIP_MAGIC = Buffer.from("PK\x03\x04", "latin1");
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const UTF16_BOMS = [Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff])];
// What a wrong guess at GB18030 decodes to: replacement characters and control codes.
const NOT_TEXT = /[\uFFFD\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]/;

/**
 * Looks at the start of the file: its kind (by content: XLSX is a ZIP, "PK\x03\x04"), encoding,
 * delimiter, the worksheet and the header row (found, or as `layout` says).
 */
export async function inspectSalesFile(source: FileSource, layout: FileLayout = {}): Promise<SalesFileInspection> {
  try {
    const head = await readHead(source);
    if (head.bytes.length === 0) return failure({ code: "empty" });
    if (startsWith(head.bytes, ZIP_MAGIC)) return await inspectWorkbook(source, layout);
    const text = sniffEncoding(head.bytes, head.complete);
    if ("code" in text) return failure(text);
    if (head.complete && text.text.trim() === "") return failure({ code: "empty" });
    const format: SalesFileFormat = { kind: "csv", encoding: text.encoding, delimiter: detectDelimiter(text.text), decimalComma: false, sheet: null };
    return inspectRows(await headerAndSample(fileRows(source, format), layout), format, []);
  } catch (error) {
    return failure(error instanceof FileReadError ? error.problem : { code: "unreadable", detail: messageOf(error) });
  }
}

/** Streams the data rows after the header row; blank rows are skipped. */
export async function* readSalesRows(source: FileSource, format: SalesFileFormat): AsyncIterable<SalesRow> {
  for await (const batch of readSalesRowBatches(source, format)) yield* batch;
}

/** The data rows (the header left out) in batches as they are read: what the check of a whole file walks. */
export async function* readSalesRowBatches(source: FileSource, format: SalesFileFormat): AsyncIterable<SalesRow[]> {
  // Rows up to the header (a title, a date range) are not data; without a known header row, the first row is it.
  let headerRow = format.headerRow ?? null;
  for await (const batch of fileRowBatches(source, format)) {
    if (headerRow === null && batch.length) headerRow = batch[0].rowNumber;
    if (headerRow === null) continue;
    const after = headerRow;
    yield batch[0] && batch[0].rowNumber > after ? batch : batch.filter((row) => row.rowNumber > after);
  }
}

function failure(problem: FileProblem): SalesFileInspection {
  return { ok: false, problem };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function startsWith(bytes: Buffer, prefix: Buffer): boolean {
  return bytes.length >= prefix.length && bytes.subarray(0, prefix.length).equals(prefix);
}

async function readHead(source: FileSource): Promise<{ bytes: Buffer; complete: boolean }> {
  // One byte past the sample tells whether the sample is the whole file.
  const bytes = await readStart(source, SAMPLE_BYTES + 1);
  return { bytes: bytes.subarray(0, SAMPLE_BYTES), complete: bytes.length <= SAMPLE_BYTES };
}

function sniffEncoding(bytes: Buffer, complete: boolean): { encoding: TextEncoding; text: string } | FileProblem {
  // Excel's "Unicode text" export: a readable file, but one to save again as UTF-8 CSV.
  if (UTF16_BOMS.some((bom) => startsWith(bytes, bom))) return { code: "unreadableEncoding", detail: "UTF-16" };
  if (bytes.subarray(0, BINARY_PROBE_BYTES).includes(0)) return { code: "binary" };
  // A sample cut off mid-file may end in half a character; `stream` keeps that from counting as an error.
  const stream = !complete;
  try {
    return { encoding: "utf-8", text: new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream }) };
  } catch {
    if (startsWith(bytes, UTF8_BOM)) return { code: "unreadableEncoding", detail: "invalid UTF-8 after a UTF-8 byte order mark" };
  }
  // Almost any byte sequence is "valid" GB18030, so judge the guess by what it decodes to.
  const text = new TextDecoder("gb18030").decode(bytes, { stream });
  return NOT_TEXT.test(text) ? { code: "unreadableEncoding" } : { encoding: "gb18030", text };
}

/**
 * The separator the lines agree on: for each of , ; tab, the most lines that hold it the same
 * number of times (outside quotes), over the first non-blank lines. A title line above the
 * header holds none, and decimal commas in a semicolon file vary from line to line; comma on a tie.
 */
function detectDelimiter(text: string): Delimiter {
  const delimiters = [",", ";", "\t"] as const;
  const lines: Record<Delimiter, number>[] = [];
  let counts = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  let blank = true;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (char === "," || char === ";" || char === "\t") counts[char]++;
    else if (char === "\n" || char === "\r") {
      if (!blank) lines.push(counts);
      if (lines.length === HEADER_SCAN_ROWS) break;
      // Tabs on a blank line say nothing about the columns.
      counts = { ",": 0, ";": 0, "\t": 0 };
      blank = true;
      continue;
    }
    if (char.trim() !== "") blank = false;
  }
  if (!blank) lines.push(counts);
  const agreement = (d: Delimiter) => {
    const lineCounts = new Map<number, number>();
    for (const line of lines) if (line[d] > 0) lineCounts.set(line[d], (lineCounts.get(line[d]) ?? 0) + 1);
    return Math.max(0, ...lineCounts.values());
  };
  return delimiters.reduce((best, next) => (agreement(next) > agreement(best) ? next : best));
}

/** The header among the first rows (or the row the distributor named), the sample after it and what the numbers look like. */
function inspectRows({ rows, at }: HeaderAndSample, format: SalesFileFormat, sheets: string[]): SalesFileInspection {
  // A CSV with bytes but no non-blank row holds only delimiters or quotes; a sheet without rows is just empty.
  if (rows.length === 0) return failure({ code: format.kind === "xlsx" ? "empty" : "noHeader" });
  if (at < 0) return failure({ code: "noHeader", detail: `row ${rows[0].rowNumber} holds data, not column names` });
  const header = rows[at];
  const sample = rows.slice(at + 1, at + 1 + SAMPLE_ROWS);
  const decimalComma = format.delimiter === ";" && usesDecimalComma(sample.map((row) => row.cells));
  return {
    ok: true,
    format: { ...format, decimalComma, headerRow: header.rowNumber },
    header: header.cells.map((cell) => cell.trim()),
    sample: sample.map((row) => row.cells),
    top: rows.slice(0, Math.max(TOP_ROWS, at + 1)),
    sheets,
  };
}

/**
 * Where the header is among the first rows: the row the distributor named; else the first row
 * naming the most fields (at least two); else, above the first row of data, the row with the
 * most cells (a title or a date range above it has fewer). -1 when the file starts with data.
 */
export function findHeader(rows: readonly SalesRow[], layout: FileLayout = {}): number {
  const named = layout.headerRow ? rows.findIndex((row) => row.rowNumber === layout.headerRow) : -1;
  if (named >= 0 && !looksLikeData(rows[named])) {
    if (!layout.remembered) return named;
    const found = findHeader(rows);
    if (found < 0 || headerScore(rows[named].cells) >= headerScore(rows[found].cells)) return named;
    return found;
  }
  const scanned = rows.slice(0, HEADER_SCAN_ROWS);
  let best = -1;
  let bestScore = KNOWN_HEADER_SCORE - 1;
  scanned.forEach((row, i) => {
    const score = headerScore(row.cells);
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  if (best >= 0) return best;
  let widest = -1;
  for (let i = 0; i < scanned.length && !looksLikeData(scanned[i]); i++) {
    if (widest < 0 || filledCells(scanned[i]) > filledCells(scanned[widest])) widest = i;
  }
  return widest;
}

function filledCells(row: SalesRow): number {
  return row.cells.filter((cell) => cell.trim() !== "").length;
}

/**
 * A workbook's sheet with its header: the sheet the distributor named, or the first sheet
 * unless a later one is recognisably the report (its header names known fields) and the
 * first is not (a cover sheet, a summary, notes). Sheets are read in turn, each only as far
 * as the header and sample, except that reaching the next sheet means reading past this one.
 */
async function inspectWorkbook(source: FileSource, layout: FileLayout): Promise<SalesFileInspection> {
  const base: SalesFileFormat = { kind: "xlsx", encoding: null, delimiter: null, decimalComma: false };
  let chosen: { found: HeaderAndSample; name: string; score: number } | null = null;
  let names: string[] = [];
  for await (const sheet of xlsxSheets(source)) {
    names = sheet.names;
    const wanted = layout.sheet && names.includes(layout.sheet) ? layout.sheet : null;
    if (wanted !== null && sheet.name !== wanted) continue;
    const found = await headerAndSample(sheet.rows, layout);
    const score = found.at >= 0 ? headerScore(found.rows[found.at].cells) : -1;
    if (chosen === null || (score >= KNOWN_HEADER_SCORE && score > chosen.score)) chosen = { found, name: sheet.name, score };
    if (wanted !== null || chosen.score >= CLEAR_HEADER_SCORE || sheet.index + 1 >= names.length) break;
  }
  if (chosen === null) return failure({ code: "empty" });
  return inspectRows(chosen.found, { ...base, sheet: chosen.name }, names);
}

interface HeaderAndSample {
  /** The first rows, up to the sample's end. */
  rows: SalesRow[];
  /** Where the header is among them, -1 when there is none. */
  at: number;
}

/** Reads as far as the header (among the first rows) and the sample after it, and no further. */
async function headerAndSample(source: AsyncIterable<SalesRow>, layout: FileLayout): Promise<HeaderAndSample> {
  const rows: SalesRow[] = [];
  const iterator = source[Symbol.asyncIterator]();
  try {
    let at = -1;
    for (;;) {
      if (rows.length === HEADER_SCAN_ROWS) at = findHeader(rows, layout);
      if (rows.length >= HEADER_SCAN_ROWS && rows.length >= at + 1 + SAMPLE_ROWS) return { rows, at };
      const next = await iterator.next();
      if (next.done) return { rows, at: findHeader(rows, layout) };
      rows.push(next.value);
    }
  } finally {
    // Closing the rows closes the file: inspecting a huge file reads only its start.
    await iterator.return?.();
  }
}

function looksLikeData(row: SalesRow): boolean {
  return row.cells
    .map((cell) => cell.trim())
    .filter((cell) => cell !== "")
    .every((cell) => parseLocaleNumber(cell, false) !== null || parseLocaleNumber(cell, true) !== null || parseSalesDate(cell) !== null);
}

const COMMA_DECIMAL = /^-?\d{1,3}(\.\d{3})*,\d+$|^-?\d+,\d+$/;
const POINT_DECIMAL = /^-?\d{1,3}(,\d{3})*\.\d+$|^-?\d+\.\d+$/;
// "1.500" is 1500 with a decimal comma and 1.5 without; in a semicolon file it leans to the former.
const DOT_GROUPED = /^-?\d{1,3}(\.\d{3})+$/;

function usesDecimalComma(rows: string[][]): boolean {
  let comma = 0;
  let point = 0;
  for (const row of rows) {
    for (const raw of row) {
      const cell = raw.trim();
      if (COMMA_DECIMAL.test(cell) || DOT_GROUPED.test(cell)) comma++;
      else if (POINT_DECIMAL.test(cell)) point++;
    }
  }
  return comma > point;
}

/** Every non-blank row of the file, the header included. */
async function* fileRows(source: FileSource, format: SalesFileFormat): AsyncIterable<SalesRow> {
  for await (const batch of fileRowBatches(source, format)) yield* batch;
}

function fileRowBatches(source: FileSource, format: SalesFileFormat): AsyncIterable<SalesRow[]> {
  return format.kind === "xlsx"
    ? batches(xlsxRows(source, format.sheet ?? null), XLSX_BATCH_ROWS)
    : csvRowBatches(source, format.encoding ?? "utf-8", format.delimiter ?? ",");
}

async function* batches<T>(items: AsyncIterable<T>, size: number): AsyncIterable<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

function isBlank(cells: string[]): boolean {
  return cells.every((cell) => !/\S/.test(cell));
}

/** The file's non-blank rows a decoded chunk at a time: a million rows cost a few hundred awaits, not a million. */
async function* csvRowBatches(source: FileSource, encoding: TextEncoding, delimiter: Delimiter): AsyncIterable<SalesRow[]> {
  const decode = textDecoder(encoding);
  const splitter = new CsvSplitter(delimiter, MAX_LINE_BYTES);
  const input = await source();
  try {
    for await (const chunk of windowed(input as AsyncIterable<Buffer>, READ_CHUNK_BYTES)) yield nonBlankRows(splitter.push(decode(chunk)));
    yield nonBlankRows(splitter.push(decode(), true));
  } catch (error) {
    throw csvProblem(error);
  } finally {
    input.destroy();
  }
}

/**
 * The chunks cut where they cross a multiple of `size`, without copying: a store's stream comes
 * in chunks of any length, and decoding must still stop at the end of the sample.
 */
function* cutAt(chunk: Buffer, offset: number, size: number): Iterable<Buffer> {
  let start = 0;
  while (start < chunk.length) {
    const end = Math.min(chunk.length, start + size - ((offset + start) % size));
    yield chunk.subarray(start, end);
    start = end;
  }
}

async function* windowed(chunks: AsyncIterable<Buffer>, size: number): AsyncIterable<Buffer> {
  let offset = 0;
  for await (const chunk of chunks) {
    yield* cutAt(chunk, offset, size);
    offset += chunk.length;
  }
}

function nonBlankRows(records: CsvRecord[]): SalesRow[] {
  const rows: SalesRow[] = [];
  for (const record of records) if (!isBlank(record.cells)) rows.push({ rowNumber: record.line, cells: record.cells });
  return rows;
}

/** Decodes chunk by chunk, refusing bytes that are not valid in the detected encoding; called without bytes at the end. */
function textDecoder(encoding: TextEncoding): (bytes?: Buffer) => string {
  // The default ignoreBOM: false drops a leading UTF-8 BOM, so the first header cell comes out clean.
  const decoder = new TextDecoder(encoding, { fatal: true });
  let offset = 0;
  return (bytes) => {
    try {
      const text = bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
      offset += bytes?.length ?? 0;
      return text;
    } catch {
      throw new FileReadError({ code: "unreadableEncoding", detail: `bytes that are not ${encoding} after byte ${offset}` });
    }
  };
}

function csvProblem(error: unknown): unknown {
  if (!(error instanceof CsvRecordError)) return error;
  // A record too long is usually a quote that never closes, which swallows the rest of the file into one cell.
  if (error.code === "recordTooLong")
    return new FileReadError({ code: "lineTooLong", detail: `line ${error.line} is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB` });
  return new FileReadError({ code: "unreadable", detail: error.message });
}

/** The rows of one worksheet: the named one, or the first in the file. */
async function* xlsxRows(source: FileSource, sheetName: string | null): AsyncIterable<SalesRow> {
  for await (const sheet of xlsxSheets(source)) {
    if (sheetName !== null && sheet.name !== sheetName && sheet.names.includes(sheetName)) continue;
    yield* sheet.rows;
    return;
  }
}

interface XlsxSheet {
  /** Its place in the file, from 0. */
  index: number;
  name: string;
  /** Every sheet's name in the workbook, in tab order. */
  names: string[];
  rows: AsyncIterable<SalesRow>;
}

/**
 * The worksheets in the order the ZIP holds them (Excel saves them in tab order). A sheet's
 * rows may be left unread: the next sheet is reached by reading past them, as a stream must.
 */
async function* xlsxSheets(source: FileSource): AsyncIterable<XlsxSheet> {
  // Our own stream, so that stopping early (inspection) closes the file; exceljs would leave it open.
  const input = await source();
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: "emit",
    sharedStrings: "cache",
    // Styles tell date cells from number cells.
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  try {
    let index = 0;
    for await (const worksheet of workbook) {
      // One iterator per sheet, so what the consumer left unread is read through here before the next sheet.
      const iterator = (worksheet as AsyncIterable<Row>)[Symbol.asyncIterator]();
      const rows: AsyncIterable<SalesRow> = {
        async *[Symbol.asyncIterator]() {
          for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
            const cells = xlsxCells(next.value);
            if (!isBlank(cells)) yield { rowNumber: next.value.number, cells };
          }
        },
      };
      yield { index: index++, name: sheetName(worksheet), names: sheetNames(workbook, worksheet), rows };
      for (let next = await iterator.next(); !next.done; next = await iterator.next());
    }
    if (index === 0) throw new FileReadError({ code: "unreadable", detail: "the ZIP file holds no worksheet" });
  } catch (error) {
    throw error instanceof FileReadError ? error : new FileReadError({ code: "unreadable", detail: `not a readable XLSX workbook (${messageOf(error)})` });
  } finally {
    input.destroy();
  }
}

// exceljs's stream reader sets these at run time but does not declare them.
type NamedSheet = { name?: string };
type WorkbookModel = { model?: { sheets?: { name?: string }[] } };

function sheetName(worksheet: unknown): string {
  return (worksheet as NamedSheet).name ?? "";
}

/** The workbook's sheet names, which it reads from workbook.xml before the first sheet. */
function sheetNames(workbook: unknown, worksheet: unknown): string[] {
  const names = ((workbook as WorkbookModel).model?.sheets ?? []).map((sheet) => sheet.name ?? "");
  return names.length ? names : [sheetName(worksheet)];
}

function xlsxCells(row: Row): string[] {
  // row.values is 1-based and sparse: index 0 and empty cells are holes.
  const values = row.values as CellValue[];
  return Array.from({ length: Math.max(values.length - 1, 0) }, (_, i) => xlsxCellText(values[i + 1]));
}

function xlsxCellText(value: CellValue): string {
  if (value == null) return "";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  if (typeof value !== "object") return String(value);
  if ("richText" in value) return value.richText.map((part) => part.text ?? "").join("");
  if ("formula" in value || "sharedFormula" in value) return xlsxCellText(value.result ?? null);
  if ("error" in value) return value.error;
  return value.text ?? "";
}

const PLAIN_INTEGER = /^-?[1-9]\d*$/;
const PLAIN_NUMBER = /^-?[1-9]\d*(\.\d+)?$/;
const SPACE_GROUP = "[ \u00A0\u202F]\\d{3}";
const NUMBER_POINT = new RegExp(`^(-?)(\\d{1,3}(?:,\\d{3})+|\\d{1,3}(?:${SPACE_GROUP})+|\\d+)(?:\\.(\\d+))?$`);
const NUMBER_COMMA = new RegExp(`^(-?)(\\d{1,3}(?:\\.\\d{3})+|\\d{1,3}(?:${SPACE_GROUP})+|\\d+)(?:,(\\d+))?$`);

/** "1.234,56" (decimalComma) or "1,234.56" / "1234.56" / "-3" → exact decimal string "1234.56" / "-3"; null when not a number. Never via float. */
export function parseLocaleNumber(text: string, decimalComma: boolean): string | null {
  // Most cells are plain numbers already in normal form ("12", "-3", "1290.00"): nothing to do.
  if ((decimalComma ? PLAIN_INTEGER : PLAIN_NUMBER).test(text)) return text;
  const match = (decimalComma ? NUMBER_COMMA : NUMBER_POINT).exec(text.trim());
  if (!match) return null;
  const [, sign, grouped, fraction] = match;
  const whole = grouped.replace(/\D/g, "").replace(/^0+(?=\d)/, "");
  const zero = /^0+$/.test(whole + (fraction ?? ""));
  return `${zero ? "" : sign}${whole}${fraction === undefined ? "" : `.${fraction}`}`;
}

// An optional time of day (and zone) after the date, as in ISO timestamps and Excel's "2026/10/5 0:00".
const TIME = String.raw`(?:[T ](?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?`;
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})${TIME}$`);
const DAY_FIRST = new RegExp(String.raw`^(\d{1,2})([./])(\d{1,2})\2(\d{4})${TIME}$`);
const CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/;
// Five digits reach 2173; longer numbers are more likely 20261005-style codes than serials.
const EXCEL_SERIAL = /^(\d{1,5})(?:\.\d+)?$/;
const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A transaction date cell → "YYYY-MM-DD", or null. */
export function parseSalesDate(text: string): string | null {
  const cell = text.trim();
  // The common case, an ISO date, without the regular expressions.
  if (cell.length === 10 && cell.charCodeAt(4) === 45 && cell.charCodeAt(7) === 45 && ISO_DATE.test(cell)) {
    return calendarDate(Number(cell.slice(0, 4)), Number(cell.slice(5, 7)), Number(cell.slice(8, 10)));
  }
  // A timestamp keeps the calendar date it was written with: that is the day the distributor means.
  const ymd = YEAR_FIRST.exec(cell);
  if (ymd) return calendarDate(Number(ymd[1]), Number(ymd[3]), Number(ymd[4]));
  const dmy = DAY_FIRST.exec(cell);
  if (dmy) return calendarDate(Number(dmy[4]), Number(dmy[3]), Number(dmy[1]));
  const chinese = CHINESE.exec(cell);
  if (chinese) return calendarDate(Number(chinese[1]), Number(chinese[2]), Number(chinese[3]));
  const serial = EXCEL_SERIAL.exec(cell);
  return serial ? excelSerialDate(Number(serial[1])) : null;
}

function calendarDate(year: number, month: number, day: number): string | null {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  // Before 1000 is outside MariaDB's DATE range, and no sales report's business.
  if (year < 1000 || daysInMonth === undefined || day < 1 || day > daysInMonth) return null;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Excel's 1900 date system, which counts a 29 February 1900 that never was (serial 60, kept for Lotus 1-2-3). */
function excelSerialDate(serial: number): string | null {
  if (serial < 1 || serial === 60) return null;
  const day0 = serial < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return new Date(day0 + serial * DAY_MS).toISOString().slice(0, 10);
}
