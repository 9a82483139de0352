// The quarterly tier review (绩效考核). For each active partner it takes four measures, each the
// figure another screen already shows, from the function that shows it:
// - 12-month validated sell-through in the base currency (targets/partner-sales.server.ts), over
//   the twelve months that end with the quarter's last month;
// - registrations won in those months (targets/tier-progress.server.ts, as tier progress counts them);
// - certified users (certifications/held.server.ts's definition);
// - reporting compliance: months reported on time of those due, as the scorecard's reporting
//   record has it (distributors only: other partners report nothing).
// The measures are taken when the quarter's last month is due (the sell-through due day of the
// next month), so that month's reports are in. Then, against its own tier's requirements and the
// next tier's:
// - meets the next tier's: a promotion is proposed;
// - misses its own tier's for the first time: 'at_risk', with grace until the end of the next
//   quarter, and the partner is told now, ahead of any change;
// - misses them again at the next review (the previous one said at risk): a demotion is proposed;
// - anything else keeps the tier ('noted', nothing to decide).
// A figure that cannot be known (a missing exchange rate) neither promotes nor puts at risk.
// A channel manager approves a proposal (the tier changes) or overrides it with a reason.
import { sql } from "kysely";
import { now } from "~/lib/clock.server";
import { partnerFilter, type Scope } from "~/lib/scope.server";
import { forbidden, notFound } from "~/lib/http.server";
import { ValidationError } from "~/lib/forms";
import { recordAudit, type Actor } from "~/lib/audit.server";
import { requireReviewer } from "~/lib/policy.server";
import { compareAmounts, fromCents, toCents } from "~/lib/money";
import { addQuarters, quarterAt, quarterBounds, quarterMonths } from "~/lib/quarters";
import { likePattern, readChoice, readPaging, readText, type ListPaging } from "~/lib/list-query";
import { unscoped } from "~/lib/scope-guard.server";
import { lastTwelveMonths } from "~/modules/figures/periods";
import { salesOfPartners } from "~/modules/targets/partner-sales.server";
import { tierRequirements, wonDealsSince, type TierRequirement } from "~/modules/targets/tier-progress.server";
import { getDueDay, lateFrom } from "~/modules/sell-through/compliance.server";
import { timelinessMetric } from "~/modules/scorecards/scorecard.server";
import { baseCurrency } from "~/modules/sell-through/exchange-rates.server";
import { recordPartnerEvent } from "~/modules/partners/history.server";
import { certifiedUserCounts } from "~/modules/certifications/held.server";
import { notifyEach, partnerAdmins } from "~/modules/notifications/notify.server";
import { TIER_REVIEW_OUTCOMES, TIER_REVIEW_STATUSES, TIERS, type PartnerStatus, type PartnerType, type Tier, type TierReviewOutcome } from "../../../db/types";
import type { DB } from "~/lib/db.server";

export interface TierMeasures {
  /** Base currency; null when a month lacks an exchange rate. */
  sellThrough12m: string | null;
  wonDeals12m: number;
  certifiedUsers: number;
  /** One decimal; null when nothing was due (and for partners that do not report). */
  reportingCompliancePct: string | null;
}

export const MEASURES = ["sellThrough12m", "wonDeals12m", "certifiedUsers", "reportingCompliancePct"] as const;
export type Measure = (typeof MEASURES)[number];

export interface MeasureCheck {
  measure: Measure;
  actual: string | number | null;
  required: string | number | null;
  /** true: met or not asked; false: missed; null: cannot be known. */
  met: boolean | null;
  /** What is still missing (0 or "0.00" once met); null when not asked or unknown. */
  gap: string | number | null;
}

export interface RequirementCheck {
  tier: Tier;
  checks: MeasureCheck[];
  met: boolean | null;
}

interface ReviewedPartner {
  id: number;
  code: string;
  name: string;
  type: PartnerType;
  tier: Tier;
  status: PartnerStatus;
}

/** What a review row keeps: the figures and the requirements the proposal was made on. */
export interface StoredMeasures {
  measures: TierMeasures;
  own: TierRequirement;
  next: TierRequirement | null;
  window: { from: string; to: string };
  base: string;
}

