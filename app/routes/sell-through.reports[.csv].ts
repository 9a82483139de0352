import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { allReportGroups, readReportQuery, requireReportReader, resolveDistributor } from "~/modules/sell-through/reports.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// The same grouping and filters as the screen, every group: one column per line currency.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope, user } = await requireAuth(request, ROUTE_ROLES.sellThrough);
  requireReportReader(scope, user.partnerType);
  const db = getDb();
  const query = await resolveDistributor(db, scope, readReportQuery(new URL(request.url).searchParams));
  const { base, groups } = await allReportGroups(db, scope, query);
  const currencies = [...new Set(groups.flatMap((g) => g.amounts.map((a) => a.currency)))].sort();
  const header = [query.groupBy, "name", "quantity", "lines", `amount_${base}`, "rate_missing", ...currencies.map((c) => `amount_${c}`)];
  const body = toCsv(
    header,
    groups.map((g) => [
      g.code ?? (query.groupBy === "reseller" ? "direct" : "none"),
      g.name,
      g.quantity,
      g.line_count,
      g.amount_base,
      g.amount_base === null ? "yes" : "",
      ...currencies.map((c) => g.amounts.find((a) => a.currency === c)?.amount ?? ""),
    ]),
  );
  return csvResponse(`sell-through-${query.groupBy}-${query.from}-${query.to}.csv`, body);
}
