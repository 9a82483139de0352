// Users of their own for notification tests: a channel manager with no partners, or a rep of
// a demo partner (reps hear only about what is theirs), so no other test's notices reach them
// and their outbox and list hold only what a test sent.
import { db, partnerByCode, uniqueCode } from "./db";
import type { Role } from "../../db/types";

export interface NoticeUser {
  id: number;
  email: string;
  role: Role;
}

export async function makeNoticeUser(options: {
  side: "vendor" | "partner";
  timeZone?: string;
  locale?: string | null;
  status?: "active" | "deactivated";
}): Promise<NoticeUser> {
  const code = uniqueCode("N").toLowerCase();
  const role: Role = options.side === "vendor" ? "channel_manager" : "partner_rep";
  const partnerId = options.side === "partner" ? (await partnerByCode("BPS")).id : null;
  const email = `${code}@notices.example.com`;
  const result = await db()
    .insertInto("users")
    .values({
      email,
      name: `Notice ${code}`,
      role,
      partner_id: partnerId,
      status: options.status ?? "active",
      time_zone: options.timeZone ?? "Europe/Berlin",
      locale: options.locale ?? null,
    })
    .executeTakeFirstOrThrow();
  return { id: Number(result.insertId), email, role };
}

export function mailsTo(email: string) {
  return db().selectFrom("email_outbox").select(["subject", "body_text"]).where("to_address", "=", email).orderBy("id").execute();
}

export function noticesOf(userId: number) {
  return db()
    .selectFrom("notifications")
    .select(["id", "kind", "title", "message", "params", "link", "digest_state", "read_at"])
    .where("user_id", "=", userId)
    .orderBy("id")
    .execute();
}
