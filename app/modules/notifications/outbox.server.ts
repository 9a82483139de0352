// The outbox page's list: e-mail kept on this machine while no SMTP server is configured,
// newest first, a page at a time like every other list, so a long-running development or demo
// portal can still reach its oldest mail.
import { readPaging, type ListPaging } from "~/lib/list-query";
import type { DB } from "~/lib/db.server";

export type OutboxQuery = ListPaging<"created_at">;

export function readOutboxQuery(params: URLSearchParams): OutboxQuery {
  return { ...readPaging(params, ["created_at"] as const, "created_at"), dir: "desc" };
}

export async function listOutbox(db: DB, query: OutboxQuery) {
  const [rows, count] = await Promise.all([
    db
      .selectFrom("email_outbox")
      .select(["id", "to_address", "subject", "body_text", "created_at"])
      .orderBy("id", "desc")
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    db
      .selectFrom("email_outbox")
      .select(({ fn }) => fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
