// Reading leads within the caller's scope: the /leads list (the vendor's working list, or a
// partner's inbox with open offers first) and one lead with its offers and history. Partner
// users never see other partners' offers or scores, and see contact details only once they
// have accepted.
import { sql, type SelectQueryBuilder } from "kysely";
import { leadFilter, type Scope } from "~/lib/scope.server";
import { notFound } from "~/lib/http.server";
import { likePattern, readChoice, readDay, readId, readPaging, readText, type ListPaging } from "~/lib/list-query";
import { now } from "~/lib/clock.server";
import { cappedCount, countKey } from "~/lib/capped-count.server";
import { partnerRefFilter } from "~/modules/partners/picker.server";
import { unscoped } from "~/lib/scope-guard.server";
import { LEAD_SOURCES, LEAD_STATUSES, type LeadSource, type LeadStatus, type OfferOutcome } from "../../../db/types";
import type { ScoreBreakdown } from "./router";
import type { DB } from "~/lib/db.server";

export const LEAD_SORTS = ["inbox", "created_at", "company", "status", "offer_expires_at", "estimated_value", "country"] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];

export interface LeadListQuery extends ListPaging<LeadSort> {
  q: string;
  status: LeadStatus | "";
  /** The partner filter as typed or linked: a partner id or a partner code. */
  partner: string;
  regionId: number | null;
  productLineId: number | null;
  source: LeadSource | "";
  offeredSince: Date | null;
  overdue: boolean;
  attention: boolean;
}

export function readLeadListQuery(params: URLSearchParams, scope: Scope): LeadListQuery {
  const paging = readPaging(params, LEAD_SORTS, scope.kind === "partner" ? "inbox" : "created_at");
  return {
    ...paging,
    // The vendor's list is newest first unless asked otherwise.
    dir: params.get("dir") ? paging.dir : scope.kind === "partner" ? "asc" : "desc",
    q: readText(params, "q"),
    status: readChoice(params, "status", LEAD_STATUSES),
    partner: readText(params, "partner"),
    regionId: readId(params, "region"),
    productLineId: readId(params, "line"),
    source: readChoice(params, "source", LEAD_SOURCES),
    offeredSince: readDay(params, "offeredSince"),
    overdue: params.get("overdue") === "1",
    attention: params.get("attention") === "1",
  };
}

/** Every filter is on the leads table itself, so counting never needs the joins the list shows. */
function filteredLeads(db: DB, scope: Scope, query: LeadListQuery) {
  let q = db.selectFrom("leads").where(leadFilter(scope));
  if (query.q) {
    const like = likePattern(query.q);
    q = q.where((eb) => eb.or([eb("leads.company", "like", like), eb("leads.contact_name", "like", like), eb("leads.contact_email", "like", like)]));
  }
  if (query.status) q = q.where("leads.status", "=", query.status);
  const partner = partnerRefFilter(query.partner, "leads.partner_id");
  if (partner) q = q.where(partner);
  if (query.regionId) q = q.where("leads.region_id", "=", query.regionId);
  if (query.productLineId) q = q.where("leads.product_line_id", "=", query.productLineId);
  if (query.source) q = q.where("leads.source", "=", query.source);
  if (query.offeredSince) q = q.where("leads.offered_at", ">=", query.offeredSince);
  if (query.overdue) q = q.where("leads.status", "=", "offered").where("leads.offer_expires_at", "<", now());
  if (query.attention) q = q.where("leads.needs_attention", "=", 1).where("leads.status", "=", "new");
  return q;
}

const SORT_COLUMNS: Record<Exclude<LeadSort, "inbox">, string> = {
  created_at: "leads.created_at",
  company: "leads.company",
  status: "leads.status",
  offer_expires_at: "leads.offer_expires_at",
  estimated_value: "leads.estimated_value",
  country: "leads.country",
};

