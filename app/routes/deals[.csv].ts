import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { isVendor } from "~/lib/scope.server";
import { listDeals, readDealListQuery } from "~/modules/deals/read.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// The same query as the list, without pagination: what you filtered is what you export.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.deals);
  const { rows } = await listDeals(getDb(), scope, readDealListQuery(new URL(request.url).searchParams), { all: true });
  const vendor = isVendor(scope);
  const header = [
    "id",
    "deal",
    "customer",
    "customer_domain",
    "country",
    "status",
    ...(vendor ? ["partner", "conflict"] : []),
    "fulfilling_distributor",
    "currency",
    "total",
    "discounted_total",
    "final_amount",
    "expected_close",
    "submitted_at",
    "expires_at",
    "created_at",
  ];
  const body = toCsv(
    header,
    rows.map((r) => [
      r.id,
      r.name,
      r.customer_name,
      r.customer_domain,
      r.customer_country,
      r.status,
      ...(vendor ? [r.partner_name, r.has_conflict ? "yes" : ""] : []),
      r.fulfilling_name,
      r.currency,
      r.total_amount,
      r.discounted_total,
      r.final_amount,
      r.expected_close_date,
      r.submitted_at,
      r.expires_at,
      r.created_at,
    ]),
  );
  return csvResponse(`deals-${new Date().toISOString().slice(0, 10)}.csv`, body);
}
