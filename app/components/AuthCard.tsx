import { useT } from "~/lib/i18n-react";
import { LanguageSwitch } from "./LanguageSwitch";
import type { ReactNode } from "react";

/** The frame of the signed-out pages: sign-in, password reset, invitation, the partner application (wide). */
export function AuthCard({ title, intro, wide = false, children }: { title: string; intro?: ReactNode; wide?: boolean; children: ReactNode }) {
  const t = useT();
  return (
    <main className="auth-page">
      <div className={wide ? "auth-card auth-card-wide" : "auth-card"}>
        <div className="auth-brand">
          <img src="/favicon.svg" alt="" width={36} height={36} />
          <span>{t("app.vendor")}</span>
        </div>
        <h1>{title}</h1>
        {intro && <p className="auth-intro">{intro}</p>}
        {children}
        <LanguageSwitch className="auth-language" />
      </div>
    </main>
  );
}
