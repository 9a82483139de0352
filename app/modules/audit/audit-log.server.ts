// The audit log as admins read it at /audit: newest first, filtered by actor, entity, action
// and time range, paginated on the server.
import { sql } from "kysely";
import { forbidden } from "~/lib/http.server";
import { readPaging, readText, type ListPaging } from "~/lib/list-query";
import type { DB } from "~/lib/db.server";
import type { Scope } from "~/lib/scope.server";

export interface AuditQuery extends ListPaging<"at"> {
  actor: string;
  entityType: string;
  entityId: string;
  action: string;
  from: Date | null;
  to: Date | null;
}

function readDate(value: string | null, endOfDay: boolean): Date | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const date = new Date(`${value}T${endOfDay ? "23:59:59.999" : "00:00:00.000"}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function readAuditQuery(params: URLSearchParams): AuditQuery {
  return {
    ...readPaging(params, ["at"] as const, "at"),
    dir: params.get("dir") === "asc" ? "asc" : "desc",
    actor: readText(params, "actor"),
    entityType: readText(params, "entityType", 32),
    entityId: readText(params, "entityId", 64),
    action: readText(params, "action", 64),
    from: readDate(params.get("from"), false),
    to: readDate(params.get("to"), true),
  };
}

export async function listAuditEntries(db: DB, scope: Scope, query: AuditQuery) {
  if (scope.kind !== "admin") forbidden();
  let base = db.selectFrom("audit_log");
  if (query.actor) base = base.where("actor_email", "like", `${query.actor.replace(/[\\%_]/g, (c) => "\\" + c)}%`);
  if (query.entityType) base = base.where("entity_type", "=", query.entityType);
  if (query.entityId) base = base.where("entity_id", "=", query.entityId);
  if (query.action) base = base.where("action", "=", query.action);
  if (query.from) base = base.where("at", ">=", query.from);
  if (query.to) base = base.where("at", "<=", query.to);
  const [rows, total, actions] = await Promise.all([
    base
      .selectAll()
      .orderBy("at", query.dir === "asc" ? "asc" : "desc")
      .orderBy("id", query.dir === "asc" ? "asc" : "desc")
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    base.select(sql<number>`COUNT(*)`.as("n")).executeTakeFirstOrThrow(),
    db.selectFrom("audit_log").select(["action", "entity_type"]).distinct().orderBy("action").execute(),
  ]);
  return { rows, total: Number(total.n), actions };
}
