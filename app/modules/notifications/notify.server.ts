// Notifications: a row in the user's in-app list and an e-mail through the outbox, at once,
// in the daily digest or not at all as the user chose (preferences.server.ts). Titles and
// texts are catalog keys with their values, rendered in each reader's language (render.ts).
// Written in the caller's transaction.
import { queueMails } from "~/lib/mail.server";
import { appUrl } from "~/lib/app-url.server";
import { now } from "~/lib/clock.server";
import { isLocale } from "~/lib/i18n";
import { deliveriesFor } from "./preferences.server";
import { renderNoticeText, type NoticeText } from "./render";
import type { NoticeKind } from "./kinds";
import type { DB } from "~/lib/db.server";

export interface Notice {
  kind: NoticeKind;
  title: NoticeText;
  link: string;
  /** What an e-mail says under its title: a sentence of the catalog, and what a person wrote (a reason, a question). */
  body?: { text?: NoticeText; note?: string };
}

const TITLE_MAX = 300;

export async function notifyUsers(db: DB, userIds: number[], notice: Notice, baseUrl = appUrl()): Promise<void> {
  await notifyEach(db, [{ userIds, notice }], baseUrl);
}

/**
 * Many notices at once, e.g. one per partner after routing a batch of leads: one insert for
 * the in-app rows, one look-up of the addressees' preferences and one of their addresses,
 * whatever the number of notices.
 */
export async function notifyEach(db: DB, notices: { userIds: number[]; notice: Notice }[], baseUrl = appUrl()): Promise<void> {
  const at = now();
  const addressed = notices.flatMap(({ userIds, notice }) => [...new Set(userIds)].map((userId) => ({ userId, notice })));
  if (addressed.length === 0) return;
  const delivery = await deliveriesFor(
    db,
    addressed.map((a) => ({ userId: a.userId, noticeKind: a.notice.kind })),
  );
  const deliveryOf = (a: (typeof addressed)[number]) => delivery({ userId: a.userId, noticeKind: a.notice.kind });
  await db
    .insertInto("notifications")
    .values(
      addressed.map((a) => ({
        user_id: a.userId,
        kind: a.notice.kind,
        // The English text, for whatever reads the row without the catalog.
        title: renderNoticeText("en", "UTC", a.notice.title).slice(0, TITLE_MAX),
        message: a.notice.title.key,
        params: JSON.stringify(a.notice.title.params ?? {}),
        link: a.notice.link,
        created_at: at,
        digest_state: deliveryOf(a) === "digest" ? ("waiting" as const) : ("none" as const),
      })),
    )
    .execute();
  const immediate = addressed.filter((a) => deliveryOf(a) === "immediate");
  if (immediate.length === 0) return;
  const addressees = await db
    .selectFrom("users")
    .select(["id", "email", "locale", "time_zone"])
    .where("id", "in", [...new Set(immediate.map((a) => a.userId))])
    .where("status", "=", "active")
    .execute();
  const byId = new Map(addressees.map((u) => [u.id, u]));
  await queueMails(
    db,
    immediate.flatMap(({ userId, notice }) => {
      const user = byId.get(userId);
      if (!user) return [];
      const locale = isLocale(user.locale) ? user.locale : "en";
      const render = (text: NoticeText) => renderNoticeText(locale, user.time_zone, text);
      const paragraphs = [notice.body?.text && render(notice.body.text), notice.body?.note?.trim(), `${baseUrl}${notice.link}`];
      return [{ to: user.email, subject: render(notice.title), text: paragraphs.filter(Boolean).join("\n\n") }];
    }),
  );
}

/** Who hears about a partner's leads: the user it was given to, and the partner's admins. */
export async function partnerRecipients(db: DB, partnerId: number, userId: number | null): Promise<number[]> {
  const admins = await partnerAdmins(db, [partnerId]);
  return [...(admins.get(partnerId) ?? []), ...(userId ? [userId] : [])];
}

/** The active partner admins of each partner. */
export async function partnerAdmins(db: DB, partnerIds: number[]): Promise<Map<number, number[]>> {
  const admins = new Map<number, number[]>();
  if (partnerIds.length === 0) return admins;
  const rows = await db
    .selectFrom("users")
    .select(["id", "partner_id"])
    .where("partner_id", "in", [...new Set(partnerIds)])
    .where("role", "=", "partner_admin")
    .where("status", "=", "active")
    .execute();
  for (const row of rows) admins.set(row.partner_id!, [...(admins.get(row.partner_id!) ?? []), row.id]);
  return admins;
}

export async function managerOf(db: DB, partnerId: number): Promise<number[]> {
  const partner = await db.selectFrom("partners").select("channel_manager_id").where("id", "=", partnerId).executeTakeFirst();
  return partner?.channel_manager_id ? [partner.channel_manager_id] : [];
}
