// Routing applies the router's ranking (router.ts) to leads in the pool: it loads every fact
// the score needs once per batch, offers each lead to its best candidate, records why (score
// breakdown and runners-up), and leaves unroutable leads in the pool with the reason.
import { sql, type Transaction } from "kysely";
import { leadFilter, partnerFilter, type Scope } from "~/lib/scope.server";
import { now } from "~/lib/clock.server";
import { getLeadSettings } from "~/modules/settings/portal-settings.server";
import { managerOf, notifyEach, notifyUsers, partnerAdmins, type Notice } from "~/modules/notifications/notify.server";
import { systemTask, unscoped } from "~/lib/scope-guard.server";
import { certifiedProductLines } from "~/modules/certifications/held.server";
import { restrictedPartnerIds } from "~/modules/agreements/in-force.server";
import { ENDED_OFFER_OUTCOMES, type Database } from "../../../db/types";
import { rankCandidates, type Candidate, type Ineligibility, type LeadToRoute, type Ranked } from "./router";
import { recordLeadEvents, type LeadEvent } from "./events.server";
import type { DB } from "~/lib/db.server";
import type { Actor } from "~/lib/audit.server";

const BATCH = 500;
/** The winner and the runners-up an offer keeps as "why this partner". */
const RANKED_KEPT = 5;
const HISTORY_DAYS = 90;
export const OPEN_STATUSES = ["offered", "accepted", "contacted", "qualified"] as const;

