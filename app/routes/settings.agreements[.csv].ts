import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { listVersions } from "~/modules/agreements/versions.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// Every agreement version, as the list shows them.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAuth(request, ROUTE_ROLES.agreementsVendor);
  const versions = await listVersions(getDb());
  const header = ["version_id", "version", "title", "title_zh", "partner_type", "region", "status", "accept_by", "term_months", "published_at", "sha256"];
  const body = toCsv(
    header,
    versions.map((v) => [
      v.id,
      v.version_label,
      v.title,
      v.title_zh,
      v.partner_type ?? "",
      v.region_name ?? "",
      v.status,
      v.accept_by,
      v.term_months,
      v.published_at,
      v.status === "draft" ? "" : v.sha256,
    ]),
  );
  return csvResponse(`agreements-${new Date().toISOString().slice(0, 10)}.csv`, body);
}
