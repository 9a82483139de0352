// Pieces of the targets and scorecard screens: an amount that may be unknown (a missing
// exchange rate, named), a percentage, and a small trend chart with a title, both axes labelled
// with their unit and a table alternative, like BarChart's.
import { Link } from "@remix-run/react";
import { useLocale, useT } from "~/lib/i18n-react";
import { formatMoney, formatNumber, formatPercent } from "~/lib/format";
import type { ReactNode } from "react";

export function Figure({ amount, currency, missing = [] }: { amount: string | null; currency: string; missing?: { period: string; currency: string }[] }) {
  const t = useT();
  const locale = useLocale();
  if (amount === null) {
    const rates = [...new Set(missing.map((m) => `${m.currency} ${m.period}`))].join(", ");
    return <span className="figure-unknown">{t("targets.unknown", { rates: rates || "—" })}</span>;
  }
  return <>{formatMoney(amount, currency, locale)}</>;
}

export function Pct({ value }: { value: string | null }) {
  const locale = useLocale();
  return <>{value === null ? "—" : formatPercent(value, locale)}</>;
}

export interface TrendPoint {
  label: string;
  /** An exact decimal or count; null when unknown. */
  value: string | null;
  /** As people read it. */
  display: string;
}

const W = 280;
const H = 110;
const PAD = { top: 8, right: 8, bottom: 24, left: 8 };

/** Bars of a figure's months or quarters; the y axis names its unit, the x axis its period. */
export function TrendChart({ title, points, unit, period }: { title: string; points: TrendPoint[]; unit: string; period: string }) {
  const t = useT();
  const values = points.map((p) => (p.value === null ? 0 : Number(p.value)));
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  const span = max - min || 1;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = points.length ? plotW / points.length : plotW;
  const zeroY = PAD.top + (max / span) * plotH;
  return (
    <figure className="trend-chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title} (${unit})`}>
        <line x1={PAD.left} x2={W - PAD.right} y1={zeroY} y2={zeroY} className="chart-grid" />
        {points.map((p, i) => {
          const v = values[i];
          const h = (Math.abs(v) / span) * plotH;
          return (
            <rect
              key={p.label}
              x={PAD.left + i * step + step * 0.15}
              y={v >= 0 ? zeroY - h : zeroY}
              width={step * 0.7}
              height={Math.max(h, p.value === null ? 0 : 0.5)}
              className={p.value === null ? "chart-bar chart-bar-unknown" : "chart-bar"}
            >
              <title>{`${p.label}: ${p.display}`}</title>
            </rect>
          );
        })}
        <text x={PAD.left} y={H - 10} className="chart-tick">
          {points[0]?.label}
        </text>
        <text x={W - PAD.right} y={H - 10} textAnchor="end" className="chart-tick">
          {points[points.length - 1]?.label}
        </text>
        <text x={W / 2} y={H - 1} textAnchor="middle" className="chart-axis-title">
          {period} · {t("scorecards.axisUnit", { unit })}
        </text>
      </svg>
      {/* A table cannot be clipped to nothing (it grows to its cells), so a box around it is. */}
      <div className="visually-hidden">
        <table>
          <caption>
            {title} ({unit})
          </caption>
          <tbody>
            {points.map((p) => (
              <tr key={p.label}>
                <th scope="row">{p.label}</th>
                <td>{p.display}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

/** One figure of the scorecard: its value, what it means, the list behind it, and its trend. */
export function MetricCard({
  title,
  value,
  detail,
  to,
  linkLabel,
  children,
}: {
  title: string;
  value: ReactNode;
  detail?: ReactNode;
  to?: string | null;
  linkLabel?: string;
  children?: ReactNode;
}) {
  return (
    <section className="card metric-card">
      <h2>{title}</h2>
      <p className="metric-value">{to ? <Link to={to}>{value}</Link> : value}</p>
      {detail && <p className="hint">{detail}</p>}
      {to && linkLabel && (
        <p>
          <Link to={to}>{linkLabel} →</Link>
        </p>
      )}
      {children}
    </section>
  );
}

export function Count({ value }: { value: number | null }) {
  const locale = useLocale();
  return <>{value === null ? "—" : formatNumber(value, locale)}</>;
}
