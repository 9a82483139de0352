// The conversation and history of a fund request or claim, oldest first.
import { useLocale, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDateTime, formatMoney } from "~/lib/format";
import { isMessageKey } from "~/lib/i18n";

export interface FundEventRow {
  id: number;
  at: Date | string;
  actor_email: string | null;
  event: string;
  amount: string | null;
  text: string | null;
}

export function FundEvents({ events, currency }: { events: FundEventRow[]; currency: string }) {
  const t = useT();
  const locale = useLocale();
  const timeZone = useTimeZone();
  return (
    <section className="card">
      <h2>{t("funds.history")}</h2>
      <ol className="activity" data-testid="fund-history">
        {events.map((e) => {
          const key = `funds.event.${e.event}`;
          return (
            <li key={e.id}>
              <span className="activity-action">{isMessageKey(key) ? t(key) : e.event}</span>
              {e.amount && <span className="num"> · {formatMoney(e.amount, currency, locale)}</span>}
              <span className="muted small">
                {" "}
                · {formatDateTime(e.at, locale, timeZone)} · {e.actor_email ?? t("common.system")}
              </span>
              {e.text && <div className="event-text">{e.text}</div>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
