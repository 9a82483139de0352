import { describe, expect, it } from "vitest";
import { addAmounts, compareAmounts, formatCents, fromCents, multiplyAmount, parseAmount, percentage, prorateAmount, toCents } from "~/lib/money";

describe("exact money", () => {
  it("adds without float error", () => {
    expect(addAmounts("0.10", "0.20")).toBe("0.30");
    expect(addAmounts("9999999999999999.99", "-0.99")).toBe("9999999999999999.00");
    expect(addAmounts(...Array(1000).fill("0.01"))).toBe("10.00");
  });

  it("normalises what people type and refuses what is not an amount", () => {
    expect(parseAmount(" 1,234.5 ")).toBe("1234.50");
    expect(parseAmount("12")).toBe("12.00");
    expect(parseAmount("-3.07")).toBe("-3.07");
    expect(parseAmount("1.234")).toBeNull();
    expect(parseAmount("abc")).toBeNull();
    expect(parseAmount("1e3")).toBeNull();
    expect(parseAmount("")).toBeNull();
  });

  it("converts to and from cents", () => {
    expect(toCents("-0.05")).toBe(-5n);
    expect(fromCents(-5n)).toBe("-0.05");
    expect(fromCents(123456789n)).toBe("1234567.89");
    // Whole cents held as a number read the same as held as a BigInt.
    for (const cents of [0, 5, -5, 150, -150, 100, -100, 123456789, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]) {
      expect(formatCents(cents)).toBe(fromCents(BigInt(cents)));
    }
  });

  it("compares", () => {
    expect(compareAmounts("10.00", "9.99")).toBe(1);
    expect(compareAmounts("-1.00", "0.00")).toBe(-1);
    expect(compareAmounts("5.50", "5.5")).toBe(0);
  });

  it("multiplies a price by a quantity exactly, however large", () => {
    expect(multiplyAmount("0.10", 3)).toBe("0.30");
    expect(multiplyAmount("1234.5", -2)).toBe("-2469.00");
    expect(multiplyAmount("0.07", 1)).toBe("0.07");
    expect(multiplyAmount("19.99", 0)).toBe("0.00");
    // Past 2^53 cents plain numbers would round; the result must still be exact to the cent.
    expect(multiplyAmount("9999999999999999.99", 1)).toBe("9999999999999999.99");
    expect(multiplyAmount("90071992547409.93", 3)).toBe("270215977642229.79");
    expect(multiplyAmount("1000000.01", 1_000_000_000)).toBe("1000000010000000.00");
    for (const [price, quantity] of [
      ["12.34", 7],
      ["0.01", 999_999_999],
      ["48500.00", -3],
      ["1.05", 100_000_001],
    ] as const) {
      expect(multiplyAmount(price, quantity), `${price} × ${quantity}`).toBe(fromCents(toCents(price) * BigInt(quantity)));
    }
  });

  it("gives a share in percent with one decimal, rounded half away from zero", () => {
    expect(percentage("11100.00", "30000.00")).toBe("37.0");
    expect(percentage("1.00", "3.00")).toBe("33.3");
    expect(percentage("2.00", "3.00")).toBe("66.7");
    expect(percentage("0.01", "800.00")).toBe("0.0");
    expect(percentage("-1.00", "8.00")).toBe("-12.5");
    expect(percentage("5.00", "0.00")).toBeNull();
  });

  it("prorates an amount exactly to the cent", () => {
    expect(prorateAmount("11100.00", 90, 45)).toBe("22200.00");
    expect(prorateAmount("100.00", 92, 3)).toBe("3066.67");
    expect(prorateAmount("-100.00", 92, 3)).toBe("-3066.67");
    expect(() => prorateAmount("1.00", 1, 0)).toThrow();
  });
});
