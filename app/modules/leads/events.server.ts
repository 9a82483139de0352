// Every lead transition goes to the lead's own history (what people read on the lead) and to
// the audit log, in the caller's transaction and in bulk when many leads move at once.
import { now } from "~/lib/clock.server";
import type { Actor } from "~/lib/audit.server";
import type { DB } from "~/lib/db.server";

export interface LeadEvent {
  leadId: number;
  event: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  partnerId?: number | null;
  text?: string | null;
}

const CHUNK = 1000;

export async function recordLeadEvents(db: DB, actor: Actor, events: LeadEvent[]): Promise<void> {
  const at = now();
  for (let i = 0; i < events.length; i += CHUNK) {
    const chunk = events.slice(i, i + CHUNK);
    await db
      .insertInto("lead_events")
      .values(
        chunk.map((e) => ({
          lead_id: e.leadId,
          at,
          actor_user_id: actor.userId,
          actor_email: actor.email,
          event: e.event,
          from_status: e.fromStatus ?? null,
          to_status: e.toStatus ?? null,
          partner_id: e.partnerId ?? null,
          text: e.text ?? null,
        })),
      )
      .execute();
    await db
      .insertInto("audit_log")
      .values(
        chunk.map((e) => ({
          at,
          actor_user_id: actor.userId,
          actor_email: actor.email,
          action: `lead.${e.event}`,
          entity_type: "lead",
          entity_id: String(e.leadId),
          partner_id: e.partnerId ?? null,
          before_json: e.fromStatus ? JSON.stringify({ status: e.fromStatus }) : null,
          after_json: JSON.stringify({ ...(e.toStatus ? { status: e.toStatus } : {}), ...(e.text ? { text: e.text } : {}) }),
          ip: actor.ip,
        })),
      )
      .execute();
  }
}
