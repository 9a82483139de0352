import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { isVendor } from "~/lib/scope.server";
import { listAssets, readAssetListQuery } from "~/modules/content/assets.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// The library as the list shows it: for the vendor with its filters, status and downloads; for a
// partner what it may use.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.content);
  const { rows } = await listAssets(getDb(), scope, readAssetListQuery(new URL(request.url).searchParams), { all: true });
  const vendor = isVendor(scope);
  const header = ["asset_id", "title", "title_zh", "kind", "version", "product_lines", "valid_from", "valid_until", "co_brandable"];
  const body = toCsv(
    vendor ? [...header, "status", "downloads"] : header,
    rows.map((r) => {
      const cells = [r.id, r.title, r.title_zh, r.kind, r.version, r.product_lines ?? "", r.valid_from, r.valid_until, r.co_brandable ? "yes" : "no"];
      return vendor ? [...cells, r.status, r.downloads] : cells;
    }),
  );
  return csvResponse(`content-${new Date().toISOString().slice(0, 10)}.csv`, body);
}
