import { negotiateLocale, type Locale } from "./i18n";

export const LOCALE_COOKIE = "portal_lang";

function readCookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

export function requestLocale(request: Request): Locale {
  return negotiateLocale(readCookie(request.headers.get("Cookie"), LOCALE_COOKIE), request.headers.get("Accept-Language"));
}

export function localeCookie(locale: Locale): string {
  return `${LOCALE_COOKIE}=${encodeURIComponent(locale)}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
