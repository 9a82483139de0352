import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { listFunds, readFundListQuery } from "~/modules/funds/read.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// The same funds as the list, with every balance as the ledger sums it.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.funds);
  const { rows } = await listFunds(getDb(), scope, readFundListQuery(new URL(request.url).searchParams), { all: true });
  const body = toCsv(
    ["fund_id", "partner", "kind", "quarter", "currency", "allocated", "accrued", "reserved", "approved_to_pay", "paid", "expired", "available", "expires_at"],
    rows.map((r) => [
      r.id,
      r.partner_name,
      r.kind,
      r.quarter,
      r.currency,
      r.allocated,
      r.accrued,
      r.reserved,
      r.payable,
      r.paid,
      r.expired,
      r.available,
      r.expires_at,
    ]),
  );
  return csvResponse(`funds-${new Date().toISOString().slice(0, 10)}.csv`, body);
}
