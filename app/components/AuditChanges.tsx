// How audit entries read on screen: a translated action, and before/after as a compact list
// of "field: old → new".
import { isMessageKey } from "~/lib/i18n";
import { useLocale, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDateTime } from "~/lib/format";

function parse(json: string | null): Record<string, unknown> {
  if (!json) return {};
  try {
    const value = JSON.parse(json);
    return value && typeof value === "object" ? value : { value };
  } catch {
    return {};
  }
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function AuditChanges({ before, after }: { before: string | null; after: string | null }) {
  const b = parse(before);
  const a = parse(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  if (keys.length === 0) return null;
  return (
    <ul className="changes">
      {keys.map((key) => (
        <li key={key}>
          <span className="change-field">{key}</span> {key in b && <span className="before">{show(b[key])}</span>}
          {key in b && key in a && " → "}
          {key in a && <span className="after">{show(a[key])}</span>}
        </li>
      ))}
    </ul>
  );
}

export function ActionLabel({ action }: { action: string }) {
  const t = useT();
  const key = `audit.action.${action}`;
  return <span className="activity-action">{isMessageKey(key) ? t(key) : action}</span>;
}

export interface HistoryEntry {
  id: number;
  at: Date;
  action: string;
  actor_email: string | null;
  before_json: string | null;
  after_json: string | null;
}

/** The history card on a record's page. */
export function HistoryList({ entries }: { entries: HistoryEntry[] }) {
  const t = useT();
  const locale = useLocale();
  const timeZone = useTimeZone();
  if (entries.length === 0) return null;
  return (
    <section className="card">
      <h2>{t("partners.history")}</h2>
      <ul className="activity">
        {entries.map((h) => (
          <li key={h.id}>
            <time dateTime={new Date(h.at).toISOString()}>{formatDateTime(h.at, locale, timeZone)}</time>
            <ActionLabel action={h.action} />
            <span className="muted">{h.actor_email}</span>
            <AuditChanges before={h.before_json} after={h.after_json} />
          </li>
        ))}
      </ul>
    </section>
  );
}
