import { negotiateLocale, type Locale } from "./i18n";

export const LOCALE_COOKIE = "portal_lang";

function readCookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

/** The language of this browser's last switch, else the signed-in user's saved choice, else the browser's. */
export function requestLocale(request: Request, userLocale: string | null = null): Locale {
  return negotiateLocale(readCookie(request.headers.get("Cookie"), LOCALE_COOKIE) ?? userLocale ?? undefined, request.headers.get("Accept-Language"));
}

export function localeCookie(locale: Locale): string {
  return `${LOCALE_COOKIE}=${encodeURIComponent(locale)}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
