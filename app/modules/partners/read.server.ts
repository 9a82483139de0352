// Reading partners within the caller's scope: the list behind /partners (server-side sort,
// filters, pagination; the CSV export uses the same query) and one partner with its details.
import { sql } from "kysely";
import { partnerFilter, type Scope } from "~/lib/scope.server";
import { notFound } from "~/lib/http.server";
import { likePattern, readChoice, readId, readPaging, readText, type ListPaging } from "~/lib/list-query";
import { PARTNER_STATUSES, PARTNER_TYPES, TIERS, type PartnerStatus, type PartnerType, type Tier } from "../../../db/types";
import { PARTNER_SORTS, type PartnerSort } from "./schemas";
import type { DB } from "~/lib/db.server";

export interface PartnerListQuery extends ListPaging<PartnerSort> {
  q: string;
  type: PartnerType | "";
  tier: Tier | "";
  status: PartnerStatus | "";
  regionId: number | null;
  managerId: number | null;
}

export function readPartnerListQuery(params: URLSearchParams): PartnerListQuery {
  return {
    ...readPaging(params, PARTNER_SORTS, "name"),
    q: readText(params, "q"),
    type: readChoice(params, "type", PARTNER_TYPES),
    tier: readChoice(params, "tier", TIERS),
    status: readChoice(params, "status", PARTNER_STATUSES),
    regionId: readId(params, "region"),
    managerId: readId(params, "manager"),
  };
}

const SORT_COLUMNS: Record<PartnerSort, string> = {
  name: "partners.name",
  code: "partners.code",
  type: "partners.type",
  tier: "tiers.position",
  status: "partners.status",
  country: "partners.country",
  region: "regions.name",
  manager: "managers.name",
  created_at: "partners.created_at",
};

function filteredPartners(db: DB, scope: Scope, query: Omit<PartnerListQuery, keyof ListPaging<PartnerSort>>) {
  let q = db
    .selectFrom("partners")
    .innerJoin("tiers", "tiers.tier", "partners.tier")
    .leftJoin("regions", "regions.id", "partners.region_id")
    .leftJoin("users as managers", "managers.id", "partners.channel_manager_id")
    .leftJoin("partners as parents", "parents.id", "partners.parent_id")
    .where(partnerFilter(scope, "partners.id"));
  if (query.q) {
    const like = likePattern(query.q);
    q = q.where((eb) => eb.or([eb("partners.name", "like", like), eb("partners.code", "like", like), eb("partners.postcode", "like", like)]));
  }
  if (query.type) q = q.where("partners.type", "=", query.type);
  if (query.tier) q = q.where("partners.tier", "=", query.tier);
  if (query.status) q = q.where("partners.status", "=", query.status);
  if (query.regionId) q = q.where("partners.region_id", "=", query.regionId);
  if (query.managerId) q = q.where("partners.channel_manager_id", "=", query.managerId);
  return q;
}

export async function listPartners(db: DB, scope: Scope, query: PartnerListQuery, options: { all?: boolean } = {}) {
  const base = filteredPartners(db, scope, query);
  let rowsQuery = base
    .select([
      "partners.id",
      "partners.code",
      "partners.name",
      "partners.type",
      "partners.tier",
      "partners.status",
      "partners.country",
      "partners.postcode",
      "partners.capacity",
      "partners.created_at",
      "regions.name as region_name",
      "regions.name_zh as region_name_zh",
      "regions.code as region_code",
      "managers.name as manager_name",
      "parents.name as parent_name",
    ])
    .orderBy(sql.ref(SORT_COLUMNS[query.sort]), query.dir)
    .orderBy("partners.id", query.dir);
  if (!options.all) rowsQuery = rowsQuery.limit(query.pageSize).offset((query.page - 1) * query.pageSize);
  const [rows, total] = await Promise.all([rowsQuery.execute(), base.select(sql<number>`COUNT(*)`.as("n")).executeTakeFirstOrThrow()]);
  return { rows, total: Number(total.n) };
}

export type PartnerRow = Awaited<ReturnType<typeof listPartners>>["rows"][number];

export async function getPartner(db: DB, scope: Scope, partnerId: number) {
  const partner = await db
    .selectFrom("partners")
    .leftJoin("regions", "regions.id", "partners.region_id")
    .leftJoin("users as managers", "managers.id", "partners.channel_manager_id")
    .leftJoin("partners as parents", "parents.id", "partners.parent_id")
    .selectAll("partners")
    .select(["regions.name as region_name", "regions.name_zh as region_name_zh", "managers.name as manager_name", "parents.name as parent_name"])
    .where("partners.id", "=", partnerId)
    .where(partnerFilter(scope, "partners.id"))
    .executeTakeFirst();
  if (!partner) notFound();
  const [productLines, children, users] = await Promise.all([
    db
      .selectFrom("partner_product_lines")
      .innerJoin("product_lines", "product_lines.id", "partner_product_lines.product_line_id")
      .select(["product_lines.id", "product_lines.name", "product_lines.name_zh"])
      .where("partner_product_lines.partner_id", "=", partner.id)
      .orderBy("product_lines.name")
      .execute(),
    db
      .selectFrom("partners")
      .select(["id", "code", "name", "status"])
      .where("parent_id", "=", partner.id)
      .where(partnerFilter(scope, "partners.id"))
      .orderBy("name")
      .execute(),
    db
      .selectFrom("users")
      .select(({ fn }) => fn.countAll<number>().as("n"))
      .where("partner_id", "=", partner.id)
      .executeTakeFirstOrThrow(),
  ]);
  return { ...partner, productLines, children, userCount: Number(users.n) };
}

/** The choices the list's filters offer: regions, and channel managers for vendor users. */
export async function partnerFilterOptions(db: DB, scope: Scope) {
  const [regions, managers] = await Promise.all([
    db.selectFrom("regions").select(["id", "name", "name_zh"]).orderBy("name").execute(),
    scope.kind === "partner"
      ? Promise.resolve([])
      : db.selectFrom("users").select(["id", "name"]).where("role", "=", "channel_manager").where("status", "!=", "deactivated").orderBy("name").execute(),
  ]);
  return { regions, managers };
}

/** Choices for the partner form: distributors that can be a parent, channel managers, regions, product lines. */
export async function partnerFormOptions(db: DB) {
  const [distributors, managers, regions, productLines] = await Promise.all([
    db.selectFrom("partners").select(["id", "code", "name"]).where("type", "=", "distributor").orderBy("name").execute(),
    db.selectFrom("users").select(["id", "name", "email"]).where("role", "=", "channel_manager").where("status", "!=", "deactivated").orderBy("name").execute(),
    db.selectFrom("regions").select(["id", "code", "name", "name_zh"]).orderBy("name").execute(),
    db.selectFrom("product_lines").select(["id", "code", "name", "name_zh"]).orderBy("name").execute(),
  ]);
  return { distributors, managers, regions, productLines };
}
