// The periods figures are measured over, defined once. "12 months" everywhere (scorecard, home
// pages, tier progress, the reporting record) is the last twelve complete months: the month a
// figure is read in is still being reported (sell-through arrives the month after), so counting
// it would make every figure dip at the start of a month.
import { addMonths, periodOf } from "~/modules/sell-through/months";
import type { MonthRange } from "~/modules/targets/partner-sales.server";

/** The twelve months before the month of `at`, oldest first as a range. */
export function lastTwelveMonths(at: Date): MonthRange {
  const to = addMonths(periodOf(at), -1);
  return { from: addMonths(to, -11), to };
}

/** How many months the reporting record ("on time") covers unless a screen is asked for fewer. */
export const RECORD_MONTHS = 12;