/** Open offers first, soonest deadline first; then the rest by how far along they are. */
function inboxOrder<DB, TB extends keyof DB, O>(q: SelectQueryBuilder<DB, TB, O>, dir: "asc" | "desc"): SelectQueryBuilder<DB, TB, O> {
  return q
    .orderBy(sql`CASE leads.status WHEN 'offered' THEN 0 WHEN 'accepted' THEN 1 WHEN 'contacted' THEN 2 WHEN 'qualified' THEN 3 ELSE 4 END`)
    .orderBy(sql.ref("leads.offer_expires_at"), "asc")
    .orderBy(sql.ref("leads.updated_at"), "desc")
    .orderBy(sql.ref("leads.id"), dir);
}

export async function listLeads(db: DB, scope: Scope, query: LeadListQuery, options: { all?: boolean } = {}) {
  const base = filteredLeads(db, scope, query);
  const offset = (query.page - 1) * query.pageSize;
  // The inbox sorts all of a partner's leads: the page's ids come from the partner index alone
  // (0009_leads_inbox_index), and only those leads are read whole and joined.
  const inboxPage = query.sort === "inbox" && !options.all;
  const from = inboxPage
    ? db.selectFrom(inboxOrder(base.select("leads.id"), query.dir).limit(query.pageSize).offset(offset).as("page")).innerJoin("leads", "leads.id", "page.id")
    : base;
  // LEFT JOIN product_lines (every lead has one): with an inner join MariaDB starts from the
  // four product lines and sorts a third of all leads; this way it walks the sort index.
  let rows = from
    .leftJoin("partners", "partners.id", "leads.partner_id")
    .leftJoin("product_lines", "product_lines.id", "leads.product_line_id")
    .leftJoin("regions", "regions.id", "leads.region_id")
    .leftJoin("users as owners", "owners.id", "leads.owner_user_id")
    .select([
      "leads.id",
      "leads.company",
      "leads.country",
      "leads.postcode",
      "leads.status",
      "leads.source",
      "leads.estimated_value",
      "leads.currency",
      "leads.offered_at",
      "leads.offer_expires_at",
      "leads.needs_attention",
      "leads.duplicate_of_id",
      "leads.created_at",
      "partners.name as partner_name",
      "product_lines.name as product_line_name",
      "product_lines.name_zh as product_line_name_zh",
      "regions.code as region_code",
      "owners.name as owner_name",
    ]);
  if (query.sort === "inbox") rows = inboxOrder(rows, query.dir);
  else rows = rows.orderBy(sql.ref(SORT_COLUMNS[query.sort]), query.dir).orderBy("leads.id", query.dir);
  if (!options.all && !inboxPage) rows = rows.limit(query.pageSize).offset(offset);
  // Without the joins the count reads only the scope's index.
  const [list, count] = await Promise.all([
    rows.execute(),
    options.all ? { total: 0, totalIsLowerBound: false } : cappedCount(db, base, countKey("leads", scope, query)),
  ]);
  return { rows: list, ...count };
}

export type LeadRow = Awaited<ReturnType<typeof listLeads>>["rows"][number];

interface OfferView {
  id: number;
  partnerId: number;
  partnerName: string;
  userName: string | null;
  offeredBy: string | null;
  offeredAt: Date;
  expiresAt: Date;
  outcome: OfferOutcome;
  outcomeAt: Date | null;
  reason: string | null;
  breakdown: ScoreBreakdown | null;
  candidates: (ScoreBreakdown & { partnerId: number; partnerName: string })[];
}

