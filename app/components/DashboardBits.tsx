// The pieces the home pages are made of: a card of things waiting, with its count linking to
// the whole list, and a key figure that links to the list behind it.
import { Link } from "@remix-run/react";
import { useCallback, type ReactNode } from "react";
import { useLocale, useT } from "~/lib/i18n-react";
import { formatNumber } from "~/lib/format";
import { FigureNote } from "./FigureNote";

const HOUR_MS = 3600 * 1000;

/** Milliseconds of an instant as the loader sends it (a Date with single fetch). */
export function timeOf(value: Date | string): number {
  return new Date(value).getTime();
}

/** A span of time as people say it: hours under two days, days after that. */
export function useDuration() {
  const t = useT();
  // The same function while the language stays, so tables that memoise their columns on it keep them.
  return useCallback(
    (ms: number) => {
      const hours = Math.max(0, Math.floor(ms / HOUR_MS));
      return hours < 48 ? t("dashboard.hours", { count: hours }) : t("dashboard.days", { count: Math.floor(hours / 24) });
    },
    [t],
  );
}

export function ActionCard({
  title,
  total,
  lowerBound,
  link,
  empty,
  testId,
  children,
}: {
  title: string;
  total: number;
  lowerBound?: boolean;
  link: string;
  empty: string;
  testId: string;
  children: ReactNode;
}) {
  const t = useT();
  const locale = useLocale();
  const count = `${formatNumber(total, locale)}${lowerBound ? "+" : ""}`;
  return (
    <section className={`card action-card${total > 0 ? " action-card-due" : ""}`} data-testid={testId}>
      <h3>
        <Link to={link}>
          <span className="action-count" data-testid={`${testId}-count`}>
            {count}
          </span>{" "}
          {title}
        </Link>
      </h3>
      {total === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <>
          <ul className="action-list">{children}</ul>
          <p className="card-actions">
            <Link to={link}>{t("dashboard.seeAll", { count })}</Link>
          </p>
        </>
      )}
    </section>
  );
}

export function FigureTile({
  label,
  value,
  detail,
  note,
  link,
  testId,
}: {
  label: string;
  value: string;
  detail?: ReactNode;
  note?: ReactNode;
  link: string | null;
  testId: string;
}) {
  const body = (
    <>
      <span className="figure-label">{label}</span>
      <span className="figure-value" data-testid={`${testId}-value`}>
        {value}
      </span>
      {detail && <span className="figure-detail">{detail}</span>}
      {note && <FigureNote testId={`${testId}-note`}>{note}</FigureNote>}
    </>
  );
  // A figure whose list the reader may not open (a rep and the scorecard) is shown, not linked.
  return link ? (
    <Link to={link} className="figure-tile" data-testid={testId}>
      {body}
    </Link>
  ) : (
    <div className="figure-tile" data-testid={testId}>
      {body}
    </div>
  );
}
