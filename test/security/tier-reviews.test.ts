// Tier reviews across the partner boundary: a proposal for BPS (manager@'s partner) and one for
// PCS (manager2@'s), in quarters of their own. Partners cannot list, export or decide reviews;
// the other channel manager neither sees nor decides them (404) and cannot run a review; on
// /standing each partner sees only its own reviews, a distributor not its reseller's.
// Route modules: `_app.tier-reviews.tsx`, `tier-reviews[.csv].ts` (/tier-reviews.csv) and
// `_app.standing.tsx`.
import { beforeAll, describe, expect, it } from "vitest";
import { unscoped } from "~/lib/scope-guard.server";
import { signedIn, type PortalClient } from "../support/client";
import { db, partnerByCode } from "../support/db";

const clients = new Map<string, PortalClient>();
const year = 2960 + (process.pid % 30);
const QUARTER: Record<string, string> = { BPS: `${year}-Q1`, PCS: `${year}-Q2` };
const reviewIds = new Map<string, number>();
const read = unscoped("the test compares the rows an attack aimed at");

async function snapshot(): Promise<string> {
  const partners = await db().selectFrom("partners").select(["id", "tier"]).where("code", "in", ["BPS", "PCS"]).orderBy("id").execute();
  const reviews = await db().selectFrom("tier_reviews").selectAll().where("quarter", "in", Object.values(QUARTER)).orderBy("id").$call(read).execute();
  const events = await db()
    .selectFrom("partner_events")
    .select("id")
    .where(
      "partner_id",
      "in",
      partners.map((p) => p.id),
    )
    .$call(read)
    .execute();
  return JSON.stringify({ partners, reviews, events: events.length });
}

beforeAll(async () => {
  for (const email of [
    "admin@example.com",
    "manager@example.com",
    "manager2@example.com",
    "distributor@example.com",
    "reseller@example.com",
    "rep@example.com",
    "other@example.com",
  ]) {
    clients.set(email, await signedIn(email));
  }
  for (const code of ["BPS", "PCS"]) {
    const partner = await partnerByCode(code);
    const none = { minSellThrough12m: null, minWonDeals12m: null, minCertifiedUsers: null, minReportingCompliancePct: null };
    const measures = {
      measures: { sellThrough12m: "1.00", wonDeals12m: 0, certifiedUsers: 0, reportingCompliancePct: null },
      own: { tier: partner.tier, ...none },
      next: { tier: "platinum", ...none },
      window: { from: "2000-01", to: "2000-12" },
      base: "USD",
    };
    const result = await db()
      .insertInto("tier_reviews")
      .values({
        partner_id: partner.id,
        quarter: QUARTER[code],
        from_tier: partner.tier,
        proposed_tier: "platinum",
        outcome: "promotion",
        measures_json: JSON.stringify(measures),
        status: "proposed",
      })
      .executeTakeFirstOrThrow();
    reviewIds.set(code, Number(result.insertId));
  }
});

describe("tier reviews", () => {
  it.each(["reseller@example.com", "rep@example.com", "other@example.com", "distributor@example.com"])(
    "%s cannot list, export, decide or run reviews; nothing changes",
    async (email) => {
      const client = clients.get(email)!;
      const before = await snapshot();
      expect((await client.get("/tier-reviews")).status).toBe(403);
      expect((await client.get("/tier-reviews.csv")).status).toBe(403);
      for (const id of reviewIds.values()) {
        expect((await client.post("/tier-reviews", { intent: "approve", reviewId: String(id) })).status).toBe(403);
        expect((await client.post("/tier-reviews", { intent: "override", reviewId: String(id), tier: "registered", reason: "x" })).status).toBe(403);
      }
      expect((await client.post("/tier-reviews", { intent: "run", quarter: QUARTER.BPS })).status).toBe(403);
      expect(await snapshot()).toEqual(before);
    },
  );

  it.each([
    { email: "manager@example.com", own: "BPS", other: "PCS" },
    { email: "manager2@example.com", own: "PCS", other: "BPS" },
  ])("$email lists and exports $own's proposal, never $other's, and cannot decide it", async ({ email, own, other }) => {
    const client = clients.get(email)!;
    const page = await (await client.get(`/tier-reviews?status=&q=`)).text();
    expect(page).toContain(QUARTER[own]);
    expect(page).not.toContain(QUARTER[other]);
    const csv = await (await client.get(`/tier-reviews.csv?status=`)).text();
    expect(csv).toContain(`${reviewIds.get(own)},`);
    expect(csv).not.toContain(QUARTER[other]);
    const byQuarter = await (await client.get(`/tier-reviews?status=&quarter=${QUARTER[other]}`)).text();
    expect(byQuarter).not.toContain(`value="${reviewIds.get(other)}"`);

    const before = await snapshot();
    const victim = String(reviewIds.get(other));
    expect((await client.post("/tier-reviews", { intent: "approve", reviewId: victim })).status).toBe(404);
    expect((await client.post("/tier-reviews", { intent: "override", reviewId: victim, tier: "registered", reason: "Not yours" })).status).toBe(404);
    // Running a review is the admin's.
    expect((await client.post("/tier-reviews", { intent: "run", quarter: QUARTER[other] })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });
});

describe("the partner's standing", () => {
  it.each([
    { email: "reseller@example.com", own: "BPS", other: "PCS" },
    { email: "rep@example.com", own: "BPS", other: "PCS" },
    { email: "other@example.com", own: "PCS", other: "BPS" },
  ])("$email sees $own's reviews only", async ({ email, own, other }) => {
    const page = await (await clients.get(email)!.get("/standing")).text();
    expect(page).toContain(QUARTER[own]);
    expect(page).not.toContain(QUARTER[other]);
  });

  it("a distributor sees its own standing, not its reseller's reviews", async () => {
    const page = await (await clients.get("distributor@example.com")!.get("/standing")).text();
    expect(page).not.toContain(QUARTER.BPS);
    expect(page).not.toContain(QUARTER.PCS);
  });

  it.each(["admin@example.com", "manager@example.com"])("%s has no standing page (it is the partner's)", async (email) => {
    expect((await clients.get(email)!.get("/standing")).status).toBe(403);
  });
});
