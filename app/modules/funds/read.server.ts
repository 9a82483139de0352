// What the funds screens read, always through the caller's scope: funds with their balances
// (sums of the ledger), one fund's ledger, requests and claims with their history, the review
// queue, proof files, and the reports (utilisation per partner and quarter, results per
// activity).
import { sql } from "kysely";
import { fundFilter, fundRequestFilter, type Scope } from "~/lib/scope.server";
import { notFound } from "~/lib/http.server";
import { now } from "~/lib/clock.server";
import { addAmounts, toCents } from "~/lib/money";
import { readChoice, readId, readPaging, readText } from "~/lib/list-query";
import { unscoped } from "~/lib/scope-guard.server";
import { quarterOf } from "~/lib/quarters";
import { FUND_KINDS, FUND_REQUEST_STATUSES } from "../../../db/types";
import { confirmedItems } from "./claims.server";
import { claimDeadline } from "./requests.server";
import { BALANCE_COLUMNS, balanceFrom, getFundSettings, type Balance } from "./ledger.server";
import type { DB } from "~/lib/db.server";

export const FUND_SORTS = ["quarter", "partner", "available"] as const;

export function readFundListQuery(params: URLSearchParams) {
  return {
    ...readPaging(params, FUND_SORTS, "quarter"),
    dir: params.get("dir") === "asc" ? ("asc" as const) : ("desc" as const),
    kind: readChoice(params, "kind", FUND_KINDS),
    quarter: readText(params, "quarter", 7).toUpperCase(),
    partner: readId(params, "partner"),
  };
}

export type FundListQuery = ReturnType<typeof readFundListQuery>;

export interface FundRow extends Balance {
  id: number;
  partner_id: number;
  partner_name: string;
  kind: "mdf" | "coop";
  quarter: string;
  currency: string;
  expires_at: Date;
}

/** Funds with their balances; `all` drops the paging (the CSV export). */
export async function listFunds(db: DB, scope: Scope, query: FundListQuery, options: { all?: boolean } = {}): Promise<{ rows: FundRow[]; total: number }> {
  const where = sql.join(
    [
      fundFilter(scope, "f.partner_id"),
      ...(query.kind ? [sql`f.kind = ${query.kind}`] : []),
      ...(query.quarter ? [sql`f.quarter = ${query.quarter}`] : []),
      ...(query.partner ? [sql`f.partner_id = ${query.partner}`] : []),
    ],
    sql` AND `,
  );
  const order = { quarter: sql`f.quarter`, partner: sql`p.name`, available: sql`available` }[query.sort];
  const dir = sql.raw(query.dir === "asc" ? "ASC" : "DESC");
  const page = options.all ? sql`` : sql`LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`;
  const [{ rows }, count] = await Promise.all([
    sql<Omit<FundRow, keyof Balance> & Record<keyof Balance, string>>`
      SELECT f.id, f.partner_id, p.name AS partner_name, f.kind, f.quarter, f.currency, f.expires_at, ${BALANCE_COLUMNS}
      FROM funds f JOIN partners p ON p.id = f.partner_id LEFT JOIN fund_ledger l ON l.fund_id = f.id
      WHERE ${where}
      GROUP BY f.id, p.name
      ORDER BY ${order} ${dir}, p.name, f.kind
      ${page}`.execute(db),
    sql<{ n: number }>`SELECT COUNT(*) AS n FROM funds f WHERE ${where}`.execute(db),
  ]);
  return { rows: rows.map((r) => ({ ...r, ...balanceFrom(r) })), total: Number(count.rows[0]?.n ?? 0) };
}

/** The sum of the balances of several funds. */
export function totalBalance(rows: Balance[]): Balance {
  const keys = ["allocated", "accrued", "reserved", "payable", "paid", "expired", "available"] as const;
  return Object.fromEntries(keys.map((k) => [k, addAmounts("0.00", ...rows.map((r) => r[k]))])) as unknown as Balance;
}

