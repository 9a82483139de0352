// A sell-through month far outside the distributor's normal range: the question asked before
// it is committed, and the flag shown on it afterwards (to the vendor above all).
import { Form } from "@remix-run/react";
import { useLocale, useT } from "~/lib/i18n-react";
import { formatDateTime, formatMoney, formatNumber } from "~/lib/format";

interface Figures {
  measure: string;
  currency: string | null;
  value: string;
  median: string;
}

function useFigures() {
  const t = useT();
  const locale = useLocale();
  return (f: Figures) => {
    const shown = (v: string) => (f.measure === "units" ? formatNumber(v, locale) : formatMoney(v, f.currency ?? "", locale));
    return t("sellThrough.unusual.figures", {
      what: f.measure === "units" ? t("sellThrough.unusual.units") : t("sellThrough.unusual.amount", { currency: f.currency ?? "" }),
      value: shown(f.value),
      median: shown(f.median),
    });
  };
}

/** "Is this right?": the figures, and a commit that says yes. */
export function UnusualMonthQuestion({ figures: asked, commitLabel }: { figures: Figures; commitLabel: string }) {
  const t = useT();
  const figures = useFigures();
  return (
    <div className="alert alert-error" role="alert" data-testid="unusual-question">
      <p>
        <strong>{t("sellThrough.unusual.question")}</strong> {figures(asked)}
      </p>
      <Form method="post" className="stack">
        <label className="checkbox">
          <input type="checkbox" name="confirmUnusual" value="yes" required /> {t("sellThrough.unusual.confirm")}
        </label>
        <button type="submit" name="intent" value="commit" className="button button-primary">
          {commitLabel}
        </button>
      </Form>
    </div>
  );
}

/** The flag on a month committed although unusual. */
export function UnusualMonthFlag({ flag }: { flag: Figures & { confirmedBy: string | null; confirmedAt: string | Date | null } }) {
  const t = useT();
  const locale = useLocale();
  const figures = useFigures();
  return (
    <div className="alert alert-info" role="status" data-testid="unusual-flag">
      <strong>{t("sellThrough.unusual.flag")}</strong> {figures(flag)}{" "}
      {t("sellThrough.unusual.confirmedBy", {
        who: flag.confirmedBy ?? "—",
        when: flag.confirmedAt ? formatDateTime(String(flag.confirmedAt), locale, "UTC") : "—",
      })}
    </div>
  );
}
