// Notifications: a row in the user's in-app list and, for the kinds that matter outside the
// portal, an e-mail through the outbox, at once or in the daily digest as the user chose
// (preferences.server.ts). Written in the caller's transaction.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/types";
import { queueMails } from "~/lib/mail.server";
import { now } from "~/lib/clock.server";
import { deliveriesFor } from "./preferences.server";

type Db = Kysely<Database> | Transaction<Database>;

export interface Notice {
  kind: string;
  title: string;
  link: string;
  /** When set, the notice also goes out by e-mail. */
  email?: { subject: string; text: string };
}

export async function notifyUsers(db: Db, userIds: number[], notice: Notice, appUrl = process.env.APP_URL ?? ""): Promise<void> {
  await notifyEach(db, [{ userIds, notice }], appUrl);
}

/**
 * Many notices at once, e.g. one per partner after routing a batch of leads: one insert for
 * the in-app rows, one look-up of the addressees' preferences and one of their addresses,
 * whatever the number of notices.
 */
export async function notifyEach(db: Db, notices: { userIds: number[]; notice: Notice }[], appUrl = process.env.APP_URL ?? ""): Promise<void> {
  const at = now();
  const addressed = notices.flatMap(({ userIds, notice }) => [...new Set(userIds)].map((userId) => ({ userId, notice })));
  if (addressed.length === 0) return;
  const mailed = addressed.filter((a) => a.notice.email);
  const delivery = await deliveriesFor(
    db,
    mailed.map((a) => ({ userId: a.userId, noticeKind: a.notice.kind })),
  );
  await db
    .insertInto("notifications")
    .values(
      addressed.map(({ userId, notice }) => ({
        user_id: userId,
        kind: notice.kind,
        title: notice.title,
        link: notice.link,
        created_at: at,
        digest_state: notice.email && delivery({ userId, noticeKind: notice.kind }) === "digest" ? ("waiting" as const) : ("none" as const),
      })),
    )
    .execute();
  const immediate = mailed.filter((a) => delivery({ userId: a.userId, noticeKind: a.notice.kind }) === "immediate");
  if (immediate.length === 0) return;
  const addressees = await db
    .selectFrom("users")
    .select(["id", "email"])
    .where("id", "in", [...new Set(immediate.map((a) => a.userId))])
    .where("status", "=", "active")
    .execute();
  const emailOf = new Map(addressees.map((u) => [u.id, u.email]));
  await queueMails(
    db,
    immediate
      .filter((a) => emailOf.has(a.userId))
      .map(({ userId, notice }) => ({ to: emailOf.get(userId)!, subject: notice.email!.subject, text: `${notice.email!.text}\n\n${appUrl}${notice.link}` })),
  );
}

/** Who hears about a partner's leads: the user it was given to, and the partner's admins. */
export async function partnerRecipients(db: Db, partnerId: number, userId: number | null): Promise<number[]> {
  const admins = await partnerAdmins(db, [partnerId]);
  return [...(admins.get(partnerId) ?? []), ...(userId ? [userId] : [])];
}

/** The active partner admins of each partner. */
export async function partnerAdmins(db: Db, partnerIds: number[]): Promise<Map<number, number[]>> {
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

export async function managerOf(db: Db, partnerId: number): Promise<number[]> {
  const partner = await db.selectFrom("partners").select("channel_manager_id").where("id", "=", partnerId).executeTakeFirst();
  return partner?.channel_manager_id ? [partner.channel_manager_id] : [];
}
