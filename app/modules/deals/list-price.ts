// A product's list price as the starting unit price of a deal line, in the deal's currency. The
// catalogue is priced in one currency and deals are registered in the partner's, so a price in
// another currency goes through the latest exchange rates (to the base currency and back). Used
// by the form as the partner picks a product and by the server for a price left empty.
import { fromCents, rateUnits, toCents } from "~/lib/money";

/** Each currency's latest rate: base-currency units one unit bought; the base currency is "1". */
export type LatestRates = Record<string, string>;

/** The list price in `currency`, rounded half up to the cent, or null when a rate is missing. */
export function listPriceIn(product: { list_price: string; currency: string }, currency: string, rates: LatestRates): string | null {
  if (product.currency === currency) return product.list_price;
  const from = rates[product.currency];
  const to = rates[currency];
  if (!from || !to) return null;
  const scaled = toCents(product.list_price) * rateUnits(from);
  const divisor = rateUnits(to);
  return fromCents((2n * scaled + divisor) / (2n * divisor));
}
