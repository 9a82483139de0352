// What every chart of the portal shares: a title, a plot area with gridlines and ticks on the
// value axis, axis titles that carry the unit (and currency), and a table alternative for
// screen readers and for reading exact figures. The charts draw only their marks inside it.
import type { ReactNode } from "react";

export const CHART = { width: 640, height: 240, pad: { top: 16, right: 12, bottom: 44, left: 72 } };
export const PLOT = {
  left: CHART.pad.left,
  top: CHART.pad.top,
  width: CHART.width - CHART.pad.left - CHART.pad.right,
  height: CHART.height - CHART.pad.top - CHART.pad.bottom,
};

/** 1, 2 or 5 times a power of ten, at or above the value: round numbers on the axis. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (m * power >= value) return m * power;
  return 10 * power;
}

/** The width of each of `count` categories across the plot. */
export function slotWidth(count: number): number {
  return count ? PLOT.width / count : PLOT.width;
}

/** The x of the middle of category `index` of width `step`. */
export function slotCenter(index: number, step: number): number {
  return PLOT.left + index * step + step / 2;
}

/** The y of a value on a value axis from 0 to top. */
export function yOf(value: number, top: number): number {
  return PLOT.top + PLOT.height - (value / top) * PLOT.height;
}

export interface TableAlternative {
  caption: string;
  /** Column headings after the row heading; omitted for a single column of values. */
  columns?: string[];
  rows: { label: string; cells: string[] }[];
}

export function ChartFrame({
  title,
  xTitle,
  yTitle,
  top,
  formatTick,
  rightAxis,
  legend,
  table,
  children,
}: {
  title: string;
  xTitle: string;
  yTitle: string;
  top: number;
  formatTick: (value: number) => string;
  /** A second value axis on the right (a cumulative share, say), from 0 to its own top. */
  rightAxis?: { title: string; top: number; formatTick: (value: number) => string };
  legend?: { label: string; className: string }[];
  table: TableAlternative;
  children: ReactNode;
}) {
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const right = CHART.width - CHART.pad.right;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {legend && (
        <ul className="chart-legend" aria-hidden="true">
          {legend.map((l) => (
            <li key={l.label}>
              <span className={`chart-swatch ${l.className}`} />
              {l.label}
            </li>
          ))}
        </ul>
      )}
      <svg viewBox={`0 0 ${CHART.width + (rightAxis ? 48 : 0)} ${CHART.height}`} role="img" aria-label={title}>
        {ticks.map((f) => {
          const y = yOf(f * top, top);
          return (
            <g key={f}>
              <line x1={PLOT.left} x2={right} y1={y} y2={y} className="chart-grid" />
              <text x={PLOT.left - 6} y={y + 4} textAnchor="end" className="chart-tick">
                {formatTick(f * top)}
              </text>
              {rightAxis && (
                <text x={right + 6} y={y + 4} textAnchor="start" className="chart-tick">
                  {rightAxis.formatTick(f * rightAxis.top)}
                </text>
              )}
            </g>
          );
        })}
        {children}
        <text x={PLOT.left + PLOT.width / 2} y={CHART.height - 6} textAnchor="middle" className="chart-axis-title">
          {xTitle}
        </text>
        <text x={14} y={PLOT.top + PLOT.height / 2} textAnchor="middle" transform={`rotate(-90 14 ${PLOT.top + PLOT.height / 2})`} className="chart-axis-title">
          {yTitle}
        </text>
        {rightAxis && (
          <text
            x={CHART.width + 40}
            y={PLOT.top + PLOT.height / 2}
            textAnchor="middle"
            transform={`rotate(90 ${CHART.width + 40} ${PLOT.top + PLOT.height / 2})`}
            className="chart-axis-title"
          >
            {rightAxis.title}
          </text>
        )}
      </svg>
      {/* A table cannot be clipped to nothing (it grows to its cells), so a box around it is. */}
      <div className="visually-hidden">
        <table>
          <caption>{table.caption}</caption>
          {table.columns && (
            <thead>
              <tr>
                <td />
                {table.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
          )}
          <tbody>
            {table.rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                {r.cells.map((c, i) => (
                  <td key={i}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

/** Labels along the category axis, thinned so that long series stay readable. */
export function CategoryLabels({ labels, step }: { labels: string[]; step: number }) {
  const every = Math.max(1, Math.ceil(labels.length / 12));
  return (
    <>
      {labels.map((label, i) =>
        i % every === 0 ? (
          <text key={`${label}-${i}`} x={slotCenter(i, step)} y={CHART.height - CHART.pad.bottom + 16} textAnchor="middle" className="chart-tick">
            {label}
          </text>
        ) : null,
      )}
    </>
  );
}
