// The invoice and line numbers a file has shown so far, to reject a line it repeats. A file of
// five million lines has five million of them: as a Set of strings they took about 120 bytes
// each (a string, a hash-table entry, and the table doubling as it grew), over 600 MB, more than
// the whole import may use. Here each is its bytes in pages of one megabyte (about 16 bytes for
// an invoice number of ten characters) and a slot of 4 bytes in an open-addressing table kept
// at most three quarters full: about 25 bytes a line, still exact (keys are compared byte by
// byte), and nothing is copied as it grows but the table of slots.

const PAGE_BYTES = 1 << 20;
/** Longer than any key: an invoice number of 64 characters and a line number of 32, two bytes each, and the head. */
const MAX_KEY_BYTES = 255;
const FIRST_SLOTS = 1 << 10;

export class SeenLines {
  private readonly pages: Uint8Array[] = [new Uint8Array(PAGE_BYTES)];
  /** Bytes used in the last page. */
  private used = 0;
  /** Where each key starts, + 1 (0: an empty slot): its page times PAGE_BYTES plus its place there. */
  private slots = new Uint32Array(FIRST_SLOTS);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** True when this invoice and line are new (and now remembered), false when they were seen before. */
  add(invoiceNo: string, lineNo: string): boolean {
    if (this.used + MAX_KEY_BYTES > PAGE_BYTES) {
      this.pages.push(new Uint8Array(PAGE_BYTES));
      this.used = 0;
    }
    const page = this.pages[this.pages.length - 1];
    const start = this.used;
    const end = encode(page, start, invoiceNo, lineNo);
    const mask = this.slots.length - 1;
    for (let slot = fnv1a(page, start, end) & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot];
      if (held === 0) {
        this.slots[slot] = (this.pages.length - 1) * PAGE_BYTES + start + 1;
        this.used = end;
        if (++this.count * 4 > this.slots.length * 3) this.rehash();
        return true;
      }
      if (this.equals(held - 1, page, start, end)) return false;
    }
  }

  private equals(at: number, page: Uint8Array, start: number, end: number): boolean {
    const heldPage = this.pages[Math.floor(at / PAGE_BYTES)];
    const from = at % PAGE_BYTES;
    if (heldPage[from] !== page[start]) return false;
    for (let i = 1; i < end - start; i++) if (heldPage[from + i] !== page[start + i]) return false;
    return true;
  }

  private rehash(): void {
    const slots = new Uint32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (const held of this.slots) {
      if (held === 0) continue;
      const page = this.pages[Math.floor((held - 1) / PAGE_BYTES)];
      const from = (held - 1) % PAGE_BYTES;
      let slot = fnv1a(page, from, from + page[from]) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = held;
    }
    this.slots = slots;
  }
}

/**
 * The key's bytes at `start`, and where they end: its length in bytes, one byte telling how the
 * characters are stored, the invoice number's length, then both numbers, one byte a character
 * when every character fits (the usual case), two otherwise. The width and the invoice number's
 * length make the encoding one-to-one; the first byte lets a key be compared and hashed again.
 */
function encode(page: Uint8Array, start: number, invoiceNo: string, lineNo: string): number {
  const wide = needsTwoBytes(invoiceNo) || needsTwoBytes(lineNo);
  let at = start + 1;
  page[at++] = wide ? 2 : 1;
  page[at++] = invoiceNo.length;
  at = writeChars(page, at, invoiceNo, wide);
  at = writeChars(page, at, lineNo, wide);
  if (at - start > MAX_KEY_BYTES || invoiceNo.length > 0xff)
    throw new Error(`an invoice and line number too long to remember (${invoiceNo.length} and ${lineNo.length} characters)`);
  page[start] = at - start;
  return at;
}

function needsTwoBytes(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return true;
  return false;
}

function writeChars(page: Uint8Array, at: number, text: string, wide: boolean): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (wide) page[at++] = code >>> 8;
    page[at++] = code & 0xff;
  }
  return at;
}

/** 32-bit FNV-1a: quick on short keys, and spreads the invoice numbers' common prefixes. */
function fnv1a(bytes: Uint8Array, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  return hash >>> 0;
}
