// Sell-through reports within the caller's scope: totals of quantity, amount per line currency
// and amount in the base currency (each month at that month's rate), grouped by month,
// distributor, reseller, product line, SKU or region, with a series by month, the top groups,
// the regional coverage and the committed lines behind any group.
// Rounding happens once, in one place: one distributor's month (all its currencies, each at that
// month's rate) is converted and rounded to the cent; every row and every total is the exact sum
// of those pieces, so a total is the sum of the rows it shows (README, "Figures").
// Totals come from the rollups only: grouping by reseller or SKU reads sell_through_monthly,
// everything else the much smaller sell_through_monthly_summary (migration 0006). A month
// whose rate is missing makes the base total of every group it touches unknown (null), and
// the report lists which currency and month lack a rate, rather than showing a wrong sum.
import { sql, type RawBuilder, type SqlBool } from "kysely";
import { isVendor, submissionFilter, type Scope } from "~/lib/scope.server";
import { findPartnerChoice } from "~/modules/partners/picker.server";
import { partnerChoiceLabel } from "~/modules/partners/picker";
import { notFound } from "~/lib/http.server";
import { readId, readPaging, type ListPaging } from "~/lib/list-query";
import { cappedCount, countKey } from "~/lib/capped-count.server";
import { CURRENCIES, compareAmounts, fromCents, isCurrency, toCents } from "~/lib/money";
import { now } from "~/lib/clock.server";
import { GROUP_BYS, LINE_SORTS, REPORT_SORTS, type GroupBy, type LineSort, type ReportFilters, type ReportSort } from "./report-filters";
import { addMonths, periodOf, readPeriod } from "./months";
import { currentLines } from "./stored-lines.server";
import { baseCurrency } from "./exchange-rates.server";
import type { DB } from "~/lib/db.server";

/** How many months a report covers unless asked otherwise: this one and the eleven before. */
const DEFAULT_MONTHS = 12;
/** The most months one report may span (four years), so a typo cannot ask for a century. */
const MAX_MONTHS = 48;
export const TOP_N = 10;
/** The most lines one CSV export holds. */
export const LINES_EXPORT_CAP = 100_000;

export type ReportQuery = ReportFilters & ListPaging<ReportSort>;

/** Who may read reports: vendor users, and a distributor's partner admin (resellers report nothing). */
export function requireReportReader(scope: Scope, partnerType: string | null): void {
  if (scope.kind === "partner" && (scope.role !== "partner_admin" || partnerType !== "distributor")) notFound();
}

export function readReportFilters(params: URLSearchParams): ReportFilters {
  const current = periodOf(now());
  let to = readPeriod(params.get("to")) ?? current;
  let from = readPeriod(params.get("from")) ?? addMonths(to, 1 - DEFAULT_MONTHS);
  if (from > to) [from, to] = [to, from];
  if (addMonths(from, MAX_MONTHS - 1) < to) from = addMonths(to, 1 - MAX_MONTHS);
  const groupBy = (GROUP_BYS as readonly string[]).includes(params.get("groupBy") ?? "") ? (params.get("groupBy") as GroupBy) : "period";
  const currency = (params.get("currency") ?? "").trim().toUpperCase();
  return {
    from,
    to,
    groupBy,
    distributor: (params.get("distributor") ?? "").trim().slice(0, 120),
    distributorId: null,
    productLineId: readId(params, "line"),
    regionId: params.get("region") === "0" ? 0 : readId(params, "region"),
    currency: isCurrency(currency) ? currency : "",
  };
}

export function readReportQuery(params: URLSearchParams): ReportQuery {
  const filters = readReportFilters(params);
  // Months read in order; every other grouping biggest first.
  const defaultSort: ReportSort = filters.groupBy === "period" ? "label" : "amount_base";
  const paging = readPaging(params, REPORT_SORTS, defaultSort);
  return { ...filters, ...paging, dir: params.get("dir") ? paging.dir : defaultSort === "label" ? "asc" : "desc" };
}

/** The distributor the picker names, within the scope; a partner reports only for itself, so its picker is ignored. */
export async function resolveDistributor<Q extends ReportFilters>(db: DB, scope: Scope, query: Q): Promise<Q> {
  if (!isVendor(scope) || !query.distributor) return { ...query, distributor: isVendor(scope) ? query.distributor : "", distributorId: null };
  const partner = await findPartnerChoice(db, scope, query.distributor);
  return { ...query, distributorId: partner?.id ?? 0, distributor: partner ? partnerChoiceLabel(partner) : query.distributor };
}

