// Regions and product lines carry an English name and, optionally, a Simplified Chinese one.
// Every screen names them through referenceName, so a Chinese screen shows the Chinese name
// where the admin entered one and the English name otherwise. CSV exports keep the English
// name, so a file reads the same whoever downloads it.
import type { Locale } from "./i18n";

export interface ReferenceNames<Name extends string | null = string> {
  name: Name;
  name_zh?: string | null;
}

export function referenceName(locale: Locale, names: ReferenceNames): string;
export function referenceName(locale: Locale, names: ReferenceNames<string | null>): string | null;
export function referenceName(locale: Locale, names: ReferenceNames<string | null>): string | null {
  if (locale === "zh-CN" && names.name_zh?.trim()) return names.name_zh;
  return names.name;
}
