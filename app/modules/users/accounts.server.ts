// Reading and managing user accounts within the caller's scope: list, one user, deactivate
// (which ends their sessions at once) and reactivate.
import { sql } from "kysely";
import { reevaluateOnboarding } from "~/modules/partners/onboarding.server";
import { userFilter, type Scope } from "~/lib/scope.server";
import { recordAudit, type Actor } from "~/lib/audit.server";
import { endAllSessionsOf } from "~/lib/auth.server";
import { notFound } from "~/lib/http.server";
import { likePattern } from "~/lib/list-query";
import { ValidationError } from "~/lib/forms";
import { now } from "~/lib/clock.server";
import type { Role, UserStatus } from "../../../db/types";
import type { DB } from "~/lib/db.server";

export interface UserListQuery {
  q: string;
  role: Role | "";
  status: UserStatus | "";
  page: number;
  pageSize: number;
}

export async function listUsers(db: DB, scope: Scope, query: UserListQuery) {
  let base = db.selectFrom("users").leftJoin("partners", "partners.id", "users.partner_id").where(userFilter(scope));
  if (query.q) {
    const like = likePattern(query.q);
    base = base.where((eb) => eb.or([eb("users.email", "like", like), eb("users.name", "like", like), eb("partners.name", "like", like)]));
  }
  if (query.role) base = base.where("users.role", "=", query.role);
  if (query.status) base = base.where("users.status", "=", query.status);
  const [rows, total] = await Promise.all([
    base
      .select([
        "users.id",
        "users.email",
        "users.name",
        "users.role",
        "users.status",
        "users.last_login_at",
        "users.partner_id",
        "partners.name as partner_name",
      ])
      .orderBy("users.name")
      .orderBy("users.id")
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    base.select(sql<number>`COUNT(*)`.as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function getUser(db: DB, scope: Scope, userId: number) {
  const user = await db
    .selectFrom("users")
    .leftJoin("partners", "partners.id", "users.partner_id")
    .select([
      "users.id",
      "users.email",
      "users.name",
      "users.role",
      "users.status",
      "users.partner_id",
      "users.time_zone",
      "users.last_login_at",
      "users.created_at",
      "partners.name as partner_name",
    ])
    .where("users.id", "=", userId)
    .where(userFilter(scope))
    .executeTakeFirst();
  if (!user) notFound();
  return user;
}

export async function setUserActive(db: DB, scope: Scope, actor: Actor, userId: number, active: boolean): Promise<void> {
  const user = await getUser(db, scope, userId);
  if (user.id === actor.userId) throw new ValidationError({ form: "errors.notYourself" });
  const next: UserStatus = active ? (user.status === "deactivated" ? "active" : user.status) : "deactivated";
  if (!active && user.status === "deactivated") return;
  if (active && user.status !== "deactivated") return;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("users").set({ status: next, updated_at: now() }).where("id", "=", user.id).execute();
    if (!active) await trx.deleteFrom("user_sessions").where("user_id", "=", user.id).execute();
    await recordAudit(trx, actor, {
      action: active ? "user.reactivate" : "user.deactivate",
      entityType: "user",
      entityId: user.id,
      partnerId: user.partner_id,
      before: { status: user.status },
      after: { status: next },
    });
  });
  if (!active) await endAllSessionsOf(user.id);
  // A partner's user active again may complete its onboarding item.
  else if (user.partner_id) await reevaluateOnboarding(db, user.partner_id, actor);
}
