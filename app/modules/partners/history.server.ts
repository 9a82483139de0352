// A partner's own history (applied, approved, agreement accepted, activated, tier changed ...),
// shown on its page. Every entry is also an audit row, written in the same transaction as the
// change it records, so the history and the audit log never disagree.
import { recordAudit, type Actor } from "~/lib/audit.server";
import { now } from "~/lib/clock.server";
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
