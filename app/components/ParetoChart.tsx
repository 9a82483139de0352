// The 80/20 view: partners as bars from the largest down, the cumulative share of the total as
// a line on a second axis (0–100 %), and a marker where the top fifth of the partners ends.
import { ChartFrame, PLOT, niceCeiling, slotCenter, slotWidth, yOf } from "./ChartFrame";

export interface ParetoBar {
  label: string;
  value: string;
  display: string;
  /** Cumulative share of the total up to and including this bar, 0..1. */
  cumulative: number;
}

export function ParetoChart({
  title,
  bars,
  topCount,
  topLabel,
  xTitle,
  yTitle,
  shareTitle,
  formatTick,
  formatShare,
  tableCaption,
  shareColumn,
}: {
  title: string;
  bars: ParetoBar[];
  /** How many bars make the top 20 %. */
  topCount: number;
  topLabel: string;
  xTitle: string;
  yTitle: string;
  shareTitle: string;
  formatTick: (value: number) => string;
  formatShare: (share: number) => string;
  tableCaption: string;
  shareColumn: string;
}) {
  const top = niceCeiling(Math.max(0, ...bars.map((b) => Number(b.value))));
  const step = slotWidth(bars.length);
  const points = bars.map((b, i) => ({ x: slotCenter(i, step), y: yOf(b.cumulative, 1) }));
  const markerX = PLOT.left + topCount * step;
  return (
    <ChartFrame
      title={title}
      xTitle={xTitle}
      yTitle={yTitle}
      top={top}
      formatTick={formatTick}
      rightAxis={{ title: shareTitle, top: 1, formatTick: formatShare }}
      legend={[
        { label: yTitle, className: "chart-bar" },
        { label: shareTitle, className: "chart-line-swatch" },
      ]}
      table={{
        caption: tableCaption,
        columns: [yTitle, shareColumn],
        rows: bars.map((b) => ({ label: b.label, cells: [b.display, formatShare(b.cumulative)] })),
      }}
    >
      {bars.map((b, i) => {
        const y = yOf(Number(b.value), top);
        return (
          <rect
            key={`${b.label}-${i}`}
            x={PLOT.left + i * step + step * 0.1}
            y={y}
            width={Math.max(step * 0.8, 0.5)}
            height={PLOT.top + PLOT.height - y}
            className={i < topCount ? "chart-bar" : "chart-bar chart-bar-rest"}
          >
            <title>{`${b.label}: ${b.display} (${formatShare(b.cumulative)})`}</title>
          </rect>
        );
      })}
      <path d={points.map((p, i) => `${i ? "L" : "M"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join("")} className="chart-line" />
      {topCount > 0 && topCount < bars.length && (
        <g>
          <line x1={markerX} x2={markerX} y1={PLOT.top} y2={PLOT.top + PLOT.height} className="chart-marker" />
          <text x={markerX + 4} y={PLOT.top + 12} className="chart-tick">
            {topLabel}
          </text>
        </g>
      )}
    </ChartFrame>
  );
}
