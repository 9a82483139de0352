// Dates, numbers and money for the reader's locale and time zone, with Intl. Money arrives as
// an exact decimal string and is formatted from the string, so no float ever touches it.
import type { Locale } from "./i18n";

// Building an Intl formatter costs far more than using one, and a list page formats hundreds
// of cells, so each kind of formatter is built once per locale, time zone and currency.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => F): F {
  let formatter = formatters.get(key) as F | undefined;
  if (!formatter) formatters.set(key, (formatter = make()));
  return formatter;
}

function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

export function formatDateTime(value: Date | string | null | undefined, locale: Locale, timeZone = "UTC"): string {
  if (value == null) return "";
  return cached(`dt|${locale}|${timeZone}`, () => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone })).format(toDate(value));
}

export function formatDate(value: Date | string | null | undefined, locale: Locale, timeZone = "UTC"): string {
  if (value == null) return "";
  return cached(`d|${locale}|${timeZone}`, () => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone })).format(toDate(value));
}

export function formatNumber(value: number | string, locale: Locale): string {
  // Intl.NumberFormat formats numeric strings exactly (ECMA-402 v3).
  return cached(`n|${locale}`, () => new Intl.NumberFormat(locale)).format(value as unknown as number);
}

export function formatMoney(amount: string, currency: string, locale: Locale): string {
  return cached(`m|${locale}|${currency}`, () => new Intl.NumberFormat(locale, { style: "currency", currency })).format(amount as unknown as number);
}

export function formatPercent(value: string | number, locale: Locale): string {
  return cached(`p|${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })).format(value as unknown as number) + "%";
}
