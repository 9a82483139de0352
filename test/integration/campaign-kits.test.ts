// Campaign kits from the vendor's side, on a little world of their own (a fresh region, two
// fresh product lines, five partners): who the eligibility rules pick, what the kit form
// refuses, what publishing writes (one 'invited' adoption per eligible partner, a notice to
// each partner admin in their own language, e-mail by preference), who may write kits, and the
// measures on hand-made data: spend, leads, deals, the sell-through comparison and feedback,
// every total equal to the sum of its rows.
import { hash } from "@node-rs/argon2";
import { beforeAll, describe, expect, it } from "vitest";
import { allocateMdf } from "~/modules/funds/funds.server";
import { eligiblePartnerIds } from "~/modules/campaigns/eligibility.server";
import { campaignList, closeKit, createKit, getKit, kitSchema, publishKit, updateKit, type KitInput } from "~/modules/campaigns/kits.server";
import { adoptionFigures, averageRating, comparedPeriods, kitMeasures, kitSellThrough, kitTotals } from "~/modules/campaigns/measures.server";
import { baseCurrency } from "~/modules/sell-through/exchange-rates.server";
import { addAmounts } from "~/lib/money";
import { mailsTo, noticesOf } from "../support/notice-users";
import { db, scopeOf, uniqueCode, userByEmail } from "../support/db";
import type { Scope } from "~/lib/scope.server";
import type { PartnerStatus, PartnerType, Tier } from "../../db/types";

interface Made {
  id: number;
  code: string;
  adminId: number;
  adminEmail: string;
}

const world = {
  regionId: 0,
  lineId: 0,
  otherLineId: 0,
  partners: {} as Record<"A" | "B" | "C" | "D" | "E", Made>,
};
let admin: { scope: Scope; actor: { userId: number; email: string; ip: null } };

async function makePartner(type: PartnerType, tier: Tier, status: PartnerStatus, lineIds: number[], locale: string | null): Promise<Made> {
  const code = uniqueCode("K");
  const result = await db()
    .insertInto("partners")
    .values({ code, name: `Kit partner ${code}`, type, tier, status, country: "DE", region_id: world.regionId, capacity: 5 })
    .executeTakeFirstOrThrow();
  const id = Number(result.insertId);
  for (const line of lineIds) await db().insertInto("partner_product_lines").values({ partner_id: id, product_line_id: line }).execute();
  const adminEmail = `${code.toLowerCase()}@kits.example.com`;
  const user = await db()
    .insertInto("users")
    .values({
      email: adminEmail,
      name: `Admin ${code}`,
      role: "partner_admin",
      partner_id: id,
      status: "active",
      locale,
      password_hash: await hash("kit-password-1"),
    })
    .executeTakeFirstOrThrow();
  return { id, code, adminId: Number(user.insertId), adminEmail };
}

function partnerScope(p: Made): Scope {
  return { kind: "partner", userId: p.adminId, role: "partner_admin", partnerId: p.id };
}

function kitInput(overrides: Record<string, unknown> = {}): KitInput {
  return kitSchema.parse({
    title: "Branch security seminar",
    titleZh: "分支机构安全研讨会",
    activityType: "seminar",
    startsOn: "2030-03-01",
    endsOn: "2030-03-31",
    vendorSharePct: "50",
    perPartnerCap: "2000.00",
    currency: "USD",
    budget: "10000.00",
    ...overrides,
  });
}

beforeAll(async () => {
  const regionCode = uniqueCode("KR");
  world.regionId = Number(
    (
      await db()
        .insertInto("regions")
        .values({ code: regionCode, name: `Kit region ${regionCode}` })
        .executeTakeFirstOrThrow()
    ).insertId,
  );
  world.lineId = Number(
    (
      await db()
        .insertInto("product_lines")
        .values({ code: uniqueCode("KL"), name: "Kit line" })
        .executeTakeFirstOrThrow()
    ).insertId,
  );
  world.otherLineId = Number(
    (
      await db()
        .insertInto("product_lines")
        .values({ code: uniqueCode("KM"), name: "Other line" })
        .executeTakeFirstOrThrow()
    ).insertId,
  );
  world.partners = {
    A: await makePartner("distributor", "gold", "active", [world.lineId], "zh-CN"),
    B: await makePartner("distributor", "gold", "active", [world.lineId], null),
    C: await makePartner("reseller", "silver", "active", [world.lineId], null),
    D: await makePartner("distributor", "gold", "suspended", [world.lineId], null),
    E: await makePartner("reseller", "gold", "active", [world.otherLineId], null),
  };
  const user = await userByEmail("admin@example.com");
  admin = { scope: await scopeOf("admin@example.com"), actor: { userId: user.id, email: user.email, ip: null } };
});

