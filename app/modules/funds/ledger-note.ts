// Ledger notes are stored as written, in English, by the portal (an accrual's sales base, what
// could not be taken back) or by a person (an allocation's note). The portal writes every
// amount in a note as "<decimal> <currency>", so the fund page can show those as money in the
// reader's language and leave everything else as it was written.
import { formatMoney } from "~/lib/format";
import { isCurrency } from "~/lib/money";
import type { Locale } from "~/lib/i18n";

const AMOUNT = /(-?\d+\.\d{2}) ([A-Z]{3})\b/g;

export function formatLedgerNote(note: string, locale: Locale): string {
  return note.replace(AMOUNT, (written, amount: string, currency: string) => (isCurrency(currency) ? formatMoney(amount, currency, locale) : written));
}
