import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { listOffers, readOfferListQuery } from "~/modules/leads/offers.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// The offers list as filtered, every page.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.leadOffers);
  const { rows } = await listOffers(getDb(), scope, readOfferListQuery(new URL(request.url).searchParams), { all: true });
  const header = ["offer_id", "lead_id", "company", "partner", "given_to", "offered_at", "accept_by", "outcome", "answered_at", "reason"];
  const body = toCsv(
    header,
    rows.map((r) => [r.id, r.lead_id, r.company, r.partner_name, r.user_name, r.offered_at, r.expires_at, r.outcome, r.outcome_at, r.reason]),
  );
  return csvResponse(`lead-offers-${new Date().toISOString().slice(0, 10)}.csv`, body);
}
