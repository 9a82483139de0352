// A partner's own history (partner_events): what happened to it in its life in the programme
// (applied, approved, agreement accepted, activated, certified, tier changed ...), shown on its
// page. Each event is also in the audit log, written in the caller's transaction.
import { recordAudit, type Actor } from "~/lib/audit.server";
import { now } from "~/lib/clock.server";
import type { DB } from "~/lib/db.server";

export type PartnerEvent =
  "applied" | "approved" | "status_changed" | "agreement_accepted" | "onboarding_item_done" | "activated" | "certified" | "tier_changed" | "tier_at_risk";

export interface PartnerEventInput {
  partnerId: number;
  actor: Actor;
  event: PartnerEvent;
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
    after: { ...(to === null ? {} : { value: to }), ...(text === null ? {} : { text }) },
  });
}
