// What a campaign kit achieved, for the vendor, within the caller's scope (a channel manager
// sees the figures of the partners they manage only). Every figure is one function, and every
// total is the sum of the rows it is shown with:
// - adoption by partner and status, with each adoption's spend, leads and deals (adoptionFigures);
// - spend: committed (the approved amount of an adoption's fund request) and paid (its paid claims);
// - the kit budget: what adoptions drew from it and what is left;
// - sell-through of the kit's product lines over the window and the months after it, against the
//   same partners' same number of months before, for the partners who adopted and for the
//   comparison group (invited partners that never adopted) — a comparison, not proof;
// - partners' feedback with its average rating.
import { sql } from "kysely";
import { partnerFilter, type Scope } from "~/lib/scope.server";
import { now } from "~/lib/clock.server";
import { addAmounts, compareAmounts, fromCents, percentage, toCents } from "~/lib/money";
import { baseCurrency } from "~/modules/sell-through/exchange-rates.server";
import { addMonths, periodOf } from "~/modules/sell-through/months";
import { salesOfPartners, type MissingRate, type MonthRange } from "~/modules/targets/partner-sales.server";
import { ADOPTION_STATUSES, type AdoptionStatus } from "../../../db/types";
import type { DB } from "~/lib/db.server";

/** The statuses of a partner that took the kit up; 'invited' and 'declined' never did. */
export const ADOPTED_STATUSES: readonly AdoptionStatus[] = ["adopted", "running", "reported", "closed"];

/** Deals counted for a kit: registrations that reached the vendor and were not withdrawn or rejected. */
const COUNTED_DEAL_STATUSES = ["submitted", "more_info", "approved", "won", "lost", "expired"] as const;

/** How many months after the window's last month still count as the campaign's effect. */
export const MONTHS_AFTER = 2;

export interface AdoptionFigure {
  id: number;
  kit_id: number;
  partner_id: number;
  partner_code: string;
  partner_name: string;
  status: AdoptionStatus;
  invited_at: Date;
  adopted_at: Date | null;
  fund_request_id: number | null;
  /** The approved amount of the adoption's fund request while it holds (approved or claimed). */
  committed: string;
  /** What was paid on the request's claims. */
  paid: string;
  leads: number;
  deals: number;
}

/**
 * Each adoption of the kits named that the scope may see, with its spend, leads and deals. The
 * kit list and the kit page both sum these rows, so a kit's spend reads the same on both.
 * Deals of an adoption: registrations whose source lead is one of its leads, and those the
 * adopting partner registered during the kit's window with at least one of the kit's product
 * lines (any line when the kit names none).
 */
export async function adoptionFigures(db: DB, scope: Scope, kitIds: number[]): Promise<AdoptionFigure[]> {
  if (kitIds.length === 0) return [];
  const { rows } = await sql<Omit<AdoptionFigure, "leads" | "deals"> & { leads: number | string; deals: number | string }>`
    SELECT a.id, a.kit_id, a.partner_id, p.code AS partner_code, p.name AS partner_name, a.status, a.invited_at, a.adopted_at, a.fund_request_id,
      CASE WHEN fr.status IN ('approved', 'claimed') THEN COALESCE(fr.approved_amount, 0) ELSE 0 END AS committed,
      COALESCE((SELECT SUM(c.approved_amount) FROM fund_claims c WHERE c.request_id = a.fund_request_id AND c.status = 'paid'), 0) AS paid,
      (SELECT COUNT(*) FROM leads l WHERE l.campaign_adoption_id = a.id) AS leads,
      (SELECT COUNT(*) FROM deals d
        WHERE d.status IN (${sql.join([...COUNTED_DEAL_STATUSES])})
          AND (d.source_lead_id IN (SELECT l2.id FROM leads l2 WHERE l2.campaign_adoption_id = a.id)
            OR (d.partner_id = a.partner_id AND a.status IN (${sql.join([...ADOPTED_STATUSES])})
              AND d.submitted_at >= k.starts_on AND d.submitted_at < k.ends_on + INTERVAL 1 DAY
              AND (NOT EXISTS (SELECT 1 FROM campaign_kit_product_lines kl WHERE kl.kit_id = k.id)
                OR EXISTS (SELECT 1 FROM deal_lines dl JOIN campaign_kit_product_lines kl2 ON kl2.product_line_id = dl.product_line_id
                  WHERE dl.deal_id = d.id AND kl2.kit_id = k.id))))) AS deals
    FROM campaign_adoptions a
    JOIN campaign_kits k ON k.id = a.kit_id
    JOIN partners p ON p.id = a.partner_id
    LEFT JOIN fund_requests fr ON fr.id = a.fund_request_id
    WHERE a.kit_id IN (${sql.join(kitIds)}) AND ${partnerFilter(scope, "a.partner_id")}
    ORDER BY a.kit_id, p.name, a.id`.execute(db);
  return rows.map((r) => ({
    ...r,
    committed: fromCents(toCents(String(r.committed))),
    paid: fromCents(toCents(String(r.paid))),
    leads: Number(r.leads),
    deals: Number(r.deals),
  }));
}

