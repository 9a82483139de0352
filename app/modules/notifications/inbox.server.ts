// The signed-in user's own notifications: newest first, marked read together.
import type { DB } from "~/lib/db.server";
import { now } from "~/lib/clock.server";

export function listNotifications(db: DB, userId: number, limit = 100) {
  return db.selectFrom("notifications").selectAll().where("user_id", "=", userId).orderBy("created_at", "desc").orderBy("id", "desc").limit(limit).execute();
}

export async function unreadCount(db: DB, userId: number): Promise<number> {
  const row = await db.selectFrom("notifications").select(({ fn }) => fn.countAll<number>().as("n")).where("user_id", "=", userId).where("read_at", "is", null).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function markAllRead(db: DB, userId: number): Promise<void> {
  await db.updateTable("notifications").set({ read_at: now() }).where("user_id", "=", userId).where("read_at", "is", null).execute();
}
