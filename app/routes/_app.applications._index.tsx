import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { now } from "~/lib/clock.server";
import { listApplications, readApplicationListQuery, type ApplicationRow } from "~/modules/applications/read.server";
import { APPLICATION_FILTERS } from "~/modules/applications/schemas";
import { useT } from "~/lib/i18n-react";
import { DataTable } from "~/components/DataTable";
import { FilterBar } from "~/components/Filters";
import { PageHeader } from "~/components/Page";
import { Age } from "~/components/DealBits";
import { ApplicationStatusBadge, DuplicateFlag } from "~/components/ApplicationBits";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Partner applications · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.applications);
  const query = readApplicationListQuery(new URL(request.url).searchParams);
  return { ...(await listApplications(getDb(), scope, query)), query, manager: scope.kind === "channel_manager", renderedAt: now().getTime() };
}

const column = createColumnHelper<ApplicationRow>();

export default function Applications() {
  const { rows, total, query, manager, renderedAt } = useLoaderData<typeof loader>();
  const t = useT();
  const location = useLocation();
  const columns = useMemo(
    () => [
      column.accessor("company_name", {
        header: t("applications.company"),
        cell: (c) => <Link to={`/applications/${c.row.original.id}`}>{c.getValue()}</Link>,
      }),
      column.accessor("created_at", { header: t("applications.age"), cell: (c) => <Age since={c.getValue()} renderedAt={renderedAt} /> }),
      column.accessor("partner_type", { header: t("applications.type"), cell: (c) => t(`partnerType.${c.getValue()}`) }),
      column.accessor("country", { header: t("common.country") }),
      column.accessor("status", { header: t("common.status"), cell: (c) => <ApplicationStatusBadge status={c.getValue()} /> }),
      column.accessor("manager_name", { id: "manager", header: t("applications.manager"), cell: (c) => c.getValue() ?? t("applications.unassigned") }),
      column.accessor("duplicate_reason", {
        id: "duplicate",
        header: t("applications.duplicate"),
        cell: (c) => (c.getValue() ? <DuplicateFlag reason={c.getValue()} partnerName={c.row.original.duplicate_partner_name} /> : "—"),
      }),
    ],
    [t, renderedAt],
  );
  const statusOptions = APPLICATION_FILTERS.filter((f) => f !== "open").map((status) => ({ value: status, label: t(`applications.status.${status}`) }));
  return (
    <>
      <PageHeader
        title={t("applications.title")}
        subtitle={manager ? t("applications.introManager") : t("applications.intro")}
        actions={
          <a className="button" href={`/applications.csv${location.search}`} download>
            {t("common.exportCsv")}
          </a>
        }
      />
      <FilterBar clearTo="/applications">
        <label>
          <span>{t("common.status")}</span>
          <select name="status" defaultValue={query.status}>
            <option value="open">{t("applications.filterOpen")}</option>
            {statusOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      </FilterBar>
      <DataTable
        columns={columns}
        rows={rows}
        total={total}
        paging={query}
        sortable={["created_at", "company_name", "country"]}
        caption={t("applications.title")}
        rowKey={(r) => r.id}
        emptyText={t("applications.empty")}
      />
    </>
  );
}
