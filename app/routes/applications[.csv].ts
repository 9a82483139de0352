import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { listApplications, readApplicationListQuery } from "~/modules/applications/read.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// The queue as filtered, every page, with what the vendor alone sees (the duplicate flag).
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.applications);
  const query = readApplicationListQuery(new URL(request.url).searchParams);
  const { rows } = await listApplications(getDb(), scope, query, { all: true });
  const header = [
    "id",
    "company",
    "type",
    "country",
    "company_size",
    "contact_name",
    "contact_email",
    "status",
    "channel_manager",
    "duplicate_reason",
    "duplicate_of_partner",
    "partner_id",
    "received_at",
    "decided_at",
  ];
  const body = toCsv(
    header,
    rows.map((r) => [
      r.id,
      r.company_name,
      r.partner_type,
      r.country,
      r.company_size,
      r.contact_name,
      r.contact_email,
      r.status,
      r.manager_name,
      r.duplicate_reason,
      r.duplicate_partner_name,
      r.partner_id,
      r.created_at,
      r.decided_at,
    ]),
  );
  return csvResponse(`applications-${new Date().toISOString().slice(0, 10)}.csv`, body);
}
