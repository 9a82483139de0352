// A plain SVG bar chart. Values arrive as exact decimal strings; they become numbers only to
// size the bars.
import { CategoryLabels, ChartFrame, PLOT, niceCeiling, slotWidth, yOf } from "./ChartFrame";

export interface Bar {
  label: string;
  value: string;
  /** The value as people read it (formatted money, a count). */
  display: string;
}

export function BarChart({
  title,
  bars,
  xTitle,
  yTitle,
  formatTick,
  tableCaption,
}: {
  title: string;
  bars: Bar[];
  xTitle: string;
  yTitle: string;
  formatTick: (value: number) => string;
  tableCaption: string;
}) {
  const top = niceCeiling(Math.max(0, ...bars.map((b) => Number(b.value))));
  const step = slotWidth(bars.length);
  return (
    <ChartFrame
      title={title}
      xTitle={xTitle}
      yTitle={yTitle}
      top={top}
      formatTick={formatTick}
      table={{ caption: tableCaption, rows: bars.map((b) => ({ label: b.label, cells: [b.display] })) }}
    >
      {bars.map((bar, i) => {
        const y = yOf(Number(bar.value), top);
        return (
          <rect key={bar.label} x={PLOT.left + i * step + step * 0.15} y={y} width={step * 0.7} height={PLOT.top + PLOT.height - y} className="chart-bar">
            <title>{`${bar.label}: ${bar.display}`}</title>
          </rect>
        );
      })}
      <CategoryLabels labels={bars.map((b) => b.label)} step={step} />
    </ChartFrame>
  );
}