/** The facts about every active partner in the given regions that the score needs. */
export const loadCandidates = systemTask(
  "routing: the vendor's router weighs every eligible partner",
  async function loadCandidates(db: DB | Transaction<Database>, regionIds: number[], among?: Scope): Promise<Map<number, Candidate>> {
    const candidates = new Map<number, Candidate>();
    if (regionIds.length === 0) return candidates;
    const since = new Date(now().getTime() - HISTORY_DAYS * 24 * 3600 * 1000);
    const [partners, maxWeight, lines, open, outcomes, acceptTimes, conversions, lastOffers, gated] = await Promise.all([
      db
        .selectFrom("partners")
        .innerJoin("tiers", "tiers.tier", "partners.tier")
        .select([
          "partners.id",
          "partners.country",
          "partners.postcode",
          "partners.region_id",
          "partners.capacity",
          "tiers.routing_weight",
          "tiers.lead_sla_hours",
        ])
        .where("partners.status", "=", "active")
        .where("partners.region_id", "in", regionIds)
        .$if(among !== undefined, (q) => q.where(partnerFilter(among!, "partners.id")))
        .execute(),
      db
        .selectFrom("tiers")
        .select(sql<string>`MAX(routing_weight)`.as("w"))
        .executeTakeFirstOrThrow(),
      db
        .selectFrom("partner_product_lines")
        .innerJoin("partners", "partners.id", "partner_product_lines.partner_id")
        .select(["partner_product_lines.partner_id", "partner_product_lines.product_line_id"])
        .where("partners.status", "=", "active")
        .where("partners.region_id", "in", regionIds)
        .execute(),
      db
        .selectFrom("leads")
        .select(["partner_id", sql<number>`COUNT(*)`.as("n")])
        .where("status", "in", [...OPEN_STATUSES])
        .where("partner_id", "is not", null)
        .groupBy("partner_id")
        .execute(),
      db
        .selectFrom("lead_offers")
        .select(["partner_id", "outcome", sql<number>`COUNT(*)`.as("n")])
        .where("offered_at", ">=", since)
        .where("outcome", "in", [...ENDED_OFFER_OUTCOMES])
        .groupBy(["partner_id", "outcome"])
        .execute(),
      db
        .selectFrom("lead_offers")
        .select(["partner_id", sql<number>`TIMESTAMPDIFF(SECOND, offered_at, outcome_at)`.as("seconds")])
        .where("offered_at", ">=", since)
        .where("outcome", "=", "accepted")
        .execute(),
      db
        .selectFrom("lead_offers")
        .innerJoin("leads", (join) => join.onRef("leads.id", "=", "lead_offers.lead_id").onRef("leads.partner_id", "=", "lead_offers.partner_id"))
        .select(["lead_offers.partner_id", sql<number>`COUNT(*)`.as("n")])
        .where("lead_offers.offered_at", ">=", since)
        .where("lead_offers.outcome", "=", "accepted")
        .where("leads.status", "=", "converted")
        .groupBy("lead_offers.partner_id")
        .execute(),
      db
        .selectFrom("lead_offers")
        .select(["partner_id", sql<Date>`MAX(offered_at)`.as("at")])
        .groupBy("partner_id")
        .execute(),
      certificationGatedLines(db),
    ]);
    const certified = await certifiedProductLines(
      db,
      partners.map((p) => p.id),
    );

    // A line the catalogue certifies goes only to partners holding a valid certification for
    // it; for any other line, the partner's own product lines decide.
    const linesOf = new Map<number, Set<number>>();
    const lineSet = (partnerId: number) => {
      let set = linesOf.get(partnerId);
      if (!set) linesOf.set(partnerId, (set = new Set()));
      return set;
    };
    for (const l of lines) if (!gated.has(l.product_line_id)) lineSet(l.partner_id).add(l.product_line_id);
    const certifiedOf = new Map<number, Set<number>>();
    for (const [partnerId, held] of certified) {
      const relevant = new Set([...held].filter((line) => gated.has(line)));
      certifiedOf.set(partnerId, relevant);
      for (const line of relevant) lineSet(partnerId).add(line);
    }
    const openOf = new Map(open.map((o) => [o.partner_id!, Number(o.n)]));
    const outcomeOf = new Map<number, { accepted: number; decided: number }>();
    for (const o of outcomes) {
      const entry = outcomeOf.get(o.partner_id) ?? { accepted: 0, decided: 0 };
      entry.decided += Number(o.n);
      if (o.outcome === "accepted") entry.accepted += Number(o.n);
      outcomeOf.set(o.partner_id, entry);
    }
    const timesOf = new Map<number, number[]>();
    for (const t of acceptTimes) {
      const list = timesOf.get(t.partner_id) ?? [];
      list.push(Number(t.seconds) / 3600);
      timesOf.set(t.partner_id, list);
    }
    const conversionsOf = new Map(conversions.map((c) => [c.partner_id, Number(c.n)]));
    const lastOfferOf = new Map(lastOffers.map((o) => [o.partner_id, new Date(o.at).getTime()]));
    const maxTierWeight = Number(maxWeight.w);
    // A partner past its accept-by date without accepting the agreement gets no new offers.
    const restricted = await restrictedPartnerIds(
      db,
      partners.map((p) => p.id),
    );

    for (const p of partners) {
      if (restricted.has(p.id)) continue;
      const stats = outcomeOf.get(p.id);
      const times = timesOf.get(p.id);
      candidates.set(p.id, {
        partnerId: p.id,
        country: p.country,
        postcode: p.postcode,
        regionId: p.region_id,
        productLineIds: linesOf.get(p.id) ?? new Set(),
        certifiedLineIds: certifiedOf.get(p.id) ?? new Set(),
        tierWeight: Number(p.routing_weight),
        maxTierWeight,
        slaHours: p.lead_sla_hours,
        capacity: p.capacity,
        openLeads: openOf.get(p.id) ?? 0,
        acceptanceRate: stats && stats.decided > 0 ? stats.accepted / stats.decided : null,
        medianHoursToAccept: times?.length ? median(times) : null,
        conversionRate: stats && stats.accepted > 0 ? (conversionsOf.get(p.id) ?? 0) / stats.accepted : null,
        lastOfferedAt: lastOfferOf.get(p.id) ?? null,
      });
    }
    return candidates;
  },
);

