import type { ReactNode } from "react";
import { Form, useLocation } from "@remix-run/react";
import { useLocale, useT } from "~/lib/i18n-react";

/** The frame of the signed-out pages: sign-in, password reset, invitation. */
export function AuthCard({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="auth-brand">
          <img src="/favicon.svg" alt="" width={36} height={36} />
          <span>{t("app.vendor")}</span>
        </div>
        <h1>{title}</h1>
        {intro && <p className="auth-intro">{intro}</p>}
        {children}
        <Form method="post" action="/locale" className="language-switch auth-language">
          <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
          <button type="submit" name="lang" value="en" aria-pressed={locale === "en"}>
            English
          </button>
          <button type="submit" name="lang" value="zh-CN" aria-pressed={locale === "zh-CN"}>
            中文
          </button>
        </Form>
      </div>
    </main>
  );
}