// ---------------------------------------------------------------------------------------------
// The rollup a grouping reads, and the SQL pieces that differ between the two

interface Source {
  from: RawBuilder<unknown>;
  productLine: RawBuilder<unknown>;
  region: RawBuilder<unknown>;
}

/**
 * How a grouping names its groups: a join on the group key (y.k) and the code and name it gives;
 * null code and name for "direct" and "no region". Product lines and regions also give their
 * Chinese name; groups sort by the English name (or code) in either language.
 */
interface Grouping {
  key: RawBuilder<unknown>;
  labelJoin: RawBuilder<unknown>;
  code: RawBuilder<unknown>;
  name: RawBuilder<unknown>;
  nameZh: RawBuilder<unknown>;
}

const FINE_FROM = sql`sell_through_monthly m
  JOIN products pr ON pr.id = m.product_id
  LEFT JOIN partners seller ON seller.id = IF(m.reseller_id = 0, m.distributor_id, m.reseller_id)`;

const FINE: Source = { from: FINE_FROM, productLine: sql`pr.product_line_id`, region: sql`COALESCE(seller.region_id, 0)` };
const SUMMARY: Source = { from: sql`sell_through_monthly_summary m`, productLine: sql`m.product_line_id`, region: sql`m.region_id` };
/** Per distributor, month, reseller and currency (0014): grouped by reseller without a product line or region. */
const RESELLERS: Source = { from: sql`sell_through_reseller_totals m`, productLine: sql`NULL`, region: sql`NULL` };
/** Per distributor, month and currency only: asked for neither a product line nor a region. */
const TOTALS: Source = { from: sql`sell_through_monthly_totals m`, productLine: sql`NULL`, region: sql`NULL` };

/** The smallest rollup that answers the grouping and the filters. */
function sourceFor(groupBy: GroupBy, filters: ReportFilters): Source {
  const plain = filters.productLineId === null && filters.regionId === null;
  if (groupBy === "reseller" && plain) return RESELLERS;
  if (groupBy === "reseller" || groupBy === "sku") return FINE;
  return plain && (groupBy === "period" || groupBy === "distributor") ? TOTALS : SUMMARY;
}

function groupingFor(groupBy: GroupBy, source: Source): Grouping {
  switch (groupBy) {
    case "period":
      return { key: sql`m.period`, labelJoin: sql``, code: sql`y.k`, name: sql`NULL`, nameZh: sql`NULL` };
    case "distributor":
      return {
        key: sql`m.distributor_id`,
        labelJoin: sql`LEFT JOIN partners lbl ON lbl.id = y.k`,
        code: sql`lbl.code`,
        name: sql`lbl.name`,
        nameZh: sql`NULL`,
      };
    case "reseller":
      return {
        key: sql`m.reseller_id`,
        labelJoin: sql`LEFT JOIN partners lbl ON lbl.id = NULLIF(y.k, 0)`,
        code: sql`lbl.code`,
        name: sql`lbl.name`,
        nameZh: sql`NULL`,
      };
    case "product_line":
      return {
        key: source.productLine,
        labelJoin: sql`LEFT JOIN product_lines lbl ON lbl.id = y.k`,
        code: sql`lbl.code`,
        name: sql`lbl.name`,
        nameZh: sql`lbl.name_zh`,
      };
    case "sku":
      return { key: sql`m.product_id`, labelJoin: sql`LEFT JOIN products lbl ON lbl.id = y.k`, code: sql`lbl.sku`, name: sql`lbl.name`, nameZh: sql`NULL` };
    case "region":
      return {
        key: source.region,
        labelJoin: sql`LEFT JOIN regions lbl ON lbl.id = NULLIF(y.k, 0)`,
        code: sql`lbl.code`,
        name: sql`lbl.name`,
        nameZh: sql`lbl.name_zh`,
      };
  }
}

