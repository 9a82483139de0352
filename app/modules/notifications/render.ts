// A notice's title and e-mail text travel as a catalog key with its values, so each reader
// gets them in their own language: the list and the bell in the browser's, e-mails in the
// addressee's (users.locale). Values whose name ends in "At" are instants (ISO text), shown in
// the reader's time zone; an `amount` with a `currency` is money, shown as the reader's
// language writes it ("US$500.00", "$500.00").
import { isMessageKey, translate, type Locale, type MessageKey } from "~/lib/i18n";
import { formatDateTime, formatMoney } from "~/lib/format";
import { isCurrency, parseAmount } from "~/lib/money";

export type NoticeParams = Record<string, string | number>;

export interface NoticeText {
  key: MessageKey;
  params?: NoticeParams;
}

export function renderNoticeText(locale: Locale, timeZone: string, text: NoticeText): string {
  const params: NoticeParams = {};
  for (const [name, value] of Object.entries(text.params ?? {})) {
    params[name] = name.endsWith("At") && typeof value === "string" ? formatDateTime(value, locale, timeZone) : value;
  }
  const amount = typeof params.amount === "string" ? parseAmount(params.amount) : null;
  if (amount !== null && typeof params.currency === "string" && isCurrency(params.currency)) params.amount = formatMoney(amount, params.currency, locale);
  return translate(locale, text.key, params);
}

/** The values as stored: the driver hands JSON back parsed or as text, depending on the server and its version. */
function storedParams(value: unknown): NoticeParams {
  if (typeof value === "string") {
    try {
      return storedParams(JSON.parse(value));
    } catch {
      return {};
    }
  }
  return value && typeof value === "object" ? (value as NoticeParams) : {};
}

/** A stored notice's title in the reader's language; rows written before titles had keys keep their English text. */
export function noticeTitle(locale: Locale, timeZone: string, row: { title: string; message: string | null; params: unknown }): string {
  if (!row.message || !isMessageKey(row.message)) return row.title;
  return renderNoticeText(locale, timeZone, { key: row.message, params: storedParams(row.params) });
}

/** The unread count as the bell and the list show it: the server counts no further than 100. */
export function unreadLabel(count: number): string {
  return count > 99 ? "99+" : String(count);
}
