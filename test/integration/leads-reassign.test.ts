// Reassigning a lead takes it from its partner and offers it to another in one step: when the
// new offer is refused, the lead stays where it was instead of falling into the pool.
import { describe, expect, it } from "vitest";
import { signedIn } from "../support/client";
import { db, partnerByCode } from "../support/db";

async function heldLead(partnerCode: string) {
  const partner = await partnerByCode(partnerCode);
  return db()
    .selectFrom("leads")
    .selectAll()
    .where("partner_id", "=", partner.id)
    .where("status", "in", ["offered", "accepted", "contacted"])
    .orderBy("id")
    .executeTakeFirstOrThrow();
}

async function snapshot(leadId: number) {
  const [lead, offers] = await Promise.all([
    db().selectFrom("leads").select(["status", "partner_id", "owner_user_id", "offer_expires_at"]).where("id", "=", leadId).executeTakeFirstOrThrow(),
    db().selectFrom("lead_offers").select(["id", "partner_id", "outcome"]).where("lead_id", "=", leadId).orderBy("id").execute(),
  ]);
  return { lead, offers };
}

describe("reassigning a lead", () => {
  it("leaves the lead with its partner when the new partner is refused", async () => {
    const manager = await signedIn("manager@example.com");
    const lead = await heldLead("BPS");
    const before = await snapshot(lead.id);
    // Pacific Channel Supply is not among this manager's partners: the assignment is refused.
    const outsider = await partnerByCode("PCS");
    const response = await manager.post(`/leads/${lead.id}`, { intent: "reassign", partnerId: String(outsider.id), reason: "reassigned" });
    expect(response.status).toBe(400);
    expect(await snapshot(lead.id)).toEqual(before);
  });
});