function whereFor(scope: Scope, filters: ReportFilters, source: Source): RawBuilder<SqlBool> {
  const conditions: RawBuilder<unknown>[] = [submissionFilter(scope, "m.distributor_id"), sql`m.period BETWEEN ${filters.from} AND ${filters.to}`];
  if (filters.distributorId !== null) conditions.push(sql`m.distributor_id = ${filters.distributorId}`);
  if (filters.productLineId !== null) conditions.push(sql`${source.productLine} = ${filters.productLineId}`);
  if (filters.regionId !== null) conditions.push(sql`${source.region} = ${filters.regionId}`);
  if (filters.currency) conditions.push(sql`m.currency = ${filters.currency}`);
  return sql<SqlBool>`${sql.join(conditions, sql` AND `)}`;
}

/**
 * The rollup rows summed per group key, month and currency (x: k, period, currency, quantity,
 * line_count, amount). A month's rate is the same for all of them, so the rates are joined to
 * these few rows instead of to every rollup row: what keeps a channel manager's report fast.
 */
function perMonth(scope: Scope, filters: ReportFilters, source: Source, key: RawBuilder<unknown>): RawBuilder<unknown> {
  // The fine rollup needs its joins only to filter by product line or region.
  const from = source === FINE && filters.productLineId === null && filters.regionId === null ? sql`sell_through_monthly m` : source.from;
  return sql`(SELECT ${key} AS k, m.distributor_id AS d, m.period, m.currency, SUM(m.quantity) AS quantity, SUM(m.line_count) AS line_count, SUM(m.amount) AS amount
    FROM ${from} WHERE ${whereFor(scope, filters, source)} GROUP BY ${key}, m.distributor_id, m.period, m.currency) x
    LEFT JOIN exchange_rates r ON r.period = x.period AND r.currency = x.currency`;
}

/** The month's rate (of an exchange_rates row joined as r), 1 for the base currency itself, NULL when it is missing. */
export function rateOf(base: string, currency: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`CASE WHEN ${currency} = ${base} THEN 1 ELSE r.rate END`;
}

/** A decimal string as an integer of `places` decimals ("1.5", 2 → 150n). */
function scaled(text: string, places: number): bigint {
  const negative = text.startsWith("-");
  const [whole, fraction = ""] = text.replace("-", "").split(".");
  const value = BigInt(whole + (fraction + "0".repeat(places)).slice(0, places));
  return negative ? -value : value;
}

/** An amount (2 decimals) times a rate (8 decimals), summed: rounded half away from zero to the cent, as SQL ROUND does. */
function centsOf(sum: bigint): string {
  const unit = 10n ** 8n;
  const half = unit / 2n;
  return fromCents(sum >= 0n ? (sum + half) / unit : -((-sum + half) / unit));
}

function sumByCurrency(pairs: { currency: string; amount: string }[]): { currency: string; amount: string }[] {
  const sums = new Map<string, bigint>();
  for (const p of pairs) sums.set(p.currency, (sums.get(p.currency) ?? 0n) + toCents(p.amount));
  return [...sums.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, cents]) => ({ currency, amount: fromCents(cents) }));
}

// ---------------------------------------------------------------------------------------------
// The report

export interface ReportGroup {
  key: string;
  code: string | null;
  name: string | null;
  name_zh: string | null;
  quantity: string;
  line_count: string;
  amount_base: string | null;
  amounts: { currency: string; amount: string }[];
}

interface GroupRow {
  key: string | number;
  code: string | null;
  name: string | null;
  name_zh: string | null;
  label: string;
  quantity: string | number;
  line_count: string | number;
  amount_base: string | null;
  amounts_text: string;
  total_groups: number;
  groups_base: string | null;
  groups_missing: string | number;
}

/** Room for the amounts of every ISO currency the catalogue knows ("EUR -1234567890123.45," each). */
const AMOUNTS_TEXT = sql.raw(String(CURRENCIES.length * 24));

const SORT_SQL: Record<ReportSort, RawBuilder<unknown>> = {
  label: sql`label`,
  quantity: sql`quantity`,
  amount_base: sql`amount_base`,
  line_count: sql`line_count`,
};

