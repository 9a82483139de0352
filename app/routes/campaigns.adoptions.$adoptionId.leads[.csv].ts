import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { adoptionLeads, findAdoption } from "~/modules/campaigns/adoptions.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// The leads of one campaign as the page lists them; another partner's adoption is not found.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.campaignAdoption);
  const db = getDb();
  const adoption = await findAdoption(db, scope, idParam(params.adoptionId));
  const rows = await adoptionLeads(db, scope, adoption.id);
  const header = [
    "id",
    "company",
    "contact_name",
    "contact_email",
    "contact_phone",
    "country",
    "product_line",
    "status",
    "estimated_value",
    "currency",
    "created_at",
  ];
  const body = toCsv(
    header,
    rows.map((r) => [
      r.id,
      r.company,
      r.contact_name,
      r.contact_email,
      r.contact_phone,
      r.country,
      r.product_line,
      r.status,
      r.estimated_value,
      r.currency,
      r.created_at.toISOString(),
    ]),
  );
  return csvResponse(`campaign-${adoption.id}-leads.csv`, body);
}
