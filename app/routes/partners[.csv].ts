import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { listPartners, readPartnerListQuery } from "~/modules/partners/read.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// The same query as the list, without pagination: what you filtered is what you export.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.partners);
  const query = readPartnerListQuery(new URL(request.url).searchParams);
  const { rows } = await listPartners(getDb(), scope, query, { all: true });
  const header = ["code", "name", "type", "tier", "status", "country", "region", "postcode", "parent_distributor", "channel_manager", "capacity", "created_at"];
  const body = toCsv(
    header,
    rows.map((r) => [r.code, r.name, r.type, r.tier, r.status, r.country, r.region_name, r.postcode, r.parent_name, r.manager_name, r.capacity, r.created_at]),
  );
  return csvResponse(`partners-${new Date().toISOString().slice(0, 10)}.csv`, body);
}