/** One page (or all) of the groups, sorted, with how many groups there are in all. */
async function groups(
  db: DB,
  scope: Scope,
  filters: ReportFilters,
  base: string,
  options: { sort: ReportSort; dir: "asc" | "desc"; limit?: number; offset?: number },
) {
  const source = sourceFor(filters.groupBy, filters);
  const grouping = groupingFor(filters.groupBy, source);
  const dir = sql.raw(options.dir === "desc" ? "DESC" : "ASC");
  const page = options.limit === undefined ? sql`` : sql`LIMIT ${options.limit} OFFSET ${options.offset ?? 0}`;
  // A missing base total sorts after every known one, whichever the direction.
  const nullsLast = options.sort === "amount_base" ? sql`amount_base IS NULL, ` : sql``;
  // Grouped inside, ordered outside: MariaDB cannot order by a test on an aggregate's alias.
  const rate = rateOf(base, sql`x.currency`);
  // Per group, distributor and month the base amount rounded to the cent (the one rounding), then
  // summed per group; beside it the amounts per currency, which travel as short text cast to a
  // VARCHAR so the grouping stays in memory (a TEXT column sends it to disk).
  const rows = perMonth(scope, filters, source, grouping.key);
  const result = await sql<GroupRow>`
    SELECT grouped.*, SUM(amount_base) OVER () AS groups_base, SUM(amount_base IS NULL) OVER () AS groups_missing FROM (
      SELECT y.k AS \`key\`, MAX(${grouping.code}) AS code, MAX(${grouping.name}) AS name, MAX(${grouping.nameZh}) AS name_zh,
        COALESCE(MAX(${grouping.name}), MAX(${grouping.code}), '') AS label,
        SUM(y.quantity) AS quantity, SUM(y.line_count) AS line_count,
        CASE WHEN SUM(y.missing) > 0 THEN NULL ELSE SUM(y.base) END AS amount_base,
        MAX(y.amounts_text) AS amounts_text, COUNT(*) OVER () AS total_groups
      FROM (
        SELECT a.k, a.quantity, a.line_count, a.base, a.missing, c.amounts_text
        FROM (
          SELECT p.k, SUM(p.quantity) AS quantity, SUM(p.line_count) AS line_count, SUM(p.base) AS base, SUM(p.missing) AS missing
          FROM (
            SELECT x.k, SUM(x.quantity) AS quantity, SUM(x.line_count) AS line_count, ROUND(SUM(x.amount * ${rate}), 2) AS base, SUM(${rate} IS NULL) AS missing
            FROM ${rows}
            GROUP BY x.k, x.d, x.period
          ) p
          GROUP BY p.k
        ) a
        JOIN (
          SELECT c.k, CAST(GROUP_CONCAT(c.currency, ' ', c.amount SEPARATOR ',') AS CHAR(${AMOUNTS_TEXT})) AS amounts_text
          FROM (SELECT x.k, x.currency, SUM(x.amount) AS amount FROM ${rows} GROUP BY x.k, x.currency) c
          GROUP BY c.k
        ) c ON c.k <=> a.k
      ) y ${grouping.labelJoin}
      GROUP BY y.k
    ) grouped
    ORDER BY ${nullsLast}${SORT_SQL[options.sort]} ${dir}, \`key\` ${dir}
    ${page}`.execute(db);
  const first = result.rows[0];
  return {
    total: Number(first?.total_groups ?? 0),
    /** The sum of every group's base amount (all pages); null when any is unknown. */
    baseOfAll: first === undefined ? "0.00" : Number(first.groups_missing) > 0 ? null : fromCents(toCents(String(first.groups_base))),
    rows: result.rows.map((r): ReportGroup => ({
      key: String(r.key),
      code: r.code === null ? null : String(r.code),
      name: r.name,
      name_zh: r.name_zh,
      quantity: String(r.quantity),
      line_count: String(r.line_count),
      amount_base: r.amount_base,
      amounts: sumByCurrency(r.amounts_text.split(",").map((pair) => ({ currency: pair.slice(0, 3), amount: pair.slice(4) }))),
    })),
  };
}

export interface MonthCurrency {
  /** The distributor that reported the amount: its month is what is rounded once. */
  distributor_id: number | string;
  period: string;
  currency: string;
  quantity: string;
  line_count: string;
  amount: string;
  rate: string | null;
}

/**
 * Months and currencies summed: each distributor's month converted exactly and rounded to the
 * cent once, then those cents added, so any total is the sum of its months. A base total is
 * null when a rate is missing.
 */
