// The quarterly tier review on partners of its own (under a channel manager of its own, with
// sell-through of 2093 and 2094, which no other file uses), against the tier requirements as
// the database holds them: a promotion proposed, keep, at risk with a quarter's grace then a
// demotion proposed, each partner reviewed once however often the review runs, the job waiting
// for the quarter's last month to be due, and the manager's approval and override.
import { beforeAll, describe, expect, it } from "vitest";
import { withClock } from "~/lib/clock.server";
import { JOB_KINDS } from "~/lib/job-handlers.server";
import {
  checkRequirement,
  decideTierReview,
  evaluate,
  partnerStanding,
  quarterJustEnded,
  runDueTierReview,
  runTierReview,
} from "~/modules/tiers/review.server";
import { tierRequirements, type TierRequirement } from "~/modules/targets/tier-progress.server";
import { SYSTEM_ACTOR } from "~/lib/audit.server";
import { unscoped } from "~/lib/scope-guard.server";
import { tierSchema } from "~/modules/settings/tiers.server";
import { makeDeal, makeManager, makePartner, resellerMonth } from "../support/scorecards";
import { db, partnerByCode, uniqueCode } from "../support/db";
import type { Tier } from "../../db/types";

const Q1_REVIEWED = new Date("2094-04-20T09:00:00Z"); // after 2094-03 was due
const Q2_REVIEWED = new Date("2094-07-20T09:00:00Z");
const at = <T>(when: Date, work: () => Promise<T>) => withClock(() => when, work);

let manager: Awaited<ReturnType<typeof makeManager>>;
let otherManager: Awaited<ReturnType<typeof makeManager>>;
let ladder: TierRequirement[];
const need = (tier: Tier) => ladder.find((r) => r.tier === tier)!;

interface TestPartner {
  id: number;
  adminId: number;
}

/** A reseller with its admin, and as many users holding a valid certification as asked. */
async function partnerWith(tier: Tier, certified: number, managerId: number): Promise<TestPartner> {
  const { id } = await makePartner({ type: "reseller", tier, managerId });
  const user = async (role: "partner_admin" | "partner_rep") =>
    Number(
      (
        await db()
          .insertInto("users")
          .values({
            email: `${uniqueCode("TR").toLowerCase()}@tiers.example.com`,
            name: "Tier User",
            role,
            partner_id: id,
            status: "active",
            password_hash: null,
            locale: null,
          })
          .executeTakeFirstOrThrow()
      ).insertId,
    );
  const adminId = await user("partner_admin");
  const certification = Number(
    (
      await db()
        .insertInto("certifications")
        .values({ code: uniqueCode("CERT"), name: "Tier test certification", level: "associate", validity_months: 24 })
        .executeTakeFirstOrThrow()
    ).insertId,
  );
  for (let i = 0; i < certified; i++) {
    const userId = i === 0 ? adminId : await user("partner_rep");
    await db()
      .insertInto("user_certifications")
      .values({
        partner_id: id,
        user_id: userId,
        certification_id: certification,
        status: "valid",
        earned_on: "2093-01-10",
        expires_on: "2099-01-10",
        source: "import",
        created_by: userId,
      })
      .execute();
  }
  return { id, adminId };
}

/** Sell-through and won deals meeting what `tier` asks, in the twelve months before 2094-04. */
async function meets(partner: TestPartner, tier: Tier): Promise<void> {
  const distributor = (await partnerByCode("NWD")).id;
  const req = need(tier);
  await resellerMonth(distributor, partner.id, "2093-11", "USD", req.minSellThrough12m ?? "1.00");
  for (let i = 0; i < (req.minWonDeals12m ?? 0); i++) {
    await makeDeal(partner.id, "won", { created: new Date("2093-09-01T00:00:00Z"), closed: new Date("2093-10-01T00:00:00Z") });
  }
}

const reviewOf = (partnerId: number, quarter: string) =>
  db().selectFrom("tier_reviews").selectAll().where("partner_id", "=", partnerId).where("quarter", "=", quarter).$call(unscopedRead).executeTakeFirst();
const eventsOf = (partnerId: number) =>
  db().selectFrom("partner_events").select(["event", "from_value", "to_value"]).where("partner_id", "=", partnerId).$call(unscopedRead).orderBy("id").execute();
const noticesOf = (userId: number) => db().selectFrom("notifications").select(["kind", "title", "link"]).where("user_id", "=", userId).orderBy("id").execute();
const tierOf = async (partnerId: number) => (await db().selectFrom("partners").select("tier").where("id", "=", partnerId).executeTakeFirstOrThrow()).tier;

