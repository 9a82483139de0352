// Months as sell-through names them: YYYY-MM, in UTC; shared by the server and the screens.
import { isPeriod } from "./fields";

/** The month a UTC date falls in, as YYYY-MM. */
export function periodOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** The month `months` after (or before, when negative) a YYYY-MM month. */
export function addMonths(period: string, months: number): string {
  const [year, month] = period.split("-").map(Number);
  const index = year * 12 + month - 1 + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

export function readPeriod(value: string | null | undefined): string | null {
  const text = (value ?? "").trim();
  return isPeriod(text) ? text : null;
}
