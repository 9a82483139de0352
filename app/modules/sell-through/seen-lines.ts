// The invoice and line numbers a file has shown so far, to reject a line it repeats. A file of
// five million lines has five million of them: as a Set of strings they took about 120 bytes
// each (a string, a hash-table entry, and the table doubling as it grew), over 600 MB, more than
// the whole import may use. Here they are bytes in one growing buffer and entry numbers in an
// open-addressing table of typed arrays: about 30 bytes a line, still exact (equal hashes are
// compared byte by byte).

/** Entry numbers + 1 by hash (0: empty); kept at most half full so probes stay short. */
const FIRST_SLOTS = 1 << 10;
const FIRST_BYTES = 1 << 14;

export class SeenLines {
  private bytes = new Uint8Array(FIRST_BYTES);
  private used = 0;
  /** Where entry i's bytes start; entry i ends where entry i + 1 starts (or at `used`). */
  private starts = new Uint32Array(FIRST_SLOTS / 2);
  private hashes = new Uint32Array(FIRST_SLOTS / 2);
  private slots = new Int32Array(FIRST_SLOTS);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** True when this invoice and line are new (and now remembered), false when they were seen before. */
  add(invoiceNo: string, lineNo: string): boolean {
    const start = this.used;
    this.encode(invoiceNo, lineNo);
    const end = this.used;
    const hash = fnv1a(this.bytes, start, end);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot] - 1;
      if (entry < 0) {
        this.remember(slot, start, hash);
        return true;
      }
      if (this.hashes[entry] === hash && this.sameBytes(entry, start, end)) {
        this.used = start;
        return false;
      }
    }
  }

  /**
   * The key's bytes at `used`: one byte telling how the characters are stored, the invoice
   * number's length (7 bits a byte), then both numbers, one byte a character when every character
   * fits (the usual case), two otherwise. The width and the length make the encoding one-to-one.
   */
  private encode(invoiceNo: string, lineNo: string): void {
    const wide = needsTwoBytes(invoiceNo) || needsTwoBytes(lineNo);
    const width = wide ? 2 : 1;
    this.reserve(6 + (invoiceNo.length + lineNo.length) * width);
    const bytes = this.bytes;
    let at = this.used;
    bytes[at++] = width;
    let length = invoiceNo.length;
    while (length >= 0x80) {
      bytes[at++] = (length & 0x7f) | 0x80;
      length >>>= 7;
    }
    bytes[at++] = length;
    at = writeChars(bytes, at, invoiceNo, wide);
    this.used = writeChars(bytes, at, lineNo, wide);
  }

  private sameBytes(entry: number, start: number, end: number): boolean {
    const from = this.starts[entry];
    const to = entry + 1 < this.count ? this.starts[entry + 1] : start;
    if (to - from !== end - start) return false;
    const bytes = this.bytes;
    for (let i = 0; i < end - start; i++) if (bytes[from + i] !== bytes[start + i]) return false;
    return true;
  }

  private remember(slot: number, start: number, hash: number): void {
    if (this.count === this.starts.length) {
      this.starts = grown(this.starts, this.starts.length * 2);
      this.hashes = grown(this.hashes, this.hashes.length * 2);
    }
    this.starts[this.count] = start;
    this.hashes[this.count] = hash;
    this.slots[slot] = ++this.count;
    if (this.count * 2 > this.slots.length) this.rehash();
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = this.hashes[entry] & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }

  private reserve(more: number): void {
    if (this.used + more <= this.bytes.length) return;
    this.bytes = grown(this.bytes, Math.max(this.bytes.length * 2, this.used + more));
  }
}

function needsTwoBytes(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return true;
  return false;
}

function writeChars(bytes: Uint8Array, at: number, text: string, wide: boolean): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (wide) bytes[at++] = code >>> 8;
    bytes[at++] = code & 0xff;
  }
  return at;
}

/** 32-bit FNV-1a: quick on short keys, and spreads the invoice numbers' common prefixes. */
function fnv1a(bytes: Uint8Array, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  return hash >>> 0;
}

function grown<T extends Uint8Array | Uint32Array>(array: T, length: number): T {
  const copy = new (array.constructor as new (length: number) => T)(length);
  copy.set(array);
  return copy;
}
