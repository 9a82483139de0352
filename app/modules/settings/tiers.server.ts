// Tier benefits: discount on registered deals, co-op accrual, lead routing weight and the
// lead acceptance SLA, and what a partner needs to reach the tier. Read by everyone signed in; changed by admins.
import { z } from "zod";
import { changedFields, recordAudit, type Actor } from "~/lib/audit.server";
import { forbidden } from "~/lib/http.server";
import { now } from "~/lib/clock.server";
import { compareAmounts, parseAmount } from "~/lib/money";
import { TIERS, type Tier } from "../../../db/types";
import type { Scope } from "~/lib/scope.server";
import type { DB } from "~/lib/db.server";

const percent = z
  .string()
  .trim()
  .regex(/^\d{1,3}(\.\d{1,2})?$/, "errors.percent")
  .refine((v) => compareAmounts(parseAmount(v) ?? "0", "100.00") <= 0, "errors.percent");

export const tierSchema = z.object({
  tier: z.enum(TIERS),
  dealDiscountPct: percent,
  coopAccrualPct: percent,
  routingWeight: z
    .string()
    .trim()
    .regex(/^\d{1,4}(\.\d{1,2})?$/, "errors.number"),
  leadSlaHours: z.coerce.number({ invalid_type_error: "errors.number" }).int("errors.wholeNumber").min(1, "errors.tooSmall").max(720, "errors.tooLarge"),
  // What a partner needs to reach the tier (modules/targets/tier-progress.server.ts); empty: nothing.
  minSellThrough12m: z
    .string()
    .trim()
    .refine((v) => v === "" || (parseAmount(v) !== null && !parseAmount(v)!.startsWith("-")), "errors.amount")
    .transform((v) => (v === "" ? null : parseAmount(v)!)),
  minWonDeals12m: z
    .string()
    .trim()
    .refine((v) => v === "" || /^\d{1,6}$/.test(v), "errors.wholeNumber")
    .transform((v) => (v === "" ? null : Number(v))),
  // What the quarterly tier review also asks (modules/tiers/review.server.ts); empty: nothing.
  minCertifiedUsers: z
    .string()
    .default("")
    .transform((v) => v.trim())
    .refine((v) => v === "" || /^\d{1,4}$/.test(v), "errors.wholeNumber")
    .transform((v) => (v === "" ? null : Number(v))),
  minReportingCompliancePct: z
    .string()
    .default("")
    .transform((v) => v.trim())
    .refine((v) => v === "" || (/^\d{1,3}(\.\d{1,2})?$/.test(v) && compareAmounts(parseAmount(v)!, "100.00") <= 0), "errors.percent")
    .transform((v) => (v === "" ? null : parseAmount(v)!)),
});
export type TierInput = z.output<typeof tierSchema>;

export function listTiers(db: DB) {
  return db.selectFrom("tiers").selectAll().orderBy("position").execute();
}

export async function updateTier(db: DB, scope: Scope, actor: Actor, input: TierInput): Promise<void> {
  if (scope.kind !== "admin") forbidden();
  await db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom("tiers").selectAll().where("tier", "=", input.tier).forUpdate().executeTakeFirstOrThrow();
    const next = {
      deal_discount_pct: parseAmount(input.dealDiscountPct)!,
      coop_accrual_pct: parseAmount(input.coopAccrualPct)!,
      routing_weight: parseAmount(input.routingWeight)!,
      lead_sla_hours: input.leadSlaHours,
      min_sell_through_12m: input.minSellThrough12m,
      min_won_deals_12m: input.minWonDeals12m,
      min_certified_users: input.minCertifiedUsers,
      min_reporting_compliance_pct: input.minReportingCompliancePct,
    };
    await trx
      .updateTable("tiers")
      .set({ ...next, updated_at: now() })
      .where("tier", "=", input.tier)
      .execute();
    await recordAudit(trx, actor, { action: "tier.update", entityType: "tier", entityId: input.tier as Tier, ...changedFields(current, next) });
  });
}
