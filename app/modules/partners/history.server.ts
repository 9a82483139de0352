// A partner's own history (partner_events): applied, approved, agreement accepted, certified,
// tier changed ... shown on its page beside the audit log. Each event is also an audit entry,
// written in the same transaction as the change it records.
import { recordAudit, type Actor } from "~/lib/audit.server";
import { now } from "~/lib/clock.server";
import type { DB } from "~/lib/db.server";

export type PartnerEvent =
  "applied" | "approved" | "status_changed" | "agreement_accepted" | "onboarding_item_done" | "activated" | "certified" | "tier_changed" | "tier_at_risk";

export async function recordPartnerEvent(
  db: DB,
  event: { partnerId: number; actor: Actor; event: PartnerEvent; from?: string | null; to?: string | null; text?: string | null },
): Promise<void> {
  await db
    .insertInto("partner_events")
    .values({
      partner_id: event.partnerId,
      at: now(),
      actor_user_id: event.actor.userId,
      event: event.event,
      from_value: event.from ?? null,
      to_value: event.to ?? null,
      text: event.text ?? null,
    })
    .execute();
  await recordAudit(db, event.actor, {
    action: `partner.${event.event}`,
    entityType: "partner",
    entityId: event.partnerId,
    partnerId: event.partnerId,
    before: event.from == null ? undefined : { value: event.from },
    after: { ...(event.to == null ? {} : { value: event.to }), ...(event.text ? { text: event.text } : {}) },
  });
}
