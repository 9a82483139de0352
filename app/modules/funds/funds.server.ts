// Money coming into funds and leaving them by time: MDF allocations by the vendor (one partner
// or many from a CSV, all or nothing), co-op accrual from a committed sell-through month, and
// expiry at the end of the quarter plus the grace period.
import { sql } from "kysely";
import { z } from "zod";
import { fundFilter, type Scope } from "~/lib/scope.server";
import { recordAudit, SYSTEM_ACTOR, type Actor } from "~/lib/audit.server";
import { ValidationError } from "~/lib/forms";
import { requirePartnerInGoodStanding } from "~/lib/account-state.server";
import { forbidden } from "~/lib/http.server";
import { now } from "~/lib/clock.server";
import { parseCsvRecords } from "~/lib/csv.server";
import { fromCents, minAmount, parseAmount, percentOf, rateUnits, toCents } from "~/lib/money";
import { partnerAdmins, notifyEach } from "~/modules/notifications/notify.server";
import { systemTask, unscopedSql } from "~/lib/scope-guard.server";
import { isQuarter, quarterAt, quarterEnd, quarterOf } from "~/lib/quarters";
import { BALANCE_COLUMNS, ensureFund, fundBalance, getFundSettings, lockFund, post, type Trx } from "./ledger.server";
import type { DB } from "~/lib/db.server";

export interface Allocation {
  partnerId: number;
  quarter: string;
  amount: string;
  note: string;
}

/** Allocates MDF; every line is posted or none is. Only a vendor admin allocates. */
export async function allocateMdf(db: DB, scope: Scope, actor: Actor, allocations: Allocation[]): Promise<{ funds: number[] }> {
  if (scope.kind !== "admin") forbidden();
  if (allocations.length === 0) throw new ValidationError({ partnerIds: "funds.errors.nonePicked" });
  return db.transaction().execute(async (trx) => {
    const funds: number[] = [];
    const currencies: string[] = [];
    // Funds are locked in one order (partner, quarter), so two batches cannot deadlock.
    const ordered = [...allocations].sort((a, b) => a.partnerId - b.partnerId || a.quarter.localeCompare(b.quarter));
    for (const a of ordered) {
      await requirePartnerInGoodStanding(trx, a.partnerId);
      const fund = await ensureFund(trx, a.partnerId, "mdf", a.quarter);
      await post(trx, fund, { entry: "allocation", amount: a.amount, note: a.note, userId: actor.userId });
      funds.push(fund.id);
      currencies.push(fund.currency);
    }
    await recordAudit(trx, actor, {
      action: "funds.allocated",
      entityType: "fund",
      entityId: null,
      after: ordered.map((a) => ({ partner: a.partnerId, quarter: a.quarter, amount: a.amount })),
    });
    const admins = await partnerAdmins(
      trx,
      ordered.map((a) => a.partnerId),
    );
    await notifyEach(
      trx,
      ordered.map((a, i) => ({
        userIds: admins.get(a.partnerId) ?? [],
        notice: {
          kind: "funds.allocated",
          title: { key: "notifications.notice.allocated", params: { amount: a.amount, currency: currencies[i], quarter: a.quarter } },
          link: "/funds",
        },
      })),
    );
    return { funds };
  });
}

export interface AllocationRowProblem {
  row: number;
  field: string;
  message: string;
}

/**
 * Reads an allocation CSV (partner code, amount, optional quarter and note): the good rows and
 * every bad row with its reason. Nothing is posted here.
 */
export async function checkAllocationCsv(db: DB, text: string, defaultQuarter: string): Promise<{ good: Allocation[]; problems: AllocationRowProblem[] }> {
  const { header, records } = parseCsvRecords(text);
  const problems: AllocationRowProblem[] = [];
  if (!header.includes("partner") || !header.includes("amount"))
    return { good: [], problems: [{ row: 1, field: "header", message: "funds.errors.csvHeader" }] };
  if (records.length === 0) return { good: [], problems: [{ row: 1, field: "file", message: "errors.importEmpty" }] };
  const codes = [...new Set(records.map((r) => r.partner.toUpperCase()))];
  const partners = await db.selectFrom("partners").select(["id", "code"]).where("code", "in", codes).execute();
  const idOf = new Map(partners.map((p) => [p.code.toUpperCase(), p.id]));
  const good: Allocation[] = [];
  records.forEach((r, i) => {
    const row = i + 2;
    const partnerId = idOf.get(r.partner.toUpperCase());
    const amount = parseAmount(r.amount ?? "");
    const quarter = (r.quarter || defaultQuarter).toUpperCase();
    if (!partnerId) problems.push({ row, field: "partner", message: "funds.errors.unknownPartner" });
    else if (amount === null || toCents(amount) <= 0n) problems.push({ row, field: "amount", message: "funds.errors.positiveAmount" });
    else if (!isQuarter(quarter)) problems.push({ row, field: "quarter", message: "funds.errors.quarter" });
    else good.push({ partnerId, quarter, amount, note: (r.note ?? "").slice(0, 500) });
  });
  return { good, problems };
}