/** Every requirement of a tier checked against the measures. */
export function checkRequirement(measures: TierMeasures, requirement: TierRequirement): RequirementCheck {
  const count = (measure: Measure, actual: number, required: number | null): MeasureCheck =>
    required === null
      ? { measure, actual, required, met: true, gap: null }
      : { measure, actual, required, met: actual >= required, gap: Math.max(0, required - actual) };
  const sales: MeasureCheck = (() => {
    const required = requirement.minSellThrough12m;
    const actual = measures.sellThrough12m;
    if (required === null) return { measure: "sellThrough12m", actual, required, met: true, gap: null };
    if (actual === null) return { measure: "sellThrough12m", actual, required, met: null, gap: null };
    const met = compareAmounts(actual, required) >= 0;
    return { measure: "sellThrough12m", actual, required, met, gap: met ? "0.00" : fromCents(toCents(required) - toCents(actual)) };
  })();
  const compliance: MeasureCheck = (() => {
    const required = requirement.minReportingCompliancePct;
    const actual = measures.reportingCompliancePct;
    // Nothing was due (or the partner reports nothing): there is no record to hold against it.
    if (required === null || actual === null) return { measure: "reportingCompliancePct", actual, required, met: true, gap: null };
    const met = compareAmounts(actual, required) >= 0;
    return { measure: "reportingCompliancePct", actual, required, met, gap: met ? "0.00" : fromCents(toCents(required) - toCents(actual)) };
  })();
  const checks = [
    sales,
    count("wonDeals12m", measures.wonDeals12m, requirement.minWonDeals12m),
    count("certifiedUsers", measures.certifiedUsers, requirement.minCertifiedUsers),
    compliance,
  ];
  const met = checks.some((c) => c.met === false) ? false : checks.some((c) => c.met === null) ? null : true;
  return { tier: requirement.tier, checks, met };
}

export interface Evaluation {
  outcome: TierReviewOutcome;
  proposedTier: Tier;
  /** YYYY-MM-DD, for 'at_risk'. */
  graceUntil: string | null;
}

/** The rules above, for a partner of `tier` reviewed for `quarter`. */
export function evaluate(tier: Tier, quarter: string, own: RequirementCheck, next: RequirementCheck | null, atRiskBefore: boolean): Evaluation {
  const below = TIERS[TIERS.indexOf(tier) - 1] ?? null;
  if (next?.met === true) return { outcome: "promotion", proposedTier: next.tier, graceUntil: null };
  if (own.met === false && below !== null) {
    if (atRiskBefore) return { outcome: "demotion", proposedTier: below, graceUntil: null };
    return { outcome: "at_risk", proposedTier: tier, graceUntil: lastDayOf(addQuarters(quarter, 1)) };
  }
  return { outcome: "keep", proposedTier: tier, graceUntil: null };
}

function lastDayOf(quarter: string): string {
  return new Date(quarterBounds(quarter).end.getTime() - 24 * 3600 * 1000).toISOString().slice(0, 10);
}

/** When a quarter's review can be made: the moment its last month's sell-through is due. */
export async function reviewInstant(db: DB, quarter: string): Promise<Date> {
  return lateFrom(quarterMonths(quarter).to, await getDueDay(db));
}

/** The four measures of each partner, at `at` (the partners were found through the caller's scope). */
export async function measurePartners(db: DB, partners: ReviewedPartner[], at: Date): Promise<Map<number, TierMeasures>> {
  const window = lastTwelveMonths(at);
  const ids = partners.map((p) => p.id);
  const [sales, certified] = await Promise.all([salesOfPartners(db, ids, window), certifiedUserCounts(db, ids)]);
  const result = new Map<number, TierMeasures>();
  for (const partner of partners) {
    const [won, timeliness] = await Promise.all([wonDealsSince(db, partner.id, `${window.from}-01`), timelinessMetric(db, partner, at)]);
    result.set(partner.id, {
      sellThrough12m: sales.get(partner.id)?.total ?? null,
      wonDeals12m: won,
      certifiedUsers: certified.get(partner.id) ?? 0,
      reportingCompliancePct: timeliness?.pct ?? null,
    });
  }
  return result;
}

