// The vendor's view of applications. Who sees which: an admin every application; a channel
// manager those assigned to them and the unassigned ones (so that anyone free can take one up),
// never another manager's; partner users none (answered as not found).
import { notFound } from "~/lib/http.server";
import { readChoice, readPaging } from "~/lib/list-query";
import { customerDomain } from "~/modules/deals/customer";
import { APPLICATION_FILTERS, OPEN_STATUSES } from "./schemas";
import type { ExpressionBuilder } from "kysely";
import type { DB } from "~/lib/db.server";
import type { Scope } from "~/lib/scope.server";
import type { Database } from "../../../db/types";

type ApplicationsEb = ExpressionBuilder<Database, "partner_applications">;

export function applicationVisibility(scope: Scope) {
  if (scope.kind === "partner") notFound();
  return (eb: ApplicationsEb) =>
    scope.kind === "admin"
      ? eb.val(true)
      : eb.or([eb("partner_applications.assigned_manager_id", "=", scope.userId), eb("partner_applications.assigned_manager_id", "is", null)]);
}

export const APPLICATION_SORTS = ["created_at", "company_name", "country"] as const;

export function readApplicationListQuery(params: URLSearchParams) {
  const paging = readPaging(params, APPLICATION_SORTS, "created_at");
  // The queue reads oldest first unless asked otherwise.
  return {
    ...paging,
    dir: params.get("dir") === "desc" ? ("desc" as const) : ("asc" as const),
    status: readChoice(params, "status", APPLICATION_FILTERS) || "open",
  };
}
export type ApplicationListQuery = ReturnType<typeof readApplicationListQuery>;

export async function listApplications(db: DB, scope: Scope, query: ApplicationListQuery, options: { all?: boolean } = {}) {
  let q = db
    .selectFrom("partner_applications")
    .leftJoin("users as manager", "manager.id", "partner_applications.assigned_manager_id")
    .leftJoin("partners as duplicate", "duplicate.id", "partner_applications.duplicate_of_partner_id")
    .where(applicationVisibility(scope));
  q = query.status === "open" ? q.where("partner_applications.status", "in", OPEN_STATUSES) : q.where("partner_applications.status", "=", query.status);
  let rowsQuery = q
    .select([
      "partner_applications.id",
      "partner_applications.company_name",
      "partner_applications.partner_type",
      "partner_applications.country",
      "partner_applications.company_size",
      "partner_applications.contact_name",
      "partner_applications.contact_email",
      "partner_applications.status",
      "partner_applications.duplicate_reason",
      "partner_applications.duplicate_of_partner_id",
      "duplicate.name as duplicate_partner_name",
      "partner_applications.assigned_manager_id",
      "manager.name as manager_name",
      "partner_applications.partner_id",
      "partner_applications.created_at",
      "partner_applications.decided_at",
    ])
    .orderBy(`partner_applications.${query.sort}`, query.dir)
    .orderBy("partner_applications.id", query.dir);
  if (!options.all) rowsQuery = rowsQuery.limit(query.pageSize).offset((query.page - 1) * query.pageSize);
  const [rows, count] = await Promise.all([rowsQuery.execute(), q.select(({ fn }) => fn.countAll<number>().as("n")).executeTakeFirstOrThrow()]);
  return { rows, total: Number(count.n) };
}
export type ApplicationRow = Awaited<ReturnType<typeof listApplications>>["rows"][number];

/** A JSON list of ids as stored with the application. */
export function storedIds(json: string): number[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((v): v is number => Number.isInteger(v)) : [];
  } catch {
    return [];
  }
}

/** One application as the vendor sees it: its answers, who looks like it, and its history. */
export async function getApplication(db: DB, scope: Scope, id: number) {
  const application = await db
    .selectFrom("partner_applications")
    .leftJoin("users as manager", "manager.id", "partner_applications.assigned_manager_id")
    .leftJoin("users as decider", "decider.id", "partner_applications.decided_by")
    .selectAll("partner_applications")
    .select(["manager.name as manager_name", "decider.name as decided_by_name"])
    .where("partner_applications.id", "=", id)
    .where(applicationVisibility(scope))
    .executeTakeFirst();
  if (!application) notFound();
  const regionIds = storedIds(application.region_ids_json);
  const productLineIds = storedIds(application.product_line_ids_json);
  const [regions, productLines, events, duplicatePartner, similar] = await Promise.all([
    regionIds.length ? db.selectFrom("regions").select(["id", "name", "name_zh"]).where("id", "in", regionIds).orderBy("name").execute() : [],
    productLineIds.length ? db.selectFrom("product_lines").select(["id", "name", "name_zh"]).where("id", "in", productLineIds).orderBy("name").execute() : [],
    db
      .selectFrom("partner_application_events")
      .leftJoin("users", "users.id", "partner_application_events.actor_user_id")
      .select([
        "partner_application_events.id",
        "partner_application_events.at",
        "partner_application_events.event",
        "partner_application_events.text",
        "users.name as actor_name",
      ])
      .where("partner_application_events.application_id", "=", id)
      .orderBy("partner_application_events.at")
      .orderBy("partner_application_events.id")
      .execute(),
    application.duplicate_of_partner_id ? duplicatePartnerOf(db, application.duplicate_of_partner_id) : null,
    similarApplications(db, scope, application),
  ]);
  return {
    application: { ...application, info_token_hash: undefined, regionIds, productLineIds },
    regions,
    productLines,
    events,
    duplicatePartner,
    similar,
  };
}
export type ApplicationView = Awaited<ReturnType<typeof getApplication>>;

/** The existing partner shown beside a look-alike application: what the vendor compares, nothing more. */
async function duplicatePartnerOf(db: DB, partnerId: number) {
  const partner = await db
    .selectFrom("partners")
    .leftJoin("regions", "regions.id", "partners.region_id")
    .leftJoin("users as manager", "manager.id", "partners.channel_manager_id")
    .select([
      "partners.id",
      "partners.code",
      "partners.name",
      "partners.legal_name",
      "partners.type",
      "partners.tier",
      "partners.status",
      "partners.country",
      "partners.website",
      "partners.contact_email",
      "regions.name as region_name",
      "regions.name_zh as region_name_zh",
      "manager.name as manager_name",
    ])
    .where("partners.id", "=", partnerId)
    .executeTakeFirst();
  return partner ? { ...partner, domain: customerDomain(partner.website) ?? "" } : null;
}

/** Other applications, open or decided, by the same name or web domain, that the caller may see. */
async function similarApplications(db: DB, scope: Scope, application: { id: number; name_key: string; domain_key: string }) {
  return db
    .selectFrom("partner_applications")
    .select(["id", "company_name", "status", "created_at"])
    .where("id", "!=", application.id)
    .where((eb) =>
      eb.or([
        ...(application.name_key ? [eb("name_key", "=", application.name_key)] : []),
        ...(application.domain_key ? [eb("domain_key", "=", application.domain_key)] : []),
        eb.val(false),
      ]),
    )
    .where(applicationVisibility(scope))
    .orderBy("id")
    .limit(10)
    .execute();
}

/** The channel managers an application can be given to. */
export async function channelManagers(db: DB) {
  return db.selectFrom("users").select(["id", "name"]).where("role", "=", "channel_manager").where("status", "=", "active").orderBy("name").execute();
}