// Tests read what the review wrote directly; the scope guard wants the reason said.
const unscopedRead = unscoped("the test reads what the review wrote");

let rising: TestPartner;
let steady: TestPartner;
let slipping: TestPartner;
let bottom: TestPartner;

beforeAll(async () => {
  ladder = await tierRequirements(db());
  manager = await makeManager();
  otherManager = await makeManager();
  // Meets gold's requirements while silver: a promotion is proposed.
  rising = await partnerWith("silver", need("gold").minCertifiedUsers ?? 0, manager.id);
  await meets(rising, "gold");
  // Meets silver's, not gold's: keeps silver.
  steady = await partnerWith("silver", need("silver").minCertifiedUsers ?? 0, manager.id);
  await meets(steady, "silver");
  // Gold with nothing: at risk, then a demotion.
  slipping = await partnerWith("gold", 0, manager.id);
  // The bottom tier cannot fall.
  bottom = await partnerWith("registered", 0, manager.id);
});

describe("the rules", () => {
  const none = { minSellThrough12m: null, minWonDeals12m: null, minCertifiedUsers: null, minReportingCompliancePct: null };
  const gold: TierRequirement = { tier: "gold", minSellThrough12m: "1000.00", minWonDeals12m: 2, minCertifiedUsers: 2, minReportingCompliancePct: "80.00" };
  it("check every requirement, say what is missing, and never decide on a figure that cannot be known", () => {
    const measures = { sellThrough12m: "400.00", wonDeals12m: 3, certifiedUsers: 1, reportingCompliancePct: "75.0" };
    const check = checkRequirement(measures, gold);
    expect(check.met).toBe(false);
    expect(check.checks.map((c) => [c.measure, c.met, c.gap])).toEqual([
      ["sellThrough12m", false, "600.00"],
      ["wonDeals12m", true, 0],
      ["certifiedUsers", false, 1],
      ["reportingCompliancePct", false, "5.00"],
    ]);
    // A missing exchange rate: neither met nor missed; a partner that reports nothing has no record to miss.
    expect(checkRequirement({ ...measures, sellThrough12m: null, certifiedUsers: 2, reportingCompliancePct: null }, gold).met).toBeNull();
    expect(checkRequirement(measures, { tier: "registered", ...none }).met).toBe(true);
  });

  it("promote on the next tier's, warn first and demote at the second miss, keep otherwise", () => {
    const met = { tier: "gold" as const, checks: [], met: true };
    const missed = { tier: "silver" as const, checks: [], met: false };
    const unknown = { tier: "silver" as const, checks: [], met: null };
    expect(evaluate("silver", "2094-Q1", missed, met, false)).toEqual({ outcome: "promotion", proposedTier: "gold", graceUntil: null });
    expect(evaluate("silver", "2094-Q4", missed, { ...met, met: false }, false)).toEqual({
      outcome: "at_risk",
      proposedTier: "silver",
      graceUntil: "2095-03-31",
    });
    expect(evaluate("silver", "2094-Q1", missed, { ...met, met: false }, true)).toEqual({ outcome: "demotion", proposedTier: "registered", graceUntil: null });
    expect(evaluate("silver", "2094-Q1", unknown, { ...met, met: null }, true)).toEqual({ outcome: "keep", proposedTier: "silver", graceUntil: null });
    expect(evaluate("registered", "2094-Q1", { ...missed, tier: "registered" }, { ...met, tier: "silver", met: false }, true).outcome).toBe("keep");
  });
});

describe("the requirements an admin sets", () => {
  const row = { tier: "gold", dealDiscountPct: "10", coopAccrualPct: "2", routingWeight: "1.2", leadSlaHours: "48", minSellThrough12m: "", minWonDeals12m: "" };
  it("take certified users as a whole number and reporting compliance as a percentage; empty asks nothing", () => {
    const parsed = tierSchema.parse({ ...row, minCertifiedUsers: " 3 ", minReportingCompliancePct: "87.5" });
    expect([parsed.minCertifiedUsers, parsed.minReportingCompliancePct]).toEqual([3, "87.50"]);
    expect(tierSchema.parse({ ...row, minCertifiedUsers: "", minReportingCompliancePct: "" })).toMatchObject({
      minCertifiedUsers: null,
      minReportingCompliancePct: null,
    });
    const refused = tierSchema.safeParse({ ...row, minCertifiedUsers: "2.5", minReportingCompliancePct: "101" });
    expect(refused.success ? null : refused.error.issues.map((i) => [i.path[0], i.message])).toEqual([
      ["minCertifiedUsers", "errors.wholeNumber"],
      ["minReportingCompliancePct", "errors.percent"],
    ]);
  });
});