/** Own tier's and next tier's requirements from the ladder. */
export function requirementsFor(ladder: TierRequirement[], tier: Tier): { own: TierRequirement; next: TierRequirement | null } {
  const byTier = new Map(ladder.map((r) => [r.tier, r]));
  const empty = (t: Tier): TierRequirement => ({
    tier: t,
    minSellThrough12m: null,
    minWonDeals12m: null,
    minCertifiedUsers: null,
    minReportingCompliancePct: null,
  });
  const above = TIERS[TIERS.indexOf(tier) + 1];
  return { own: byTier.get(tier) ?? empty(tier), next: above ? (byTier.get(above) ?? empty(above)) : null };
}

/** Only the vendor's people run and decide reviews. */
function requireVendorScope(scope: Scope): asserts scope is Exclude<Scope, { kind: "partner" }> {
  if (scope.kind === "partner") forbidden();
}

/**
 * Reviews the active partners in the scope that have no review for the quarter yet: safe to
 * repeat, and a second run (or the job and a person at once) adds nothing twice.
 */
export async function runTierReview(db: DB, scope: Scope, actor: Actor, quarter: string): Promise<{ reviewed: number }> {
  requireVendorScope(scope);
  const at = await reviewInstant(db, quarter);
  if (at > now()) throw new ValidationError({ quarter: "tierReviews.errors.notDue" });
  const [done, candidates] = await Promise.all([
    db.selectFrom("tier_reviews").select("partner_id").where("quarter", "=", quarter).where(partnerFilter(scope, "tier_reviews.partner_id")).execute(),
    db
      .selectFrom("partners")
      .select(["id", "code", "name", "type", "tier", "status"])
      .where("status", "=", "active")
      .where(partnerFilter(scope, "partners.id"))
      .orderBy("id")
      .execute(),
  ]);
  const reviewed = new Set(done.map((r) => r.partner_id));
  const partners = candidates.filter((p) => !reviewed.has(p.id));
  if (partners.length === 0) return { reviewed: 0 };
  const [ladder, measures, base, before] = await Promise.all([
    tierRequirements(db),
    measurePartners(db, partners, at),
    baseCurrency(db),
    db
      .selectFrom("tier_reviews")
      .select("partner_id")
      .where("quarter", "=", addQuarters(quarter, -1))
      .where("outcome", "=", "at_risk")
      .where(
        "partner_id",
        "in",
        partners.map((p) => p.id),
      )
      .where(partnerFilter(scope, "tier_reviews.partner_id"))
      .execute(),
  ]);
  const atRiskBefore = new Set(before.map((r) => r.partner_id));
  const window = lastTwelveMonths(at);
  return db.transaction().execute(async (trx) => {
    let count = 0;
    const told: { partnerId: number; graceUntil: string }[] = [];
    for (const partner of partners) {
      const { own, next } = requirementsFor(ladder, partner.tier);
      const m = measures.get(partner.id)!;
      const verdict = evaluate(partner.tier, quarter, checkRequirement(m, own), next && checkRequirement(m, next), atRiskBefore.has(partner.id));
      const stored: StoredMeasures = { measures: m, own, next, window, base };
      const proposal = verdict.outcome === "promotion" || verdict.outcome === "demotion";
      const result = await trx
        .insertInto("tier_reviews")
        .values({
          partner_id: partner.id,
          quarter,
          from_tier: partner.tier,
          proposed_tier: verdict.proposedTier,
          outcome: verdict.outcome,
          measures_json: JSON.stringify(stored),
          grace_until: verdict.graceUntil,
          status: proposal ? "proposed" : "noted",
          final_tier: proposal ? null : partner.tier,
        })
        .ignore()
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) continue;
      count += 1;
      if (verdict.outcome === "at_risk") {
        await recordPartnerEvent(trx, { partnerId: partner.id, actor, event: "tier_at_risk", from: partner.tier, to: verdict.graceUntil, text: quarter });
        told.push({ partnerId: partner.id, graceUntil: verdict.graceUntil! });
      }
    }
    const admins = await partnerAdmins(
      trx,
      told.map((t) => t.partnerId),
    );
    await notifyEach(
      trx,
      told.map((t) => ({
        userIds: admins.get(t.partnerId) ?? [],
        notice: { kind: "partner_lifecycle", title: { key: "tierReviews.notice.atRisk", params: { quarter, date: t.graceUntil } }, link: "/standing" },
      })),
    );
    await recordAudit(trx, actor, { action: "tier_review.run", entityType: "tier_review", entityId: quarter, after: { quarter, reviewed: count } });
    return { reviewed: count };
  });
}

