// A partner's run of a campaign kit through the module functions: adopting files the fund
// request and approves it at once within the cap and the kit's budget (else it waits for
// review), a reviewer's approval draws the budget and is refused beyond it, a rejection or a
// withdrawal gives the draw back, parallel adoptions never overdraw the budget or the fund,
// leads entered or imported belong to the partner, and the report files the claim whose
// payment closes the adoption.
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { setClockForTests } from "~/lib/clock.server";
import { ValidationError } from "~/lib/forms";
import { storeStream } from "~/lib/storage.server";
import { fundBalance } from "~/modules/funds/ledger.server";
import { approveRequest, rejectRequest, withdrawRequest } from "~/modules/funds/requests.server";
import { approveClaim } from "~/modules/funds/claims.server";
import { recordPayment } from "~/modules/funds/payments.server";
import { adoptKit, declineAdoption, getAdoption, reportAdoption, startDueAdoptions } from "~/modules/campaigns/adoptions.server";
import { addCampaignLeads } from "~/modules/campaigns/campaign-leads.server";
import { saveFeedback } from "~/modules/campaigns/feedback.server";
import { checkLeadImport, guessMapping } from "~/modules/leads/create.server";
import { adoptionRow, day, kitRow, mdfFund, publishedKit } from "../support/campaigns";
import { leadInput, makeWorld, type World } from "../support/leads";
import { db, userByEmail } from "../support/db";
import type { Scope } from "~/lib/scope.server";

afterEach(() => setClockForTests(undefined));

const DAY_MS = 24 * 3600 * 1000;

function partnerAdmin(world: World, index = 0) {
  const p = world.partners[index];
  return {
    scope: { kind: "partner", userId: p.adminId, role: "partner_admin", partnerId: p.id } satisfies Scope,
    actor: { userId: p.adminId, email: p.adminEmail, ip: null },
  };
}

async function vendorAdmin() {
  const admin = await userByEmail("admin@example.com");
  return { scope: { kind: "admin", userId: admin.id } satisfies Scope, actor: { userId: admin.id, email: admin.email, ip: null } };
}

const plan = (overrides: Partial<Parameters<typeof adoptKit>[4]> = {}) => ({
  startsOn: day(5),
  endsOn: day(6),
  expectedAttendees: 40,
  plannedCost: "1500.00",
  description: "",
  ...overrides,
});