describe("eligibility", () => {
  const ids = (...names: ("A" | "B" | "C" | "D" | "E")[]) => names.map((n) => world.partners[n].id).sort((x, y) => x - y);
  const rules = (r: Partial<Parameters<typeof eligiblePartnerIds>[1]>) => ({
    tiers: [],
    partnerTypes: [],
    regionIds: [world.regionId],
    productLineIds: [],
    partnerIds: [],
    ...r,
  });

  it("picks the active partners that match every rule, and never a suspended one", async () => {
    expect(await eligiblePartnerIds(db(), rules({}))).toEqual(ids("A", "B", "C", "E"));
    expect(await eligiblePartnerIds(db(), rules({ tiers: ["gold"] }))).toEqual(ids("A", "B", "E"));
    expect(await eligiblePartnerIds(db(), rules({ partnerTypes: ["distributor"] }))).toEqual(ids("A", "B"));
    expect(await eligiblePartnerIds(db(), rules({ productLineIds: [world.lineId] }))).toEqual(ids("A", "B", "C"));
    expect(await eligiblePartnerIds(db(), rules({ tiers: ["silver"], partnerTypes: ["reseller"], productLineIds: [world.otherLineId] }))).toEqual([]);
  });

  it("an explicit list is exactly its active partners, whatever the rules say", async () => {
    const { C, D } = world.partners;
    expect(await eligiblePartnerIds(db(), rules({ partnerIds: [C.id, D.id], tiers: ["platinum"] }))).toEqual([C.id]);
  });
});

describe("the kit form", () => {
  const errorsOf = (values: Record<string, unknown>) => {
    const result = kitSchema.safeParse({ ...kitInputRaw, ...values });
    return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [String(i.path[0]), i.message]));
  };
  const kitInputRaw = {
    title: "T",
    activityType: "webinar",
    startsOn: "2030-03-01",
    endsOn: "2030-03-31",
    vendorSharePct: "50",
    perPartnerCap: "1000",
    currency: "EUR",
  };

  it("takes a plain kit with exact amounts", () => {
    const input = kitSchema.parse({ ...kitInputRaw, perPartnerCap: "1,000.5", budget: "2500", targetLeads: "40" });
    expect(input).toMatchObject({ perPartnerCap: "1000.50", budget: "2500.00", targetLeads: 40, vendorSharePct: "50.00" });
  });

  it("names every wrong field at once", () => {
    expect(errorsOf({ endsOn: "2030-02-01", vendorSharePct: "101", perPartnerCap: "0", title: "" })).toEqual({
      endsOn: "campaigns.errors.endBeforeStart",
      vendorSharePct: "campaigns.errors.share",
      perPartnerCap: "campaigns.errors.positive",
      title: "errors.required",
    });
    expect(errorsOf({ vendorSharePct: "0.5" })).toEqual({ vendorSharePct: "campaigns.errors.share" });
    expect(errorsOf({ budget: "999.99" })).toEqual({ budget: "campaigns.errors.budgetBelowCap" });
    expect(errorsOf({ tiers: ["gold"], partnerCodes: "BPS" })).toEqual({ partnerCodes: "campaigns.errors.listOrRules" });
  });

  it("refuses partner codes nobody has, naming them", async () => {
    await expect(createKit(db(), admin.scope, admin.actor, kitInput({ partnerCodes: `${world.partners.A.code}, NOPE1, NOPE2` }))).rejects.toMatchObject({
      errors: { partnerCodes: "campaigns.errors.unknownPartners", codes: "NOPE1, NOPE2" },
    });
  });
});

