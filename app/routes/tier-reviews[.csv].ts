import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { listTierReviews, readTierReviewQuery } from "~/modules/tiers/review.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// The tier reviews as filtered, every page, with each measure beside what the own and the next tier asked.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.tierReviews);
  const { rows } = await listTierReviews(getDb(), scope, readTierReviewQuery(new URL(request.url).searchParams), { all: true });
  const measures = ["sell_through_12m", "won_deals_12m", "certified_users", "reporting_compliance_pct"];
  const header = [
    "review_id",
    "partner_code",
    "partner",
    "quarter",
    "from_tier",
    "outcome",
    "proposed_tier",
    "grace_until",
    "status",
    "final_tier",
    "decided_by",
    "decided_at",
    "reason",
    "currency",
    ...measures.flatMap((m) => [m, `${m}_own_tier_needs`, `${m}_next_tier_needs`]),
  ];
  const body = toCsv(
    header,
    rows.map((r) => [
      r.id,
      r.code,
      r.name,
      r.quarter,
      r.fromTier,
      r.outcome,
      r.proposedTier,
      r.graceUntil,
      r.status,
      r.finalTier,
      r.decidedBy,
      r.decidedAt,
      r.reason,
      r.stored.base,
      ...r.own.checks.flatMap((check, i) => [check.actual, check.required, r.next?.checks[i].required ?? null]),
    ]),
  );
  return csvResponse(`tier-reviews-${new Date().toISOString().slice(0, 10)}.csv`, body);
}
