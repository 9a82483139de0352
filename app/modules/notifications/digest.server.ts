// The daily digest: one e-mail per user with the notices that waited for it, grouped by kind,
// each with its link, in the user's language. It falls due at DIGEST_HOUR:00 in the user's own
// time zone (users.time_zone) and holds what was waiting by then; the first run of the job
// after that hour (every 15 minutes) sends it, so a run that comes late or a worker that was
// down still sends that day's digest, and a notice written later waits for the next morning.
// Each notice goes into exactly one digest: the user's row is locked, and the notices are
// mailed and marked sent in one transaction, so a second run or a second worker finds that
// day's digest sent.
import { appUrl } from "~/lib/app-url.server";
import { now } from "~/lib/clock.server";
import { queueMails } from "~/lib/mail.server";
import { isLocale, translate, type Locale } from "~/lib/i18n";
import { preferenceKindOf } from "./kinds";
import { noticeTitle } from "./render";
import type { DB } from "~/lib/db.server";

export const DIGEST_HOUR = 8;
export const DIGEST_EVERY_MS = 15 * 60 * 1000;
const DAY_MS = 24 * 3600 * 1000;

function zoneOrUtc(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}

/** The wall-clock time in the zone at `at`, read as if it were UTC. */
function wallClock(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  );
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
}

/** The instant it is `hour`:00 on the wall-clock day `day` (a UTC midnight) in the zone. */
function instantOf(day: number, hour: number, timeZone: string): Date {
  const wanted = day + hour * 3600 * 1000;
  let guess = wanted;
  // Twice, so that a day on which the offset changes lands on the offset of that hour.
  for (let i = 0; i < 2; i++) guess = wanted - (wallClock(new Date(guess), timeZone) - guess);
  return new Date(guess);
}

/** When the user's latest digest fell due: DIGEST_HOUR:00 today in their zone, or yesterday's before that hour. */
export function lastDigestDue(at: Date, timeZone: string): Date {
  const zone = zoneOrUtc(timeZone);
  const today = Math.floor(wallClock(at, zone) / DAY_MS) * DAY_MS;
  const due = instantOf(today, DIGEST_HOUR, zone);
  return due <= at ? due : instantOf(today - DAY_MS, DIGEST_HOUR, zone);
}

export async function sendDigests(db: DB, baseUrl = appUrl()): Promise<{ sent: number; notices: number }> {
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
  for (const user of waiting) {
    const due = lastDigestDue(at, user.time_zone);
    const count = await db.transaction().execute(async (trx) => {
      const addressee = await trx
        .selectFrom("users")
        .select(["id", "email", "locale", "time_zone"])
        .where("id", "=", user.id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const last = await trx
        .selectFrom("notifications")
        .select(({ fn }) => fn.max("digested_at").as("at"))
        .where("digest_state", "=", "sent")
        .where("user_id", "=", user.id)
        .executeTakeFirst();
      if (last?.at && new Date(last.at) >= due) return 0;
      const rows = await trx
        .selectFrom("notifications")
        .select(["id", "kind", "title", "message", "params", "link", "created_at"])
        .where("user_id", "=", user.id)
        .where("digest_state", "=", "waiting")
        .where("created_at", "<", due)
        .orderBy("created_at")
        .orderBy("id")
        .forUpdate()
        .execute();
      if (rows.length === 0) return 0;
      const locale: Locale = isLocale(addressee.locale) ? addressee.locale : "en";
      await queueMails(trx, [
        {
          to: addressee.email,
          subject: translate(locale, "notifications.digestSubject", { count: rows.length }),
          text: digestText(locale, addressee.time_zone, rows, baseUrl),
        },
      ]);
      await trx
        .updateTable("notifications")
        .set({ digest_state: "sent", digested_at: at })
        .where(
          "id",
          "in",
          rows.map((r) => r.id),
        )
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

type DigestRow = Parameters<typeof noticeTitle>[2] & { kind: string; link: string | null };

/** The notices grouped under their kind's heading, oldest first within each. */
export function digestText(locale: Locale, timeZone: string, rows: DigestRow[], appUrl: string): string {
  const groups = new Map<string, DigestRow[]>();
  for (const row of rows) {
    const kind = preferenceKindOf(row.kind);
    const heading = kind ? translate(locale, `notifications.kind.${kind}`) : translate(locale, "notifications.kind.other");
    groups.set(heading, [...(groups.get(heading) ?? []), row]);
  }
  const parts = [translate(locale, "notifications.digestIntro", { count: rows.length })];
  for (const [heading, items] of groups) {
    parts.push("", heading, ...items.map((r) => `- ${noticeTitle(locale, timeZone, r)}${r.link ? `\n  ${appUrl}${r.link}` : ""}`));
  }
  parts.push("", translate(locale, "notifications.digestFooter", { url: `${appUrl}/account/notifications` }));
  return parts.join("\n");
}
