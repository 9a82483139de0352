import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { downloadsByPartner, findAsset } from "~/modules/content/assets.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// One asset's downloads by partner, the same rows as its page shows the vendor.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.contentVendor);
  const db = getDb();
  const asset = await findAsset(db, scope, idParam(params.assetId));
  const { rows } = await downloadsByPartner(db, scope, asset.id);
  const body = toCsv(
    ["partner_code", "partner", "downloads", "co_branded_downloads", "last_download"],
    rows.map((r) => [r.code, r.name, r.downloads, r.co_branded, r.last_at]),
  );
  return csvResponse(`content-${asset.id}-downloads-${new Date().toISOString().slice(0, 10)}.csv`, body);
}