/** The quarter before the one `at` falls in: the one a review made at `at` is about. */
export function quarterJustEnded(at: Date): string {
  return addQuarters(quarterAt(at), -1);
}

/**
 * The job: once the quarter just ended can be reviewed, review every active partner not
 * reviewed for it yet. Run daily; after the first run of a quarter it finds nothing to do.
 */
export async function runDueTierReview(db: DB, actor: Actor): Promise<{ reviewed: number }> {
  const quarter = quarterJustEnded(now());
  if ((await reviewInstant(db, quarter)) > now()) return { reviewed: 0 };
  return runTierReview(db, { kind: "admin", userId: 0 }, actor, quarter);
}

// ---- Decisions -------------------------------------------------------------------------------

export type TierDecision = { action: "approve" } | { action: "override"; tier: Tier; reason: string };

/**
 * A channel manager's (or an admin's) decision on a proposal: approving applies the proposed
 * tier, overriding keeps the tier or sets another one, with a reason. The partner is told when
 * its tier changes.
 */
export async function decideTierReview(db: DB, scope: Scope, actor: Actor, reviewId: number, decision: TierDecision): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const review = await trx
      .selectFrom("tier_reviews")
      .innerJoin("partners", "partners.id", "tier_reviews.partner_id")
      .select([
        "tier_reviews.id",
        "tier_reviews.partner_id",
        "tier_reviews.quarter",
        "tier_reviews.status",
        "tier_reviews.proposed_tier",
        "partners.tier as current_tier",
      ])
      .where("tier_reviews.id", "=", reviewId)
      .where(partnerFilter(scope, "tier_reviews.partner_id"))
      .forUpdate()
      .executeTakeFirst();
    if (!review) notFound();
    requireReviewer(scope, { partnerId: review.partner_id });
    if (review.status !== "proposed") throw new ValidationError({ form: "tierReviews.errors.decided" });
    if (decision.action === "override" && decision.reason.trim() === "") throw new ValidationError({ reason: "tierReviews.errors.reason" });
    const finalTier = decision.action === "approve" ? review.proposed_tier : decision.tier;
    const status = decision.action === "approve" ? "approved" : "overridden";
    const reason = decision.action === "override" ? decision.reason : null;
    await trx
      .updateTable("tier_reviews")
      .set({ status, final_tier: finalTier, decided_by: actor.userId, decided_at: now(), reason, updated_at: now() })
      .where("id", "=", review.id)
      .$call(unscoped("the row was found and locked through the scope above"))
      .execute();
    await recordAudit(trx, actor, {
      action: status === "approved" ? "tier_review.approved" : "tier_review.overridden",
      entityType: "tier_review",
      entityId: review.id,
      partnerId: review.partner_id,
      before: { status: review.status },
      after: { status, final_tier: finalTier, reason },
    });
    if (finalTier === review.current_tier) return;
    await trx.updateTable("partners").set({ tier: finalTier, updated_at: now() }).where("id", "=", review.partner_id).execute();
    await recordPartnerEvent(trx, { partnerId: review.partner_id, actor, event: "tier_changed", from: review.current_tier, to: finalTier, text: reason });
    const admins = await partnerAdmins(trx, [review.partner_id]);
    await notifyEach(trx, [
      {
        userIds: admins.get(review.partner_id) ?? [],
        notice: { kind: "partner_lifecycle", title: { key: "tierReviews.notice.changed", params: { quarter: review.quarter } }, link: "/standing" },
      },
    ]);
  });
}