export async function getFund(db: DB, scope: Scope, fundId: number) {
  const { rows } = await sql<Omit<FundRow, keyof Balance> & Record<keyof Balance, string>>`
    SELECT f.id, f.partner_id, p.name AS partner_name, f.kind, f.quarter, f.currency, f.expires_at, ${BALANCE_COLUMNS}
    FROM funds f JOIN partners p ON p.id = f.partner_id LEFT JOIN fund_ledger l ON l.fund_id = f.id
    WHERE f.id = ${fundId} AND ${fundFilter(scope, "f.partner_id")}
    GROUP BY f.id, p.name`.execute(db);
  if (!rows[0]) notFound();
  const fund: FundRow = { ...rows[0], ...balanceFrom(rows[0]) };
  const [ledger, accruals] = await Promise.all([
    db
      .selectFrom("fund_ledger")
      .leftJoin("users", "users.id", "fund_ledger.created_by")
      .select([
        "fund_ledger.id",
        "fund_ledger.entry",
        "fund_ledger.amount",
        "fund_ledger.request_id",
        "fund_ledger.claim_id",
        "fund_ledger.payment_id",
        "fund_ledger.source_period",
        "fund_ledger.note",
        "fund_ledger.created_at",
        "users.name as by_name",
      ])
      .where("fund_ledger.fund_id", "=", fundId)
      .orderBy("fund_ledger.id")
      .$call(unscoped("a row of one the caller found through the scope"))
      .execute(),
    db.selectFrom("fund_accruals").selectAll().where("fund_id", "=", fundId).orderBy("period").execute(),
  ]);
  // An accrual of a month outside the fund's quarter came in after that quarter's fund expired.
  const lateAccrual = (l: (typeof ledger)[number]) => l.entry === "accrual" && l.source_period !== null && quarterOf(l.source_period) !== fund.quarter;
  return { fund, ledger: ledger.map((l) => ({ ...l, lateFromQuarter: lateAccrual(l) ? quarterOf(l.source_period!) : null })), accruals };
}

export type LedgerRow = Awaited<ReturnType<typeof getFund>>["ledger"][number];

export const REQUEST_SORTS = ["submitted_at", "requested_amount", "status"] as const;

export function readRequestListQuery(params: URLSearchParams, options: { review?: boolean } = {}) {
  return {
    ...readPaging(params, REQUEST_SORTS, "submitted_at"),
    dir: options.review || params.get("dir") === "asc" ? ("asc" as const) : ("desc" as const),
    status: readChoice(params, "status", FUND_REQUEST_STATUSES),
    review: options.review ?? false,
  };
}