async function requestRow(id: number) {
  return db().selectFrom("fund_requests").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function pngProof() {
  const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
  const stored = await storeStream(Readable.from([bytes]), "fund-proofs");
  return [{ fileName: "seminar.png", stored, contentType: "image/png" }];
}

describe("adopting a kit", () => {
  it("within the cap and the budget files the request pre-filled and approves it at once", async () => {
    const world = await makeWorld("KI", [{ tier: "gold", postcode: "" }]);
    const fundId = await mdfFund(world.partners[0].id, "10000.00");
    const { kitId, adoptions } = await publishedKit({ partnerIds: [world.partners[0].id], budget: "5000.00", cap: "1000.00", sharePct: "60.00" });
    const me = partnerAdmin(world);
    const adoptionId = adoptions.get(world.partners[0].id)!;

    const result = await adoptKit(db(), me.scope, me.actor, adoptionId, plan({ plannedCost: "1500.00" }));

    expect(result.approved).toBe(true);
    const request = await requestRow(result.requestId);
    // 60% of 1,500.00 is 900.00, under the cap of 1,000.00.
    expect(request).toMatchObject({ status: "approved", activity_type: "event", requested_amount: "900.00", approved_amount: "900.00", share_pct: "60.00" });
    expect(await adoptionRow(adoptionId)).toMatchObject({
      status: "adopted",
      fund_request_id: result.requestId,
      budget_drawn: "900.00",
      expected_attendees: 40,
    });
    expect((await kitRow(kitId)).budget_used).toBe("900.00");
    expect(await fundBalance(db(), fundId)).toMatchObject({ reserved: "900.00", available: "9100.00" });
    const audit = await db()
      .selectFrom("audit_log")
      .select("action")
      .where("entity_type", "=", "campaign_adoption")
      .where("entity_id", "=", String(adoptionId))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["campaign.adopted", "campaign.budget_drawn"]));
  });

  it("asks the cap at most, and leaves a request beyond the budget for review; the reviewer's approval draws it, never beyond", async () => {
    const world = await makeWorld("LC", [
      { tier: "gold", postcode: "" },
      { tier: "gold", postcode: "" },
    ]);
    for (const p of world.partners) await mdfFund(p.id, "10000.00");
    const { kitId, adoptions } = await publishedKit({ partnerIds: world.partners.map((p) => p.id), budget: "1500.00", cap: "1000.00" });
    const first = partnerAdmin(world, 0);
    const second = partnerAdmin(world, 1);
    const admin = await vendorAdmin();

    // 50% of 5,000.00 would be 2,500.00: the cap of 1,000.00 is asked.
    const one = await adoptKit(db(), first.scope, first.actor, adoptions.get(world.partners[0].id)!, plan({ plannedCost: "5000.00" }));
    expect(one.approved).toBe(true);
    expect((await requestRow(one.requestId)).requested_amount).toBe("1000.00");
    const two = await adoptKit(db(), second.scope, second.actor, adoptions.get(world.partners[1].id)!, plan({ plannedCost: "5000.00" }));
    expect(two.approved).toBe(false);
    expect(await requestRow(two.requestId)).toMatchObject({ status: "submitted", approved_amount: null });
    expect((await kitRow(kitId)).budget_used).toBe("1000.00");

    const refused = approveRequest(db(), admin.scope, admin.actor, two.requestId, { amount: "1000.00", note: "" });
    await expect(refused).rejects.toMatchObject({ errors: { amount: "adoptions.errors.overBudget", left: "500.00" } });
    expect((await requestRow(two.requestId)).status).toBe("submitted");

    await approveRequest(db(), admin.scope, admin.actor, two.requestId, { amount: "500.00", note: "What is left of the kit's budget" });
    expect((await requestRow(two.requestId)).approved_amount).toBe("500.00");
    expect((await kitRow(kitId)).budget_used).toBe("1500.00");
    expect((await adoptionRow(adoptions.get(world.partners[1].id)!)).budget_drawn).toBe("500.00");
  });

  it("gives the draw back when the request is withdrawn, and hands a rejected one's invitation back", async () => {
    const world = await makeWorld("KG", [
      { tier: "gold", postcode: "" },
      { tier: "gold", postcode: "" },
    ]);
    for (const p of world.partners) await mdfFund(p.id, "10000.00");
    const { kitId, adoptions } = await publishedKit({ partnerIds: world.partners.map((p) => p.id), budget: "1000.00", cap: "1000.00" });
    const first = partnerAdmin(world, 0);
    const second = partnerAdmin(world, 1);
    const admin = await vendorAdmin();
    const one = await adoptKit(db(), first.scope, first.actor, adoptions.get(world.partners[0].id)!, plan({ plannedCost: "2000.00" }));
    const two = await adoptKit(db(), second.scope, second.actor, adoptions.get(world.partners[1].id)!, plan({ plannedCost: "2000.00" }));
    expect([one.approved, two.approved]).toEqual([true, false]);

    await withdrawRequest(db(), first.scope, first.actor, one.requestId);
    expect((await kitRow(kitId)).budget_used).toBe("0.00");
    expect(await adoptionRow(adoptions.get(world.partners[0].id)!)).toMatchObject({ status: "invited", budget_drawn: "0.00", fund_request_id: null });

    await rejectRequest(db(), admin.scope, admin.actor, two.requestId, "Not this quarter");
    expect(await adoptionRow(adoptions.get(world.partners[1].id)!)).toMatchObject({ status: "invited", fund_request_id: null });
    // The budget freed by the withdrawal now serves the partner whose request was rejected.
    const again = await adoptKit(db(), second.scope, second.actor, adoptions.get(world.partners[1].id)!, plan({ plannedCost: "2000.00" }));
    expect(again.approved).toBe(true);
    expect((await kitRow(kitId)).budget_used).toBe("1000.00");
  });

  it("refuses dates outside the kit's window, a kit without a fund, and anyone but the partner's admin", async () => {
    const world = await makeWorld("KE", [
      { tier: "gold", postcode: "" },
      { tier: "gold", postcode: "" },
    ]);
    await mdfFund(world.partners[0].id, "10000.00");
    const { adoptions } = await publishedKit({ partnerIds: world.partners.map((p) => p.id), startsOn: day(1), endsOn: day(20) });
    const me = partnerAdmin(world, 0);
    const adoptionId = adoptions.get(world.partners[0].id)!;

    await expect(adoptKit(db(), me.scope, me.actor, adoptionId, plan({ startsOn: day(10), endsOn: day(30) }))).rejects.toMatchObject({
      errors: { endsOn: "adoptions.errors.outsideWindow" },
    });
    const noFund = partnerAdmin(world, 1);
    await expect(adoptKit(db(), noFund.scope, noFund.actor, adoptions.get(world.partners[1].id)!, plan())).rejects.toMatchObject({
      errors: { form: "adoptions.errors.noFund" },
    });
    // Another partner's adoption is not found; the vendor may look but not adopt.
    await expect(adoptKit(db(), noFund.scope, noFund.actor, adoptionId, plan())).rejects.toMatchObject({ status: 404 });
    const admin = await vendorAdmin();
    await expect(adoptKit(db(), admin.scope, admin.actor, adoptionId, plan())).rejects.toMatchObject({ status: 403 });
    expect((await adoptionRow(adoptionId)).status).toBe("invited");

    await declineAdoption(db(), me.scope, me.actor, adoptionId);
    expect((await adoptionRow(adoptionId)).status).toBe("declined");
    // A declined invitation may still be taken up while the kit is open.
    expect((await adoptKit(db(), me.scope, me.actor, adoptionId, plan())).approved).toBe(true);
  });
});

