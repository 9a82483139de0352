// Offer deadlines, run by a job every minute: an offer past its accept-by time expires (the
// lead returns to the pool and, with automatic routing, goes to the next best partner), and
// an offer with a quarter of its time left reminds the partner once.
import { sql } from "kysely";
import { SYSTEM_ACTOR } from "~/lib/audit.server";
import { now } from "~/lib/clock.server";
import { notifyUsers, partnerRecipients } from "~/modules/notifications/notify.server";
import { systemTask } from "~/lib/scope-guard.server";
import { rerouteIfAutomatic, returnToPool } from "./lifecycle.server";
import { recordLeadEvents } from "./events.server";
import type { DB } from "~/lib/db.server";

/** Expires every overdue offer (at most `limit` per run), or only those of `leadIds`. */
export const expireOverdueOffers = systemTask(
  "offer deadlines: every partner's offers",
  async function expireOverdueOffers(db: DB, options: { limit?: number; leadIds?: number[] } = {}): Promise<number> {
    const due = await db
      .selectFrom("leads")
      .select(["id"])
      .where("status", "=", "offered")
      .where("offer_expires_at", "<=", now())
      .$if(options.leadIds !== undefined, (q) => q.where("id", "in", options.leadIds!.length ? options.leadIds! : [0]))
      .orderBy("offer_expires_at")
      .limit(options.limit ?? 500)
      .execute();
    const lastPartner = new Map<number, number>();
    for (const { id } of due) {
      await db.transaction().execute(async (trx) => {
        const lead = await trx.selectFrom("leads").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
        // Accepted or taken back while we were getting here: nothing to expire.
        if (!lead || lead.status !== "offered" || !lead.offer_expires_at || lead.offer_expires_at > now()) return;
        const at = now();
        await trx.updateTable("lead_offers").set({ outcome: "expired", outcome_at: at }).where("lead_id", "=", id).where("outcome", "=", "pending").execute();
        await returnToPool(trx, lead, at);
        await recordLeadEvents(trx, SYSTEM_ACTOR, [{ leadId: id, event: "expired", fromStatus: "offered", toStatus: "new", partnerId: lead.partner_id }]);
        lastPartner.set(id, lead.partner_id!);
      });
    }
    if (lastPartner.size) await rerouteIfAutomatic(db, SYSTEM_ACTOR, [...lastPartner.keys()], lastPartner);
    return lastPartner.size;
  },
);

/** Reminds every offer with a quarter of its time left, or only those of `leadIds`. */
export const remindPendingOffers = systemTask(
  "offer deadlines: every partner's offers",
  async function remindPendingOffers(db: DB, options: { leadIds?: number[] } = {}): Promise<number> {
    const due = await db
      .selectFrom("lead_offers")
      .select(["id", "lead_id", "partner_id", "user_id", "expires_at"])
      .where("outcome", "=", "pending")
      .where("reminded_at", "is", null)
      .where("expires_at", ">", now())
      .$if(options.leadIds !== undefined, (q) => q.where("lead_id", "in", options.leadIds!.length ? options.leadIds! : [0]))
      // A quarter of the offer's time is left.
      .where(sql<boolean>`TIMESTAMPADD(SECOND, TIMESTAMPDIFF(SECOND, offered_at, expires_at) * 3 / 4, offered_at) <= ${now()}`)
      .limit(500)
      .execute();
    for (const offer of due) {
      await db.transaction().execute(async (trx) => {
        const claimed = await trx
          .updateTable("lead_offers")
          .set({ reminded_at: now() })
          .where("id", "=", offer.id)
          .where("reminded_at", "is", null)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) === 0) return;
        await notifyUsers(trx, await partnerRecipients(trx, offer.partner_id, offer.user_id), {
          kind: "lead.offer_expiring",
          title: { key: "notifications.notice.offerExpiring", params: { lead: offer.lead_id, expiresAt: offer.expires_at.toISOString() } },
          link: `/leads/${offer.lead_id}`,
          body: { text: { key: "notifications.notice.offerExpiringText" } },
        });
      });
    }
    return due.length;
  },
);
