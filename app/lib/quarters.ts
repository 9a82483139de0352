// Quarters as funds, targets and scorecards name them ("2026-Q3"), in UTC; the one place they are
// worked out, shared by the server and the screens.
const QUARTER = /^(\d{4})-Q([1-4])$/;
const DAY_MS = 24 * 3600 * 1000;

export function readQuarter(value: string | null | undefined): string | null {
  const text = (value ?? "").trim().toUpperCase();
  return QUARTER.test(text) ? text : null;
}

export function isQuarter(value: string): boolean {
  return QUARTER.test(value);
}

/** The quarter ("2026-Q3") of a month ("2026-08") or a day ("2026-08-14"). */
export function quarterOf(monthOrDay: string): string {
  const [year, month] = monthOrDay.split("-").map(Number);
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/** The quarter a UTC instant falls in. */
export function quarterAt(at: Date): string {
  return `${at.getUTCFullYear()}-Q${Math.floor(at.getUTCMonth() / 3) + 1}`;
}

function parts(quarter: string): [number, number] {
  const match = QUARTER.exec(quarter);
  if (!match) throw new Error(`Not a quarter: ${quarter}`);
  return [Number(match[1]), Number(match[2])];
}

/** The quarter `count` quarters after (or before, when negative) the one given. */
export function addQuarters(quarter: string, count: number): string {
  const [year, q] = parts(quarter);
  const index = year * 4 + q - 1 + count;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

/** The first instant after the quarter. */
export function quarterEnd(quarter: string): Date {
  return quarterBounds(quarter).end;
}

/** The quarter's first instant and the first instant after it. */
export function quarterBounds(quarter: string): { start: Date; end: Date } {
  const [year, q] = parts(quarter);
  return { start: new Date(Date.UTC(year, (q - 1) * 3, 1)), end: new Date(Date.UTC(year, q * 3, 1)) };
}

/** Its three months, YYYY-MM. */
export function quarterMonths(quarter: string): { from: string; to: string } {
  const [year, q] = parts(quarter);
  const month = (m: number) => `${year}-${String(m).padStart(2, "0")}`;
  return { from: month(q * 3 - 2), to: month(q * 3) };
}

/**
 * How many days of the quarter have begun by `at` (the day of `at` counts: on the first day one
 * day has elapsed), and how many days it has. 0 before it starts, all of them after it ends.
 */
export function quarterDays(quarter: string, at: Date): { elapsedDays: number; quarterDays: number } {
  const { start, end } = quarterBounds(quarter);
  const total = Math.round((end.getTime() - start.getTime()) / DAY_MS);
  if (at < start) return { elapsedDays: 0, quarterDays: total };
  if (at >= end) return { elapsedDays: total, quarterDays: total };
  return { elapsedDays: Math.floor((at.getTime() - start.getTime()) / DAY_MS) + 1, quarterDays: total };
}
