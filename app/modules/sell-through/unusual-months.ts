// Whether a sell-through month is far outside the distributor's normal range: a typo of a
// quantity or a price would otherwise flow into the reports and the co-op accrual unnoticed.
// A month is unusual when its units, or its amount in a currency, are 10 times the median
// month or more, or a tenth of it or less, compared with the months reported in the twelve
// months before it, once there are at least three of them.
import { fromCents, toCents } from "~/lib/money";

const UNUSUAL_FACTOR = 10;
const MIN_HISTORY_MONTHS = 3;
const HISTORY_MONTHS = 12;

/** A month's size: units sold, and the amount sold in each currency. */
export interface MonthSize {
  units: number;
  amounts: Record<string, string>;
}

export interface UnusualMonth {
  measure: "units" | "amount";
  /** For an amount: its currency. */
  currency: string | null;
  value: string;
  median: string;
  /** How many months the median is of. */
  months: number;
}

/** The median of whole numbers (units or cents); of an even count, the mean of the middle two, rounded down. */
function median(values: readonly bigint[]): bigint {
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2n;
}

function farOut(value: bigint, typical: bigint): boolean {
  if (typical <= 0n) return false;
  return value >= typical * BigInt(UNUSUAL_FACTOR) || value * BigInt(UNUSUAL_FACTOR) <= typical;
}

/** What is unusual about `month` against the `history` months, or null when nothing is. */
export function unusualMonth(history: readonly MonthSize[], month: MonthSize): UnusualMonth | null {
  if (history.length >= MIN_HISTORY_MONTHS) {
    const typical = median(history.map((m) => BigInt(m.units)));
    if (farOut(BigInt(month.units), typical))
      return { measure: "units", currency: null, value: String(month.units), median: String(typical), months: history.length };
  }
  for (const [currency, amount] of Object.entries(month.amounts).sort(([a], [b]) => a.localeCompare(b))) {
    const past = history.filter((m) => m.amounts[currency] !== undefined).map((m) => toCents(m.amounts[currency]));
    if (past.length < MIN_HISTORY_MONTHS) continue;
    const typical = median(past);
    if (farOut(toCents(amount), typical)) return { measure: "amount", currency, value: amount, median: fromCents(typical), months: past.length };
  }
  return null;
}

/** The months a month is compared with: the twelve before it ("YYYY-MM"), oldest first. */
export function historyMonths(period: string): string[] {
  const [year, month] = period.split("-").map(Number);
  const index = year * 12 + month - 1;
  return Array.from({ length: HISTORY_MONTHS }, (_, i) => {
    const m = index - HISTORY_MONTHS + i;
    return `${String(Math.floor(m / 12)).padStart(4, "0")}-${String((m % 12) + 1).padStart(2, "0")}`;
  });
}