// ---- Lists -----------------------------------------------------------------------------------

export const TIER_REVIEW_SORTS = ["partner", "quarter", "outcome", "status"] as const;
export type TierReviewSort = (typeof TIER_REVIEW_SORTS)[number];

export interface TierReviewQuery extends ListPaging<TierReviewSort> {
  quarter: string;
  outcome: TierReviewOutcome | "";
  status: (typeof TIER_REVIEW_STATUSES)[number] | "";
  q: string;
}

/** The list's filters; by default the proposals waiting for a decision, of every quarter. */
export function readTierReviewQuery(params: URLSearchParams): TierReviewQuery {
  const quarter = (params.get("quarter") ?? "").toUpperCase();
  return {
    ...readPaging(params, TIER_REVIEW_SORTS, "quarter"),
    dir: params.get("dir") === "asc" ? "asc" : "desc",
    quarter: /^\d{4}-Q[1-4]$/.test(quarter) ? quarter : "",
    outcome: readChoice(params, "outcome", TIER_REVIEW_OUTCOMES),
    status: params.has("status") ? readChoice(params, "status", TIER_REVIEW_STATUSES) : "proposed",
    q: readText(params, "q"),
  };
}

export interface TierReviewRow {
  id: number;
  partnerId: number;
  code: string;
  name: string;
  quarter: string;
  fromTier: Tier;
  proposedTier: Tier;
  currentTier: Tier;
  outcome: TierReviewOutcome;
  status: (typeof TIER_REVIEW_STATUSES)[number];
  finalTier: Tier | null;
  graceUntil: string | null;
  reason: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  stored: StoredMeasures;
  own: RequirementCheck;
  next: RequirementCheck | null;
}

function parseStored(text: string): StoredMeasures {
  return JSON.parse(text) as StoredMeasures;
}

function reviewRows(db: DB, scope: Scope) {
  return db
    .selectFrom("tier_reviews")
    .innerJoin("partners", "partners.id", "tier_reviews.partner_id")
    .leftJoin("users as decider", "decider.id", "tier_reviews.decided_by")
    .where(partnerFilter(scope, "tier_reviews.partner_id"));
}

type RawRow = {
  id: number;
  partner_id: number;
  code: string;
  name: string;
  quarter: string;
  from_tier: Tier;
  proposed_tier: Tier;
  current_tier: Tier;
  outcome: TierReviewOutcome;
  status: (typeof TIER_REVIEW_STATUSES)[number];
  final_tier: Tier | null;
  grace_until: string | null;
  reason: string | null;
  decided_at: Date | null;
  decider_name: string | null;
  measures_json: string;
};

const ROW_COLUMNS = [
  "tier_reviews.id",
  "tier_reviews.partner_id",
  "partners.code",
  "partners.name",
  "tier_reviews.quarter",
  "tier_reviews.from_tier",
  "tier_reviews.proposed_tier",
  "partners.tier as current_tier",
  "tier_reviews.outcome",
  "tier_reviews.status",
  "tier_reviews.final_tier",
  "tier_reviews.grace_until",
  "tier_reviews.reason",
  "tier_reviews.decided_at",
  "decider.name as decider_name",
  "tier_reviews.measures_json",
] as const;

function toRow(r: RawRow): TierReviewRow {
  const stored = parseStored(r.measures_json);
  return {
    id: r.id,
    partnerId: r.partner_id,
    code: r.code,
    name: r.name,
    quarter: r.quarter,
    fromTier: r.from_tier,
    proposedTier: r.proposed_tier,
    currentTier: r.current_tier,
    outcome: r.outcome,
    status: r.status,
    finalTier: r.final_tier,
    graceUntil: r.grace_until === null ? null : String(r.grace_until).slice(0, 10),
    reason: r.reason,
    decidedAt: r.decided_at,
    decidedBy: r.decider_name,
    stored,
    own: checkRequirement(stored.measures, stored.own),
    next: stored.next && checkRequirement(stored.measures, stored.next),
  };
}