/** How many adoptions are in each status; the counts add up to the rows. */
export function adoptionsByStatus(rows: AdoptionFigure[]): Record<AdoptionStatus, number> {
  const counts = Object.fromEntries(ADOPTION_STATUSES.map((s) => [s, 0])) as Record<AdoptionStatus, number>;
  for (const row of rows) counts[row.status] += 1;
  return counts;
}

export interface KitTotals {
  adoptions: number;
  adopted: number;
  committed: string;
  paid: string;
  leads: number;
  deals: number;
}

/** The sums of adoption rows: what the kit list shows per kit and the kit page under its table. */
export function kitTotals(rows: AdoptionFigure[]): KitTotals {
  return {
    adoptions: rows.length,
    adopted: rows.filter((r) => ADOPTED_STATUSES.includes(r.status)).length,
    committed: addAmounts("0.00", ...rows.map((r) => r.committed)),
    paid: addAmounts("0.00", ...rows.map((r) => r.paid)),
    leads: rows.reduce((n, r) => n + r.leads, 0),
    deals: rows.reduce((n, r) => n + r.deals, 0),
  };
}

/** The totals of each kit named (zeros for a kit without visible adoptions). */
export async function totalsByKit(db: DB, scope: Scope, kitIds: number[]): Promise<Map<number, KitTotals>> {
  const rows = await adoptionFigures(db, scope, kitIds);
  return new Map(kitIds.map((id) => [id, kitTotals(rows.filter((r) => r.kit_id === id))]));
}

/** The kit budget: what adoptions drew from it (under the kit's row lock) and what is left; no budget, no limit. */
export function kitBudget(kit: { budget: string | null; budget_used: string }): { budget: string | null; used: string; left: string | null } {
  return { budget: kit.budget, used: kit.budget_used, left: kit.budget === null ? null : fromCents(toCents(kit.budget) - toCents(kit.budget_used)) };
}

// ---------------------------------------------------------------------------------------------
// Sell-through: during and after the window against the months before

export interface Periods {
  /** The window's first month to MONTHS_AFTER after its last, never past the current month. */
  during: MonthRange;
  /** As many months, just before the window. */
  before: MonthRange;
}

/** The months compared; null while the window has not begun. */
export function comparedPeriods(kit: { starts_on: string; ends_on: string }, today = now()): Periods | null {
  const first = kit.starts_on.slice(0, 7);
  const current = periodOf(today);
  if (first > current) return null;
  const afterEnd = addMonths(kit.ends_on.slice(0, 7), MONTHS_AFTER);
  const last = afterEnd < current ? afterEnd : current;
  let months = 1;
  while (addMonths(first, months) <= last) months += 1;
  return { during: { from: first, to: last }, before: { from: addMonths(first, -months), to: addMonths(first, -1) } };
}

export interface SalesRow {
  partnerId: number;
  partnerName: string;
  before: string | null;
  during: string | null;
  /** The change in percent with one decimal; null when before is zero or a figure is unknown. */
  change: string | null;
}

export interface SalesGroup {
  rows: SalesRow[];
  before: string | null;
  during: string | null;
  change: string | null;
}

export interface KitSellThrough {
  base: string;
  periods: Periods | null;
  monthsAfter: number;
  adopters: SalesGroup;
  comparison: SalesGroup;
  missingRates: MissingRate[];
}

function change(before: string | null, during: string | null): string | null {
  if (before === null || during === null || compareAmounts(before, "0.00") === 0) return null;
  return percentage(fromCents(toCents(during) - toCents(before)), before);
}

/** A sum of figures that is unknown as soon as one of them is. */
function sumKnown(values: (string | null)[]): string | null {
  return values.some((v) => v === null) ? null : addAmounts("0.00", ...(values as string[]));
}

