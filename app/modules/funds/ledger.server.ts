// The funds ledger: every movement of a fund's money is one immutable row, and a fund's
// balances are sums of its rows. A posting locks the fund row first (SELECT ... FOR UPDATE),
// so two postings to one fund are put in order and the balance one checks is the balance it
// changes: available never goes below zero, whatever runs at the same time.
import { sql, type Transaction } from "kysely";
import { now } from "~/lib/clock.server";
import { quarterEnd } from "~/lib/quarters";
import { ValidationError } from "~/lib/forms";
import { compareAmounts, parseAmount, toCents } from "~/lib/money";
import { unscoped, unscopedSql } from "~/lib/scope-guard.server";
import type { Database, Fund, FundKind, LedgerEntry } from "../../../db/types";
import type { DB } from "~/lib/db.server";

export type Trx = Transaction<Database>;

const DAY_MS = 24 * 3600 * 1000;

export interface FundSettings {
  baseCurrency: string;
  graceDays: number;
  /** The program's share of an activity's cost, e.g. "50.00". */
  sharePct: string;
  claimDays: number;
}

export async function getFundSettings(db: DB): Promise<FundSettings> {
  const rows = await db
    .selectFrom("portal_settings")
    .select(["name", "value"])
    .where("name", "in", ["base_currency", "funds_grace_days", "funds_share_pct", "funds_claim_days"])
    .execute();
  const value = (name: string) => rows.find((r) => r.name === name)?.value;
  return {
    baseCurrency: value("base_currency") ?? "USD",
    graceDays: Number(value("funds_grace_days") ?? 90),
    sharePct: value("funds_share_pct") ?? "50.00",
    claimDays: Number(value("funds_claim_days") ?? 60),
  };
}

export async function lockFund(trx: Trx, fundId: number): Promise<Fund> {
  return trx
    .selectFrom("funds")
    .selectAll()
    .where("id", "=", fundId)
    .forUpdate()
    .$call(unscoped("ledger: the caller found the fund through the scope"))
    .executeTakeFirstOrThrow();
}

/** The partner's fund of that kind and quarter, created on first use, locked. */
export async function ensureFund(trx: Trx, partnerId: number, kind: FundKind, quarter: string): Promise<Fund> {
  const find = () =>
    trx
      .selectFrom("funds")
      .selectAll()
      .where("partner_id", "=", partnerId)
      .where("kind", "=", kind)
      .where("quarter", "=", quarter)
      .forUpdate()
      .$call(unscoped("ledger: the caller found the fund through the scope"))
      .executeTakeFirst();
  // Locked before any insert: INSERT IGNORE on an existing row takes a shared lock, and two
  // postings upgrading their shared locks at once would deadlock.
  const existing = await find();
  if (existing) return existing;
  const settings = await getFundSettings(trx);
  const expiresAt = new Date(quarterEnd(quarter).getTime() + settings.graceDays * DAY_MS);
  await trx
    .insertInto("funds")
    .values({ partner_id: partnerId, kind, quarter, currency: settings.baseCurrency, expires_at: expiresAt })
    .ignore()
    .$call(unscoped("ledger: the caller found the fund through the scope"))
    .execute();
  return (await find())!;
}

export interface Balance {
  allocated: string;
  accrued: string;
  /** Held for approved requests not yet claimed. */
  reserved: string;
  /** Approved claims waiting for payment. */
  payable: string;
  paid: string;
  expired: string;
  available: string;
}

export const ZERO_BALANCE: Balance = {
  allocated: "0.00",
  accrued: "0.00",
  reserved: "0.00",
  payable: "0.00",
  paid: "0.00",
  expired: "0.00",
  available: "0.00",
};

