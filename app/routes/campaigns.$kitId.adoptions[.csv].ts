import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { getKit } from "~/modules/campaigns/kits.server";
import { adoptionFigures } from "~/modules/campaigns/measures.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// A kit's adoptions as its page lists them, within the caller's scope: a kit the caller may not
// see is a 404, and only adoptions of partners in the scope are listed.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.campaigns);
  const db = getDb();
  const { kit } = await getKit(db, scope, idParam(params.kitId));
  const rows = await adoptionFigures(db, scope, [kit.id]);
  const body = toCsv(
    ["adoption_id", "partner_code", "partner", "status", "invited_at", "adopted_at", "fund_request_id", "currency", "committed", "paid", "leads", "deals"],
    rows.map((r) => [
      r.id,
      r.partner_code,
      r.partner_name,
      r.status,
      r.invited_at,
      r.adopted_at ?? "",
      r.fund_request_id ?? "",
      kit.currency,
      r.committed,
      r.paid,
      r.leads,
      r.deals,
    ]),
  );
  return csvResponse(`campaign-${kit.id}-adoptions.csv`, body);
}