/** The reviews the vendor user may see, filtered and paged (every row with `all`, for the CSV). */
export async function listTierReviews(db: DB, scope: Scope, query: TierReviewQuery, options: { all?: boolean } = {}) {
  requireVendorScope(scope);
  let q = reviewRows(db, scope);
  if (query.quarter) q = q.where("tier_reviews.quarter", "=", query.quarter);
  if (query.outcome) q = q.where("tier_reviews.outcome", "=", query.outcome);
  if (query.status) q = q.where("tier_reviews.status", "=", query.status);
  if (query.q) q = q.where((eb) => eb.or([eb("partners.name", "like", likePattern(query.q)), eb("partners.code", "like", likePattern(query.q))]));
  const order = { partner: "partners.name", quarter: "tier_reviews.quarter", outcome: "tier_reviews.outcome", status: "tier_reviews.status" } as const;
  const [rows, count] = await Promise.all([
    q
      .select([...ROW_COLUMNS])
      .orderBy(order[query.sort], query.dir)
      .orderBy("partners.name")
      .orderBy("tier_reviews.id")
      .$if(!options.all, (x) => x.limit(query.pageSize).offset((query.page - 1) * query.pageSize))
      .execute(),
    q.select(sql<string>`COUNT(*)`.as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(toRow), total: Number(count.n) };
}

/** The quarters that have reviews, newest first, plus the one just ended. */
export async function reviewQuarters(db: DB, scope: Scope): Promise<string[]> {
  const rows = await db
    .selectFrom("tier_reviews")
    .select("quarter")
    .distinct()
    .where(partnerFilter(scope, "tier_reviews.partner_id"))
    .orderBy("quarter", "desc")
    .execute();
  const quarters = new Set([quarterJustEnded(now()), ...rows.map((r) => r.quarter)]);
  return [...quarters].sort().reverse();
}

// ---- The partner's standing ------------------------------------------------------------------

export interface Standing {
  partner: { id: number; name: string; tier: Tier };
  base: string;
  window: { from: string; to: string };
  measures: TierMeasures;
  own: RequirementCheck;
  next: RequirementCheck | null;
  /** The latest review, when it put the partner at risk and its grace has not ended. */
  atRisk: { quarter: string; graceUntil: string } | null;
  history: TierReviewRow[];
}

/** Where the signed-in partner stands: its own partner only, never a reseller below it. */
export async function partnerStanding(db: DB, scope: Scope): Promise<Standing> {
  if (scope.kind !== "partner") notFound();
  const partner = await db
    .selectFrom("partners")
    .select(["id", "code", "name", "type", "tier", "status"])
    .where("id", "=", scope.partnerId)
    .where(partnerFilter(scope, "partners.id"))
    .executeTakeFirst();
  if (!partner) notFound();
  const at = now();
  const [ladder, measures, base, history] = await Promise.all([
    tierRequirements(db),
    measurePartners(db, [partner], at),
    baseCurrency(db),
    reviewRows(db, scope)
      .select([...ROW_COLUMNS])
      .where("tier_reviews.partner_id", "=", partner.id)
      .orderBy("tier_reviews.quarter", "desc")
      .execute(),
  ]);
  const { own, next } = requirementsFor(ladder, partner.tier);
  const m = measures.get(partner.id)!;
  const rows = history.map(toRow);
  const latest = rows[0];
  const today = at.toISOString().slice(0, 10);
  return {
    partner: { id: partner.id, name: partner.name, tier: partner.tier },
    base,
    window: lastTwelveMonths(at),
    measures: m,
    own: checkRequirement(m, own),
    next: next && checkRequirement(m, next),
    atRisk:
      latest?.outcome === "at_risk" && latest.graceUntil && latest.graceUntil >= today ? { quarter: latest.quarter, graceUntil: latest.graceUntil } : null,
    history: rows,
  };
}
