// Dates, numbers and money for the reader's locale and time zone, with Intl. Money arrives as
// an exact decimal string and is formatted from the string, so no float ever touches it.
import type { Locale } from "./i18n";

export function formatDateTime(value: Date | string | null | undefined, locale: Locale, timeZone = "UTC"): string {
  if (value == null) return "";
  const date = value instanceof Date ? value : new Date(value);
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
}

export function formatDate(value: Date | string | null | undefined, locale: Locale, timeZone = "UTC"): string {
  if (value == null) return "";
  const date = value instanceof Date ? value : new Date(value);
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone }).format(date);
}

export function formatNumber(value: number | string, locale: Locale): string {
  // Intl.NumberFormat formats numeric strings exactly (ECMA-402 v3).
  return new Intl.NumberFormat(locale).format(value as unknown as number);
}

export function formatMoney(amount: string, currency: string, locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(amount as unknown as number);
}

export function formatPercent(value: string | number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value as unknown as number) + "%";
}
