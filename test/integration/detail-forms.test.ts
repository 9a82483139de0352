// The forms of the deal and lead pages answer a bad field next to that field, in the form the
// user sent, and change nothing: what a user sees after a mistake.
import { describe, expect, it } from "vitest";
import { signedIn } from "../support/client";
import { db, userByEmail } from "../support/db";

/** A lead the demo user's partner has accepted, so that user may work it. */
async function leadHeldBy(email: string) {
  const { partner_id } = await userByEmail(email);
  return db()
    .selectFrom("leads")
    .selectAll()
    .where("partner_id", "=", partner_id)
    .where("status", "in", ["accepted", "contacted"])
    .orderBy("id")
    .executeTakeFirstOrThrow();
}

/** The element the field's error is tied to, with its message, as the page rendered it. */
function fieldError(html: string, id: string): string | undefined {
  const control = new RegExp(`<(?:input|select|textarea)[^>]*id="${id}"[^>]*aria-invalid="true"[^>]*aria-describedby="${id}-error"`).test(html);
  const message = html.match(new RegExp(`<p[^>]*id="${id}-error"[^>]*>([^<]*)</p>`))?.[1];
  return control ? message : undefined;
}

describe("forms on a detail page", () => {
  it("refuse a lead status that is not one, next to the lost reason's form, and leave the lead as it was", async () => {
    const lead = await leadHeldBy("distributor@example.com");
    const holder = await signedIn("distributor@example.com");
    const response = await holder.post(`/leads/${lead.id}`, { intent: "status", status: "lost", reason: "  " });
    expect(response.status).toBe(400);
    expect(fieldError(await response.text(), "f-lost")).toBe("This field is required.");
    const bogus = await holder.post(`/leads/${lead.id}`, { intent: "status", status: "vanished" });
    expect(bogus.status).toBe(400);
    expect(await bogus.text()).toContain("Choose one of the options.");
    expect((await db().selectFrom("leads").select("status").where("id", "=", lead.id).executeTakeFirstOrThrow()).status).toBe(lead.status);
  });

  it("refuse a reassignment to no partner next to the partner field", async () => {
    const lead = await leadHeldBy("distributor@example.com");
    const manager = await signedIn("manager@example.com");
    const response = await manager.post(`/leads/${lead.id}`, { intent: "reassign", partnerId: "not-a-number" });
    expect(response.status).toBe(400);
    expect(fieldError(await response.text(), "f-partnerId")).toBe("Choose one of the options.");
    expect((await db().selectFrom("leads").select("partner_id").where("id", "=", lead.id).executeTakeFirstOrThrow()).partner_id).toBe(lead.partner_id);
  });

  it("keep a deal reviewer's empty rejection on the page with the error under its reason", async () => {
    const deal = await db().selectFrom("deals").select("id").where("status", "=", "submitted").orderBy("id").executeTakeFirstOrThrow();
    const manager = await signedIn("manager@example.com");
    const response = await manager.post(`/deals/${deal.id}`, { intent: "reject", reason: "" });
    expect(response.status).toBe(400);
    expect(fieldError(await response.text(), "f-reason")).toBe("This field is required.");
    expect((await db().selectFrom("deals").select("status").where("id", "=", deal.id).executeTakeFirstOrThrow()).status).toBe("submitted");
  });
});
