// Monthly exchange rates that turn sell-through amounts into the vendor's base currency. A
// rate is how many units of the base currency one unit of the currency bought that month,
// kept exactly (DECIMAL(18,8)); admins edit them a month at a time or paste a CSV of
// period,currency,rate, and every change is audited. Everyone who reads sell-through reports
// may see them.
import { z } from "zod";
import { recordAudit, type Actor } from "~/lib/audit.server";
import { forbidden } from "~/lib/http.server";
import { ValidationError } from "~/lib/forms";
import { readImportCsv } from "~/lib/csv.server";
import { isCurrency } from "~/lib/money";
import { now } from "~/lib/clock.server";
import { isPeriod } from "./fields";
import { addMonths, periodOf, readPeriod } from "./months";
import type { ImportRowError } from "~/modules/settings/products.server";
import type { Scope } from "~/lib/scope.server";
import type { DB } from "~/lib/db.server";

const typed = z.string().optional().default("");

/** A month's rates as typed: the period and one `rate-<currency>` field per currency; saveMonthRates judges them. */
export const monthRatesFormSchema = z
  .object({ period: typed })
  .catchall(z.union([z.string(), z.array(z.string())]))
  .transform(({ period, ...fields }) => ({
    period,
    rates: Object.fromEntries(
      Object.entries(fields).filter((entry): entry is [string, string] => entry[0].startsWith("rate-") && typeof entry[1] === "string"),
    ),
  }));

/** The rates CSV's form: a file, or the text pasted instead, and the month the page showed. */
export const ratesCsvFormSchema = z.object({ csv: typed, period: typed });

const RATE = /^\d{1,10}(\.\d{1,8})?$/;

export async function baseCurrency(db: DB): Promise<string> {
  const row = await db.selectFrom("portal_settings").select("value").where("name", "=", "base_currency").executeTakeFirst();
  return row?.value ?? "USD";
}

/** The month the rates page shows: the one asked for, else last month (the one being reported now). */
export function ratesPagePeriod(params: URLSearchParams): string {
  return readPeriod(params.get("period")) ?? addMonths(periodOf(now()), -1);
}

/** A rate as typed ("0.92", or "0,92" with a decimal comma), or null when it is not a positive exact decimal. */
export function parseRate(input: string): string | null {
  const typed = input.trim();
  const text = typed.includes(".") ? typed : typed.replace(",", ".");
  if (!RATE.test(text) || !/[1-9]/.test(text)) return null;
  return text.replace(/^0+(?=\d)/, "");
}

/**
 * The rates of one month: every currency sell-through was reported in (any month) or that has a
 * rate that month, except the base currency, which is 1 by definition.
 */
export async function ratesForPeriod(db: DB, period: string) {
  const [base, used, rates] = await Promise.all([
    baseCurrency(db),
    db.selectFrom("sell_through_monthly_summary").select("currency").distinct().execute(),
    db.selectFrom("exchange_rates").select(["currency", "rate", "updated_at"]).where("period", "=", period).execute(),
  ]);
  const currencies = new Set([...used.map((u) => u.currency), ...rates.map((r) => r.currency)]);
  currencies.delete(base);
  return {
    base,
    rates: [...currencies].sort().map((currency) => {
      const rate = rates.find((r) => r.currency === currency);
      return { currency, rate: rate ? trimRate(rate.rate) : null, updatedAt: rate?.updated_at ?? null };
    }),
  };
}

/** "0.92000000" → "0.92": the stored scale is not what people typed. */
export function trimRate(rate: string): string {
  return rate.includes(".") ? rate.replace(/0+$/, "").replace(/\.$/, "") : rate;
}

interface RateChange {
  period: string;
  currency: string;
  /** null removes the rate. */
  rate: string | null;
}

