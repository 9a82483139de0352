import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { FilterBar, FilterSearch, FilterSelect } from "~/components/Filters";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { listPartners, partnerFilterOptions, readPartnerListQuery, type PartnerRow } from "~/modules/partners/read.server";
import { useLocale, useT } from "~/lib/i18n-react";
import { DataTable } from "~/components/DataTable";
import { PageHeader, Badge } from "~/components/Page";
import { referenceName } from "~/lib/reference-name";
import { PARTNER_STATUSES, PARTNER_TYPES, TIERS } from "../../db/types";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Partners · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope, user } = await requireAuth(request, ROUTE_ROLES.partners);
  const query = readPartnerListQuery(new URL(request.url).searchParams);
  const db = getDb();
  const [{ rows, total }, options] = await Promise.all([listPartners(db, scope, query), partnerFilterOptions(db, scope)]);
  return { rows, total, query, ...options, canCreate: user.role === "admin", canCompare: user.role === "admin" || user.role === "channel_manager" };
}

const column = createColumnHelper<PartnerRow>();

export default function PartnersList() {
  const { rows, total, query, regions, managers, canCreate, canCompare } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const columns = useMemo(
    () => [
      column.accessor("name", {
        header: t("common.name"),
        cell: (c) => <Link to={`/partners/${c.row.original.id}`}>{c.getValue()}</Link>,
      }),
      column.accessor("code", { header: t("common.code") }),
      column.accessor("type", { header: t("partners.type"), cell: (c) => t(`partnerType.${c.getValue()}`) }),
      column.accessor("tier", { header: t("partners.tier"), cell: (c) => <Badge tone={c.getValue()}>{t(`tier.${c.getValue()}`)}</Badge> }),
      column.accessor("status", { header: t("common.status"), cell: (c) => <Badge tone={c.getValue()}>{t(`partnerStatus.${c.getValue()}`)}</Badge> }),
      column.accessor("country", { header: t("common.country") }),
      column.accessor("region_code", {
        id: "region",
        header: t("partners.region"),
        cell: (c) => (
          <span title={referenceName(locale, { name: c.row.original.region_name, name_zh: c.row.original.region_name_zh }) ?? undefined}>
            {c.getValue() ?? "—"}
          </span>
        ),
      }),
      column.accessor("parent_name", { id: "parent", header: t("partners.parent"), cell: (c) => c.getValue() ?? "—" }),
      column.accessor("manager_name", { id: "manager", header: t("partners.manager"), cell: (c) => c.getValue() ?? "—" }),
    ],
    [t, locale],
  );
  const exportHref = `/partners.csv${location.search}`;
  return (
    <>
      <PageHeader
        title={t("partners.title")}
        actions={
          <>
            {canCompare && (
              <Link className="button" to="/partners/compare">
                {t("scorecards.compareLink")}
              </Link>
            )}
            <a className="button" href={exportHref} download>
              {t("common.exportCsv")}
            </a>
            {canCreate && (
              <Link className="button button-primary" to="/partners/new">
                {t("partners.new")}
              </Link>
            )}
          </>
        }
      />
      <FilterBar clearTo="/partners" keep={{ sort: query.sort, dir: query.dir, pageSize: query.pageSize }}>
        <FilterSearch label={t("common.search")} value={query.q} placeholder={t("partners.searchPlaceholder")} />
        <FilterSelect
          name="type"
          label={t("partners.type")}
          value={query.type}
          options={PARTNER_TYPES.map((v) => ({ value: v, label: t(`partnerType.${v}`) }))}
        />
        <FilterSelect name="tier" label={t("partners.tier")} value={query.tier} options={TIERS.map((v) => ({ value: v, label: t(`tier.${v}`) }))} />
        <FilterSelect
          name="status"
          label={t("common.status")}
          value={query.status}
          options={PARTNER_STATUSES.map((v) => ({ value: v, label: t(`partnerStatus.${v}`) }))}
        />
        <FilterSelect
          name="region"
          label={t("partners.region")}
          value={query.regionId}
          options={regions.map((r) => ({ value: r.id, label: referenceName(locale, r) }))}
        />
        {managers.length > 0 && (
          <FilterSelect name="manager" label={t("partners.manager")} value={query.managerId} options={managers.map((m) => ({ value: m.id, label: m.name }))} />
        )}
      </FilterBar>
      <DataTable
        columns={columns}
        rows={rows}
        total={total}
        paging={query}
        sortable={["name", "code", "type", "tier", "status", "country", "region", "manager"]}
        caption={t("partners.title")}
        rowKey={(r) => r.id}
      />
    </>
  );
}
