import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { listLeads, readLeadListQuery } from "~/modules/leads/read.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// The list as filtered, every page. Contacts of leads not yet accepted stay out for partners.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.leads);
  const query = readLeadListQuery(new URL(request.url).searchParams, scope);
  const { rows } = await listLeads(getDb(), scope, { ...query, pageSize: 100 }, { all: true });
  const header = [
    "id",
    "company",
    "status",
    "partner",
    "given_to",
    "product_line",
    "country",
    "region",
    "postcode",
    "estimated_value",
    "currency",
    "source",
    "offered_at",
    "offer_expires_at",
    "created_at",
  ];
  const body = toCsv(
    header,
    rows.map((r) => [
      r.id,
      r.company,
      r.status,
      r.partner_name,
      r.owner_name,
      r.product_line_name,
      r.country,
      r.region_code,
      r.postcode,
      r.estimated_value,
      r.currency,
      r.source,
      r.offered_at,
      r.offer_expires_at,
      r.created_at,
    ]),
  );
  return csvResponse(`leads-${new Date().toISOString().slice(0, 10)}.csv`, body);
}