async function applyRates(db: DB, actor: Actor, changes: RateChange[], source: "form" | "csv"): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const before: Record<string, string | null> = {};
    const after: Record<string, string | null> = {};
    for (const change of changes) {
      const current = await trx
        .selectFrom("exchange_rates")
        .select("rate")
        .where("period", "=", change.period)
        .where("currency", "=", change.currency)
        .forUpdate()
        .executeTakeFirst();
      const old = current ? trimRate(current.rate) : null;
      if (old === change.rate) continue;
      const key = `${change.period} ${change.currency}`;
      before[key] = old;
      after[key] = change.rate;
      if (change.rate === null) {
        await trx.deleteFrom("exchange_rates").where("period", "=", change.period).where("currency", "=", change.currency).execute();
      } else {
        await trx
          .insertInto("exchange_rates")
          .values({ period: change.period, currency: change.currency, rate: change.rate, updated_at: now() })
          .onDuplicateKeyUpdate({ rate: change.rate, updated_at: now() })
          .execute();
      }
    }
    const changed = Object.keys(after).length;
    if (changed) await recordAudit(trx, actor, { action: "exchange_rates.update", entityType: "exchange_rate", entityId: source, before, after });
    return changed;
  });
}

/**
 * Saves one month's rates from the form (field `rate-<CUR>`; an emptied field removes the rate).
 * Answers how many changed; a bad rate is reported next to its field and nothing is saved.
 */
export async function saveMonthRates(db: DB, scope: Scope, actor: Actor, period: string, fields: Record<string, string>): Promise<number> {
  if (scope.kind !== "admin") forbidden();
  if (!isPeriod(period)) throw new ValidationError({ period: "sellThroughReports.errors.period" });
  const base = await baseCurrency(db);
  const errors: Record<string, string> = {};
  const changes: RateChange[] = [];
  for (const [name, value] of Object.entries(fields)) {
    const currency = name.slice("rate-".length);
    if (!name.startsWith("rate-") || !isCurrency(currency) || currency === base) continue;
    if (value.trim() === "") {
      changes.push({ period, currency, rate: null });
      continue;
    }
    const rate = parseRate(value);
    if (rate === null) errors[name] = "sellThroughReports.errors.rate";
    else changes.push({ period, currency, rate });
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return applyRates(db, actor, changes, "form");
}

export type RateImportResult = { ok: true; changed: number } | { ok: false; fileError?: string; rowErrors: ImportRowError[] };

const CSV_COLUMNS = ["period", "currency", "rate"];

/** Rates from CSV text with columns period,currency,rate: every bad row is reported and then nothing is saved. */
export async function importRatesCsv(db: DB, scope: Scope, actor: Actor, text: string): Promise<RateImportResult> {
  if (scope.kind !== "admin") forbidden();
  const parsed = readImportCsv(text, CSV_COLUMNS);
  if (!parsed.ok) return { ok: false, fileError: parsed.fileError, rowErrors: [] };
  const base = await baseCurrency(db);
  const rowErrors: ImportRowError[] = [];
  const changes: RateChange[] = [];
  const seen = new Map<string, number>();
  parsed.records.forEach((record, index) => {
    const row = index + 2; // the header is row 1
    const errors: string[] = [];
    const period = readPeriod(record.period);
    const currency = (record.currency ?? "").trim().toUpperCase();
    const rate = parseRate(record.rate ?? "");
    if (!period) errors.push("period:sellThroughReports.errors.period");
    if (!isCurrency(currency)) errors.push("currency:errors.currency");
    else if (currency === base) errors.push("currency:sellThroughReports.errors.baseCurrency");
    if (rate === null) errors.push("rate:sellThroughReports.errors.rate");
    const key = `${period} ${currency}`;
    if (period && seen.has(key)) errors.push(`period:sellThroughReports.errors.rateTwice:${seen.get(key)}`);
    else seen.set(key, row);
    if (errors.length) rowErrors.push({ row, errors });
    else changes.push({ period: period!, currency, rate });
  });
  if (rowErrors.length) return { ok: false, rowErrors };
  return { ok: true, changed: await applyRates(db, actor, changes, "csv") };
}