export function combine(rows: MonthCurrency[]) {
  let quantity = 0n;
  let lines = 0n;
  let missing = false;
  const pieces = new Map<string, bigint>();
  for (const r of rows) {
    quantity += BigInt(r.quantity);
    lines += BigInt(r.line_count);
    if (r.rate === null) missing = true;
    else {
      const piece = `${r.distributor_id} ${r.period}`;
      pieces.set(piece, (pieces.get(piece) ?? 0n) + scaled(r.amount, 2) * scaled(r.rate, 8));
    }
  }
  const base = [...pieces.values()].reduce((sum, exact) => sum + toCents(centsOf(exact)), 0n);
  return { quantity: String(quantity), line_count: String(lines), amount_base: missing ? null : fromCents(base), amounts: sumByCurrency(rows) };
}

const GROUP_SORTERS: Record<ReportSort, (a: ReportGroup, b: ReportGroup) => number> = {
  label: (a, b) => a.key.localeCompare(b.key),
  quantity: (a, b) => Number(BigInt(a.quantity) - BigInt(b.quantity)),
  amount_base: (a, b) => compareAmounts(a.amount_base!, b.amount_base!),
  line_count: (a, b) => Number(BigInt(a.line_count) - BigInt(b.line_count)),
};

/** Months as groups, from the per-month sums, sorted as the table asks. */
function monthGroups(months: Map<string, MonthCurrency[]>, sort: ReportSort, dir: "asc" | "desc"): ReportGroup[] {
  const rows = [...months.entries()].map(([period, parts]): ReportGroup => ({ key: period, code: period, name: null, name_zh: null, ...combine(parts) }));
  const sign = dir === "desc" ? -1 : 1;
  return rows.sort((a, b) => {
    if (sort === "amount_base" && (a.amount_base === null || b.amount_base === null))
      return a.amount_base === b.amount_base ? 0 : a.amount_base === null ? 1 : -1;
    return sign * (GROUP_SORTERS[sort](a, b) || a.key.localeCompare(b.key));
  });
}

async function monthsAndCurrencies(db: DB, scope: Scope, filters: ReportFilters, base: string): Promise<Map<string, MonthCurrency[]>> {
  const result = await sql<MonthCurrency>`
    SELECT x.d AS distributor_id, x.period, x.currency, x.quantity, x.line_count, x.amount, ${rateOf(base, sql`x.currency`)} AS rate
    FROM ${perMonth(scope, filters, sourceFor("period", filters), sql`NULL`)}
    ORDER BY x.period, x.currency`.execute(db);
  const months = new Map<string, MonthCurrency[]>();
  for (const row of result.rows) {
    const r = {
      ...row,
      quantity: String(row.quantity),
      line_count: String(row.line_count),
      amount: String(row.amount),
      rate: row.rate === null ? null : String(row.rate),
    };
    if (!months.has(r.period)) months.set(r.period, []);
    months.get(r.period)!.push(r);
  }
  return months;
}

/** Every group, for the CSV export: what you filtered is what you export. */
export async function allReportGroups(db: DB, scope: Scope, query: ReportQuery) {
  const base = await baseCurrency(db);
  if (query.groupBy === "period") return { base, groups: monthGroups(await monthsAndCurrencies(db, scope, query, base), query.sort, query.dir) };
  return { base, groups: (await groups(db, scope, query, base, { sort: query.sort, dir: query.dir })).rows };
}

export async function sellThroughReport(db: DB, scope: Scope, query: ReportQuery) {
  const base = await baseCurrency(db);
  const byPeriod = query.groupBy === "period";
  const topBy: GroupBy = byPeriod ? "distributor" : query.groupBy;
  const offset = (query.page - 1) * query.pageSize;
  // The months answer the series, the totals, the missing rates and, grouped by month, the table.
  const [months, page, top] = await Promise.all([
    monthsAndCurrencies(db, scope, query, base),
    byPeriod ? null : groups(db, scope, query, base, { sort: query.sort, dir: query.dir, limit: query.pageSize, offset }),
    groups(db, scope, { ...query, groupBy: topBy }, base, { sort: "amount_base", dir: "desc", limit: TOP_N }),
  ]);
  const all = [...months.values()].flat();
  const monthRows = monthGroups(months, "label", "asc");
  const periods: string[] = [];
  for (let p = query.from; p <= query.to; p = addMonths(p, 1)) periods.push(p);
  const byMonth = new Map(monthRows.map((m) => [m.key, m]));
  const tableMonths = byPeriod ? monthGroups(months, query.sort, query.dir) : [];
  return {
    base,
    rows: page ? page.rows : tableMonths.slice(offset, offset + query.pageSize),
    total: page ? page.total : tableMonths.length,
    series: periods.map((period) => ({
      period,
      amount_base: byMonth.has(period) ? byMonth.get(period)!.amount_base : "0.00",
      quantity: byMonth.get(period)?.quantity ?? "0",
    })),
    top: { groupBy: topBy, rows: top.rows.filter((t) => t.amount_base !== null) },
    // Grouped by month the months are the rows; grouped otherwise the total is the sum of the
    // groups (a group finer than a distributor's month is rounded on its own).
    totals: page ? { ...combine(all), amount_base: page.baseOfAll } : combine(all),
    missingRates: all.filter((r) => r.rate === null).map((r) => ({ period: r.period, currency: r.currency })),
  };
}

