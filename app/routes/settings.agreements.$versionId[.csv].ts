import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { versionAcceptances } from "~/modules/agreements/versions.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// Each partner's acceptance of one version, as its page lists them (the partners in the caller's scope).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.agreementsVendor);
  const { version, rows } = await versionAcceptances(getDb(), scope, idParam(params.versionId));
  const header = [
    "partner_code",
    "partner",
    "state",
    "accepted_by",
    "accepted_by_email",
    "accepted_at",
    "ip_address",
    "user_agent",
    "document_sha256",
    "locale",
    "ends_on",
  ];
  const body = toCsv(
    header,
    rows.map((r) => [
      r.code,
      r.name,
      r.state,
      r.acceptance?.user_name,
      r.acceptance?.user_email,
      r.acceptance?.accepted_at,
      r.acceptance?.ip_address,
      r.acceptance?.user_agent,
      r.acceptance?.document_sha256,
      r.acceptance?.locale,
      r.acceptance?.ends_on,
    ]),
  );
  return csvResponse(`agreement-${version.id}-acceptances.csv`, body);
}