describe("parallel adoptions", () => {
  it("ten partners against a budget for three: exactly three approved, the rest in review, the budget never overdrawn", async () => {
    const world = await makeWorld(
      "KP",
      Array.from({ length: 10 }, () => ({ tier: "gold" as const, postcode: "" })),
    );
    for (const p of world.partners) await mdfFund(p.id, "5000.00");
    const { kitId, adoptions } = await publishedKit({ partnerIds: world.partners.map((p) => p.id), budget: "3000.00", cap: "1000.00" });

    const results = await Promise.all(
      world.partners.map((p, i) => {
        const me = partnerAdmin(world, i);
        return adoptKit(db(), me.scope, me.actor, adoptions.get(p.id)!, plan({ plannedCost: "2000.00" }));
      }),
    );

    expect(results.filter((r) => r.approved)).toHaveLength(3);
    const statuses = await Promise.all(results.map(async (r) => (await requestRow(r.requestId)).status));
    expect(statuses.filter((s) => s === "approved")).toHaveLength(3);
    expect(statuses.filter((s) => s === "submitted")).toHaveLength(7);
    expect((await kitRow(kitId)).budget_used).toBe("3000.00");
  });

  it("one partner adopting five kits at once never takes its fund below zero", async () => {
    const world = await makeWorld("KW", [{ tier: "gold", postcode: "" }]);
    const fundId = await mdfFund(world.partners[0].id, "1000.00");
    const kits = await Promise.all(Array.from({ length: 5 }, () => publishedKit({ partnerIds: [world.partners[0].id], budget: null, cap: "300.00" })));
    const me = partnerAdmin(world);

    const results = await Promise.allSettled(kits.map((k) => adoptKit(db(), me.scope, me.actor, k.adoptions.get(world.partners[0].id)!, plan())));

    const approved = results.filter((r) => r.status === "fulfilled" && r.value.approved);
    const refused = results.filter((r) => r.status === "rejected");
    expect(approved).toHaveLength(3);
    expect(refused).toHaveLength(2);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ValidationError);
    expect(await fundBalance(db(), fundId)).toMatchObject({ reserved: "900.00", available: "100.00" });
  });
});