export type SellThroughReport = Awaited<ReturnType<typeof sellThroughReport>>;

// ---------------------------------------------------------------------------------------------
// Regional coverage

/**
 * Per region (and "no region"): the active partners there (by the territory their country
 * falls in), how many partners sold there in the range, and what was sold. Regions with
 * partners and no sales, or sales and no partners, stand out. A channel manager sees their
 * partners, a distributor itself and its resellers.
 */
export async function regionalCoverage(db: DB, scope: Scope, filters: ReportFilters) {
  const base = await baseCurrency(db);
  const partnerScope =
    scope.kind === "partner" ? sql<SqlBool>`(p.id = ${scope.partnerId} OR p.parent_id = ${scope.partnerId})` : submissionFilter(scope, "p.id");
  const inRange = { ...filters, regionId: null, groupBy: "region" as const };
  const [regions, partners, sales, sellers] = await Promise.all([
    db.selectFrom("regions").select(["id", "code", "name", "name_zh"]).orderBy("name").execute(),
    sql<{ region_id: number; partners: number; distributors: number; resellers: number }>`
      SELECT COALESCE(p.region_id, 0) AS region_id, COUNT(*) AS partners, SUM(p.type = 'distributor') AS distributors, SUM(p.type <> 'distributor') AS resellers
      FROM partners p WHERE p.status = 'active' AND ${partnerScope}
      GROUP BY COALESCE(p.region_id, 0)`.execute(db),
    groups(db, scope, inRange, base, { sort: "label", dir: "asc" }),
    sql<{ region_id: number; sellers: number }>`
      SELECT ${FINE.region} AS region_id, COUNT(DISTINCT seller.id) AS sellers FROM ${FINE.from}
      WHERE ${whereFor(scope, inRange, FINE)} GROUP BY ${FINE.region}`.execute(db),
  ]);
  const rows = [
    ...regions.map((r) => ({ id: r.id, code: r.code as string | null, name: r.name as string | null, name_zh: r.name_zh })),
    { id: 0, code: null, name: null, name_zh: null },
  ].map((region) => {
    const p = partners.rows.find((x) => Number(x.region_id) === region.id);
    const s = sales.rows.find((x) => x.key === String(region.id));
    return {
      ...region,
      partners: Number(p?.partners ?? 0),
      distributors: Number(p?.distributors ?? 0),
      resellers: Number(p?.resellers ?? 0),
      sellers: Number(sellers.rows.find((x) => Number(x.region_id) === region.id)?.sellers ?? 0),
      quantity: s?.quantity ?? "0",
      line_count: s?.line_count ?? "0",
      amount_base: s ? s.amount_base : "0.00",
    };
  });
  // "No region" only when something is there.
  return { base, regions: rows.filter((r) => r.id !== 0 || r.partners > 0 || r.line_count !== "0") };
}

// ---------------------------------------------------------------------------------------------
// The lines behind a group

export interface LinesQuery extends ReportFilters, ListPaging<LineSort> {
  /** The group's key under filters.groupBy; null: every line of the filters. */
  key: string | null;
}

export function readLinesQuery(params: URLSearchParams): LinesQuery {
  const filters = readReportFilters(params);
  const key = (params.get("key") ?? "").trim();
  const valid = filters.groupBy === "period" ? readPeriod(key) : /^\d{1,10}$/.test(key) ? key : null;
  const paging = readPaging(params, LINE_SORTS, "transaction_date");
  return { ...filters, ...paging, key: valid };
}

