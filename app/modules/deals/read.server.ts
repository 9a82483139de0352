// Reading deal registrations within the caller's scope: the /deals list (and the review queue,
// the same list oldest first), and one registration with its lines, history and conflicts.
// Partners learn only that a customer "is already registered", never by whom.
import { sql } from "kysely";
import { dealFilter, isVendor, type Scope } from "~/lib/scope.server";
import { notFound } from "~/lib/http.server";
import { likePattern, readChoice, readPaging, readText, type ListPaging } from "~/lib/list-query";
import { now } from "~/lib/clock.server";
import { cappedCount, countKey } from "~/lib/capped-count.server";
import { partnerRefFilter } from "~/modules/partners/picker.server";
import { unscoped } from "~/lib/scope-guard.server";
import { DEAL_STATUSES, type DealStatus } from "../../../db/types";
import { EXPIRING_DAYS } from "./constants";
import type { DB } from "~/lib/db.server";

export const DEAL_SORTS = ["created_at", "submitted_at", "customer_name", "status", "total_amount", "expected_close_date", "expires_at"] as const;
export type DealSort = (typeof DEAL_SORTS)[number];

export interface DealListQuery extends ListPaging<DealSort> {
  q: string;
  status: DealStatus | "";
  partner: string;
  /** Approved registrations whose protection ends within EXPIRING_DAYS. */
  expiring: boolean;
  /** Won or lost on or after this day (UTC, YYYY-MM-DD): the window of a scorecard's win rate. */
  closedSince: string | null;
  /** The review queue: waiting for a decision, oldest first. */
  review: boolean;
}

export function readDealListQuery(params: URLSearchParams, options: { review?: boolean } = {}): DealListQuery {
  const paging = readPaging(params, DEAL_SORTS, options.review ? "submitted_at" : "created_at");
  return {
    ...paging,
    dir: params.get("dir") ? paging.dir : options.review ? "asc" : "desc",
    q: readText(params, "q"),
    status: readChoice(params, "status", DEAL_STATUSES),
    partner: readText(params, "partner"),
    expiring: params.get("expiring") === "1",
    closedSince: /^\d{4}-\d{2}-\d{2}$/.test(params.get("closedSince") ?? "") ? params.get("closedSince") : null,
    review: options.review ?? false,
  };
}

const SORT_COLUMNS: Record<DealSort, string> = {
  created_at: "deals.created_at",
  submitted_at: "deals.submitted_at",
  customer_name: "deals.customer_name",
  status: "deals.status",
  total_amount: "deals.total_amount",
  expected_close_date: "deals.expected_close_date",
  expires_at: "deals.expires_at",
};

/** When a won or lost deal (of the outer query's `deals`) was closed: the event that made it so. */
export const DEAL_CLOSED_AT = sql<Date>`(SELECT MAX(closed.at) FROM deal_events closed WHERE closed.deal_id = deals.id AND closed.to_status IN ('won', 'lost'))`;

function filteredDeals(db: DB, scope: Scope, query: DealListQuery) {
  let q = db.selectFrom("deals").where(dealFilter(scope));
  if (query.q) {
    const like = likePattern(query.q);
    q = q.where((eb) => eb.or([eb("deals.name", "like", like), eb("deals.customer_name", "like", like), eb("deals.customer_domain", "like", like)]));
  }
  if (query.status) q = q.where("deals.status", "=", query.status);
  const partner = partnerRefFilter(query.partner, "deals.partner_id");
  if (partner) q = q.where(partner);
  if (query.expiring) {
    q = q.where("deals.status", "=", "approved").where("deals.expires_at", "<=", new Date(now().getTime() + EXPIRING_DAYS * 24 * 3600 * 1000));
  }
  if (query.closedSince) q = q.where("deals.status", "in", ["won", "lost"]).where(DEAL_CLOSED_AT, ">=", new Date(`${query.closedSince}T00:00:00Z`));
  if (query.review) q = q.where("deals.status", "in", ["submitted", "more_info"]);
  return q;
}

/** What a list row and a conflicting registration both show of a deal. */
const DEAL_SUMMARY = [
  "deals.id",
  "deals.name",
  "deals.customer_name",
  "deals.customer_domain",
  "deals.customer_country",
  "deals.status",
  "deals.currency",
  "deals.total_amount",
] as const;

