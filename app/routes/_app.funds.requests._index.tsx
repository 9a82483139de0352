import { Link, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { isVendor } from "~/lib/scope.server";
import { listRequests, readRequestListQuery, type RequestRow } from "~/modules/funds/read.server";
import { useLocale, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDate } from "~/lib/format";
import { DataTable } from "~/components/DataTable";
import { FilterBar, FilterSelect } from "~/components/Filters";
import { PageHeader } from "~/components/Page";
import { ClaimCell, Money, RequestCell, RequestStatusBadge } from "~/components/FundBits";
import { FUND_REQUEST_STATUSES } from "../../db/types";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Fund requests · Partner Portal" }];

// Every fund request the caller may see, paged: the funds page shows only the latest few,
// and a channel manager with hundreds of partners needs to find older ones.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.funds);
  const query = readRequestListQuery(new URL(request.url).searchParams);
  return { ...(await listRequests(getDb(), scope, query)), query, vendor: isVendor(scope) };
}

const column = createColumnHelper<RequestRow>();

export default function FundRequests() {
  const { rows, total, query, vendor } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const columns = useMemo(
    () => [
      column.accessor("id", { header: t("funds.request"), cell: (c) => <RequestCell request={c.row.original} /> }),
      ...(vendor ? [column.accessor("partner_name", { id: "partner", header: t("funds.partner") })] : []),
      column.accessor("status", { header: t("common.status"), cell: (c) => <RequestStatusBadge status={c.getValue()} /> }),
      column.accessor("submitted_at", {
        header: t("funds.submittedAt"),
        cell: (c) => <span className="nowrap">{formatDate(c.getValue(), locale, timeZone)}</span>,
      }),
      column.accessor("requested_amount", { header: t("funds.requested"), cell: (c) => <Money amount={c.getValue()} currency={c.row.original.currency} /> }),
      column.accessor("approved_amount", { header: t("funds.approved"), cell: (c) => <Money amount={c.getValue()} currency={c.row.original.currency} /> }),
      column.accessor("claim_id", { header: t("funds.claim"), cell: (c) => <ClaimCell claimId={c.getValue()} status={c.row.original.claim_status} /> }),
    ],
    [t, vendor, locale, timeZone],
  );
  return (
    <>
      <PageHeader title={t("funds.allRequests")} subtitle={t("funds.allRequestsIntro")} actions={<Link to="/funds">← {t("funds.title")}</Link>} />
      <FilterBar clearTo="/funds/requests" keep={{ sort: query.sort, dir: query.dir, pageSize: query.pageSize }}>
        <FilterSelect
          name="status"
          label={t("common.status")}
          value={query.status}
          options={FUND_REQUEST_STATUSES.map((s) => ({ value: s, label: t(`funds.requestStatus.${s}`) }))}
        />
      </FilterBar>
      <DataTable
        columns={columns}
        rows={rows}
        total={total}
        paging={query}
        sortable={["submitted_at", "requested_amount", "status"]}
        caption={t("funds.allRequests")}
        rowKey={(r) => r.id}
        emptyText={query.status ? t("funds.noRequestsMatch") : t("funds.noRequests")}
      />
    </>
  );
}
