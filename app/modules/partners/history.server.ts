// A partner's own history (applied, approved, agreement accepted, activated, tier changed ...),
// shown on its page. Every entry is also an audit row, written in the same transaction as the
// change it records, so the history and the audit log never disagree.
import { recordAudit, type Actor } from "~/lib/audit.server";
import { now } from "~/lib/clock.server";
import { partnerFilter, type Scope } from "~/lib/scope.server";
import type { DB } from "~/lib/db.server";

export type PartnerEventKind =
  "applied" | "approved" | "status_changed" | "agreement_accepted" | "onboarding_item_done" | "activated" | "certified" | "tier_changed" | "tier_at_risk";

export interface PartnerEventInput {
  partnerId: number;
  actor: Actor;
  event: PartnerEventKind;
  from?: string | null;
  to?: string | null;
  text?: string | null;
}

export async function recordPartnerEvent(db: DB, { partnerId, actor, event, from = null, to = null, text = null }: PartnerEventInput): Promise<void> {
  await db
    .insertInto("partner_events")
    .values({ partner_id: partnerId, at: now(), actor_user_id: actor.userId, event, from_value: from, to_value: to, text })
    .execute();
  await recordAudit(db, actor, {
    action: `partner.${event}`,
    entityType: "partner",
    entityId: partnerId,
    partnerId,
    before: from === null ? undefined : { value: from },
    after: { event, ...(to === null ? {} : { value: to }), ...(text === null ? {} : { text }) },
  });
}

/** The partner's history, newest first, for a partner the caller can see. */
export async function partnerEvents(db: DB, scope: Scope, partnerId: number) {
  return db
    .selectFrom("partner_events as e")
    .leftJoin("users", "users.id", "e.actor_user_id")
    .select(["e.id", "e.at", "e.event", "e.from_value", "e.to_value", "e.text", "users.name as actor_name"])
    .where("e.partner_id", "=", partnerId)
    .where(partnerFilter(scope, "e.partner_id"))
    .orderBy("e.at", "desc")
    .orderBy("e.id", "desc")
    .limit(200)
    .execute();
}

export type PartnerEventRow = Awaited<ReturnType<typeof partnerEvents>>[number];
