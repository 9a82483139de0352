// A lead's life after it is offered: accept (exactly one wins under concurrency), reject,
// contacted → qualified → converted or lost, notes, passing it to a colleague, and the vendor
// taking it back or assigning it by hand. Each runs in one transaction that locks the lead.
import { z } from "zod";
import { requireAgreementInForce, restrictedPartnerIds } from "~/modules/agreements/in-force.server";
import { leadFilter, partnerFilter, type Scope } from "~/lib/scope.server";
import { ValidationError } from "~/lib/forms";
import { forbidden, notFound } from "~/lib/http.server";
import { requireAnyRight, requireHolder, requireReviewer, type HeldRow } from "~/lib/policy.server";
import { now } from "~/lib/clock.server";
import { getLeadSettings } from "~/modules/settings/portal-settings.server";
import { unscoped } from "~/lib/scope-guard.server";
import { recordLeadEvents } from "./events.server";
import { loadCandidates, noticeReturnedToPool, rerouteLeads, writeOffers } from "./routing.server";
import { scoreCandidate } from "./router";
import type { Transaction } from "kysely";
import type { Database, Lead, LeadStatus } from "../../../db/types";
import type { DB } from "~/lib/db.server";
import type { Actor } from "~/lib/audit.server";

const typed = z.string().optional().default("");

/** The lead list's bulk form: the ticked leads, the partner typed for an assignment, the list's query to go back to. */
export const leadBulkFormSchema = z
  .object({
    leadIds: z.array(z.string()).transform((ids) => ids.map(Number).filter((n) => Number.isInteger(n) && n > 0)),
    partner: typed,
    back: typed.transform((back) => (back.startsWith("?") ? back : "")),
  })
  .refine((form) => form.leadIds.length > 0, "leads.errors.noneSelected");

type Trx = Transaction<Database>;

/** The lead, locked, if the scope may see it; otherwise not found. */
async function lockLead(trx: Trx, scope: Scope, leadId: number): Promise<Lead> {
  const lead = await trx.selectFrom("leads").selectAll().where("id", "=", leadId).where(leadFilter(scope)).forUpdate().executeTakeFirst();
  if (!lead) notFound();
  return lead;
}

/** What the policy needs of a lead: the partner holding it, and the user it was given to. */
function heldLead(lead: Lead): HeldRow {
  return { partnerId: lead.partner_id, ownerUserIds: [lead.owner_user_id] };
}

async function pendingOffer(trx: Trx, leadId: number) {
  return trx
    .selectFrom("lead_offers")
    .selectAll()
    .where("lead_id", "=", leadId)
    .where("outcome", "=", "pending")
    .orderBy("id", "desc")
    .forUpdate()
    .$call(unscoped("the row was found and locked through the caller's scope above"))
    .executeTakeFirst();
}

export async function acceptLead(db: DB, scope: Scope, actor: Actor, leadId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const lead = await lockLead(trx, scope, leadId);
    requireHolder(scope, heldLead(lead));
    if (lead.status !== "offered") throw new ValidationError({ form: "leads.errors.notOffered" });
    if (lead.offer_expires_at && lead.offer_expires_at <= now()) throw new ValidationError({ form: "leads.errors.offerExpired" });
    await requireAgreementInForce(trx, lead.partner_id!);
    const offer = await pendingOffer(trx, leadId);
    const at = now();
    if (offer)
      await trx
        .updateTable("lead_offers")
        .set({ outcome: "accepted", outcome_at: at })
        .where("id", "=", offer.id)
        .$call(unscoped("the row was found and locked through the caller's scope above"))
        .execute();
    await trx
      .updateTable("leads")
      .set({ status: "accepted", owner_user_id: lead.owner_user_id ?? actor.userId, offer_expires_at: null, updated_at: at })
      .where("id", "=", leadId)
      .$call(unscoped("the row was found and locked through the caller's scope above"))
      .execute();
    await recordLeadEvents(trx, actor, [{ leadId, event: "accepted", fromStatus: "offered", toStatus: "accepted", partnerId: lead.partner_id }]);
  });
}

/** Back to the pool, never to be offered to this partner again; the router tries the next best. */
export async function rejectLead(db: DB, scope: Scope, actor: Actor, leadId: number, reason: string): Promise<void> {
  if (!reason.trim()) throw new ValidationError({ reason: "errors.required" });
  let partnerId = 0;
  await db.transaction().execute(async (trx) => {
    const lead = await lockLead(trx, scope, leadId);
    requireHolder(scope, heldLead(lead));
    if (lead.status !== "offered") throw new ValidationError({ form: "leads.errors.notOffered" });
    partnerId = lead.partner_id!;
    const offer = await pendingOffer(trx, leadId);
    const at = now();
    if (offer)
      await trx
        .updateTable("lead_offers")
        .set({ outcome: "rejected", outcome_at: at, reason })
        .where("id", "=", offer.id)
        .$call(unscoped("the row was found and locked through the caller's scope above"))
        .execute();
    await returnToPool(trx, lead, at);
    await recordLeadEvents(trx, actor, [{ leadId, event: "rejected", fromStatus: "offered", toStatus: "new", partnerId: lead.partner_id, text: reason }]);
  });
  await rerouteIfAutomatic(db, actor, [leadId], new Map([[leadId, partnerId]]));
}

