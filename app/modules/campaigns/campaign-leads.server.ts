// Leads captured at a partner's campaign, typed in one at a time or imported from CSV with the
// lead import's own mapping and checks: they belong to the adopting partner from the start
// (accepted by it, owned by whoever entered them, never routed) and carry the adoption, so the
// kit's measures count them.
import { recordAudit, type Actor } from "~/lib/audit.server";
import { ValidationError } from "~/lib/forms";
import { insertLeads, productLineIds, type LeadInput } from "~/modules/leads/create.server";
import { ACTIVE_STATUSES, lockAdoption, shownStatus } from "./adoptions.server";
import type { Scope } from "~/lib/scope.server";
import type { DB } from "~/lib/db.server";

/** Adds leads to the adoption: its partner admin, while the campaign is adopted, running or reported. */
export async function addCampaignLeads(db: DB, scope: Scope, actor: Actor, adoptionId: number, inputs: LeadInput[]): Promise<number[]> {
  const lines = await productLineIds(db);
  return db.transaction().execute(async (trx) => {
    const adoption = await lockAdoption(trx, scope, adoptionId);
    const status = shownStatus(adoption);
    if (!ACTIVE_STATUSES.includes(status) || status === "closed") throw new ValidationError({ form: "adoptions.errors.wrongStatus" });
    const ids = await insertLeads(
      trx,
      actor,
      inputs.map((input) => ({ ...input, source: "campaign" as const })),
      lines,
      { partnerId: adoption.partner_id, campaignAdoptionId: adoption.id },
    );
    await recordAudit(trx, actor, {
      action: "campaign.leads_added",
      entityType: "campaign_adoption",
      entityId: adoption.id,
      partnerId: adoption.partner_id,
      after: { leads: ids },
    });
    return ids;
  });
}
