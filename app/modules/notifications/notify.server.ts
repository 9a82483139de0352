// Notifications: a row in the user's in-app list and, for the kinds that matter outside the
// portal, an e-mail through the outbox. Written in the caller's transaction.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/types";
import { queueMail } from "~/lib/mail.server";
import { now } from "~/lib/clock.server";

type Db = Kysely<Database> | Transaction<Database>;

export interface Notice {
  kind: string;
  title: string;
  link: string;
  /** When set, the notice also goes out by e-mail. */
  email?: { subject: string; text: string };
}

export async function notifyUsers(db: Db, userIds: number[], notice: Notice, appUrl = process.env.APP_URL ?? ""): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  const at = now();
  await db
    .insertInto("notifications")
    .values(unique.map((user_id) => ({ user_id, kind: notice.kind, title: notice.title, link: notice.link, created_at: at })))
    .execute();
  if (!notice.email) return;
  const users = await db.selectFrom("users").select(["email"]).where("id", "in", unique).where("status", "=", "active").execute();
  for (const user of users) {
    await queueMail(db, { to: user.email, subject: notice.email.subject, text: `${notice.email.text}\n\n${appUrl}${notice.link}` });
  }
}

/** Who hears about a partner's leads: the user it was given to, and the partner's admins. */
export async function partnerRecipients(db: Db, partnerId: number, userId: number | null): Promise<number[]> {
  const admins = await db.selectFrom("users").select("id").where("partner_id", "=", partnerId).where("role", "=", "partner_admin").where("status", "=", "active").execute();
  return [...admins.map((a) => a.id), ...(userId ? [userId] : [])];
}

export async function managerOf(db: Db, partnerId: number): Promise<number[]> {
  const partner = await db.selectFrom("partners").select("channel_manager_id").where("id", "=", partnerId).executeTakeFirst();
  return partner?.channel_manager_id ? [partner.channel_manager_id] : [];
}