function group(rows: SalesRow[]): SalesGroup {
  const before = sumKnown(rows.map((r) => r.before));
  const during = sumKnown(rows.map((r) => r.during));
  return { rows, before, during, change: change(before, during) };
}

/**
 * Sell-through of the kit's product lines (every line when it names none), in the base
 * currency, per partner: the adopters and the comparison group, from the adoption rows the
 * caller may see. Each group's total is the sum of its rows.
 */
export async function kitSellThrough(
  db: DB,
  kit: { id: number; starts_on: string; ends_on: string },
  adoptions: AdoptionFigure[],
  today = now(),
): Promise<KitSellThrough> {
  const base = await baseCurrency(db);
  const periods = comparedPeriods(kit, today);
  if (!periods) return { base, periods, monthsAfter: MONTHS_AFTER, adopters: group([]), comparison: group([]), missingRates: [] };
  const lines = await db.selectFrom("campaign_kit_product_lines").select("product_line_id").where("kit_id", "=", kit.id).execute();
  const lineIds = lines.map((l) => l.product_line_id);
  const ids = [...new Set(adoptions.map((a) => a.partner_id))];
  const [before, during] = await Promise.all([salesOfPartners(db, ids, periods.before, lineIds), salesOfPartners(db, ids, periods.during, lineIds)]);
  const rowOf = (a: AdoptionFigure): SalesRow => {
    const b = before.get(a.partner_id)?.total ?? "0.00";
    const d = during.get(a.partner_id)?.total ?? "0.00";
    return { partnerId: a.partner_id, partnerName: a.partner_name, before: b, during: d, change: change(b, d) };
  };
  const missing = [...before.values(), ...during.values()].flatMap((s) => s.missingRates);
  const unique = [...new Map(missing.map((m) => [`${m.period}/${m.currency}`, m])).values()].sort((x, y) => x.period.localeCompare(y.period));
  return {
    base,
    periods,
    monthsAfter: MONTHS_AFTER,
    adopters: group(adoptions.filter((a) => ADOPTED_STATUSES.includes(a.status)).map(rowOf)),
    comparison: group(adoptions.filter((a) => !ADOPTED_STATUSES.includes(a.status)).map(rowOf)),
    missingRates: unique,
  };
}

// ---------------------------------------------------------------------------------------------
// Feedback

export interface FeedbackRow {
  id: number;
  partner_name: string;
  user_name: string;
  rating: number;
  comments: string;
  what_worked: string;
  created_at: Date;
}

/** The partners' ratings and comments on the kit, newest first, within the scope. */
export async function kitFeedback(db: DB, scope: Scope, kitId: number): Promise<{ rows: FeedbackRow[]; average: string | null }> {
  const rows = await db
    .selectFrom("campaign_feedback as f")
    .innerJoin("campaign_adoptions as a", "a.id", "f.adoption_id")
    .innerJoin("partners as p", "p.id", "f.partner_id")
    .innerJoin("users as u", "u.id", "f.user_id")
    .select(["f.id", "p.name as partner_name", "u.name as user_name", "f.rating", "f.comments", "f.what_worked", "f.created_at"])
    .where("a.kit_id", "=", kitId)
    .where(partnerFilter(scope, "f.partner_id"))
    .orderBy("f.created_at", "desc")
    .orderBy("f.id", "desc")
    .execute();
  return { rows, average: averageRating(rows.map((r) => r.rating)) };
}

/** The mean of the ratings with one decimal (half away from zero); null without ratings. */
export function averageRating(ratings: number[]): string | null {
  if (ratings.length === 0) return null;
  const sum = ratings.reduce((n, r) => n + r, 0);
  const tenths = Math.floor((sum * 20 + ratings.length) / (2 * ratings.length));
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/** Everything the vendor's kit page shows, each figure from its one function above. */
export async function kitMeasures(db: DB, scope: Scope, kit: { id: number; starts_on: string; ends_on: string; budget: string | null; budget_used: string }) {
  const adoptions = await adoptionFigures(db, scope, [kit.id]);
  const [sellThrough, feedback] = await Promise.all([kitSellThrough(db, kit, adoptions), kitFeedback(db, scope, kit.id)]);
  return { adoptions, byStatus: adoptionsByStatus(adoptions), totals: kitTotals(adoptions), budget: kitBudget(kit), sellThrough, feedback };
}
