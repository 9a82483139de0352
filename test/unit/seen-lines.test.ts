// The memory of a file's invoice and line numbers: exact (a repeat is found, nothing else is
// taken for one) however many lines, whatever characters, and across its own growth.
import { describe, expect, it } from "vitest";
import { SeenLines } from "~/modules/sell-through/seen-lines";

describe("SeenLines", () => {
  it("says a line is new once and a repeat every time after", () => {
    const seen = new SeenLines();
    expect(seen.add("INV-1", "1")).toBe(true);
    expect(seen.add("INV-1", "2")).toBe(true);
    expect(seen.add("INV-1", "1")).toBe(false);
    expect(seen.add("INV-1", "1")).toBe(false);
    expect(seen.size).toBe(2);
  });

  it("keeps where the invoice number ends apart from where the line number starts", () => {
    const seen = new SeenLines();
    expect(seen.add("INV-1", "12")).toBe(true);
    expect(seen.add("INV-11", "2")).toBe(true);
    expect(seen.add("", "INV-112")).toBe(true);
    expect(seen.add("INV-112", "")).toBe(true);
    expect(seen.size).toBe(4);
  });

  it("tells apart characters beyond one byte, and those that share their low byte", () => {
    const seen = new SeenLines();
    expect(seen.add("发票-1", "1")).toBe(true);
    expect(seen.add("发票-1", "1")).toBe(false);
    // U+0141 and U+0041 share their low byte; Latin-1 and the same text written wide differ.
    expect(seen.add("\u0141", "1")).toBe(true);
    expect(seen.add("A", "1")).toBe(true);
    expect(seen.add("é", "1")).toBe(true);
    expect(seen.add("é", "1")).toBe(false);
    // The longest numbers a row may hold: 64 and 32 characters, wide.
    expect(seen.add("发".repeat(64), "票".repeat(32))).toBe(true);
    expect(seen.add("发".repeat(64), "票".repeat(32))).toBe(false);
    expect(seen.add("发".repeat(63), "发" + "票".repeat(32))).toBe(true);
  });

  it("refuses numbers longer than a row may hold rather than remember them wrongly", () => {
    expect(() => new SeenLines().add("x".repeat(300), "1")).toThrow(/too long/);
  });

  it("finds every repeat among 300,000 lines while it grows, and takes nothing new for one", () => {
    const seen = new SeenLines();
    let repeatsFound = 0;
    for (let i = 0; i < 300_000; i++) {
      expect(seen.add(`R${i >> 2}`, String(i & 3))).toBe(true);
      if (i % 7 === 0 && !seen.add(`R${((i * 31) % (i + 1)) >> 2}`, String(((i * 31) % (i + 1)) & 3))) repeatsFound++;
    }
    expect(repeatsFound).toBe(Math.floor(299_999 / 7) + 1);
    expect(seen.size).toBe(300_000);
  });
});