describe("publishing", () => {
  let kitId: number;

  beforeAll(async () => {
    const { A, B, D } = world.partners;
    ({ id: kitId } = await createKit(db(), admin.scope, admin.actor, kitInput({ partnerCodes: `${A.code} ${B.code}, ${D.code}` })));
  });

  it("is the admin's: a channel manager and a partner may neither create nor publish", async () => {
    const manager = await scopeOf("manager@example.com");
    await expect(createKit(db(), manager, admin.actor, kitInput())).rejects.toMatchObject({ status: 403 });
    await expect(publishKit(db(), manager, admin.actor, kitId)).rejects.toMatchObject({ status: 403 });
    await expect(publishKit(db(), partnerScope(world.partners.A), admin.actor, kitId)).rejects.toMatchObject({ status: 403 });
    expect((await db().selectFrom("campaign_kits").select("status").where("id", "=", kitId).executeTakeFirstOrThrow()).status).toBe("draft");
  });

  it("invites each eligible partner once and tells its admins in their own language", async () => {
    const { A, B, C, D } = world.partners;
    // A draft is nobody's to see but the vendor's.
    await expect(getKit(db(), partnerScope(A), kitId)).rejects.toMatchObject({ status: 404 });
    expect(await publishKit(db(), admin.scope, admin.actor, kitId)).toEqual({ invited: 2 });
    const adoptions = await db()
      .selectFrom("campaign_adoptions")
      .select(["id", "partner_id", "status"])
      .where("kit_id", "=", kitId)
      .orderBy("partner_id")
      .execute();
    expect(adoptions.map((a) => [a.partner_id, a.status])).toEqual([
      [A.id, "invited"],
      [B.id, "invited"],
    ]);
    const adoptionOf = (p: Made) => adoptions.find((a) => a.partner_id === p.id)!.id;

    const [noticeA] = await noticesOf(A.adminId);
    expect(noticeA).toMatchObject({ kind: "campaign.offered", message: "campaigns.notice.offered", link: `/campaigns/adoptions/${adoptionOf(A)}` });
    expect(JSON.stringify(noticeA.params)).toContain("分支机构安全研讨会");
    expect((await mailsTo(A.adminEmail)).map((m) => m.subject)).toEqual(["新的活动邀请：分支机构安全研讨会"]);
    expect((await mailsTo(B.adminEmail)).map((m) => m.subject)).toEqual(["New campaign for you: Branch security seminar"]);
    expect(await noticesOf(D.adminId)).toEqual([]);

    // The partner sees the kit through its adoption; one not invited does not.
    expect((await getKit(db(), partnerScope(A), kitId)).adoptions.map((a) => a.id)).toEqual([adoptionOf(A)]);
    await expect(getKit(db(), partnerScope(C), kitId)).rejects.toMatchObject({ status: 404 });
    await expect(publishKit(db(), admin.scope, admin.actor, kitId)).rejects.toMatchObject({ errors: { form: "campaigns.errors.notDraft" } });
  });

  it("an edit that widens a published kit invites the new partners only", async () => {
    const { A, B, C } = world.partners;
    expect(await updateKit(db(), admin.scope, admin.actor, kitId, kitInput({ partnerCodes: `${A.code}, ${B.code}, ${C.code}` }))).toEqual({ invited: 1 });
    expect(await noticesOf(A.adminId)).toHaveLength(1);
    expect(await noticesOf(C.adminId)).toHaveLength(1);
    const audit = await db()
      .selectFrom("audit_log")
      .select("action")
      .where("entity_type", "=", "campaign_kit")
      .where("entity_id", "=", String(kitId))
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["campaign.kit_created", "campaign.kit_published", "campaign.kit_edited"]);
  });
});

