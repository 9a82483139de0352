import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { requireReportReader } from "~/modules/sell-through/reports.server";
import { exportLot, readLotQuery } from "~/modules/sell-through/lots.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope, user } = await requireAuth(request, ROUTE_ROLES.sellThrough);
  requireReportReader(scope, user.partnerType);
  const query = readLotQuery(new URL(request.url).searchParams);
  const rows = await exportLot(getDb(), scope, query);
  const header = [
    "lot_no",
    "expiry_date",
    "transaction_date",
    "end_customer",
    "country",
    "postcode",
    "reseller",
    "distributor",
    "sku",
    "product",
    "invoice_no",
    "line_no",
    "quantity",
  ];
  const body = toCsv(
    header,
    rows.map((r) => [
      r.lot_no,
      r.expiry_date ?? "",
      r.transaction_date,
      r.end_customer_name,
      r.end_customer_country,
      r.end_customer_postcode,
      r.reseller_name ?? "",
      r.distributor_name,
      r.sku,
      r.product_name,
      r.invoice_no,
      r.line_no,
      r.quantity,
    ]),
  );
  return csvResponse(`lot-${query.lot.replace(/[^\w.-]+/g, "_") || "none"}.csv`, body);
}
