import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { campaignList } from "~/modules/campaigns/kits.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// The kits of the list, with the same figures: the vendor's spend and adoptions, a partner's own adoption.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.campaigns);
  const { kits } = await campaignList(getDb(), scope);
  const body = toCsv(
    [
      "kit_id",
      "title",
      "title_zh",
      "activity_type",
      "starts_on",
      "ends_on",
      "status",
      "currency",
      "budget",
      "budget_used",
      "invited",
      "adopted",
      "committed",
      "paid",
      "leads",
      "deals",
      "partner",
      "adoption_id",
      "adoption_status",
    ],
    kits.map((k) => [
      k.id,
      k.title,
      k.title_zh,
      k.activity_type,
      k.starts_on,
      k.ends_on,
      k.status,
      k.currency,
      k.budget ?? "",
      k.budget_used,
      k.totals.adoptions,
      k.totals.adopted,
      k.totals.committed,
      k.totals.paid,
      k.totals.leads,
      k.totals.deals,
      k.partner_name ?? "",
      k.adoption_id ?? "",
      k.adoption_status ?? "",
    ]),
  );
  return csvResponse(`campaigns-${new Date().toISOString().slice(0, 10)}.csv`, body);
}
