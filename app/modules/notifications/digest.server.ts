// The daily digest: one e-mail per user with every notice that waits for it, grouped by kind,
// each with its link. Sent at DIGEST_HOUR in the user's own time zone (users.time_zone) by an
// hourly job; a user whose hour it is not yet waits for the next run. Each notice goes into
// exactly one digest: the rows are locked, mailed and marked sent in one transaction, so a
// second run or a second worker finds nothing left to send.
import type { DB } from "~/lib/db.server";
import { now } from "~/lib/clock.server";
import { queueMails } from "~/lib/mail.server";
import { isLocale, translate, type Locale } from "~/lib/i18n";
import { preferenceKindOf } from "./kinds";

export const DIGEST_HOUR = 8;
/** A digest sent less than this long ago is not followed by another the same morning. */
const MIN_GAP_MS = 20 * 3600 * 1000;

/** The hour (0–23) it is at `at` in the time zone; UTC for a zone Intl does not know. */
export function localHour(at: Date, timeZone: string): number {
  try {
    return Number(new Intl.DateTimeFormat("en-GB", { hour: "2-digit", hourCycle: "h23", timeZone }).format(at));
  } catch {
    return at.getUTCHours();
  }
}

export async function sendDigests(db: DB, appUrl = process.env.APP_URL ?? ""): Promise<{ sent: number; notices: number }> {
  const at = now();
  const waiting = await db
    .selectFrom("notifications as n")
    .innerJoin("users as u", "u.id", "n.user_id")
    .select(["u.id", "u.time_zone"])
    .where("n.digest_state", "=", "waiting")
    .where("u.status", "=", "active")
    .groupBy(["u.id", "u.time_zone"])
    .execute();
  let sent = 0;
  let notices = 0;
  for (const user of waiting.filter((u) => localHour(at, u.time_zone) === DIGEST_HOUR)) {
    const count = await db.transaction().execute(async (trx) => {
      const addressee = await trx.selectFrom("users").select(["id", "email", "locale"]).where("id", "=", user.id).forUpdate().executeTakeFirstOrThrow();
      const last = await trx.selectFrom("notifications").select(({ fn }) => fn.max("digested_at").as("at")).where("user_id", "=", user.id).executeTakeFirst();
      if (last?.at && at.getTime() - new Date(last.at).getTime() < MIN_GAP_MS) return 0;
      const rows = await trx
        .selectFrom("notifications")
        .select(["id", "kind", "title", "link", "created_at"])
        .where("user_id", "=", user.id)
        .where("digest_state", "=", "waiting")
        .orderBy("created_at")
        .orderBy("id")
        .forUpdate()
        .execute();
      if (rows.length === 0) return 0;
      const locale: Locale = isLocale(addressee.locale) ? addressee.locale : "en";
      await queueMails(trx, [{ to: addressee.email, subject: translate(locale, "notifications.digestSubject", { count: rows.length }), text: digestText(locale, rows, appUrl) }]);
      await trx
        .updateTable("notifications")
        .set({ digest_state: "sent", digested_at: at })
        .where("id", "in", rows.map((r) => r.id))
        .execute();
      return rows.length;
    });
    if (count > 0) {
      sent += 1;
      notices += count;
    }
  }
  return { sent, notices };
}

/** The notices grouped under their kind's heading, oldest first within each. */
export function digestText(locale: Locale, rows: { kind: string; title: string; link: string | null }[], appUrl: string): string {
  const groups = new Map<string, typeof rows>();
  for (const row of rows) {
    const kind = preferenceKindOf(row.kind);
    const heading = kind ? translate(locale, `notifications.kind.${kind}`) : translate(locale, "notifications.kind.other");
    groups.set(heading, [...(groups.get(heading) ?? []), row]);
  }
  const parts = [translate(locale, "notifications.digestIntro", { count: rows.length })];
  for (const [heading, items] of groups) {
    parts.push("", heading, ...items.map((r) => `- ${r.title}${r.link ? `\n  ${appUrl}${r.link}` : ""}`));
  }
  parts.push("", translate(locale, "notifications.digestFooter", { url: `${appUrl}/account/notifications` }));
  return parts.join("\n");
}
