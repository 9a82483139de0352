// The history of one record as shown on its page: its audit entries, newest first. The
// caller has already loaded the record through its scope; vendor users only.
import type { DB } from "~/lib/db.server";
import type { Scope } from "~/lib/scope.server";

export async function entityHistory(db: DB, scope: Scope, entityType: string, entityId: number, limit = 50) {
  if (scope.kind === "partner") return [];
  return db
    .selectFrom("audit_log")
    .select(["id", "at", "action", "actor_email", "before_json", "after_json"])
    .where("entity_type", "=", entityType)
    .where("entity_id", "=", String(entityId))
    .orderBy("at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}