export async function getLead(db: DB, scope: Scope, leadId: number) {
  const lead = await db
    .selectFrom("leads")
    .leftJoin("partners", "partners.id", "leads.partner_id")
    .innerJoin("product_lines", "product_lines.id", "leads.product_line_id")
    .leftJoin("regions", "regions.id", "leads.region_id")
    .leftJoin("users as owners", "owners.id", "leads.owner_user_id")
    .selectAll("leads")
    .select([
      "partners.name as partner_name",
      "product_lines.name as product_line_name",
      "product_lines.name_zh as product_line_name_zh",
      "regions.name as region_name",
      "regions.name_zh as region_name_zh",
      "owners.name as owner_name",
    ])
    .where("leads.id", "=", leadId)
    .where(leadFilter(scope))
    .executeTakeFirst();
  if (!lead) notFound();
  const partnerView = scope.kind === "partner";

  let offersQuery = db
    .selectFrom("lead_offers")
    .innerJoin("partners", "partners.id", "lead_offers.partner_id")
    .leftJoin("users as offerees", "offerees.id", "lead_offers.user_id")
    .leftJoin("users as offerers", "offerers.id", "lead_offers.offered_by")
    .select([
      "lead_offers.id",
      "lead_offers.partner_id",
      "partners.name as partner_name",
      "offerees.name as user_name",
      "offerers.name as offered_by_name",
      "lead_offers.offered_at",
      "lead_offers.expires_at",
      "lead_offers.outcome",
      "lead_offers.outcome_at",
      "lead_offers.reason",
      "lead_offers.breakdown",
      "lead_offers.candidates",
    ])
    .where("lead_offers.lead_id", "=", lead.id)
    .orderBy("lead_offers.offered_at", "desc");
  // A partner sees only its own offers: never who else had the lead, or anyone's scores.
  if (partnerView) offersQuery = offersQuery.where("lead_offers.partner_id", "=", lead.partner_id ?? -1);
  let eventsQuery = db.selectFrom("lead_events").selectAll().where("lead_id", "=", lead.id).orderBy("at", "desc").orderBy("id", "desc");
  if (partnerView) eventsQuery = eventsQuery.where("partner_id", "=", lead.partner_id ?? -1);
  const ofTheLead = unscoped("offers and events of a lead the caller found through the scope (a partner: its own only)");
  const [offerRows, events] = await Promise.all([offersQuery.$call(ofTheLead).execute(), eventsQuery.$call(ofTheLead).execute()]);

  const candidateIds = new Set<number>();
  for (const o of offerRows) for (const c of o.candidates ? (JSON.parse(o.candidates) as { partnerId: number }[]) : []) candidateIds.add(c.partnerId);
  const names = candidateIds.size
    ? new Map(
        (
          await db
            .selectFrom("partners")
            .select(["id", "name"])
            .where("id", "in", [...candidateIds])
            .execute()
        ).map((p) => [p.id, p.name]),
      )
    : new Map<number, string>();

  const offers: OfferView[] = offerRows.map((o) => ({
    id: o.id,
    partnerId: o.partner_id,
    partnerName: o.partner_name,
    userName: o.user_name,
    offeredBy: o.offered_by_name,
    offeredAt: o.offered_at,
    expiresAt: o.expires_at,
    outcome: o.outcome,
    outcomeAt: o.outcome_at,
    reason: o.reason,
    breakdown: !partnerView && o.breakdown ? (JSON.parse(o.breakdown) as ScoreBreakdown) : null,
    candidates:
      !partnerView && o.candidates
        ? (JSON.parse(o.candidates) as (ScoreBreakdown & { partnerId: number })[]).map((c) => ({
            ...c,
            partnerName: names.get(c.partnerId) ?? `#${c.partnerId}`,
          }))
        : [],
  }));

  const contactHidden = partnerView && lead.status === "offered";
  return {
    lead: {
      ...lead,
      contact_name: contactHidden ? "" : lead.contact_name,
      contact_email: contactHidden ? "" : lead.contact_email,
      contact_phone: contactHidden ? "" : lead.contact_phone,
      // Which earlier lead this looks like is the vendor's business.
      duplicate_of_id: partnerView ? null : lead.duplicate_of_id,
      pool_reason: partnerView ? null : lead.pool_reason,
    },
    contactHidden,
    offers,
    events,
  };
}
