// Sell-through targets per partner and quarter, in the base currency. The vendor sets them: an
// admin for any partner, a channel manager for the partners they manage (they agree the plan
// with those partners); one at a time or from a CSV (partner code, quarter, amount), all or
// nothing. Partner admins read their own target (a distributor also its resellers'); every
// change is audited.
import { z } from "zod";
import { isVendor, partnerFilter, type Scope } from "~/lib/scope.server";
import { recordAudit, type Actor } from "~/lib/audit.server";
import { forbidden, notFound } from "~/lib/http.server";
import { readImportCsv } from "~/lib/csv.server";
import { compareAmounts, parseAmount, toCents } from "~/lib/money";
import { now } from "~/lib/clock.server";
import { readPaging, readText, type ListPaging } from "~/lib/list-query";
import { baseCurrency } from "~/modules/sell-through/exchange-rates.server";
import { readQuarter } from "~/lib/quarters";
import { attainmentRows, attainmentTotal, quarterFrame, type AttainmentRow } from "./attainment.server";
import type { ImportRowError } from "~/modules/settings/products.server";
import type { DB } from "~/lib/db.server";

export const TARGET_SORTS = ["name", "code", "target", "actual", "attainment", "run_rate", "run_rate_pct"] as const;
export type TargetSort = (typeof TARGET_SORTS)[number];

export interface TargetListQuery extends ListPaging<TargetSort> {
  quarter: string | null;
  q: string;
}

export function readTargetListQuery(params: URLSearchParams): TargetListQuery {
  return { ...readPaging(params, TARGET_SORTS, "name"), quarter: readQuarter(params.get("quarter")), q: readText(params, "q") };
}

/** Who may set targets: vendor users (a channel manager within their partners, checked per partner). */
export function canSetTargets(scope: Scope): boolean {
  return isVendor(scope);
}

/** Only partner admins read targets on the partner side: a rep's world is their own leads and deals. */
export function requireTargetReader(scope: Scope): void {
  if (scope.kind === "partner" && scope.role !== "partner_admin") notFound();
}

/** How a column sorts; unknown figures (null) always last. */
const SORT_VALUE: Record<TargetSort, (r: AttainmentRow) => string | null> = {
  name: (r) => r.name,
  code: (r) => r.code,
  target: (r) => r.target,
  actual: (r) => r.actual,
  attainment: (r) => r.attainmentPct,
  run_rate: (r) => r.runRate,
  run_rate_pct: (r) => r.runRatePct,
};

function compareRows(sort: TargetSort, a: AttainmentRow, b: AttainmentRow): number {
  const x = SORT_VALUE[sort](a);
  const y = SORT_VALUE[sort](b);
  if (x === null || y === null) return 0;
  if (sort === "name" || sort === "code") return x.localeCompare(y);
  // Percentages have one decimal, amounts two: both compare exactly as amounts.
  return compareAmounts(parseAmount(x)!, parseAmount(y)!);
}

/**
 * One page of the scope's partners with their target for the quarter and how they stand. The
 * figures need each month's rate, so the partners are sorted here rather than in SQL: a
 * channel manager has a few hundred at most.
 */
export async function targetList(db: DB, scope: Scope, query: TargetListQuery, at: Date) {
  requireTargetReader(scope);
  const frame = quarterFrame(query.quarter, at, await baseCurrency(db));
  const all = await attainmentRows(db, scope, frame, { q: query.q });
  const sign = query.dir === "desc" ? -1 : 1;
  const sorted = [...all].sort((a, b) => {
    const nullA = SORT_VALUE[query.sort](a) === null;
    const nullB = SORT_VALUE[query.sort](b) === null;
    if (nullA !== nullB) return nullA ? 1 : -1;
    return sign * compareRows(query.sort, a, b) || sign * (a.partnerId - b.partnerId);
  });
  const offset = (query.page - 1) * query.pageSize;
  return { ...frame, rows: sorted.slice(offset, offset + query.pageSize), total: all.length, totals: await attainmentTotal(db, frame, all) };
}

export interface TargetInput {
  partnerId: number;
  quarter: string;
  /** null removes the target. */
  amount: string | null;
}

/** Reads the one-target form; errors are message keys by field. */
const typed = z.string().optional().default("");

/** One target typed into the list: an empty amount clears the quarter's target. */
export const targetFormSchema = z.object({ partnerId: typed, quarter: typed, amount: typed }).transform((values, ctx): TargetInput => {
  const problem = (field: string, message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field], message });
  const partnerId = /^[1-9]\d{0,9}$/.test(values.partnerId) ? Number(values.partnerId) : null;
  const quarter = readQuarter(values.quarter);
  const amountTyped = values.amount.trim();
  const amount = amountTyped === "" ? null : parseAmount(amountTyped);
  const badAmount = amountTyped !== "" && (amount === null || toCents(amount) < 0n);
  if (partnerId === null) problem("partnerId", "targets.errors.partner");
  if (!quarter) problem("quarter", "targets.errors.quarter");
  if (badAmount) problem("amount", "targets.errors.amount");
  if (partnerId === null || !quarter || badAmount) return z.NEVER;
  return { partnerId, quarter, amount };
});

