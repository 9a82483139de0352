// Two series over the same categories side by side: this year's months against last year's.
// The later series is drawn as bars, the earlier one as a line of points over them, so the
// eye reads growth bar by bar.
import { CategoryLabels, ChartFrame, PLOT, niceCeiling, slotCenter, slotWidth, yOf } from "./ChartFrame";

export interface ComparedPoint {
  label: string;
  /** Exact decimal strings; null where the figure is unknown (a rate missing) or not yet there. */
  current: string | null;
  previous: string | null;
  currentDisplay: string;
  previousDisplay: string;
}

export function ComparisonChart({
  title,
  points,
  currentLabel,
  previousLabel,
  xTitle,
  yTitle,
  formatTick,
  tableCaption,
}: {
  title: string;
  points: ComparedPoint[];
  currentLabel: string;
  previousLabel: string;
  xTitle: string;
  yTitle: string;
  formatTick: (value: number) => string;
  tableCaption: string;
}) {
  const top = niceCeiling(Math.max(0, ...points.flatMap((p) => [Number(p.current ?? 0), Number(p.previous ?? 0)])));
  const step = slotWidth(points.length);
  const previous = points.map((p, i) => (p.previous === null ? null : { x: slotCenter(i, step), y: yOf(Number(p.previous), top) }));
  const path = previous.reduce((d, pt, i) => (pt ? `${d}${d && previous[i - 1] ? "L" : "M"}${pt.x.toFixed(1)},${pt.y.toFixed(1)}` : d), "");
  return (
    <ChartFrame
      title={title}
      xTitle={xTitle}
      yTitle={yTitle}
      top={top}
      formatTick={formatTick}
      legend={[
        { label: currentLabel, className: "chart-bar" },
        { label: previousLabel, className: "chart-line-swatch" },
      ]}
      table={{
        caption: tableCaption,
        columns: [currentLabel, previousLabel],
        rows: points.map((p) => ({ label: p.label, cells: [p.currentDisplay, p.previousDisplay] })),
      }}
    >
      {points.map((p, i) => {
        if (p.current === null) return null;
        const y = yOf(Number(p.current), top);
        return (
          <rect key={p.label} x={PLOT.left + i * step + step * 0.2} y={y} width={step * 0.6} height={PLOT.top + PLOT.height - y} className="chart-bar">
            <title>{`${p.label} · ${currentLabel}: ${p.currentDisplay}`}</title>
          </rect>
        );
      })}
      <path d={path} className="chart-line" />
      {previous.map((pt, i) =>
        pt ? (
          <circle key={points[i].label} cx={pt.x} cy={pt.y} r={3.5} className="chart-point">
            <title>{`${points[i].label} · ${previousLabel}: ${points[i].previousDisplay}`}</title>
          </circle>
        ) : null,
      )}
      <CategoryLabels labels={points.map((p) => p.label)} step={step} />
    </ChartFrame>
  );
}