describe("measures", () => {
  let kitId: number;
  let base: string;
  const today = new Date("2030-07-15T12:00:00Z");

  async function monthly(partnerId: number, lineId: number, period: string, amount: string) {
    await db()
      .insertInto("sell_through_monthly_summary")
      .values({ distributor_id: partnerId, period, product_line_id: lineId, region_id: world.regionId, currency: base, quantity: 1, amount, line_count: 1 })
      .execute();
  }

  async function deal(
    partnerId: number,
    values: { status: "submitted" | "approved" | "rejected"; submittedAt: string; sourceLeadId?: number; lineId?: number },
  ) {
    const result = await db()
      .insertInto("deals")
      .values({
        partner_id: partnerId,
        created_by: admin.actor.userId,
        source_lead_id: values.sourceLeadId ?? null,
        name: "Kit deal",
        customer_name: "Kit customer",
        customer_key: uniqueCode("kc").toLowerCase(),
        customer_country: "DE",
        currency: "USD",
        expected_close_date: "2030-09-30",
        status: values.status,
        submitted_at: new Date(values.submittedAt),
      })
      .executeTakeFirstOrThrow();
    const id = Number(result.insertId);
    if (values.lineId) {
      const product = await db()
        .insertInto("products")
        .values({ sku: uniqueCode("KSKU"), name: "Kit product", product_line_id: values.lineId, list_price: "10.00", currency: "USD" })
        .executeTakeFirstOrThrow();
      await db()
        .insertInto("deal_lines")
        .values({
          deal_id: id,
          line_no: 1,
          product_id: Number(product.insertId),
          product_line_id: values.lineId,
          quantity: 1,
          unit_price: "10.00",
          line_total: "10.00",
        })
        .execute();
    }
  }

  beforeAll(async () => {
    base = await baseCurrency(db());
    const { A, B, C } = world.partners;
    ({ id: kitId } = await createKit(
      db(),
      admin.scope,
      admin.actor,
      kitInput({ regionIds: [String(world.regionId)], productLineIds: [String(world.lineId)] }),
    ));
    await publishKit(db(), admin.scope, admin.actor, kitId);
    const adoptions = await db().selectFrom("campaign_adoptions").select(["id", "partner_id"]).where("kit_id", "=", kitId).execute();
    const adoptionOf = (p: Made) => adoptions.find((a) => a.partner_id === p.id)!.id;

    // A adopted: its request was approved for 1,200.00 and a claim of 1,000.00 paid.
    const { funds } = await allocateMdf(db(), admin.scope, admin.actor, [{ partnerId: A.id, quarter: "2030-Q1", amount: "5000.00", note: "" }]);
    const request = await db()
      .insertInto("fund_requests")
      .values({
        partner_id: A.id,
        fund_id: funds[0],
        created_by: A.adminId,
        activity_type: "event",
        description: "Kit seminar",
        start_date: "2030-03-10",
        end_date: "2030-03-10",
        planned_cost: "2400.00",
        share_pct: "50.00",
        requested_amount: "1200.00",
        approved_amount: "1200.00",
        status: "claimed",
        submitted_at: new Date("2030-02-20T00:00:00Z"),
      })
      .executeTakeFirstOrThrow();
    await db()
      .insertInto("fund_claims")
      .values({
        request_id: Number(request.insertId),
        partner_id: A.id,
        fund_id: funds[0],
        created_by: A.adminId,
        actual_cost: "2000.00",
        claimed_amount: "1000.00",
        approved_amount: "1000.00",
        status: "paid",
        submitted_at: new Date("2030-04-01T00:00:00Z"),
      })
      .execute();
    await db()
      .updateTable("campaign_adoptions")
      .set({ status: "reported", adopted_at: new Date("2030-02-20T00:00:00Z"), fund_request_id: Number(request.insertId), budget_drawn: "1200.00" })
      .where("id", "=", adoptionOf(A))
      .execute();
    await db().updateTable("campaign_adoptions").set({ status: "declined" }).where("id", "=", adoptionOf(C)).execute();

    // Two leads from A's seminar; one became a deal. A also registered one deal of the kit's line
    // in the window (counted), one outside it and one rejected (neither counted).
    const lead = (company: string) =>
      db()
        .insertInto("leads")
        .values({
          company,
          country: "DE",
          product_line_id: world.lineId,
          source: "event",
          status: "new",
          partner_id: A.id,
          campaign_adoption_id: adoptionOf(A),
          notes: null,
        })
        .executeTakeFirstOrThrow();
    const first = await lead("Kit lead one");
    await lead("Kit lead two");
    await deal(A.id, { status: "approved", submittedAt: "2030-06-01T00:00:00Z", sourceLeadId: Number(first.insertId) });
    await deal(A.id, { status: "submitted", submittedAt: "2030-03-15T09:00:00Z", lineId: world.lineId });
    await deal(A.id, { status: "submitted", submittedAt: "2030-05-15T09:00:00Z", lineId: world.lineId });
    await deal(A.id, { status: "rejected", submittedAt: "2030-03-16T09:00:00Z", lineId: world.lineId });
    await deal(B.id, { status: "submitted", submittedAt: "2030-03-15T09:00:00Z", lineId: world.lineId });

    // Sell-through: A doubles (300 → 600) on the kit's line; B grows by 10 % (300 → 330). Sales of
    // another line and months outside the compared ones do not count.
    for (const period of ["2029-12", "2030-01", "2030-02"]) {
      await monthly(A.id, world.lineId, period, "100.00");
      await monthly(B.id, world.lineId, period, "100.00");
    }
    for (const period of ["2030-03", "2030-04", "2030-05"]) {
      await monthly(A.id, world.lineId, period, "200.00");
      await monthly(B.id, world.lineId, period, "110.00");
    }
    await monthly(A.id, world.otherLineId, "2030-03", "999.00");
    await monthly(A.id, world.lineId, "2029-11", "5000.00");
    await monthly(A.id, world.lineId, "2030-06", "5000.00");

    await db()
      .insertInto("campaign_feedback")
      .values([
        { partner_id: A.id, adoption_id: adoptionOf(A), user_id: A.adminId, rating: 4, comments: "Full room", what_worked: "The hands-on session" },
        { partner_id: A.id, adoption_id: adoptionOf(A), user_id: admin.actor.userId, rating: 5, comments: "", what_worked: "" },
      ])
      .execute();
  });

  it("compares the window and two months after with as many months before, per partner and per group", async () => {
    const kit = await db().selectFrom("campaign_kits").selectAll().where("id", "=", kitId).executeTakeFirstOrThrow();
    expect(comparedPeriods(kit, today)).toEqual({ during: { from: "2030-03", to: "2030-05" }, before: { from: "2029-12", to: "2030-02" } });
    expect(comparedPeriods(kit, new Date("2030-02-27T00:00:00Z"))).toBeNull();
    const { A, B, C } = world.partners;
    const figures = await adoptionFigures(db(), admin.scope, [kitId]);
    const sales = await kitSellThrough(db(), kit, figures, today);
    expect(sales.adopters.rows.map((r) => [r.partnerId, r.before, r.during, r.change])).toEqual([[A.id, "300.00", "600.00", "100.0"]]);
    expect(sales.comparison.rows.map((r) => [r.partnerId, r.before, r.during, r.change]).sort()).toEqual(
      [
        [B.id, "300.00", "330.00", "10.0"],
        [C.id, "0.00", "0.00", null],
      ].sort(),
    );
    expect(sales.comparison).toMatchObject({ before: "300.00", during: "330.00", change: "10.0" });
    for (const group of [sales.adopters, sales.comparison]) {
      expect(group.before).toBe(addAmounts("0.00", ...group.rows.map((r) => r.before!)));
      expect(group.during).toBe(addAmounts("0.00", ...group.rows.map((r) => r.during!)));
    }
  });

  it("counts spend, leads and deals per adoption, and the kit's totals are the sums of those rows everywhere", async () => {
    const { A } = world.partners;
    const kit = await db().selectFrom("campaign_kits").selectAll().where("id", "=", kitId).executeTakeFirstOrThrow();
    const measures = await kitMeasures(db(), admin.scope, kit);
    const rowA = measures.adoptions.find((a) => a.partner_id === A.id)!;
    expect(rowA).toMatchObject({ status: "reported", committed: "1200.00", paid: "1000.00", leads: 2, deals: 2 });
    expect(measures.totals).toEqual({
      adoptions: 3,
      adopted: 1,
      committed: addAmounts("0.00", ...measures.adoptions.map((a) => a.committed)),
      paid: addAmounts("0.00", ...measures.adoptions.map((a) => a.paid)),
      leads: measures.adoptions.reduce((n, a) => n + a.leads, 0),
      deals: measures.adoptions.reduce((n, a) => n + a.deals, 0),
    });
    expect(measures.totals).toMatchObject({ committed: "1200.00", paid: "1000.00", leads: 2, deals: 2 });
    expect(measures.byStatus).toMatchObject({ invited: 1, reported: 1, declined: 1 });
    expect(Object.values(measures.byStatus).reduce((n, c) => n + c, 0)).toBe(measures.adoptions.length);
    expect(measures.feedback.average).toBe("4.5");
    expect(measures.feedback.rows).toHaveLength(2);
    // The list shows the same figures as the kit page.
    const listed = (await campaignList(db(), admin.scope)).kits.find((k) => k.id === kitId)!;
    expect(listed.totals).toEqual(measures.totals);
  });

  it("a channel manager's figures hold only the partners they manage", async () => {
    const { A, B } = world.partners;
    // A manager of its own, so the demo managers' books, which other files check exactly, stay as seeded.
    const email = `${uniqueCode("km").toLowerCase()}@example.com`;
    await db().insertInto("users").values({ email, name: "Kit Manager", role: "channel_manager", status: "active" }).execute();
    const manager = await userByEmail(email);
    await db().updateTable("partners").set({ channel_manager_id: manager.id }).where("id", "=", A.id).execute();
    const figures = await adoptionFigures(db(), await scopeOf(email), [kitId]);
    expect(figures.map((f) => f.partner_id)).toEqual([A.id]);
    expect(kitTotals(figures)).toMatchObject({ adoptions: 1, committed: "1200.00" });
    expect((await adoptionFigures(db(), await scopeOf("manager2@example.com"), [kitId])).map((f) => f.partner_id)).not.toContain(B.id);
  });

  it("closing keeps the adoptions and ends the edits", async () => {
    await closeKit(db(), admin.scope, admin.actor, kitId);
    await expect(updateKit(db(), admin.scope, admin.actor, kitId, kitInput())).rejects.toMatchObject({ errors: { form: "campaigns.errors.closed" } });
    expect(await adoptionFigures(db(), admin.scope, [kitId])).toHaveLength(3);
  });

  it("averages ratings to one decimal", () => {
    expect(averageRating([])).toBeNull();
    expect(averageRating([5, 4, 4])).toBe("4.3");
    expect(averageRating([1, 2])).toBe("1.5");
  });
});
