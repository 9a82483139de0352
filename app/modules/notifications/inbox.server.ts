// The signed-in user's own notifications: newest first, a page at a time, all or only the
// unread; opened or marked read one by one or all together. Every query names the user, so a
// notification of somebody else is not found.
import { now } from "~/lib/clock.server";
import { notFound } from "~/lib/http.server";
import { readPaging, type ListPaging } from "~/lib/list-query";
import type { DB } from "~/lib/db.server";

export interface InboxQuery extends ListPaging<"created_at"> {
  unread: boolean;
}

export function readInboxQuery(params: URLSearchParams): InboxQuery {
  return { ...readPaging(params, ["created_at"] as const, "created_at"), dir: "desc", unread: params.get("show") === "unread" };
}

export async function listNotifications(db: DB, userId: number, query: InboxQuery) {
  const mine = db
    .selectFrom("notifications")
    .where("user_id", "=", userId)
    .$if(query.unread, (q) => q.where("read_at", "is", null));
  const [rows, count] = await Promise.all([
    mine
      .select(["id", "kind", "title", "message", "params", "link", "created_at", "read_at", "digest_state"])
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    mine.select(({ fn }) => fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export type NotificationRow = Awaited<ReturnType<typeof listNotifications>>["rows"][number];

/** The bell shows "99+" past 99, so every page counts at most UNREAD_CAP rows of the (user_id, read_at) index. */
export const UNREAD_CAP = 100;

export async function unreadCount(db: DB, userId: number): Promise<number> {
  const row = await db
    .selectFrom((eb) => eb.selectFrom("notifications").select("id").where("user_id", "=", userId).where("read_at", "is", null).limit(UNREAD_CAP).as("unread"))
    .select(({ fn }) => fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks one of the user's notifications read and returns where it points; not found when it is not theirs. */
export async function markRead(db: DB, userId: number, notificationId: number): Promise<string | null> {
  const row = await db
    .selectFrom("notifications")
    .select(["id", "link", "read_at"])
    .where("id", "=", notificationId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (!row) notFound();
  if (!row.read_at) await db.updateTable("notifications").set({ read_at: now() }).where("id", "=", row.id).where("user_id", "=", userId).execute();
  return row.link;
}

export async function markAllRead(db: DB, userId: number): Promise<void> {
  await db.updateTable("notifications").set({ read_at: now() }).where("user_id", "=", userId).where("read_at", "is", null).execute();
}
