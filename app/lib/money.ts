// Exact decimal money: amounts are strings in SQL DECIMAL(18,2) form and arithmetic is done in
// integer cents with BigInt. Nothing here goes through a float.
const DECIMAL = /^-?\d{1,16}(\.\d{1,2})?$/;

/** Normalises user input ("1,234.5", " 12 ") to "1234.50"; returns null when it is not an amount. */
export function parseAmount(input: string): string | null {
  const cleaned = input.trim().replace(/[\s,]/g, "");
  if (!DECIMAL.test(cleaned)) return null;
  return fromCents(toCents(cleaned));
}

export function toCents(amount: string): bigint {
  if (!DECIMAL.test(amount)) throw new Error(`Not a decimal amount: ${amount}`);
  const negative = amount.startsWith("-");
  const [whole, fraction = ""] = amount.replace("-", "").split(".");
  const cents = BigInt(whole) * 100n + BigInt((fraction + "00").slice(0, 2));
  return negative ? -cents : cents;
}

export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = abs / 100n;
  const fraction = (abs % 100n).toString().padStart(2, "0");
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

export function addAmounts(...amounts: string[]): string {
  return fromCents(amounts.reduce((sum, a) => sum + toCents(a), 0n));
}

export function compareAmounts(a: string, b: string): number {
  const diff = toCents(a) - toCents(b);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

/** ISO 4217 codes the catalogue accepts. */
export const CURRENCIES = [
  "USD",
  "EUR",
  "GBP",
  "CNY",
  "JPY",
  "AUD",
  "CAD",
  "CHF",
  "SGD",
  "HKD",
  "INR",
  "BRL",
  "MXN",
  "KRW",
  "SEK",
  "NOK",
  "DKK",
  "PLN",
  "ZAR",
  "NZD",
] as const;
export type Currency = (typeof CURRENCIES)[number];

// The currency a country pays in, for the currencies above: where a partner's deals start.
const EURO_COUNTRIES = ["AT", "BE", "CY", "DE", "EE", "ES", "FI", "FR", "GR", "HR", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PT", "SI", "SK"];
const COUNTRY_CURRENCY: Record<string, Currency> = {
  ...Object.fromEntries(EURO_COUNTRIES.map((country) => [country, "EUR" as const])),
  US: "USD",
  GB: "GBP",
  CN: "CNY",
  JP: "JPY",
  AU: "AUD",
  CA: "CAD",
  CH: "CHF",
  LI: "CHF",
  SG: "SGD",
  HK: "HKD",
  IN: "INR",
  BR: "BRL",
  MX: "MXN",
  KR: "KRW",
  SE: "SEK",
  NO: "NOK",
  DK: "DKK",
  PL: "PLN",
  ZA: "ZAR",
  NZ: "NZD",
};

/** The currency of a country (ISO 3166 alpha-2), or null when the catalogue has none for it. */
export function currencyOfCountry(country: string): Currency | null {
  return COUNTRY_CURRENCY[country.trim().toUpperCase()] ?? null;
}

// An exchange rate has up to eight decimals: "1.08450000" is 108450000 hundred-millionths.
export function rateUnits(rate: string): bigint {
  const [whole, fraction = ""] = rate.split(".");
  return BigInt(whole) * 100000000n + BigInt((fraction + "00000000").slice(0, 8));
}

export function isCurrency(value: string): value is Currency {
  return (CURRENCIES as readonly string[]).includes(value);
}

export function multiplyAmount(amount: string, quantity: number): string {
  if (!Number.isSafeInteger(quantity)) throw new Error(`Not a whole quantity: ${quantity}`);
  // A sales report multiplies a million prices: in plain numbers while every integer involved
  // is exact (below 2^53), which covers any real price and quantity; in BigInt beyond.
  const cents = safeCents(amount);
  if (cents !== null) {
    const product = cents * quantity;
    if (Number.isSafeInteger(product)) return formatCents(product);
  }
  return fromCents(toCents(amount) * BigInt(quantity));
}

/** The amount's cents as a number when that is exact; null when it is not (or not an amount). */
export function safeCents(amount: string): number | null {
  if (!DECIMAL.test(amount)) return null;
  const dot = amount.indexOf(".");
  const cents = Number(dot === -1 ? `${amount}00` : amount.slice(0, dot) + `${amount.slice(dot + 1)}0`.slice(0, 2));
  return Number.isSafeInteger(cents) ? cents : null;
}

/** Whole cents (a safe integer) as "1234.50". */
export function formatCents(cents: number): string {
  const abs = Math.abs(cents);
  const fraction = abs % 100;
  return `${cents < 0 ? "-" : ""}${(abs - fraction) / 100}.${fraction < 10 ? "0" : ""}${fraction}`;
}

/** The amount less a percentage ("15.00"), rounded half up to the cent. */
export function discountAmount(amount: string, pct: string): string {
  const keep = 10000n - toCents(pct); // percent in hundredths: 15.00% → 1500
  const scaled = toCents(amount) * keep;
  const cents = (scaled >= 0n ? scaled + 5000n : scaled - 5000n) / 10000n;
  return fromCents(cents);
}

/** A percentage ("50.00") of an amount, rounded half up to the cent. */
export function percentOf(amount: string, pct: string): string {
  const scaled = toCents(amount) * toCents(pct);
  const cents = (scaled >= 0n ? scaled + 5000n : scaled - 5000n) / 10000n;
  return fromCents(cents);
}

export function minAmount(a: string, b: string): string {
  return compareAmounts(a, b) <= 0 ? a : b;
}

/** n / d for a positive d, rounded half away from zero. */
function divideRounded(n: bigint, d: bigint): bigint {
  return n >= 0n ? (2n * n + d) / (2n * d) : -((2n * -n + d) / (2n * d));
}

/** What share of `whole` `part` is, in percent with one decimal ("87.5"); null when `whole` is zero. */
export function percentage(part: string, whole: string): string | null {
  const w = toCents(whole);
  if (w === 0n) return null;
  const tenths = divideRounded(toCents(part) * 1000n * (w < 0n ? -1n : 1n), w < 0n ? -w : w);
  const abs = tenths < 0n ? -tenths : tenths;
  return `${tenths < 0n ? "-" : ""}${abs / 10n}.${abs % 10n}`;
}

/** The amount × numerator / denominator (whole numbers, denominator positive), rounded half away from zero to the cent. */
export function prorateAmount(amount: string, numerator: number, denominator: number): string {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0)
    throw new Error(`Not a proportion: ${numerator}/${denominator}`);
  return fromCents(divideRounded(toCents(amount) * BigInt(numerator), BigInt(denominator)));
}
