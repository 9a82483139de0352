// A plain SVG bar chart with a title, labelled axes (units in the axis title) and a table
// alternative for screen readers and for reading exact figures. Values arrive as exact decimal
// strings; they become numbers only to size the bars.
export interface Bar {
  label: string;
  value: string;
  /** The value as people read it (formatted money, a count). */
  display: string;
}

const WIDTH = 640;
const HEIGHT = 240;
const PAD = { top: 16, right: 12, bottom: 44, left: 72 };

export function BarChart({ title, bars, xTitle, yTitle, formatTick, tableCaption }: { title: string; bars: Bar[]; xTitle: string; yTitle: string; formatTick: (value: number) => string; tableCaption: string }) {
  const max = Math.max(0, ...bars.map((b) => Number(b.value)));
  const top = max > 0 ? niceCeiling(max) : 1;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const step = bars.length ? plotW / bars.length : plotW;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * top);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
        {ticks.map((tick) => {
          const y = PAD.top + plotH - (tick / top) * plotH;
          return (
            <g key={tick}>
              <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} className="chart-grid" />
              <text x={PAD.left - 6} y={y + 4} textAnchor="end" className="chart-tick">
                {formatTick(tick)}
              </text>
            </g>
          );
        })}
        {bars.map((bar, i) => {
          const h = (Number(bar.value) / top) * plotH;
          const x = PAD.left + i * step + step * 0.15;
          return (
            <g key={bar.label}>
              <rect x={x} y={PAD.top + plotH - h} width={step * 0.7} height={h} className="chart-bar">
                <title>{`${bar.label}: ${bar.display}`}</title>
              </rect>
              <text x={x + step * 0.35} y={HEIGHT - PAD.bottom + 16} textAnchor="middle" className="chart-tick">
                {bar.label}
              </text>
            </g>
          );
        })}
        <text x={PAD.left + plotW / 2} y={HEIGHT - 6} textAnchor="middle" className="chart-axis-title">
          {xTitle}
        </text>
        <text x={14} y={PAD.top + plotH / 2} textAnchor="middle" transform={`rotate(-90 14 ${PAD.top + plotH / 2})`} className="chart-axis-title">
          {yTitle}
        </text>
      </svg>
      <table className="visually-hidden">
        <caption>{tableCaption}</caption>
        <tbody>
          {bars.map((b) => (
            <tr key={b.label}>
              <th scope="row">{b.label}</th>
              <td>{b.display}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** 1, 2 or 5 times a power of ten, at or above the value: round numbers on the axis. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (m * power >= value) return m * power;
  return 10 * power;
}