describe("a running campaign", () => {
  /** A campaign adopted ten days ago for days five to three ago: over now, its request approved. */
  async function heldCampaign(country: string) {
    const world = await makeWorld(country, [{ tier: "gold", postcode: "" }]);
    const tenDaysAgo = Date.now() - 10 * DAY_MS;
    await mdfFund(world.partners[0].id, "10000.00", new Date(tenDaysAgo));
    const { adoptions } = await publishedKit({ partnerIds: [world.partners[0].id], startsOn: day(-20), endsOn: day(40) });
    const adoptionId = adoptions.get(world.partners[0].id)!;
    const me = partnerAdmin(world);
    setClockForTests(() => new Date(tenDaysAgo));
    const adopted = await adoptKit(db(), me.scope, me.actor, adoptionId, plan({ startsOn: day(-5), endsOn: day(-3), plannedCost: "1600.00" }));
    setClockForTests(undefined);
    return { world, me, adoptionId, requestId: adopted.requestId };
  }

  it("takes leads typed in or imported: the partner's own, accepted, carrying the adoption, never routed", async () => {
    const { world, me, adoptionId } = await heldCampaign("LK");
    const [typed] = await addCampaignLeads(db(), me.scope, me.actor, adoptionId, [leadInput(world)]);
    const csv = [
      ["Company", "Contact", "Email", "Country", "Product line"],
      ["Hangzhou Pharma", "Li Wei", "li@hz-pharma.example.com", world.country, "NET"],
      ["", "Nobody", "", world.country, "NET"],
    ];
    const check = await checkLeadImport(db(), csv.slice(1), guessMapping(csv[0]));
    expect(check.rows.map((r) => r.errors.length > 0)).toEqual([false, true]);
    const imported = await addCampaignLeads(db(), me.scope, me.actor, adoptionId, check.good);

    const leads = await db()
      .selectFrom("leads")
      .selectAll()
      .where("id", "in", [typed, ...imported])
      .execute();
    for (const lead of leads)
      expect(lead).toMatchObject({
        status: "accepted",
        partner_id: world.partners[0].id,
        campaign_adoption_id: adoptionId,
        source: "campaign",
        owner_user_id: me.actor.userId,
      });
    const offers = await db()
      .selectFrom("lead_offers")
      .select("id")
      .where("lead_id", "in", [typed, ...imported])
      .execute();
    expect(offers).toHaveLength(0);
    expect((await getAdoption(db(), me.scope, adoptionId)).leads.map((l) => l.company)).toContain("Hangzhou Pharma");
  });

  it("is running from its first day, reported with its claim, and closed when the claim is paid", async () => {
    const { world, me, adoptionId, requestId } = await heldCampaign("KM");
    const admin = await vendorAdmin();
    expect((await getAdoption(db(), me.scope, adoptionId)).adoption.status).toBe("running");
    await startDueAdoptions(db());
    expect((await adoptionRow(adoptionId)).status).toBe("running");
    await addCampaignLeads(db(), me.scope, me.actor, adoptionId, [leadInput(world), leadInput(world)]);

    const { claimId } = await reportAdoption(
      db(),
      me.scope,
      me.actor,
      adoptionId,
      { actualAttendees: 52, actualCost: "1400.00", results: "52 pharmacists came" },
      await pngProof(),
    );

    expect(await adoptionRow(adoptionId)).toMatchObject({ status: "reported", actual_attendees: 52 });
    const claim = await db().selectFrom("fund_claims").selectAll().where("id", "=", claimId).executeTakeFirstOrThrow();
    expect(claim).toMatchObject({ request_id: requestId, status: "submitted", claimed_amount: "700.00", attendees: 52, leads_count: 2 });
    const files = await db().selectFrom("fund_claim_files").select(["file_name", "content_type"]).where("claim_id", "=", claimId).execute();
    expect(files).toEqual([{ file_name: "seminar.png", content_type: "image/png" }]);

    await approveClaim(db(), admin.scope, admin.actor, claimId, { amount: "700.00", note: "", checklist: ["photos", "attendeeList"] });
    expect((await adoptionRow(adoptionId)).status).toBe("reported");
    await recordPayment(db(), admin.scope, admin.actor, {
      partnerId: world.partners[0].id,
      claimIds: [claimId],
      reference: "PAY-KIT-1",
      paidOn: day(0),
      amount: "700.00",
    });
    const closed = await adoptionRow(adoptionId);
    expect(closed.status).toBe("closed");
    expect(closed.closed_at).not.toBeNull();
  });

  it("keeps one feedback per user, changed in place", async () => {
    const { me, adoptionId } = await heldCampaign("KZ");
    await saveFeedback(db(), me.scope, me.actor, adoptionId, { rating: 3, comments: "Room too small", whatWorked: "" });
    await saveFeedback(db(), me.scope, me.actor, adoptionId, { rating: 5, comments: "Great turnout", whatWorked: "The leaflet" });
    const rows = await db().selectFrom("campaign_feedback").selectAll().where("adoption_id", "=", adoptionId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ rating: 5, comments: "Great turnout", what_worked: "The leaflet" });
  });
});
