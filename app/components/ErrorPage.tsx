import { useT } from "~/lib/i18n-react";

export function ErrorPage({ status, title, text }: { status: number; title: string; text: string }) {
  const t = useT();
  return (
    <main className="error-page">
      <p className="error-status">{status}</p>
      <h1>{title}</h1>
      <p>{text}</p>
      <a className="button" href="/">
        {t("error.goHome")}
      </a>
    </main>
  );
}