describe("the quarterly review", () => {
  it("waits until the quarter's last month of sell-through is due", async () => {
    await expect(at(new Date("2094-04-05T00:00:00Z"), () => runTierReview(db(), manager.scope, manager.actor, "2094-Q1"))).rejects.toMatchObject({
      errors: { quarter: "tierReviews.errors.notDue" },
    });
    // The job, before that day, does nothing at all.
    expect(await at(new Date("2094-04-05T00:00:00Z"), () => runDueTierReview(db(), SYSTEM_ACTOR))).toEqual({ reviewed: 0 });
    expect(await reviewOf(rising.id, "2094-Q1")).toBeUndefined();
    const job = JOB_KINDS.find((k) => k.type === "lifecycle.tierReview");
    expect(job?.everyMs).toBe(24 * 3600 * 1000);
  });

  it("proposes a promotion, keeps, and puts a partner below its tier at risk with a quarter's grace, telling it", async () => {
    // Two runs at once and a third later: each partner is reviewed once.
    const runs = await at(Q1_REVIEWED, () =>
      Promise.all([runTierReview(db(), manager.scope, manager.actor, "2094-Q1"), runTierReview(db(), manager.scope, manager.actor, "2094-Q1")]),
    );
    expect(runs[0].reviewed + runs[1].reviewed).toBe(4);
    expect(await at(Q1_REVIEWED, () => runTierReview(db(), manager.scope, manager.actor, "2094-Q1"))).toEqual({ reviewed: 0 });

    const up = (await reviewOf(rising.id, "2094-Q1"))!;
    expect([up.outcome, up.from_tier, up.proposed_tier, up.status]).toEqual(["promotion", "silver", "gold", "proposed"]);
    const stored = JSON.parse(up.measures_json);
    expect(stored.measures).toEqual({
      sellThrough12m: need("gold").minSellThrough12m ?? "1.00",
      wonDeals12m: need("gold").minWonDeals12m ?? 0,
      certifiedUsers: need("gold").minCertifiedUsers ?? 0,
      reportingCompliancePct: null,
    });
    expect(stored.window).toEqual({ from: "2093-04", to: "2094-03" });

    const kept = (await reviewOf(steady.id, "2094-Q1"))!;
    expect([kept.outcome, kept.proposed_tier, kept.status]).toEqual(["keep", "silver", "noted"]);
    // The bottom tier has nothing to fall from (whether it rises depends on what silver asks).
    expect(["keep", "promotion"]).toContain((await reviewOf(bottom.id, "2094-Q1"))!.outcome);

    const risk = (await reviewOf(slipping.id, "2094-Q1"))!;
    expect([risk.outcome, risk.proposed_tier, risk.status, String(risk.grace_until).slice(0, 10)]).toEqual(["at_risk", "gold", "noted", "2094-06-30"]);
    expect(await eventsOf(slipping.id)).toEqual([{ event: "tier_at_risk", from_value: "gold", to_value: "2094-06-30" }]);
    expect(await noticesOf(slipping.adminId)).toEqual([
      { kind: "partner_lifecycle", title: "Tier review 2094-Q1: your tier is at risk. Meet its requirements by 2094-06-30 to keep it.", link: "/standing" },
    ]);
    // Nobody else is told anything, and the tier changes only on a decision.
    expect(await noticesOf(rising.adminId)).toEqual([]);
    expect(await tierOf(rising.id)).toBe("silver");
  });

  it("shows the partner where it stands: at risk until the grace date, and what it needs to move up", async () => {
    const standing = await at(Q1_REVIEWED, () =>
      partnerStanding(db(), { kind: "partner", userId: slipping.adminId, role: "partner_admin", partnerId: slipping.id }),
    );
    expect(standing.atRisk).toEqual({ quarter: "2094-Q1", graceUntil: "2094-06-30" });
    expect(standing.own.met).toBe(false);
    expect(standing.history.map((r) => [r.quarter, r.outcome])).toEqual([["2094-Q1", "at_risk"]]);
    const steadyStanding = await at(Q1_REVIEWED, () =>
      partnerStanding(db(), { kind: "partner", userId: steady.adminId, role: "partner_rep", partnerId: steady.id }),
    );
    expect(steadyStanding.atRisk).toBeNull();
    expect(steadyStanding.next?.tier).toBe("gold");
  });

  it("proposes a demotion when the partner at risk still misses its tier at the next review", async () => {
    expect(await at(Q2_REVIEWED, () => runTierReview(db(), manager.scope, manager.actor, "2094-Q2"))).toEqual({ reviewed: 4 });
    const down = (await reviewOf(slipping.id, "2094-Q2"))!;
    expect([down.outcome, down.from_tier, down.proposed_tier, down.status, down.grace_until]).toEqual(["demotion", "gold", "silver", "proposed", null]);
    expect((await reviewOf(steady.id, "2094-Q2"))!.outcome).toBe("keep");
  });
});

