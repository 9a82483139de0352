// CSV out (with protection against formula injection in spreadsheet programs) and CSV in
// (UTF-8 with or without BOM; comma, semicolon or tab, detected from the header line).
import { parse } from "csv-parse/sync";

/** A plain decimal number ("-12.50", a return): a spreadsheet reads it as the number it is, never as a formula. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * A cell that starts like a formula is prefixed with ' so Excel shows it as text; a plain
 * negative number is left alone, so returns stay numbers.
 */
export function csvCell(value: unknown): string {
  if (value == null) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

export function csvResponse(filename: string, body: string): Response {
  return new Response("\uFEFF" + body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "Cache-Control": "no-store",
    },
  });
}

export function detectDelimiter(headerLine: string): string {
  const counts = [",", ";", "\t"].map((d) => [d, headerLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ",";
}

/** Parses a small CSV text into rows of cells, the header row first. */
export function parseCsvRows(text: string): string[][] {
  const clean = text.replace(/^\uFEFF/, "");
  const firstLine = clean.split(/\r?\n/, 1)[0] ?? "";
  return parse(clean, { delimiter: detectDelimiter(firstLine), relax_column_count: true, skip_empty_lines: true, trim: true });
}

/** A CSV whose columns the user maps next: its header and records, or why it cannot be used (a message key). */
export function readCsvTable(text: string): { header: string[]; records: string[][] } | { error: string } {
  let rows: string[][];
  try {
    rows = parseCsvRows(text);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  if (rows.length < 2) return { error: "errors.importEmpty" };
  const [header, ...records] = rows;
  return { header, records };
}

/** Parses a small CSV text into records keyed by lower-cased header. */
export function parseCsvRecords(text: string): { header: string[]; records: Record<string, string>[] } {
  const rows = parseCsvRows(text);
  if (rows.length === 0) return { header: [], records: [] };
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const records = rows.slice(1).map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ""])));
  return { header, records };
}

/**
 * The CSV of an all-or-nothing import, read and checked as a whole before its rows: the
 * records, or why the file cannot be used at all (unreadable, no rows, columns missing), as a
 * message key the import screens show.
 */
export function readImportCsv(
  text: string,
  requiredColumns: readonly string[],
): { ok: true; header: string[]; records: Record<string, string>[] } | { ok: false; fileError: string } {
  let parsed;
  try {
    parsed = parseCsvRecords(text);
  } catch (error) {
    return { ok: false, fileError: error instanceof Error ? error.message : String(error) };
  }
  if (parsed.records.length === 0) return { ok: false, fileError: "errors.importEmpty" };
  const missing = requiredColumns.filter((c) => !parsed.header.includes(c));
  if (missing.length) return { ok: false, fileError: `errors.importColumns:${missing.join(", ")}` };
  return { ok: true, ...parsed };
}
