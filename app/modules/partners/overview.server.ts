// The figures on the home page: partners by status within the scope, the caller's own
// partner for partner users, and recent changes to the partners a vendor user looks after.
import { partnerFilter, type Scope } from "~/lib/scope.server";
import { PARTNER_STATUSES, type PartnerStatus } from "../../../db/types";
import type { DB } from "~/lib/db.server";

export async function partnerStatusCounts(db: DB, scope: Scope): Promise<Record<PartnerStatus, number>> {
  const rows = await db
    .selectFrom("partners")
    .select(({ fn }) => ["status", fn.countAll<number>().as("n")])
    .where(partnerFilter(scope, "partners.id"))
    .groupBy("status")
    .execute();
  const counts = Object.fromEntries(PARTNER_STATUSES.map((s) => [s, 0])) as Record<PartnerStatus, number>;
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

export async function recentPartnerActivity(db: DB, scope: Scope, limit = 8) {
  if (scope.kind === "partner") return [];
  let query = db
    .selectFrom("audit_log")
    .leftJoin("partners", "partners.id", "audit_log.partner_id")
    .select([
      "audit_log.id",
      "audit_log.at",
      "audit_log.action",
      "audit_log.actor_email",
      "audit_log.entity_type",
      "audit_log.entity_id",
      "partners.name as partner_name",
      "partners.id as partner_id",
    ])
    .orderBy("audit_log.at", "desc")
    .orderBy("audit_log.id", "desc")
    .limit(limit);
  if (scope.kind === "channel_manager") query = query.where(partnerFilter(scope, "audit_log.partner_id"));
  return query.execute();
}

export async function ownPartnerCard(db: DB, scope: Scope) {
  if (scope.kind !== "partner") return null;
  const partner = await db
    .selectFrom("partners")
    .innerJoin("tiers", "tiers.tier", "partners.tier")
    .leftJoin("users as managers", "managers.id", "partners.channel_manager_id")
    .leftJoin("partners as parents", "parents.id", "partners.parent_id")
    .select([
      "partners.id",
      "partners.code",
      "partners.name",
      "partners.type",
      "partners.tier",
      "partners.status",
      "partners.country",
      "tiers.deal_discount_pct",
      "tiers.lead_sla_hours",
      "managers.name as manager_name",
      "managers.email as manager_email",
      "parents.name as parent_name",
    ])
    .where("partners.id", "=", scope.partnerId)
    .where(partnerFilter(scope, "partners.id"))
    .executeTakeFirstOrThrow();
  const [children, team] = await Promise.all([
    db
      .selectFrom("partners")
      .select(["id", "name", "status"])
      .where("parent_id", "=", scope.partnerId)
      .where(partnerFilter(scope, "partners.id"))
      .orderBy("name")
      .execute(),
    db
      .selectFrom("users")
      .select(({ fn }) => fn.countAll<number>().as("n"))
      .where("partner_id", "=", scope.partnerId)
      .where("status", "!=", "deactivated")
      .executeTakeFirstOrThrow(),
  ]);
  return { ...partner, children, teamSize: Number(team.n) };
}