async function applyTargets(db: DB, scope: Scope, actor: Actor, inputs: TargetInput[], source: "form" | "csv"): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let changed = 0;
    // One lock order (partner, quarter), so two uploads cannot deadlock.
    const ordered = [...inputs].sort((a, b) => a.partnerId - b.partnerId || a.quarter.localeCompare(b.quarter));
    for (const input of ordered) {
      const partner = await trx
        .selectFrom("partners")
        .select("id")
        .where("id", "=", input.partnerId)
        .where(partnerFilter(scope, "partners.id"))
        .executeTakeFirst();
      if (!partner) notFound();
      const current = await trx
        .selectFrom("sell_through_targets")
        .select(["id", "amount"])
        .where("partner_id", "=", input.partnerId)
        .where("quarter", "=", input.quarter)
        .forUpdate()
        .executeTakeFirst();
      const before = current?.amount ?? null;
      if (before === input.amount) continue;
      if (input.amount === null) await trx.deleteFrom("sell_through_targets").where("id", "=", current!.id).execute();
      else if (current)
        await trx
          .updateTable("sell_through_targets")
          .set({ amount: input.amount, set_by: actor.userId, updated_at: now() })
          .where("id", "=", current.id)
          .execute();
      else
        await trx
          .insertInto("sell_through_targets")
          .values({ partner_id: input.partnerId, quarter: input.quarter, amount: input.amount, set_by: actor.userId, created_at: now(), updated_at: now() })
          .execute();
      await recordAudit(trx, actor, {
        action: "target.set",
        entityType: "sell_through_target",
        entityId: `${input.partnerId}:${input.quarter}`,
        partnerId: input.partnerId,
        before: { quarter: input.quarter, amount: before },
        after: { quarter: input.quarter, amount: input.amount, source },
      });
      changed++;
    }
    return changed;
  });
}

/** Sets (or, with no amount, removes) one target. A partner outside the scope is not found. */
export async function setTarget(db: DB, scope: Scope, actor: Actor, input: TargetInput): Promise<boolean> {
  if (!canSetTargets(scope)) forbidden();
  return (await applyTargets(db, scope, actor, [input], "form")) > 0;
}

export type TargetImportResult = { ok: true; changed: number } | { ok: false; fileError?: string; rowErrors: ImportRowError[] };

export const TARGET_CSV_COLUMNS = ["partner", "quarter", "amount"];

/**
 * Targets from CSV text with columns partner (code), quarter, amount: every bad row is
 * reported and then nothing is saved. A partner outside the scope reads as unknown.
 */
export async function importTargetsCsv(db: DB, scope: Scope, actor: Actor, text: string): Promise<TargetImportResult> {
  if (!canSetTargets(scope)) forbidden();
  const parsed = readImportCsv(text, TARGET_CSV_COLUMNS);
  if (!parsed.ok) return { ok: false, fileError: parsed.fileError, rowErrors: [] };
  const codes = [...new Set(parsed.records.map((r) => (r.partner ?? "").trim().toUpperCase()).filter(Boolean))];
  const partners = codes.length
    ? await db.selectFrom("partners").select(["id", "code"]).where("code", "in", codes).where(partnerFilter(scope, "partners.id")).execute()
    : [];
  const idOf = new Map(partners.map((p) => [p.code.toUpperCase(), p.id]));
  const rowErrors: ImportRowError[] = [];
  const inputs: TargetInput[] = [];
  const seen = new Map<string, number>();
  parsed.records.forEach((record, index) => {
    const row = index + 2; // the header is row 1
    const errors: string[] = [];
    const partnerId = idOf.get((record.partner ?? "").trim().toUpperCase());
    const quarter = readQuarter(record.quarter);
    const amount = parseAmount(record.amount ?? "");
    if (!partnerId) errors.push("partner:targets.errors.unknownPartner");
    if (!quarter) errors.push("quarter:targets.errors.quarter");
    if (amount === null || toCents(amount) < 0n) errors.push("amount:targets.errors.amount");
    const key = `${partnerId} ${quarter}`;
    if (partnerId && quarter && seen.has(key)) errors.push(`partner:targets.errors.twice:${seen.get(key)}`);
    else seen.set(key, row);
    if (errors.length) rowErrors.push({ row, errors });
    else inputs.push({ partnerId: partnerId!, quarter: quarter!, amount: amount! });
  });
  if (rowErrors.length) return { ok: false, rowErrors };
  return { ok: true, changed: await applyTargets(db, scope, actor, inputs, "csv") };
}

/** The CSV template: every partner the caller may set a target for, with the quarter's target so far. */
export async function targetTemplate(db: DB, scope: Scope, quarter: string): Promise<string[][]> {
  if (!canSetTargets(scope)) forbidden();
  const rows = await db
    .selectFrom("partners as p")
    .leftJoin("sell_through_targets as t", (j) => j.onRef("t.partner_id", "=", "p.id").on("t.quarter", "=", quarter))
    .select(["p.code", "t.amount"])
    .where(partnerFilter(scope, "p.id"))
    .where("p.status", "in", ["active", "onboarding"])
    .orderBy("p.code")
    .execute();
  return rows.map((r) => [r.code, quarter, r.amount ?? ""]);
}
