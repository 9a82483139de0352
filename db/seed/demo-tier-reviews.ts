// The demo's quarterly tier review: the review of the quarter just ended, run by the module
// the job runs, on the demo's own sell-through, deals and reporting record. The demo programme
// sets its tier requirements (through the settings module, as an admin would) from what its
// partners did in the twelve months reviewed, because those figures move with the day the demo
// is seeded: platinum asks for 华东科技分销's sell-through and reporting record, rounded down, so
// 华东 has just reached platinum (a promotion proposed to 王明) while Thames Managed Services has
// fallen below platinum (at risk, with grace to the end of this quarter); gold asks for what the
// gold partners all reach, silver asks nothing. Certified users ask nothing until the demo holds
// certifications.
import { scopeFor } from "../../app/lib/scope.server";
import { now } from "../../app/lib/clock.server";
import { SYSTEM_ACTOR } from "../../app/lib/audit.server";
import { compareAmounts, fromCents, toCents } from "../../app/lib/money";
import { listTiers, updateTier } from "../../app/modules/settings/tiers.server";
import { measurePartners, quarterJustEnded, reviewInstant, runTierReview, type TierMeasures } from "../../app/modules/tiers/review.server";
import type { DB } from "../../app/lib/db.server";
import type { Tier } from "../types";

/** Down to a round ten thousand, as a programme would write a threshold. */
function roundDown(amount: string): string {
  return fromCents((toCents(amount) / 1_000_000n) * 1_000_000n);
}

/** A percentage with one decimal, down to a whole number. */
function wholePct(pct: string | null): string | null {
  return pct === null ? null : `${pct.split(".")[0]}.00`;
}

export async function seedDemoTierReviews(db: DB): Promise<void> {
  const admin = await db.selectFrom("users").select(["id", "email", "role", "partner_id"]).where("email", "=", "admin@example.com").executeTakeFirstOrThrow();
  const scope = scopeFor({ id: admin.id, role: admin.role, partnerId: admin.partner_id });
  const actor = { userId: admin.id, email: admin.email, ip: null };
  const quarter = quarterJustEnded(now());
  const partners = await db.selectFrom("partners").select(["id", "code", "name", "type", "tier", "status"]).where("status", "=", "active").execute();
  const measures = await measurePartners(db, partners, await reviewInstant(db, quarter));
  const of = (code: string): TierMeasures => measures.get(partners.find((p) => p.code === code)!.id)!;
  const golds = partners.filter((p) => p.tier === "gold").map((p) => measures.get(p.id)!);
  const lowest = (values: string[]) => values.reduce((a, b) => (compareAmounts(a, b) <= 0 ? a : b));
  const huadong = of("HZD");

  const asks: Record<Tier, { sales: string | null; compliance: string | null }> = {
    registered: { sales: null, compliance: null },
    silver: { sales: null, compliance: null },
    gold: {
      sales: roundDown(lowest(golds.map((m) => m.sellThrough12m ?? "0.00"))),
      compliance: wholePct(lowest(golds.map((m) => m.reportingCompliancePct).filter((p): p is string => p !== null))),
    },
    platinum: { sales: roundDown(huadong.sellThrough12m ?? "0.00"), compliance: wholePct(huadong.reportingCompliancePct) },
  };
  for (const tier of await listTiers(db)) {
    await updateTier(db, scope, actor, {
      tier: tier.tier,
      dealDiscountPct: tier.deal_discount_pct,
      coopAccrualPct: tier.coop_accrual_pct,
      routingWeight: tier.routing_weight,
      leadSlaHours: tier.lead_sla_hours,
      minSellThrough12m: asks[tier.tier].sales,
      minWonDeals12m: null,
      minCertifiedUsers: null,
      minReportingCompliancePct: asks[tier.tier].compliance,
    });
  }
  await runTierReview(db, scope, SYSTEM_ACTOR, quarter);
}