describe("decisions", () => {
  it("an approval changes the partner's tier, writes its history and the audit log, and tells the partner", async () => {
    const review = (await reviewOf(rising.id, "2094-Q1"))!;
    await expect(decideTierReview(db(), otherManager.scope, otherManager.actor, review.id, { action: "approve" })).rejects.toMatchObject({ status: 404 });
    await expect(
      decideTierReview(db(), { kind: "partner", userId: rising.adminId, role: "partner_admin", partnerId: rising.id }, SYSTEM_ACTOR, review.id, {
        action: "approve",
      }),
    ).rejects.toMatchObject({ status: 403 });
    expect(await tierOf(rising.id)).toBe("silver");

    await decideTierReview(db(), manager.scope, manager.actor, review.id, { action: "approve" });
    expect(await tierOf(rising.id)).toBe("gold");
    const decided = (await reviewOf(rising.id, "2094-Q1"))!;
    expect([decided.status, decided.final_tier, decided.decided_by]).toEqual(["approved", "gold", manager.id]);
    expect(await eventsOf(rising.id)).toEqual([{ event: "tier_changed", from_value: "silver", to_value: "gold" }]);
    const audit = await db().selectFrom("audit_log").select("action").where("partner_id", "=", rising.id).orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["tier_review.approved", "partner.tier_changed"]);
    expect((await noticesOf(rising.adminId)).map((n) => n.title)).toEqual(["Tier review 2094-Q1: your partner tier has changed."]);
    // Decided once.
    await expect(decideTierReview(db(), manager.scope, manager.actor, review.id, { action: "approve" })).rejects.toMatchObject({
      errors: { form: "tierReviews.errors.decided" },
    });
  });

  it("an override needs a reason and keeps the tier (or sets the one chosen)", async () => {
    const review = (await reviewOf(slipping.id, "2094-Q2"))!;
    await expect(decideTierReview(db(), manager.scope, manager.actor, review.id, { action: "override", tier: "gold", reason: " " })).rejects.toMatchObject({
      errors: { reason: "tierReviews.errors.reason" },
    });
    await decideTierReview(db(), manager.scope, manager.actor, review.id, {
      action: "override",
      tier: "gold",
      reason: "New certifications are booked for May.",
    });
    const decided = (await reviewOf(slipping.id, "2094-Q2"))!;
    expect([decided.status, decided.final_tier, decided.reason]).toEqual(["overridden", "gold", "New certifications are booked for May."]);
    expect(await tierOf(slipping.id)).toBe("gold");
    expect((await eventsOf(slipping.id)).map((e) => e.event)).toEqual(["tier_at_risk"]);
  });
});

describe("the demo", () => {
  it("reviewed the quarter just ended: 华东 is proposed for platinum, Thames is at risk, the others keep their tier", async () => {
    const rows = await db()
      .selectFrom("tier_reviews")
      .innerJoin("partners", "partners.id", "tier_reviews.partner_id")
      .select(["partners.code", "tier_reviews.outcome", "tier_reviews.proposed_tier", "tier_reviews.status"])
      .where("tier_reviews.quarter", "=", quarterJustEnded(new Date()))
      .where("partners.code", "in", ["NWD", "PCS", "HZD", "BPS", "ALP", "MLN", "TMS", "SYD", "OSK"])
      .$call(unscopedRead)
      .orderBy("partners.code")
      .execute();
    expect(rows.filter((r) => r.outcome !== "keep")).toEqual([
      { code: "HZD", outcome: "promotion", proposed_tier: "platinum", status: "proposed" },
      { code: "TMS", outcome: "at_risk", proposed_tier: "platinum", status: "noted" },
    ]);
    expect(rows).toHaveLength(9);
  });
});
