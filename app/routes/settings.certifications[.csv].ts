import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { listCertifications, readCatalogueQuery } from "~/modules/certifications/catalogue.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// The certification catalogue as filtered, every page.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAuth(request, ROUTE_ROLES.settings);
  const { rows } = await listCertifications(getDb(), readCatalogueQuery(new URL(request.url).searchParams), { all: true });
  const body = toCsv(
    ["code", "name", "name_zh", "product_line", "level", "validity_months", "required_for", "active"],
    rows.map((r) => [r.code, r.name, r.name_zh, r.product_line_code, r.level, r.validity_months, r.requiredFor.join(" "), r.active ? "yes" : "no"]),
  );
  return csvResponse(`certifications-${new Date().toISOString().slice(0, 10)}.csv`, body);
}
