import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { listAwards, readAwardQuery } from "~/modules/certifications/awards.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// The awards the caller may see, as filtered, every page.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.certifications);
  const { rows } = await listAwards(getDb(), scope, readAwardQuery(new URL(request.url).searchParams), { all: true });
  const body = toCsv(
    [
      "id",
      "partner",
      "user",
      "email",
      "certification_code",
      "certification",
      "level",
      "product_line",
      "status",
      "earned_on",
      "expires_on",
      "source",
      "external_ref",
    ],
    rows.map((r) => [
      r.id,
      r.partner_name,
      r.user_name,
      r.user_email,
      r.code,
      r.name,
      r.level,
      r.product_line_name,
      r.state,
      r.earned_on,
      r.expires_on,
      r.source,
      r.external_ref,
    ]),
  );
  return csvResponse(`certifications-awards-${new Date().toISOString().slice(0, 10)}.csv`, body);
}