function lineConditions(scope: Scope, query: LinesQuery): RawBuilder<SqlBool> {
  const seller = sql`COALESCE(seller.region_id, 0)`;
  const conditions: RawBuilder<unknown>[] = [submissionFilter(scope, "l.distributor_id"), sql`l.period BETWEEN ${query.from} AND ${query.to}`];
  if (query.distributorId !== null) conditions.push(sql`l.distributor_id = ${query.distributorId}`);
  if (query.productLineId !== null) conditions.push(sql`pr.product_line_id = ${query.productLineId}`);
  if (query.regionId !== null) conditions.push(sql`${seller} = ${query.regionId}`);
  if (query.currency) conditions.push(sql`l.currency = ${query.currency}`);
  if (query.key !== null) {
    const key = query.key;
    const byGroup: Record<GroupBy, RawBuilder<unknown>> = {
      period: sql`l.period = ${key}`,
      distributor: sql`l.distributor_id = ${Number(key)}`,
      reseller: key === "0" ? sql`l.reseller_id IS NULL` : sql`l.reseller_id = ${Number(key)}`,
      product_line: sql`pr.product_line_id = ${Number(key)}`,
      sku: sql`l.product_id = ${Number(key)}`,
      region: sql`${seller} = ${Number(key)}`,
    };
    conditions.push(byGroup[query.groupBy]);
  }
  return sql<SqlBool>`${sql.join(conditions, sql` AND `)}`;
}

// Only the lines of each month's current submission: a checked or replaced one keeps its own until purged.
const LINES_FROM = sql`sell_through_lines l
  JOIN sell_through_periods sp ON sp.distributor_id = l.distributor_id AND sp.period = l.period AND sp.submission_id = l.submission_id
  JOIN products pr ON pr.id = l.product_id
  LEFT JOIN partners seller ON seller.id = COALESCE(l.reseller_id, l.distributor_id)`;

export interface ReportLine {
  id: string;
  period: string;
  transaction_date: string;
  invoice_no: string;
  line_no: string;
  distributor_code: string;
  distributor_name: string;
  reseller_code: string | null;
  reseller_name: string | null;
  /** For a direct sale, the reseller as the distributor's line named it (a name it answered "a direct sale"); "" otherwise. */
  reseller_as_written: string;
  end_customer_name: string;
  end_customer_country: string;
  sku: string;
  product_name: string;
  quantity: number;
  unit_price: string;
  currency: string;
  amount: string;
  amount_base: string | null;
  deal_id: number | null;
}

const LINE_SORT_SQL: Record<LineSort, RawBuilder<unknown>> = {
  transaction_date: sql`l.transaction_date`,
  invoice_no: sql`l.invoice_no`,
  quantity: sql`l.quantity`,
  amount: sql`l.amount`,
};

async function selectLines(db: DB, scope: Scope, query: LinesQuery, base: string, limit: number, offset: number): Promise<ReportLine[]> {
  const dir = sql.raw(query.dir === "desc" ? "DESC" : "ASC");
  const result = await sql<ReportLine>`
    SELECT CONCAT(l.submission_id, '-', l.row_no) AS id, l.period, DATE_FORMAT(l.transaction_date, '%Y-%m-%d') AS transaction_date, l.invoice_no, l.line_no,
      d.code AS distributor_code, d.name AS distributor_name, rs.code AS reseller_code, rs.name AS reseller_name,
      l.reseller_name AS reseller_as_written, l.end_customer_name, l.end_customer_country, pr.sku, pr.name AS product_name, l.quantity, l.unit_price, l.currency, l.amount,
      ROUND(l.amount * ${rateOf(base, sql`l.currency`)}, 2) AS amount_base, l.deal_id
    FROM ${LINES_FROM}
      JOIN partners d ON d.id = l.distributor_id
      LEFT JOIN partners rs ON rs.id = l.reseller_id
      LEFT JOIN exchange_rates r ON r.period = l.period AND r.currency = l.currency
    WHERE ${lineConditions(scope, query)}
    ORDER BY ${LINE_SORT_SQL[query.sort]} ${dir}, l.submission_id ${dir}, l.row_no ${dir}
    LIMIT ${limit} OFFSET ${offset}`.execute(db);
  return result.rows.map((r) => ({ ...r, id: String(r.id) }));
}

