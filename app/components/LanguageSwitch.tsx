import { Form, useLocation } from "@remix-run/react";
import { useLocale, useT } from "~/lib/i18n-react";

/** Two buttons in a form, so switching language works without JavaScript. */
export function LanguageSwitch({ className = "" }: { className?: string }) {
  const locale = useLocale();
  const t = useT();
  const location = useLocation();
  return (
    <Form method="post" action="/locale" className={`language-switch ${className}`} aria-label={t("nav.language")}>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" name="lang" value="en" aria-pressed={locale === "en"}>
        English
      </button>
      <button type="submit" name="lang" value="zh-CN" aria-pressed={locale === "zh-CN"} lang="zh-CN">
        中文
      </button>
    </Form>
  );
}