/** Partners an allocation may name: those in the scope (all, for an admin). */
export async function allocationChoices(db: DB, scope: Scope) {
  return db
    .selectFrom("partners")
    .select(["id", "code", "name"])
    .where(fundFilter(scope, "partners.id"))
    .where("status", "in", ["active", "onboarding"])
    .orderBy("name")
    .execute();
}

const typed = z.string().optional().default("");

/** The allocation form: one allocation of the same amount to each partner picked. */
export const allocationFormSchema = z
  .object({ partnerIds: z.array(z.string()).default([]), quarter: typed, amount: typed, note: typed })
  .transform((input, ctx): Allocation[] => {
    const problem = (field: string, message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field], message });
    const partnerIds = input.partnerIds.map(Number).filter((n) => Number.isInteger(n) && n > 0);
    const amount = parseAmount(input.amount);
    const quarter = input.quarter.trim().toUpperCase();
    if (partnerIds.length === 0) problem("partnerIds", "funds.errors.nonePicked");
    if (amount === null) problem("amount", "errors.amount");
    else if (toCents(amount) <= 0n) problem("amount", "funds.errors.positiveAmount");
    if (!isQuarter(quarter)) problem("quarter", "funds.errors.quarter");
    if (amount === null || partnerIds.length === 0 || toCents(amount) <= 0n || !isQuarter(quarter)) return z.NEVER;
    return partnerIds.map((partnerId) => ({ partnerId, quarter, amount, note: input.note.trim().slice(0, 500) }));
  });

/** The allocation CSV's form: the file is read from the form, the quarter is the rows' default. */
export const allocationCsvFormSchema = z.object({ quarter: typed.transform((quarter) => quarter.trim().toUpperCase()) });

/** An amount in a currency, in base currency at that rate, rounded half up to the cent. */
export function convertAmount(amount: string, rate: string): string {
  const scaled = toCents(amount) * rateUnits(rate);
  return fromCents((scaled + 50000000n) / 100000000n);
}

export interface AccrualResult {
  fundId: number;
  salesBase: string;
  accrual: string;
  posted: string;
  missingCurrencies: string[];
}

/**
 * The co-op accrual of a distributor's month, from the month's committed rollup at its tier's
 * rate, converted to the base currency; lines in a currency without a rate that month are left
 * out (and listed). Posts only the difference to what the month accrued before, so a
 * resubmitted month corrects its accrual and a re-run changes nothing. Runs in the caller's
 * transaction (the sell-through commit).
 */
