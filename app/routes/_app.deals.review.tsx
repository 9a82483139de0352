import { Link, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { now } from "~/lib/clock.server";
import { listDeals, readDealListQuery, type DealRow } from "~/modules/deals/read.server";
import { useLocale, useT } from "~/lib/i18n-react";
import { formatMoney } from "~/lib/format";
import { DataTable } from "~/components/DataTable";
import { PageHeader } from "~/components/Page";
import { Age, DealStatusBadge } from "~/components/DealBits";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Deal registrations to review · Partner Portal" }];

// The channel manager's queue: every registration of their partners waiting for a decision,
// the one that has waited longest first.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.dealsVendor);
  const query = readDealListQuery(new URL(request.url).searchParams, { review: true });
  return { ...(await listDeals(getDb(), scope, query)), query, renderedAt: now().getTime() };
}

const column = createColumnHelper<DealRow>();

export default function DealReview() {
  const { rows, total, totalIsLowerBound, query, renderedAt } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const columns = useMemo(
    () => [
      column.accessor("submitted_at", { header: t("deals.age"), cell: (c) => <Age since={c.getValue()} renderedAt={renderedAt} /> }),
      column.accessor("customer_name", {
        header: t("deals.customer"),
        cell: (c) => (
          <>
            <Link to={`/deals/${c.row.original.id}`}>{c.getValue()}</Link>
            <div className="muted small">{c.row.original.name}</div>
          </>
        ),
      }),
      column.accessor("partner_name", { id: "partner", header: t("deals.partner") }),
      column.accessor("status", {
        header: t("common.status"),
        cell: (c) => (
          <>
            <DealStatusBadge status={c.getValue()} />
            {c.row.original.has_conflict === 1 ? <span className="badge badge-suspended">{t("deals.conflict")}</span> : null}
          </>
        ),
      }),
      column.accessor("total_amount", {
        header: t("deals.value"),
        cell: (c) => <span className="num">{formatMoney(c.getValue(), c.row.original.currency, locale)}</span>,
      }),
    ],
    [t, locale, renderedAt],
  );
  return (
    <>
      <PageHeader title={t("deals.reviewQueue")} subtitle={t("deals.reviewIntro")} actions={<Link to="/deals">← {t("deals.title")}</Link>} />
      <DataTable
        columns={columns}
        rows={rows}
        total={total}
        paging={query}
        sortable={["submitted_at", "customer_name", "total_amount"]}
        caption={t("deals.reviewQueue")}
        rowKey={(r) => r.id}
        totalIsLowerBound={totalIsLowerBound}
      />
    </>
  );
}
