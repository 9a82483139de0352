import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { now } from "~/lib/clock.server";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { TARGET_CSV_COLUMNS, targetTemplate } from "~/modules/targets/targets.server";
import { quarterAt, readQuarter } from "~/lib/quarters";
import type { LoaderFunctionArgs } from "@remix-run/node";

// The upload's template: the caller's partners, the quarter and each one's target so far, ready to edit.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.targetsEdit);
  const quarter = readQuarter(new URL(request.url).searchParams.get("quarter")) ?? quarterAt(now());
  return csvResponse(`targets-${quarter}.csv`, toCsv(TARGET_CSV_COLUMNS, await targetTemplate(getDb(), scope, quarter)));
}