/** The product lines the catalogue has an active certification for. */
async function certificationGatedLines(db: DB | Transaction<Database>): Promise<Set<number>> {
  const rows = await db
    .selectFrom("certifications")
    .select("product_line_id")
    .distinct()
    .where("active", "=", 1)
    .where("product_line_id", "is not", null)
    .execute();
  return new Set(rows.map((r) => r.product_line_id!));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const INELIGIBLE_TEXT: Record<Ineligibility, string> = {
  territory: "outside the lead's territory",
  productLine: "not certified for the product line",
  capacity: "at capacity",
  offeredBefore: "already offered this lead",
};

export function poolReason(ineligible: Record<Ineligibility, number>): string {
  const parts = (Object.keys(ineligible) as Ineligibility[]).filter((k) => ineligible[k] > 0).map((k) => `${ineligible[k]} ${INELIGIBLE_TEXT[k]}`);
  return parts.length ? `No eligible partner (${parts.join(", ")}).` : "No active partner covers this lead's territory.";
}

export interface RoutingResult {
  offered: number;
  unroutable: number;
  skipped: number;
}

interface Offer {
  lead: LeadToRoute & { status: string };
  winner: Ranked;
  runnersUp: Ranked[];
  expiresAt: Date;
}

/**
 * Routes, for a user, the leads among `leadIds` that the user's scope may see and that are
 * still in the pool, to the partners that scope may see: a channel manager routes their own
 * leads to their own partners.
 */
export async function routeLeads(db: DB, scope: Scope, actor: Actor, leadIds: number[]): Promise<RoutingResult> {
  if (leadIds.length === 0) return { offered: 0, unroutable: 0, skipped: 0 };
  const visible = await db.selectFrom("leads").select("id").where("id", "in", leadIds).where(leadFilter(scope)).execute();
  return routeForVendor(
    db,
    actor,
    visible.map((lead) => lead.id),
    scope,
  );
}

/** Routes pool leads for the vendor across all partners: a lead back in the pool, the bench. */
export function rerouteLeads(db: DB, actor: Actor, leadIds: number[]): Promise<RoutingResult> {
  return routeForVendor(db, actor, leadIds);
}

/**
 * Routes the given leads that are still in the pool. Leads are locked in batches, so two
 * routers (or a person assigning by hand) never offer one lead twice. `among` limits the
 * candidates to the partners a scope may see.
 */
const routeForVendor = systemTask(
  "routing: the vendor's router weighs every eligible partner",
  async function routeForVendor(db: DB, actor: Actor, leadIds: number[], among?: Scope): Promise<RoutingResult> {
    const result: RoutingResult = { offered: 0, unroutable: 0, skipped: 0 };
    if (leadIds.length === 0) return result;
    const settings = await getLeadSettings(db);
    const regionRows = await db
      .selectFrom("leads")
      .select("region_id")
      .distinct()
      .where("id", "in", leadIds.slice(0, 60000))
      .where("region_id", "is not", null)
      .execute();
    const candidates = await loadCandidates(
      db,
      regionRows.map((r) => r.region_id!),
      among,
    );
    const byRegion = new Map<number, Candidate[]>();
    for (const c of candidates.values()) {
      const list = byRegion.get(c.regionId!) ?? [];
      list.push(c);
      byRegion.set(c.regionId!, list);
    }

    for (let i = 0; i < leadIds.length; i += BATCH) {
      const batch = leadIds.slice(i, i + BATCH);
      await db.transaction().execute(async (trx) => {
        const leads = await trx
          .selectFrom("leads")
          .select(["id", "country", "postcode", "region_id", "product_line_id", "status", "offer_count", "company"])
          .where("id", "in", batch)
          .where("status", "=", "new")
          .forUpdate()
          .$call(unscoped("routing acts for the vendor across partners"))
          .execute();
        result.skipped += batch.length - leads.length;
        if (leads.length === 0) return;
        const previous = await trx
          .selectFrom("lead_offers")
          .select(["lead_id", "partner_id"])
          .where(
            "lead_id",
            "in",
            leads.map((l) => l.id),
          )
          .where("outcome", "!=", "withdrawn")
          .$call(unscoped("routing acts for the vendor across partners"))
          .execute();
        const offeredBefore = new Map<number, Set<number>>();
        for (const p of previous) {
          const set = offeredBefore.get(p.lead_id) ?? new Set();
          set.add(p.partner_id);
          offeredBefore.set(p.lead_id, set);
        }

        const at = now();
        const offers: Offer[] = [];
        const unroutable: { id: number; reason: string }[] = [];
        for (const row of leads) {
          const lead = {
            id: row.id,
            country: row.country,
            postcode: row.postcode,
            regionId: row.region_id,
            productLineId: row.product_line_id,
            status: row.status,
          };
          if (row.offer_count >= settings.maxOffers) {
            unroutable.push({ id: row.id, reason: `Offered ${row.offer_count} times without acceptance; a person decides now.` });
            continue;
          }
          const { ranked, ineligible } = rankCandidates(
            lead,
            row.region_id ? (byRegion.get(row.region_id) ?? []) : [],
            offeredBefore.get(row.id) ?? new Set(),
            RANKED_KEPT,
          );
          if (ranked.length === 0) {
            unroutable.push({ id: row.id, reason: poolReason(ineligible) });
            continue;
          }
          const winner = ranked[0];
          // The next lead in this batch sees this partner's new load and most recent offer.
          winner.candidate.openLeads += 1;
          winner.candidate.lastOfferedAt = at.getTime();
          offers.push({ lead, winner, runnersUp: ranked.slice(1, RANKED_KEPT), expiresAt: new Date(at.getTime() + winner.candidate.slaHours * 3600 * 1000) });
        }

        await writeOffers(trx, actor, offers, at, null);
        if (unroutable.length) {
          // Few distinct reasons per batch, so one update per reason rather than per lead.
          const byReason = new Map<string, number[]>();
          for (const u of unroutable) byReason.set(u.reason, [...(byReason.get(u.reason) ?? []), u.id]);
          for (const [reason, ids] of byReason) {
            await trx
              .updateTable("leads")
              .set({ needs_attention: 1, pool_reason: reason, updated_at: at })
              .where("id", "in", ids)
              .$call(unscoped("routing acts for the vendor across partners"))
              .execute();
          }
          await recordLeadEvents(
            trx,
            actor,
            unroutable.map((u) => ({ leadId: u.id, event: "unroutable", text: u.reason })),
          );
        }
        result.offered += offers.length;
        result.unroutable += unroutable.length;
      });
    }
    return result;
  },
);

/** Writes offers in bulk: the offer rows, the leads' new state, history, audit and notices. */
export const writeOffers = systemTask(
  "routing: the vendor's router weighs every eligible partner",
  async function writeOffers(
    trx: Transaction<Database>,
    actor: Actor,
    offers: Offer[],
    at: Date,
    offeredBy: number | null,
    userId: number | null = null,
  ): Promise<void> {
    if (offers.length === 0) return;
    await trx
      .insertInto("lead_offers")
      .values(
        offers.map((o) => ({
          lead_id: o.lead.id,
          partner_id: o.winner.candidate.partnerId,
          user_id: userId,
          offered_by: offeredBy,
          offered_at: at,
          expires_at: o.expiresAt,
          score: o.winner.breakdown.total.toFixed(4),
          breakdown: JSON.stringify(o.winner.breakdown),
          candidates: JSON.stringify(o.runnersUp.map((r) => ({ partnerId: r.candidate.partnerId, ...r.breakdown }))),
        })),
      )
      .execute();
    const ids = offers.map((o) => o.lead.id);
    const partnerCase = sql.join(
      offers.map((o) => sql`WHEN ${o.lead.id} THEN ${o.winner.candidate.partnerId}`),
      sql` `,
    );
    const expiryCase = sql.join(
      offers.map((o) => sql`WHEN ${o.lead.id} THEN ${o.expiresAt}`),
      sql` `,
    );
    await sql`UPDATE leads SET status = 'offered', partner_id = CASE id ${partnerCase} END, owner_user_id = ${userId},
      offered_at = ${at}, offer_expires_at = CASE id ${expiryCase} END, offer_count = offer_count + 1,
      needs_attention = 0, pool_reason = NULL, updated_at = ${at}
    WHERE id IN (${sql.join(ids)})`.execute(trx);
    const events: LeadEvent[] = offers.map((o) => ({
      leadId: o.lead.id,
      event: "offered",
      fromStatus: o.lead.status,
      toStatus: "offered",
      partnerId: o.winner.candidate.partnerId,
    }));
    await recordLeadEvents(trx, actor, events);

    // One notice per partner per batch, not one per lead, so a bulk import is one message.
    const perPartner = new Map<number, Offer[]>();
    for (const o of offers) perPartner.set(o.winner.candidate.partnerId, [...(perPartner.get(o.winner.candidate.partnerId) ?? []), o]);
    const admins = await partnerAdmins(trx, [...perPartner.keys()]);
    await notifyEach(
      trx,
      [...perPartner].map(([partnerId, list]): { userIds: number[]; notice: Notice } => {
        return {
          userIds: [...(admins.get(partnerId) ?? []), ...(userId ? [userId] : [])],
          notice: {
            kind: "lead.offered",
            title:
              list.length === 1
                ? { key: "notifications.notice.leadOffered", params: { lead: list[0].lead.id } }
                : { key: "notifications.notice.leadsOffered", params: { count: list.length } },
            link: list.length === 1 ? `/leads/${list[0].lead.id}` : "/leads?status=offered",
            body: { text: { key: "notifications.notice.leadOfferedText", params: { deadlineAt: list[0].expiresAt.toISOString() } } },
          },
        };
      }),
    );
  },
);

/** Tells the channel manager that a lead is back in the pool and needs a decision. */
export async function noticeReturnedToPool(trx: Transaction<Database>, partnerId: number, leadId: number, reason: string): Promise<void> {
  await notifyUsers(trx, await managerOf(trx, partnerId), {
    kind: "lead.returned",
    title: { key: "notifications.notice.leadReturned", params: { lead: leadId, reason } },
    link: `/leads/${leadId}`,
  });
}
