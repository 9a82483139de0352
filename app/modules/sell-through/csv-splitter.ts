// Splits CSV text, fed in chunks as it is decoded, into records with the line each starts on.
// A million-line report is mostly lines without a quote, so those are cut with indexOf and
// split; only a line holding a quote goes through the character-by-character reader. Quoting
// follows RFC 4180 and forgives what Excel users write: a quote inside an unquoted cell (12"
// monitor) is a character, and text after a closing quote stays in the cell. Records end at
// \r\n, \n or \r, mixed in one file as happens when files are concatenated.

export interface CsvRecord {
  /** The physical line the record starts on, counting from 1. */
  line: number;
  cells: string[];
}

export class CsvRecordError extends Error {
  constructor(
    readonly code: "recordTooLong" | "quoteNotClosed",
    readonly line: number,
  ) {
    super(code === "recordTooLong" ? `line ${line} is too long` : `a quoted cell that starts on line ${line} never closes`);
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

export class CsvSplitter {
  private carry = "";
  private line = 1;
  private readonly delimiterCode: number;

  constructor(
    private readonly delimiter: string,
    private readonly maxRecordChars: number,
  ) {
    this.delimiterCode = delimiter.charCodeAt(0);
  }

  /** The records completed by this chunk; `final` for the last one (it may be ""). */
  push(chunk: string, final = false): CsvRecord[] {
    const text = this.carry ? this.carry + chunk : chunk;
    const records: CsvRecord[] = [];
    const end = text.length;
    let pos = 0;
    // Where the next quote, \n and \r are at or after pos (end when there is none), found once each and reused.
    let nextQuote = -1;
    let nextLf = -1;
    let nextCr = -1;
    while (pos < end) {
      if (nextQuote < pos) nextQuote = indexOrEnd(text, '"', pos);
      if (nextLf < pos) nextLf = indexOrEnd(text, "\n", pos);
      if (nextCr < pos) nextCr = indexOrEnd(text, "\r", pos);
      const lineEnd = nextLf < nextCr ? nextLf : nextCr;
      if (nextQuote < lineEnd) {
        const quoted = this.quotedRecord(text, pos, final);
        if (!quoted) break;
        records.push({ line: this.line, cells: quoted.cells });
        this.line += quoted.lines;
        pos = quoted.next;
        continue;
      }
      if (lineEnd === end && !final) break;
      if (lineEnd - pos > this.maxRecordChars) throw new CsvRecordError("recordTooLong", this.line);
      // A \r at the very end may be the first half of \r\n: wait for the next chunk.
      if (lineEnd === end - 1 && text.charCodeAt(lineEnd) === CR && !final) break;
      records.push({ line: this.line, cells: text.slice(pos, lineEnd).split(this.delimiter) });
      this.line++;
      pos = lineEnd + lineBreakLength(text, lineEnd);
    }
    this.carry = text.slice(pos);
    if (this.carry.length > this.maxRecordChars) throw new CsvRecordError("recordTooLong", this.line);
    return records;
  }

  /**
   * The record starting at `start` read character by character, with the position after it and
   * how many lines it spans; null when the text ends before the record does (and more follows).
   */
  private quotedRecord(text: string, start: number, final: boolean): { cells: string[]; next: number; lines: number } | null {
    const cells: string[] = [];
    let cell = "";
    let lines = 1;
    let pos = start;
    let cellStart = true;
    let quoting = false;
    const end = text.length;
    while (pos < end) {
      if (pos - start > this.maxRecordChars) throw new CsvRecordError("recordTooLong", this.line);
      const code = text.charCodeAt(pos);
      if (quoting) {
        if (code === QUOTE) {
          if (pos + 1 >= end && !final) return null;
          if (text.charCodeAt(pos + 1) === QUOTE) {
            cell += '"';
            pos += 2;
          } else {
            quoting = false;
            pos++;
          }
          continue;
        }
        if (code === CR || code === LF) {
          if (code === CR && pos + 1 >= end && !final) return null;
          const length = lineBreakLength(text, pos);
          cell += text.slice(pos, pos + length);
          lines++;
          pos += length;
          continue;
        }
        cell += text[pos++];
        continue;
      }
      if (code === this.delimiterCode) {
        cells.push(cell);
        cell = "";
        cellStart = true;
        pos++;
        continue;
      }
      if (code === CR || code === LF) {
        if (code === CR && pos + 1 >= end && !final) return null;
        cells.push(cell);
        return { cells, next: pos + lineBreakLength(text, pos), lines };
      }
      if (code === QUOTE && cellStart) {
        quoting = true;
        cellStart = false;
        pos++;
        continue;
      }
      cellStart = false;
      cell += text[pos++];
    }
    if (!final) return null;
    if (quoting) throw new CsvRecordError("quoteNotClosed", this.line);
    cells.push(cell);
    return { cells, next: end, lines };
  }
}

function indexOrEnd(text: string, search: string, from: number): number {
  const at = text.indexOf(search, from);
  return at === -1 ? text.length : at;
}

function lineBreakLength(text: string, at: number): number {
  return text.charCodeAt(at) === CR && text.charCodeAt(at + 1) === LF ? 2 : 1;
}