export async function returnToPool(trx: Trx, lead: Lead, at: Date): Promise<void> {
  await trx
    .updateTable("leads")
    .set({ status: "new", partner_id: null, owner_user_id: null, offered_at: null, offer_expires_at: null, updated_at: at })
    .where("id", "=", lead.id)
    .$call(unscoped("the row was found and locked through the caller's scope above"))
    .execute();
}

/** With automatic routing on, leads back in the pool go to the next best partner; leads that cannot go anywhere are flagged for the channel manager. */
export async function rerouteIfAutomatic(db: DB, actor: Actor, leadIds: number[], lastPartner: Map<number, number>): Promise<void> {
  const settings = await getLeadSettings(db);
  if (settings.autoRoute) await rerouteLeads(db, actor, leadIds);
  const stranded = await db
    .selectFrom("leads")
    .select(["id", "pool_reason"])
    .where("id", "in", leadIds)
    .where("status", "=", "new")
    .$call(unscoped("leads the caller just returned to the pool, to route again"))
    .execute();
  if (stranded.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const lead of stranded) {
      const partnerId = lastPartner.get(lead.id);
      if (partnerId) await noticeReturnedToPool(trx, partnerId, lead.id, lead.pool_reason ?? "rejected or expired");
    }
    if (!settings.autoRoute)
      await trx
        .updateTable("leads")
        .set({ needs_attention: 1 })
        .where(
          "id",
          "in",
          stranded.map((l) => l.id),
        )
        .execute();
  });
}

const NEXT_STATUS: Partial<Record<LeadStatus, LeadStatus[]>> = {
  accepted: ["contacted", "lost"],
  contacted: ["qualified", "lost"],
  qualified: ["converted", "lost"],
};

export function nextStatuses(status: LeadStatus): LeadStatus[] {
  return NEXT_STATUS[status] ?? [];
}

export async function changeLeadStatus(db: DB, scope: Scope, actor: Actor, leadId: number, status: LeadStatus, reason: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const lead = await lockLead(trx, scope, leadId);
    requireHolder(scope, heldLead(lead));
    if (!nextStatuses(lead.status).includes(status)) throw new ValidationError({ status: "errors.transition" });
    if (status === "lost" && !reason.trim()) throw new ValidationError({ reason: "errors.required" });
    await trx
      .updateTable("leads")
      .set({ status, lost_reason: status === "lost" ? reason : lead.lost_reason, updated_at: now() })
      .where("id", "=", leadId)
      .$call(unscoped("the row was found and locked through the caller's scope above"))
      .execute();
    await recordLeadEvents(trx, actor, [
      {
        leadId,
        event: status === "converted" ? "converted" : status === "lost" ? "lost" : "status_changed",
        fromStatus: lead.status,
        toStatus: status,
        partnerId: lead.partner_id,
        text: reason || null,
      },
    ]);
  });
}

export async function addLeadNote(db: DB, scope: Scope, actor: Actor, leadId: number, text: string): Promise<void> {
  const note = text.trim();
  if (!note) throw new ValidationError({ note: "errors.required" });
  if (note.length > 4000) throw new ValidationError({ note: "errors.tooLong" });
  await db.transaction().execute(async (trx) => {
    const lead = await lockLead(trx, scope, leadId);
    requireAnyRight(scope, ["act_as_holder", "act_as_reviewer"], heldLead(lead));
    await recordLeadEvents(trx, actor, [{ leadId, event: "note", partnerId: lead.partner_id, text: note }]);
  });
}

/** A partner admin gives a lead their partner holds to one of its users. */
export async function passLeadToUser(db: DB, scope: Scope, actor: Actor, leadId: number, userId: number): Promise<void> {
  if (scope.kind !== "partner" || scope.role !== "partner_admin") forbidden();
  await db.transaction().execute(async (trx) => {
    const lead = await lockLead(trx, scope, leadId);
    requireHolder(scope, heldLead(lead));
    const user = await trx
      .selectFrom("users")
      .select(["id", "name"])
      .where("id", "=", userId)
      .where("partner_id", "=", scope.partnerId)
      .where("status", "=", "active")
      .executeTakeFirst();
    if (!user) throw new ValidationError({ userId: "errors.invalid" });
    await trx.updateTable("leads").set({ owner_user_id: user.id, updated_at: now() }).where("id", "=", leadId).execute();
    await trx.updateTable("lead_offers").set({ user_id: user.id }).where("lead_id", "=", leadId).where("outcome", "=", "pending").execute();
    await recordLeadEvents(trx, actor, [{ leadId, event: "passed_to_user", partnerId: lead.partner_id, text: user.name }]);
  });
}

