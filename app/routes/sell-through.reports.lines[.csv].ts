import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { allReportLines, readLinesQuery, requireReportReader, resolveDistributor } from "~/modules/sell-through/reports.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope, user } = await requireAuth(request, ROUTE_ROLES.sellThrough);
  requireReportReader(scope, user.partnerType);
  const db = getDb();
  const query = await resolveDistributor(db, scope, readLinesQuery(new URL(request.url).searchParams));
  const { base, rows } = await allReportLines(db, scope, query);
  const header = [
    "period",
    "transaction_date",
    "invoice_no",
    "line_no",
    "distributor",
    "reseller",
    "end_customer",
    "country",
    "sku",
    "product",
    "quantity",
    "unit_price",
    "currency",
    "amount",
    `amount_${base}`,
    "deal_id",
  ];
  const body = toCsv(
    header,
    rows.map((r) => [
      r.period,
      r.transaction_date,
      r.invoice_no,
      r.line_no,
      r.distributor_code,
      r.reseller_code ?? "direct",
      r.end_customer_name,
      r.end_customer_country,
      r.sku,
      r.product_name,
      r.quantity,
      r.unit_price,
      r.currency,
      r.amount,
      r.amount_base,
      r.deal_id,
    ]),
  );
  return csvResponse(`sell-through-lines-${query.from}-${query.to}.csv`, body);
}
