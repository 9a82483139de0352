// Pieces the sell-through report screens share: the month range of the filter bar, how a
// group is named, and the warning that lists the months and currencies without a rate.
import { Link } from "@remix-run/react";
import { useCallback } from "react";
import { useLocale, useT } from "~/lib/i18n-react";
import { referenceName } from "~/lib/reference-name";
import { Notice } from "./Page";

export function ReportFilterFields({ query }: { query: { from: string; to: string } }) {
  const t = useT();
  return (
    <>
      <label>
        <span>{t("sellThroughReports.from")}</span>
        <input type="month" name="from" defaultValue={query.from} pattern="[0-9]{4}-[0-9]{2}" placeholder="YYYY-MM" />
      </label>
      <label>
        <span>{t("sellThroughReports.to")}</span>
        <input type="month" name="to" defaultValue={query.to} pattern="[0-9]{4}-[0-9]{2}" placeholder="YYYY-MM" />
      </label>
    </>
  );
}

/** Sold direct (no reseller) and partners without a region have no code or name of their own. */
export function GroupLabel({ groupBy, group }: { groupBy: string; group: { code: string | null; name: string | null; name_zh: string | null } }) {
  const t = useT();
  const locale = useLocale();
  if (group.code === null) return <>{t(groupBy === "reseller" ? "sellThroughReports.direct" : "sellThroughReports.noRegion")}</>;
  const name = referenceName(locale, group);
  return (
    <>
      {name ?? group.code}
      {name && <span className="muted"> ({group.code})</span>}
    </>
  );
}

export function MissingRates({ missing, canEdit }: { missing: { period: string; currency: string }[]; canEdit: boolean }) {
  const t = useT();
  if (missing.length === 0) return null;
  return (
    <Notice tone="error">
      <p>{t("sellThroughReports.missingRates")}</p>
      <ul data-testid="missing-rates">
        {missing.map((m) => (
          <li key={`${m.period}-${m.currency}`}>
            {canEdit ? (
              <Link to={`/settings/exchange-rates?period=${m.period}`}>{t("sellThroughReports.missingRate", { currency: m.currency, period: m.period })}</Link>
            ) : (
              t("sellThroughReports.missingRate", { currency: m.currency, period: m.period })
            )}
          </li>
        ))}
      </ul>
    </Notice>
  );
}

export function useCompactNumber() {
  const locale = useLocale();
  return useCallback((value: number) => new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 }).format(value), [locale]);
}