export async function accrueCoop(trx: Trx, actor: Actor, distributorId: number, period: string): Promise<AccrualResult> {
  const settings = await getFundSettings(trx);
  const quarter = accrualQuarter(period, settings.graceDays);
  const fund = await ensureFund(trx, distributorId, "coop", quarter);
  const { rows } = await sql<{ currency: string; amount: string; rate: string | null }>`
    SELECT m.currency, SUM(m.amount) AS amount, r.rate
    FROM sell_through_monthly m
    LEFT JOIN exchange_rates r ON r.period = m.period AND r.currency = m.currency
    WHERE m.distributor_id = ${distributorId} AND m.period = ${period}
    GROUP BY m.currency, r.rate`.execute(trx);
  const missing: string[] = [];
  let base = 0n;
  for (const row of rows) {
    const amount = parseAmount(String(row.amount))!;
    if (row.currency === settings.baseCurrency) base += toCents(amount);
    else if (row.rate) base += toCents(convertAmount(amount, String(row.rate)));
    else missing.push(row.currency);
  }
  const tier = await trx
    .selectFrom("partners")
    .innerJoin("tiers", "tiers.tier", "partners.tier")
    .select("tiers.coop_accrual_pct")
    .where("partners.id", "=", distributorId)
    .executeTakeFirstOrThrow();
  const salesBase = fromCents(base);
  const accrual = percentOf(salesBase, tier.coop_accrual_pct);
  // What the month accrued so far, in any fund (a late resubmission lands in a later one), and
  // in this fund alone: a correction downwards takes back only what this fund received.
  const { rows: accrued } = await sql<{ here: string; total: string }>`
    SELECT COALESCE(SUM(CASE WHEN l.fund_id = ${fund.id} THEN l.amount END), 0) AS here, COALESCE(SUM(l.amount), 0) AS total
    FROM fund_ledger l JOIN funds f ON f.id = l.fund_id
    WHERE l.partner_id = ${distributorId} AND f.kind = 'coop' AND l.entry = 'accrual' AND l.source_period = ${period}
    ${unscopedSql("ledger: the distributor's own month, posted by its commit")}`.execute(trx);
  let difference = toCents(accrual) - toCents(parseAmount(String(accrued[0].total))!);
  let note = `${period}: ${tier.coop_accrual_pct}% of ${salesBase} ${settings.baseCurrency}${
    missing.length ? `; left out (no exchange rate): ${missing.join(", ")}` : ""
  }`;
  if (quarter !== quarterOf(period)) note += `; reported after the ${quarterOf(period)} fund expired, so accrued to ${quarter}`;
  if (difference < 0n) {
    // Money already reserved or paid cannot be taken back, nor what went to a fund since
    // expired; the rest is taken when it frees up (the next run of this month posts it).
    const { available } = await fundBalance(trx, fund.id, { locking: true });
    const takable = toCents(minAmount(available, parseAmount(String(accrued[0].here))!));
    if (-difference > takable) {
      note += `; ${fromCents(-difference - takable)} ${fund.currency} could not be taken back (already committed or expired)`;
      difference = -takable;
    }
  }
  const posted = fromCents(difference);
  await post(trx, fund, { entry: "accrual", amount: posted, sourcePeriod: period, note, userId: actor.userId });
  await trx
    .insertInto("fund_accruals")
    .values({
      partner_id: distributorId,
      period,
      fund_id: fund.id,
      sales_base: salesBase,
      accrual_pct: tier.coop_accrual_pct,
      accrued_amount: accrual,
      missing_currencies: missing.join(","),
      computed_at: now(),
    })
    .onDuplicateKeyUpdate({
      fund_id: fund.id,
      sales_base: salesBase,
      accrual_pct: tier.coop_accrual_pct,
      accrued_amount: accrual,
      missing_currencies: missing.join(","),
      computed_at: now(),
    })
    .execute();
  return { fundId: fund.id, salesBase, accrual, posted, missingCurrencies: missing };
}

/**
 * The quarter whose co-op fund a month's accrual goes to: the month's own while that fund can
 * still be spent, otherwise the quarter current when it is posted. A month reported after its
 * quarter's fund expired would otherwise show money as available that nobody can spend.
 */
function accrualQuarter(period: string, graceDays: number, at: Date = now()): string {
  const own = quarterOf(period);
  const expiresAt = quarterEnd(own).getTime() + graceDays * 24 * 3600 * 1000;
  return expiresAt > at.getTime() ? own : quarterAt(at);
}

/** Expires what is left available in every fund past its end plus the grace period. */
export const expireFunds = systemTask("fund expiry: every partner's funds", async function expireFunds(db: DB, actor: Actor = SYSTEM_ACTOR): Promise<number> {
  const { rows: due } = await sql<{ id: number }>`
    SELECT b.id FROM (
      SELECT f.id, ${BALANCE_COLUMNS} FROM funds f JOIN fund_ledger l ON l.fund_id = f.id WHERE f.expires_at <= ${now()} GROUP BY f.id
    ) b WHERE b.available > 0`.execute(db);
  let expired = 0;
  for (const { id } of due) {
    const amount = await db.transaction().execute(async (trx) => {
      const fund = await lockFund(trx, id);
      const { available } = await fundBalance(trx, id, { locking: true });
      if (toCents(available) <= 0n) return null;
      await post(trx, fund, { entry: "expiry", amount: available, note: `${fund.quarter} ended; grace period over`, userId: actor.userId });
      await recordAudit(trx, actor, { action: "funds.expired", entityType: "fund", entityId: id, partnerId: fund.partner_id, after: { amount: available } });
      return available;
    });
    if (amount) expired++;
  }
  return expired;
});