/** The vendor takes a lead back into the pool (a pending offer is withdrawn). */
export async function takeLeadBack(db: DB, scope: Scope, actor: Actor, leadId: number, reason: string): Promise<void> {
  await db.transaction().execute(async (trx) => takeBack(trx, scope, actor, await lockLead(trx, scope, leadId), reason));
}

async function takeBack(trx: Trx, scope: Scope, actor: Actor, lead: Lead, reason: string): Promise<void> {
  requireReviewer(scope, heldLead(lead));
  if (lead.status === "new" || lead.status === "converted" || lead.status === "lost") throw new ValidationError({ form: "leads.errors.notHeld" });
  const at = now();
  await trx
    .updateTable("lead_offers")
    .set({ outcome: "withdrawn", outcome_at: at, reason: reason || null })
    .where("lead_id", "=", lead.id)
    .where("outcome", "=", "pending")
    .$call(unscoped("the row was found and locked through the caller's scope above"))
    .execute();
  await returnToPool(trx, lead, at);
  await recordLeadEvents(trx, actor, [
    { leadId: lead.id, event: "returned_to_pool", fromStatus: lead.status, toStatus: "new", partnerId: lead.partner_id, text: reason || null },
  ]);
}

/**
 * The vendor gives a lead to another partner: a held lead is taken back and offered to the new
 * partner in one transaction, so a refused offer (a partner not active, or not theirs) leaves
 * the lead where it was. A pool lead is simply offered.
 */
export async function reassignLead(db: DB, scope: Scope, actor: Actor, leadId: number, partnerId: number, reason: string): Promise<void> {
  if (scope.kind === "partner") forbidden();
  await db.transaction().execute(async (trx) => {
    const lead = await lockLead(trx, scope, leadId);
    if (lead.status !== "new") await takeBack(trx, scope, actor, lead, reason || "reassigned");
    await offerToPartner(trx, scope, actor, [leadId], partnerId);
  });
}

/** A channel manager offers pool leads to a partner of their choosing; the score is still recorded. */
export async function assignLeads(db: DB, scope: Scope, actor: Actor, leadIds: number[], partnerId: number): Promise<number> {
  if (scope.kind === "partner") forbidden();
  return db.transaction().execute((trx) => offerToPartner(trx, scope, actor, leadIds, partnerId));
}

/** Offers the pool leads among `leadIds` to one partner in the caller's scope; answers how many. */
async function offerToPartner(trx: Trx, scope: Scope, actor: Actor, leadIds: number[], partnerId: number): Promise<number> {
  const partner = await trx
    .selectFrom("partners")
    .select(["id", "region_id", "status"])
    .where("id", "=", partnerId)
    .where(partnerFilter(scope, "partners.id"))
    .executeTakeFirst();
  if (!partner || partner.status !== "active") throw new ValidationError({ partnerId: "leads.errors.partnerNotActive" });
  if ((await restrictedPartnerIds(trx, [partner.id])).has(partner.id)) throw new ValidationError({ partnerId: "agreements.errors.partnerRestricted" });
  const leads = await trx.selectFrom("leads").selectAll().where("id", "in", leadIds).where(leadFilter(scope)).where("status", "=", "new").forUpdate().execute();
  if (leads.length === 0) throw new ValidationError({ form: "leads.errors.noneInPool" });
  const candidate = (await loadCandidates(trx, partner.region_id ? [partner.region_id] : [])).get(partner.id);
  const at = now();
  const offers = leads.map((lead) => {
    const breakdown = candidate
      ? scoreCandidate(
          { id: lead.id, country: lead.country, postcode: lead.postcode, regionId: lead.region_id, productLineId: lead.product_line_id },
          candidate,
        )
      : { territory: 0, tier: 0, load: 0, acceptance: 0, speed: 0, conversion: 0, total: 0 };
    const slaHours = candidate?.slaHours ?? 48;
    return {
      lead: { id: lead.id, country: lead.country, postcode: lead.postcode, regionId: lead.region_id, productLineId: lead.product_line_id, status: lead.status },
      winner: { candidate: candidate ?? ({ partnerId: partner.id } as never), breakdown },
      runnersUp: [],
      expiresAt: new Date(at.getTime() + slaHours * 3600 * 1000),
    };
  });
  await writeOffers(trx, actor, offers, at, actor.userId);
  return offers.length;
}