/** Requests with their claim (if any); the review view holds those waiting for a decision. */
export async function listRequests(db: DB, scope: Scope, query: ReturnType<typeof readRequestListQuery>) {
  let q = db
    .selectFrom("fund_requests")
    .innerJoin("partners", "partners.id", "fund_requests.partner_id")
    .innerJoin("funds", "funds.id", "fund_requests.fund_id")
    .leftJoin("fund_claims", "fund_claims.request_id", "fund_requests.id")
    .where(fundRequestFilter(scope, "fund_requests.partner_id", "fund_requests.created_by"));
  if (query.review) q = q.where((eb) => eb.or([eb("fund_requests.status", "=", "submitted"), eb("fund_claims.status", "=", "submitted")]));
  else if (query.status) q = q.where("fund_requests.status", "=", query.status);
  const [rows, count] = await Promise.all([
    q
      .select([
        "fund_requests.id",
        "fund_requests.partner_id",
        "partners.name as partner_name",
        "fund_requests.activity_type",
        "fund_requests.description",
        "fund_requests.requested_amount",
        "fund_requests.approved_amount",
        "fund_requests.status",
        "fund_requests.submitted_at",
        "fund_requests.end_date",
        "funds.kind",
        "funds.quarter",
        "funds.currency",
        "fund_claims.id as claim_id",
        "fund_claims.status as claim_status",
        "fund_claims.claimed_amount",
        "fund_claims.submitted_at as claim_submitted_at",
      ])
      .orderBy(sql.ref(`fund_requests.${query.sort}`), query.dir)
      .orderBy("fund_requests.id", query.dir)
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    q.select(sql<number>`COUNT(*)`.as("n")).executeTakeFirst(),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}

export type RequestRow = Awaited<ReturnType<typeof listRequests>>["rows"][number];

export async function getRequest(db: DB, scope: Scope, requestId: number) {
  const request = await db
    .selectFrom("fund_requests")
    .innerJoin("partners", "partners.id", "fund_requests.partner_id")
    .innerJoin("funds", "funds.id", "fund_requests.fund_id")
    .innerJoin("users", "users.id", "fund_requests.created_by")
    .selectAll("fund_requests")
    .select(["partners.name as partner_name", "funds.kind", "funds.quarter", "funds.currency", "users.name as created_by_name"])
    .where("fund_requests.id", "=", requestId)
    .where(fundRequestFilter(scope, "fund_requests.partner_id", "fund_requests.created_by"))
    .executeTakeFirst();
  if (!request) notFound();
  const [events, claim, settings] = await Promise.all([
    db.selectFrom("fund_events").selectAll().where("request_id", "=", requestId).orderBy("id").execute(),
    db
      .selectFrom("fund_claims")
      .select(["id", "status", "claimed_amount", "approved_amount"])
      .where("request_id", "=", requestId)
      .$call(unscoped("a row of one the caller found through the scope"))
      .executeTakeFirst(),
    getFundSettings(db),
  ]);
  return { request, events, claim: claim ?? null, claimDeadline: claimDeadline(request.end_date, settings.claimDays) };
}

export async function getClaim(db: DB, scope: Scope, claimId: number) {
  const claim = await db
    .selectFrom("fund_claims")
    .innerJoin("partners", "partners.id", "fund_claims.partner_id")
    .innerJoin("funds", "funds.id", "fund_claims.fund_id")
    .selectAll("fund_claims")
    .select(["partners.name as partner_name", "funds.currency", "funds.kind", "funds.quarter"])
    .where("fund_claims.id", "=", claimId)
    .where(fundRequestFilter(scope, "fund_claims.partner_id", "fund_claims.created_by"))
    .executeTakeFirst();
  if (!claim) notFound();
  const [request, files, events, payment] = await Promise.all([
    db
      .selectFrom("fund_requests")
      .selectAll()
      .where("id", "=", claim.request_id)
      .$call(unscoped("a row of one the caller found through the scope"))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("fund_claim_files")
      .select(["id", "file_name", "content_type", "size", "created_at"])
      .where("claim_id", "=", claimId)
      .orderBy("id")
      .$call(unscoped("a row of one the caller found through the scope"))
      .execute(),
    db.selectFrom("fund_events").selectAll().where("claim_id", "=", claimId).orderBy("id").execute(),
    claim.payment_id ? db.selectFrom("fund_payments").selectAll().where("id", "=", claim.payment_id).executeTakeFirst() : undefined,
  ]);
  return { claim, request, files, events, payment: payment ?? null, confirmed: confirmedItems(request.activity_type, claim.checklist_json) };
}

/** A proof file of a claim the scope may see; anything else is not found. */
export async function getProofFile(db: DB, scope: Scope, claimId: number, fileId: number) {
  const file = await db
    .selectFrom("fund_claim_files")
    .innerJoin("fund_claims", "fund_claims.id", "fund_claim_files.claim_id")
    .select(["fund_claim_files.file_name", "fund_claim_files.content_type", "fund_claim_files.size", "fund_claim_files.path"])
    .where("fund_claim_files.id", "=", fileId)
    .where("fund_claim_files.claim_id", "=", claimId)
    .where(fundRequestFilter(scope, "fund_claims.partner_id", "fund_claims.created_by"))
    .executeTakeFirst();
  if (!file) notFound();
  return file;
}

/** The funds a partner may request from: its own, not expired, with money available. */
export async function requestableFunds(db: DB, scope: Extract<Scope, { kind: "partner" }>) {
  const { rows } = await listFunds(db, scope, { page: 1, pageSize: 100, sort: "quarter", dir: "desc", kind: "", quarter: "", partner: null }, { all: true });
  const at = now().getTime();
  return rows.filter((f) => new Date(f.expires_at).getTime() > at && toCents(f.available) > 0n);
}

/** Utilisation per partner and quarter (MDF and co-op together). */
export async function utilisationReport(db: DB, scope: Scope) {
  const { rows } = await sql<{ partner_id: number; partner_name: string; quarter: string } & Record<keyof Balance, string>>`
    SELECT f.partner_id, p.name AS partner_name, f.quarter, ${BALANCE_COLUMNS}
    FROM funds f JOIN partners p ON p.id = f.partner_id LEFT JOIN fund_ledger l ON l.fund_id = f.id
    WHERE ${fundFilter(scope, "f.partner_id")}
    GROUP BY f.partner_id, p.name, f.quarter
    ORDER BY f.quarter DESC, p.name`.execute(db);
  return rows.map((r) => ({ partner_id: r.partner_id, partner_name: r.partner_name, quarter: r.quarter, ...balanceFrom(r) }));
}

/**
 * Results per approved activity: its cost and the vendor's share, the leads that name it as
 * their source, the deals registered from those leads, and the sell-through linked to those
 * deals afterwards (in base currency; lines without an exchange rate are left out). One
 * partner's only with `partnerId` (its scorecard).
 */
export async function activityReport(db: DB, scope: Scope, options: { partnerId?: number } = {}) {
  const { baseCurrency } = await getFundSettings(db);
  const { rows } = await sql<{
    id: number;
    partner_name: string;
    activity_type: string;
    description: string;
    end_date: string;
    cost: string;
    vendor_share: string;
    leads: number;
    deals: number;
    sell_through: string | null;
  }>`
    SELECT r.id, p.name AS partner_name, r.activity_type, r.description, r.end_date,
      COALESCE(c.actual_cost, r.planned_cost) AS cost,
      COALESCE(c.approved_amount, r.approved_amount) AS vendor_share,
      (SELECT COUNT(*) FROM leads ld WHERE ld.fund_request_id = r.id) AS leads,
      (SELECT COUNT(*) FROM deals d JOIN leads ld ON ld.id = d.source_lead_id WHERE ld.fund_request_id = r.id AND d.status <> 'draft') AS deals,
      (SELECT ROUND(SUM(sl.amount * CASE WHEN sl.currency = ${baseCurrency} THEN 1 ELSE er.rate END), 2)
         FROM sell_through_lines sl JOIN deals d ON d.id = sl.deal_id JOIN leads ld ON ld.id = d.source_lead_id
         LEFT JOIN exchange_rates er ON er.period = sl.period AND er.currency = sl.currency
         WHERE ld.fund_request_id = r.id AND sl.transaction_date >= r.start_date
           AND (sl.currency = ${baseCurrency} OR er.rate IS NOT NULL)) AS sell_through
    FROM fund_requests r JOIN partners p ON p.id = r.partner_id
    LEFT JOIN fund_claims c ON c.request_id = r.id AND c.status IN ('approved', 'paid')
    WHERE r.status IN ('approved', 'claimed') AND ${fundFilter(scope, "r.partner_id")}${options.partnerId === undefined ? sql`` : sql` AND r.partner_id = ${options.partnerId}`}
    ORDER BY r.end_date DESC, r.id DESC
    LIMIT 500`.execute(db);
  return { baseCurrency, rows: rows.map((r) => ({ ...r, leads: Number(r.leads), deals: Number(r.deals), sell_through: r.sell_through ?? "0.00" })) };
}
