// One conversion of an amount to the base currency, rounded once, half away from zero to the
// cent: for figures that convert in code (the sell-through reports convert in SQL and in
// reports.server.ts combine, with the same rule).
import { fromCents, toCents } from "~/lib/money";

const RATE_PLACES = 8n;

/** amount × rate (an exact decimal of up to 8 places), rounded to the cent; null when the rate is missing. */
export function convertAmount(amount: string, rate: string | null): string | null {
  if (rate === null) return null;
  const [whole, fraction = ""] = rate.split(".");
  const scaledRate = BigInt(whole + (fraction + "00000000").slice(0, Number(RATE_PLACES)));
  const exact = toCents(amount) * scaledRate;
  const unit = 10n ** RATE_PLACES;
  const cents = exact >= 0n ? (exact + unit / 2n) / unit : -((-exact + unit / 2n) / unit);
  return fromCents(cents);
}
