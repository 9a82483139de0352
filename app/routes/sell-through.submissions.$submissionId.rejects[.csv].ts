import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { translateMessage } from "~/lib/i18n";
import { requestLocale } from "~/lib/locale.server";
import { rejectedRows } from "~/modules/sell-through/read.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// The rejected rows as they were in the file, each with the row number and what is wrong,
// to fix and send again.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope, user } = await requireAuth(request, ROUTE_ROLES.sellThrough);
  const submissionId = idParam(params.submissionId);
  const rows = await rejectedRows(getDb(), scope, submissionId);
  const locale = requestLocale(request, user.locale);
  const width = Math.max(0, ...rows.map((r) => (JSON.parse(r.cells_json) as string[]).length));
  const header = ["row", "error", "column", "value", ...Array.from({ length: width }, (_, i) => `column_${i + 1}`)];
  const body = toCsv(
    header,
    rows.map((r) => [r.row_no, translateMessage(locale, r.problem), r.field ?? "", r.value ?? "", ...(JSON.parse(r.cells_json) as string[])]),
  );
  return csvResponse(`sell-through-${submissionId}-rejected.csv`, body);
}