/** The balance columns of a fund, as SQL over its ledger rows (alias `l`), for lists and reports. */
export const BALANCE_COLUMNS = sql.raw(`
  COALESCE(SUM(CASE WHEN l.entry = 'allocation' THEN l.amount END), 0) AS allocated,
  COALESCE(SUM(CASE WHEN l.entry = 'accrual' THEN l.amount END), 0) AS accrued,
  COALESCE(SUM(CASE WHEN l.entry = 'reservation' THEN l.amount WHEN l.entry IN ('release', 'payable') THEN -l.amount END), 0) AS reserved,
  COALESCE(SUM(CASE WHEN l.entry = 'payable' THEN l.amount WHEN l.entry = 'payment' THEN -l.amount END), 0) AS payable,
  COALESCE(SUM(CASE WHEN l.entry = 'payment' THEN l.amount END), 0) AS paid,
  COALESCE(SUM(CASE WHEN l.entry = 'expiry' THEN l.amount END), 0) AS expired,
  COALESCE(SUM(CASE WHEN l.entry IN ('allocation', 'accrual', 'release') THEN l.amount WHEN l.entry IN ('reservation', 'expiry') THEN -l.amount END), 0) AS available`);

/** Normalises what SUM gives back ("0", "12.50") to amounts ("0.00", "12.50"). */
export function balanceFrom(row: Record<keyof Balance, string | number>): Balance {
  const amount = (v: string | number) => {
    const parsed = parseAmount(String(v));
    if (parsed === null) throw new Error(`Not a cent amount: ${v}`);
    return parsed;
  };
  return {
    allocated: amount(row.allocated),
    accrued: amount(row.accrued),
    reserved: amount(row.reserved),
    payable: amount(row.payable),
    paid: amount(row.paid),
    expired: amount(row.expired),
    available: amount(row.available),
  };
}

/**
 * The fund's balance from its ledger. A locking read, so inside a transaction that holds the
 * fund it sees every posting committed before, not the transaction's older snapshot.
 */
export async function fundBalance(db: DB, fundId: number, options: { locking?: boolean } = {}): Promise<Balance> {
  const lock = options.locking ? sql` FOR UPDATE` : sql``;
  const { rows } = await sql<
    Record<keyof Balance, string>
  >`SELECT ${BALANCE_COLUMNS} FROM fund_ledger l WHERE l.fund_id = ${fundId}${lock} ${unscopedSql("ledger: the caller found the fund through the scope")}`.execute(
    db,
  );
  return rows[0] ? balanceFrom(rows[0]) : ZERO_BALANCE;
}

export interface Posting {
  entry: LedgerEntry;
  amount: string;
  requestId?: number | null;
  claimId?: number | null;
  paymentId?: number | null;
  sourcePeriod?: string | null;
  note?: string | null;
  userId: number | null;
}

/** Money leaves "available" with these entries; they are refused when it is not there. */
const TAKES_AVAILABLE: readonly LedgerEntry[] = ["reservation", "expiry"];

/** Posts one entry to a fund the caller has locked (lockFund / ensureFund). */
export async function post(trx: Trx, fund: Fund, posting: Posting): Promise<void> {
  if (toCents(posting.amount) === 0n) return;
  const takes = TAKES_AVAILABLE.includes(posting.entry) || (posting.entry === "accrual" && toCents(posting.amount) < 0n);
  if (takes) {
    const needed = posting.amount.replace("-", "");
    const { available } = await fundBalance(trx, fund.id, { locking: true });
    if (compareAmounts(available, needed) < 0) throw new ValidationError({ amount: "funds.errors.notEnough", available });
  }
  await trx
    .insertInto("fund_ledger")
    .values({
      fund_id: fund.id,
      partner_id: fund.partner_id,
      entry: posting.entry,
      amount: posting.amount,
      request_id: posting.requestId ?? null,
      claim_id: posting.claimId ?? null,
      payment_id: posting.paymentId ?? null,
      source_period: posting.sourcePeriod ?? null,
      note: posting.note?.slice(0, 500) || null,
      created_by: posting.userId,
      created_at: now(),
    })
    .$call(unscoped("ledger: the caller found the fund through the scope"))
    .execute();
}
