// Every UI string goes through translate(); catalogs are flat key → text maps. The English
// catalog defines the keys, so a key missing from another catalog is a type error.
import { en, type MessageKey } from "~/locales/en";
import { zhCN } from "~/locales/zh-CN";

export const LOCALES = ["en", "zh-CN"] as const;
export type Locale = (typeof LOCALES)[number];
export type { MessageKey };

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, "zh-CN": zhCN };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function isMessageKey(value: string): value is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, value);
}

export type Params = Record<string, string | number>;

const pluralRules = new Map<Locale, Intl.PluralRules>();

/** "one" or "other" for the number as the language counts it; languages without plurals always say "other". */
function pluralOf(locale: Locale, value: string | number): "one" | "other" {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules.select(Number(value)) === "one" ? "one" : "other";
}

/**
 * Fills `{name}` with the parameter and `{name|one|other}` with the word form that the
 * parameter's number takes ("{count} {count|deal|deals}": "1 deal", "3 deals").
 */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template = catalogs[locale][key] ?? en[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)(?:\|([^|}]*)\|([^|}]*))?\}/g, (whole, name: string, one?: string, other?: string) => {
    if (!(name in params)) return whole;
    if (one === undefined || other === undefined) return String(params[name]);
    return pluralOf(locale, params[name]) === "one" ? one : other;
  });
}

/** Error messages travel as keys; text that is not a key (a database message, say) is shown as is. */
export function translateMessage(locale: Locale, message: string, params?: Params): string {
  return isMessageKey(message) ? translate(locale, message, params) : message;
}

/** Picks a locale from a cookie value, then Accept-Language; English otherwise. */
export function negotiateLocale(cookieValue: string | undefined, acceptLanguage: string | null): Locale {
  if (isLocale(cookieValue)) return cookieValue;
  const wanted = (acceptLanguage ?? "")
    .split(",")
    .map((part) => part.split(";")[0].trim().toLowerCase())
    .filter(Boolean);
  for (const tag of wanted) {
    if (tag.startsWith("zh")) return "zh-CN";
    if (tag.startsWith("en")) return "en";
  }
  return "en";
}
