// Pages whose actions moved onto formAction (issue 18) answer a bad field next to that field,
// keep what was typed and ticked, and change nothing: what a user sees after a mistake.
import { describe, expect, it } from "vitest";
import { signedIn } from "../support/client";
import { db } from "../support/db";

describe("forms on list and settings pages", () => {
  it("a target with a bad amount comes back on its partner's row with the amount as typed, and no target is written", async () => {
    const partner = await db().selectFrom("partners").select("id").orderBy("id").executeTakeFirstOrThrow();
    const before = await db().selectFrom("sell_through_targets").select("id").execute();
    const manager = await signedIn("manager@example.com");
    const response = await manager.post("/targets", { intent: "set", partnerId: String(partner.id), quarter: "2026-Q4", amount: "12,34x", back: "" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('value="12,34x"');
    expect(html).toContain("Enter an amount of zero or more, with at most two decimals.");
    expect(await db().selectFrom("sell_through_targets").select("id").execute()).toEqual(before);
  });

  it("an allocation with a bad amount keeps the partners ticked and the note typed, and allocates nothing", async () => {
    const entries = await db().selectFrom("fund_ledger").select("id").execute();
    const admin = await signedIn("admin@example.com");
    const page = await (await admin.get("/funds/allocate")).text();
    const partners = [...page.matchAll(/name="partnerIds" value="(\d+)"/g)].slice(0, 2).map((m) => ({ id: Number(m[1]) }));
    expect(partners).toHaveLength(2);
    const response = await admin.post("/funds/allocate", {
      intent: "form",
      partnerIds: partners.map((p) => String(p.id)),
      quarter: "2026-Q4",
      amount: "lots",
      note: "kept as typed",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toMatch(/id="f-amount"[^>]*aria-invalid="true"/);
    expect(html).toContain('value="kept as typed"');
    for (const { id } of partners) expect(html).toMatch(new RegExp(`name="partnerIds" checked="" value="${id}"`));
    expect(await db().selectFrom("fund_ledger").select("id").execute()).toEqual(entries);
  });

  it("a bulk action with no lead ticked is refused on the list, and an unknown intent routes nothing", async () => {
    const manager = await signedIn("manager@example.com");
    const none = await manager.post("/leads", { intent: "route", back: "" });
    expect(none.status).toBe(400);
    const lead = await db().selectFrom("leads").select(["id", "status"]).orderBy("id").executeTakeFirstOrThrow();
    const bogus = await manager.post("/leads", { intent: "scatter", leadIds: [String(lead.id)], back: "" });
    expect(bogus.status).toBe(400);
    expect((await db().selectFrom("leads").select("status").where("id", "=", lead.id).executeTakeFirstOrThrow()).status).toBe(lead.status);
  });
});