export async function reportLines(db: DB, scope: Scope, query: LinesQuery) {
  const base = await baseCurrency(db);
  const filtered = currentLines(db)
    .innerJoin("products as pr", "pr.id", "l.product_id")
    .leftJoin(sql`partners`.as("seller"), (j) => j.on(sql<SqlBool>`seller.id = COALESCE(l.reseller_id, l.distributor_id)`))
    .where(lineConditions(scope, query));
  const [rows, count] = await Promise.all([
    selectLines(db, scope, query, base, query.pageSize, (query.page - 1) * query.pageSize),
    cappedCount(db, filtered, countKey("sell-through-report-lines", scope, query)),
  ]);
  return { base, rows, ...count };
}

/** Up to LINES_EXPORT_CAP lines of the drill-down, for its CSV. */
export async function allReportLines(db: DB, scope: Scope, query: LinesQuery) {
  const base = await baseCurrency(db);
  return { base, rows: await selectLines(db, scope, query, base, LINES_EXPORT_CAP, 0) };
}

// ---------------------------------------------------------------------------------------------
// Keeping the summary rollup

/**
 * Rebuilds the summary, per-reseller and totals rollups of one distributor's month from sell_through_monthly;
 * called in the commit's transaction right after that month's sell_through_monthly is rebuilt.
 */
export async function rebuildMonthlySummary(db: DB, distributorId: number, period: string): Promise<void> {
  await db.deleteFrom("sell_through_monthly_summary").where("distributor_id", "=", distributorId).where("period", "=", period).execute();
  await sql`
    INSERT INTO sell_through_monthly_summary (distributor_id, period, product_line_id, region_id, currency, quantity, amount, line_count)
    SELECT m.distributor_id, m.period, pr.product_line_id, COALESCE(seller.region_id, 0), m.currency, SUM(m.quantity), SUM(m.amount), SUM(m.line_count)
    FROM ${FINE_FROM}
    WHERE m.distributor_id = ${distributorId} AND m.period = ${period}
    GROUP BY m.distributor_id, m.period, pr.product_line_id, COALESCE(seller.region_id, 0), m.currency`.execute(db);
  await db.deleteFrom("sell_through_reseller_totals").where("distributor_id", "=", distributorId).where("period", "=", period).execute();
  await sql`
    INSERT INTO sell_through_reseller_totals (distributor_id, period, reseller_id, currency, quantity, amount, line_count)
    SELECT distributor_id, period, reseller_id, currency, SUM(quantity), SUM(amount), SUM(line_count)
    FROM sell_through_monthly
    WHERE distributor_id = ${distributorId} AND period = ${period}
    GROUP BY distributor_id, period, reseller_id, currency`.execute(db);
  await db.deleteFrom("sell_through_monthly_totals").where("distributor_id", "=", distributorId).where("period", "=", period).execute();
  await sql`
    INSERT INTO sell_through_monthly_totals (distributor_id, period, currency, quantity, amount, line_count)
    SELECT distributor_id, period, currency, SUM(quantity), SUM(amount), SUM(line_count)
    FROM sell_through_monthly_summary
    WHERE distributor_id = ${distributorId} AND period = ${period}
    GROUP BY distributor_id, period, currency`.execute(db);
}

/**
 * Sell-through per month in the base currency, every month from `from` to `to` (0.00 where
 * nothing was sold, null where a rate is missing), and the total of the months as the report
 * of that range shows it (summed exactly, rounded once).
 */
export async function monthlyBaseTotals(db: DB, scope: Scope, from: string, to: string) {
  const base = await baseCurrency(db);
  const filters: ReportFilters = { from, to, groupBy: "period", distributor: "", distributorId: null, productLineId: null, regionId: null, currency: "" };
  const months = await monthsAndCurrencies(db, scope, filters, base);
  const series: { period: string; amount_base: string | null }[] = [];
  for (let p = from; p <= to; p = addMonths(p, 1)) series.push({ period: p, amount_base: months.has(p) ? combine(months.get(p)!).amount_base : "0.00" });
  return { base, series, total: combine([...months.values()].flat()).amount_base };
}

/** Every distributor in scope with sell-through in the months, biggest first (as the report grouped by distributor lists them). */
export async function distributorRanking(db: DB, scope: Scope, from: string, to: string) {
  const base = await baseCurrency(db);
  const filters: ReportFilters = { from, to, groupBy: "distributor", distributor: "", distributorId: null, productLineId: null, regionId: null, currency: "" };
  const { rows } = await groups(db, scope, filters, base, { sort: "amount_base", dir: "desc" });
  return { base, rows };
}