export async function listDeals(db: DB, scope: Scope, query: DealListQuery, options: { all?: boolean } = {}) {
  const base = filteredDeals(db, scope, query);
  let rows = base
    .innerJoin("partners", "partners.id", "deals.partner_id")
    .leftJoin("partners as fulfilling", "fulfilling.id", "deals.fulfilling_partner_id")
    .select([
      ...DEAL_SUMMARY,
      "deals.discounted_total",
      "deals.final_amount",
      "deals.expected_close_date",
      "deals.submitted_at",
      "deals.expires_at",
      "deals.created_at",
      "deals.has_conflict",
      "partners.name as partner_name",
      "fulfilling.name as fulfilling_name",
    ])
    .orderBy(sql.ref(SORT_COLUMNS[query.sort]), query.dir)
    .orderBy("deals.id", query.dir);
  if (!options.all) rows = rows.limit(query.pageSize).offset((query.page - 1) * query.pageSize);
  const [list, count] = await Promise.all([
    rows.execute(),
    options.all ? { total: 0, totalIsLowerBound: false } : cappedCount(db, base, countKey("deals", scope, query)),
  ]);
  // A partner sees that its registration collides with another, not whose it is; the flag is
  // for the reviewer.
  const shown = isVendor(scope) ? list : list.map((r) => ({ ...r, has_conflict: 0 }));
  return { rows: shown, ...count };
}

export type DealRow = Awaited<ReturnType<typeof listDeals>>["rows"][number];

export async function getDeal(db: DB, scope: Scope, dealId: number) {
  const deal = await db
    .selectFrom("deals")
    .innerJoin("partners", "partners.id", "deals.partner_id")
    .leftJoin("partners as fulfilling", "fulfilling.id", "deals.fulfilling_partner_id")
    .innerJoin("users as creators", "creators.id", "deals.created_by")
    .selectAll("deals")
    .select(["partners.name as partner_name", "partners.tier as partner_tier", "fulfilling.name as fulfilling_name", "creators.name as creator_name"])
    .where("deals.id", "=", dealId)
    .where(dealFilter(scope))
    .executeTakeFirst();
  if (!deal) notFound();
  const vendor = isVendor(scope);
  const [lines, events, conflicts] = await Promise.all([
    db
      .selectFrom("deal_lines")
      .innerJoin("products", "products.id", "deal_lines.product_id")
      .innerJoin("product_lines", "product_lines.id", "deal_lines.product_line_id")
      .select([
        "deal_lines.line_no",
        "deal_lines.product_id",
        "products.sku",
        "products.name as product_name",
        "product_lines.name as product_line_name",
        "product_lines.name_zh as product_line_name_zh",
        "deal_lines.quantity",
        "deal_lines.unit_price",
        "deal_lines.line_total",
        "deal_lines.discounted_unit_price",
        "deal_lines.discounted_total",
      ])
      .where("deal_lines.deal_id", "=", dealId)
      .orderBy("deal_lines.line_no")
      .execute(),
    db
      .selectFrom("deal_events")
      .select(["id", "at", "actor_email", "event", "from_status", "to_status", "text"])
      .where("deal_id", "=", dealId)
      .orderBy("at")
      .orderBy("id")
      .execute(),
    vendor ? conflictsOf(db, dealId) : Promise.resolve([]),
  ]);
  return {
    deal: vendor ? deal : { ...deal, has_conflict: 0 },
    lines,
    events,
    conflicts,
    /** What a partner may know: another partner already registered this customer. */
    alreadyRegistered: !vendor && deal.has_conflict === 1,
  };
}

/** The other registrations this one collided with, for the reviewer's side-by-side view. */
async function conflictsOf(db: DB, dealId: number) {
  const others = await db
    .selectFrom("deal_conflicts")
    .innerJoin("deals", "deals.id", "deal_conflicts.other_deal_id")
    .innerJoin("partners", "partners.id", "deals.partner_id")
    .select([
      ...DEAL_SUMMARY,
      "deals.expected_close_date",
      "deals.submitted_at",
      "deals.expires_at",
      "partners.name as partner_name",
      "deal_conflicts.matched_on",
    ])
    .where("deal_conflicts.deal_id", "=", dealId)
    .orderBy("deals.submitted_at")
    .$call(unscoped("the deal was found through the scope; its conflicts are shown to the vendor only"))
    .execute();
  const lines = others.length
    ? await db
        .selectFrom("deal_lines")
        .innerJoin("product_lines", "product_lines.id", "deal_lines.product_line_id")
        .select(["deal_lines.deal_id", "product_lines.name", "product_lines.name_zh"])
        .distinct()
        .where(
          "deal_lines.deal_id",
          "in",
          others.map((o) => o.id),
        )
        .execute()
    : [];
  return others.map((o) => ({ ...o, productLines: lines.filter((l) => l.deal_id === o.id).map((l) => ({ name: l.name, name_zh: l.name_zh })) }));
}
