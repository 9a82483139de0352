// How partners stand against their sell-through target of a quarter:
// - actual: the partner's sell-through (partner-sales.server.ts) in the quarter's months so far;
// - attainment: actual / target, in percent;
// - run rate: actual / elapsed days × days in the quarter (the day of `at` counts as elapsed),
//   what the quarter ends at if it goes on like this; run-rate attainment: run rate / target.
// Sell-through arrives a month after it happens, so the current month is usually still empty
// and the run rate is a floor, not a forecast; the screens say so.
import { partnerFilter, type Scope } from "~/lib/scope.server";
import { likePattern } from "~/lib/list-query";
import { addAmounts, percentage, prorateAmount } from "~/lib/money";
import { baseCurrency } from "~/modules/sell-through/exchange-rates.server";
import { quarterAt, quarterDays, quarterMonths, readQuarter } from "~/lib/quarters";
import { combinedSales, salesOfPartners, type MissingRate } from "./partner-sales.server";
import type { DB } from "~/lib/db.server";
import type { PartnerType, Tier } from "../../../db/types";

export interface TargetAttainment {
  partnerId: number;
  code: string;
  name: string;
  type: PartnerType;
  tier: Tier;
  target: string;
  /** Sell-through in the quarter so far, in the base currency; null when a rate is missing. */
  actual: string | null;
  runRate: string | null;
  attainmentPct: string | null;
  runRatePct: string | null;
  missingRates: MissingRate[];
}

/** A partner of the targets list: its target may not be set yet. */
export type AttainmentRow = Omit<TargetAttainment, "target"> & { target: string | null; targetSetAt: Date | null };

export interface AttainmentTotal {
  target: string;
  actual: string | null;
  runRate: string | null;
  attainmentPct: string | null;
  runRatePct: string | null;
}

export interface QuarterFrame {
  quarter: string;
  base: string;
  elapsedDays: number;
  quarterDays: number;
}

/** The quarter asked for, or the one `at` falls in, with its elapsed and total days. */
export function quarterFrame(quarter: string | null | undefined, at: Date, base: string): QuarterFrame {
  const q = readQuarter(quarter) ?? quarterAt(at);
  return { quarter: q, base, ...quarterDays(q, at) };
}

function figures(frame: QuarterFrame, target: string | null, actual: string | null) {
  const runRate = actual === null || frame.elapsedDays === 0 ? null : prorateAmount(actual, frame.quarterDays, frame.elapsedDays);
  return {
    runRate,
    attainmentPct: target === null || actual === null ? null : percentage(actual, target),
    runRatePct: target === null || runRate === null ? null : percentage(runRate, target),
  };
}

/**
 * Every partner of the scope (or only those named) with its target for the quarter, if any,
 * and how it stands. `withTargetOnly` leaves out the partners without one.
 */
export async function attainmentRows(
  db: DB,
  scope: Scope,
  frame: QuarterFrame,
  options: { partnerIds?: number[]; withTargetOnly?: boolean; q?: string } = {},
): Promise<AttainmentRow[]> {
  if (options.partnerIds && options.partnerIds.length === 0) return [];
  let query = db
    .selectFrom("partners as p")
    .leftJoin("sell_through_targets as t", (j) => j.onRef("t.partner_id", "=", "p.id").on("t.quarter", "=", frame.quarter))
    .select(["p.id", "p.code", "p.name", "p.type", "p.tier", "t.amount as target", "t.updated_at as target_set_at"])
    .where(partnerFilter(scope, "p.id"))
    .orderBy("p.name")
    .orderBy("p.id");
  if (options.partnerIds) query = query.where("p.id", "in", options.partnerIds);
  if (options.withTargetOnly) query = query.where("t.id", "is not", null);
  if (options.q) query = query.where((eb) => eb.or([eb("p.name", "like", likePattern(options.q!)), eb("p.code", "like", likePattern(options.q!))]));
  const partners = await query.execute();
  const sales = await salesOfPartners(
    db,
    partners.map((p) => p.id),
    quarterMonths(frame.quarter),
  );
  return partners.map((p) => {
    const s = sales.get(p.id);
    const actual = s ? s.total : "0.00";
    return {
      partnerId: p.id,
      code: p.code,
      name: p.name,
      type: p.type,
      tier: p.tier,
      target: p.target,
      targetSetAt: p.target_set_at,
      actual,
      ...figures(frame, p.target, actual),
      missingRates: s?.missingRates ?? [],
    };
  });
}

/**
 * The total of the partners that have a target: their targets added up, and their sell-through
 * together, each sale once (a reseller's sales through a listed distributor are already in the
 * distributor's figure), unknown when a rate is missing. The same on the home page and the
 * targets page, whoever else the page lists.
 */
export async function attainmentTotal(db: DB, frame: QuarterFrame, rows: { partnerId: number; target: string | null }[]): Promise<AttainmentTotal> {
  const withTarget = rows.filter((r) => r.target !== null);
  const target = addAmounts("0.00", ...withTarget.map((r) => r.target!));
  const { total: actual } = await combinedSales(
    db,
    withTarget.map((r) => r.partnerId),
    quarterMonths(frame.quarter),
  );
  return { target, actual, ...figures(frame, target, actual) };
}

/**
 * The quarter's targets and how the partners stand against them: rows only for partners in the
 * scope that have a target that quarter (and among `partnerIds`, when given). The quarter
 * defaults to the one `at` falls in. For the dashboards and the scorecard.
 */
export async function quarterAttainment(
  db: DB,
  scope: Scope,
  options: { quarter?: string; at: Date; partnerIds?: number[] },
): Promise<QuarterFrame & { rows: TargetAttainment[]; total: AttainmentTotal }> {
  const frame = quarterFrame(options.quarter, options.at, await baseCurrency(db));
  const rows = (await attainmentRows(db, scope, frame, { partnerIds: options.partnerIds, withTargetOnly: true })).map(
    ({ targetSetAt: _targetSetAt, target, ...row }): TargetAttainment => ({ ...row, target: target! }),
  );
  return { ...frame, rows, total: await attainmentTotal(db, frame, rows) };
}
