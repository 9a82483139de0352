import { Link, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { listSubmissions, readSubmissionListQuery, type SubmissionRow } from "~/modules/sell-through/read.server";
import { useLocale, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDateTime, formatNumber } from "~/lib/format";
import { DataTable } from "~/components/DataTable";
import { PageHeader } from "~/components/Page";
import { SubmissionStatusBadge } from "~/components/SellThroughBits";
import { ComplianceGrid } from "~/components/ComplianceGrid";
import { isVendor } from "~/lib/scope.server";
import { complianceGrid, readComplianceQuery } from "~/modules/sell-through/compliance.server";
import { unusualMonthsOf } from "~/modules/sell-through/unusual-months.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Sell-through · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope, user } = await requireAuth(request, ROUTE_ROLES.sellThrough);
  const params = new URL(request.url).searchParams;
  const canReport = (ROUTE_ROLES.sellThroughReport as readonly string[]).includes(user.role);
  const vendor = isVendor(scope);
  const canManageKeys = user.role === "partner_admin" && user.partnerType === "distributor";
  if (vendor && params.get("view") === "compliance") {
    const query = readComplianceQuery(params);
    const grid = await complianceGrid(getDb(), scope, query);
    const unusual = [
      ...(await unusualMonthsOf(
        getDb(),
        scope,
        grid.rows.map((r) => r.id),
        grid.periods,
      )),
    ];
    return { view: "compliance" as const, vendor, canReport, canManageKeys, compliance: { ...grid, query, unusual } };
  }
  const query = readSubmissionListQuery(params);
  return { view: "submissions" as const, vendor, canReport, canManageKeys, submissions: { ...(await listSubmissions(getDb(), scope, query)), query } };
}

const column = createColumnHelper<SubmissionRow>();

export default function SellThrough() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const columns = useMemo(
    () => [
      column.accessor("period", {
        header: t("sellThrough.period"),
        cell: (c) => <Link to={`/sell-through/submissions/${c.row.original.id}`}>{c.getValue()}</Link>,
      }),
      column.accessor("distributor_name", { header: t("sellThrough.distributor") }),
      column.accessor("status", { header: t("common.status"), cell: (c) => <SubmissionStatusBadge status={c.getValue()} /> }),
      column.accessor("file_name", { header: t("sellThrough.file"), cell: (c) => c.getValue() ?? t(`sellThrough.source.${c.row.original.source}`) }),
      column.accessor("rows_accepted", { header: t("sellThrough.accepted"), cell: (c) => <span className="num">{formatNumber(c.getValue(), locale)}</span> }),
      column.accessor("rows_rejected", { header: t("sellThrough.rejected"), cell: (c) => <span className="num">{formatNumber(c.getValue(), locale)}</span> }),
      column.accessor("created_at", { header: t("sellThrough.received"), cell: (c) => formatDateTime(c.getValue(), locale, timeZone) }),
    ],
    [t, locale, timeZone],
  );
  return (
    <>
      <PageHeader
        title={t("sellThrough.title")}
        subtitle={t("sellThrough.intro")}
        actions={
          <>
            <Link className="button" to="/sell-through/reports">
              {t("sellThroughReports.open")}
            </Link>
            <Link className="button" to="/sell-through/lots">
              {t("sellThrough.lotSearchLink")}
            </Link>
            {data.canManageKeys && (
              <Link className="button" to="/settings/api-keys">
                {t("nav.apiKeys")}
              </Link>
            )}
            {data.canReport && (
              <>
                <Link className="button" to="/sell-through/new">
                  {t("sellThroughApi.enterByHand")}
                </Link>
                <Link className="button button-primary" to="/sell-through/upload">
                  {t("sellThrough.upload")}
                </Link>
              </>
            )}
          </>
        }
      />
      {data.vendor && (
        <nav className="tabs" aria-label={t("sellThrough.compliance.views")}>
          <Link to="/sell-through" aria-current={data.view === "submissions" ? "page" : undefined}>
            {t("sellThrough.compliance.submissionsTab")}
          </Link>
          <Link to="/sell-through?view=compliance" aria-current={data.view === "compliance" ? "page" : undefined}>
            {t("sellThrough.compliance.tab")}
          </Link>
        </nav>
      )}
      {data.view === "compliance" ? (
        <ComplianceGrid {...data.compliance} />
      ) : (
        <DataTable
          columns={columns}
          rows={data.submissions.rows}
          total={data.submissions.total}
          totalIsLowerBound={data.submissions.totalIsLowerBound}
          paging={data.submissions.query}
          sortable={["period", "status", "created_at"]}
          caption={t("sellThrough.title")}
          rowKey={(r) => r.id}
          emptyText={t("sellThrough.none")}
        />
      )}
    </>
  );
}
