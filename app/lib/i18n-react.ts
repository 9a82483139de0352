import { useCallback } from "react";
import { useRouteLoaderData } from "@remix-run/react";
import { translate, translateMessage, type Locale, type MessageKey, type Params } from "./i18n";

interface RootData {
  locale: Locale;
  timeZone: string;
}

export function useLocale(): Locale {
  return useRouteLoaderData<RootData>("root")?.locale ?? "en";
}

export function useTimeZone(): string {
  return useRouteLoaderData<RootData>("root")?.timeZone ?? "UTC";
}

export function useT() {
  const locale = useLocale();
  return useCallback((key: MessageKey, params?: Params) => translate(locale, key, params), [locale]);
}

/** For messages that may be keys or plain text (field errors, say). */
export function useMessage() {
  const locale = useLocale();
  return useCallback((message: string, params?: Params) => translateMessage(locale, message, params), [locale]);
}
