import { Link, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { now } from "~/lib/clock.server";
import { listRequests, readRequestListQuery, type RequestRow } from "~/modules/funds/read.server";
import { useT } from "~/lib/i18n-react";
import { DataTable } from "~/components/DataTable";
import { PageHeader } from "~/components/Page";
import { Age } from "~/components/DealBits";
import { ClaimStatusBadge, Money, RequestStatusBadge } from "~/components/FundBits";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Funds to review · Partner Portal" }];

// The channel manager's queue: requests and claims of their partners waiting for a decision,
// the one that has waited longest first.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.fundsVendor);
  const query = readRequestListQuery(new URL(request.url).searchParams, { review: true });
  return { ...(await listRequests(getDb(), scope, query)), query, renderedAt: now().getTime() };
}

const column = createColumnHelper<RequestRow>();

export default function FundReview() {
  const { rows, total, query, renderedAt } = useLoaderData<typeof loader>();
  const t = useT();
  const columns = useMemo(
    () => [
      column.accessor("submitted_at", {
        header: t("funds.age"),
        cell: (c) => <Age since={c.row.original.claim_status === "submitted" ? c.row.original.claim_submitted_at : c.getValue()} renderedAt={renderedAt} />,
      }),
      column.display({
        id: "what",
        header: t("funds.waiting"),
        cell: (c) =>
          c.row.original.claim_id && c.row.original.claim_status === "submitted" ? (
            <Link to={`/funds/claims/${c.row.original.claim_id}`}>
              {t("funds.claim")} #{c.row.original.claim_id} <ClaimStatusBadge status={c.row.original.claim_status} />
            </Link>
          ) : (
            <Link to={`/funds/requests/${c.row.original.id}`}>
              {t("funds.request")} #{c.row.original.id} <RequestStatusBadge status={c.row.original.status} />
            </Link>
          ),
      }),
      column.accessor("partner_name", { id: "partner", header: t("funds.partner") }),
      column.accessor("activity_type", { header: t("funds.activityType"), cell: (c) => t(`funds.activity.${c.getValue()}`) }),
      column.accessor("requested_amount", {
        header: t("funds.amount"),
        cell: (c) => (
          <Money amount={c.row.original.claim_status === "submitted" ? c.row.original.claimed_amount : c.getValue()} currency={c.row.original.currency} />
        ),
      }),
    ],
    [t, renderedAt],
  );
  return (
    <>
      <PageHeader title={t("funds.reviewQueue")} subtitle={t("funds.reviewIntro")} actions={<Link to="/funds">← {t("funds.title")}</Link>} />
      <DataTable
        columns={columns}
        rows={rows}
        total={total}
        paging={query}
        sortable={["submitted_at", "requested_amount"]}
        caption={t("funds.reviewQueue")}
        rowKey={(r) => r.id}
        emptyText={t("funds.nothingToReview")}
      />
    </>
  );
}
