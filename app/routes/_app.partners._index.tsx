import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { listPartners, partnerFilterOptions, readPartnerListQuery, type PartnerRow } from "~/modules/partners/read.server";
import { useT } from "~/lib/i18n-react";
import { DataTable } from "~/components/DataTable";
import { PageHeader, Badge } from "~/components/Page";
import { PARTNER_STATUSES, PARTNER_TYPES, TIERS } from "../../db/types";

export const meta: MetaFunction = () => [{ title: "Partners · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope, user } = await requireAuth(request, ROUTE_ROLES.partners);
  const query = readPartnerListQuery(new URL(request.url).searchParams);
  const db = getDb();
  const [{ rows, total }, options] = await Promise.all([listPartners(db, scope, query), partnerFilterOptions(db, scope)]);
  return { rows, total, query, ...options, canCreate: user.role === "admin" };
}

const column = createColumnHelper<PartnerRow>();

export default function PartnersList() {
  const { rows, total, query, regions, managers, canCreate } = useLoaderData<typeof loader>();
  const t = useT();
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
      column.accessor("region_name", { id: "region", header: t("partners.region"), cell: (c) => c.getValue() ?? "—" }),
      column.accessor("parent_name", { id: "parent", header: t("partners.parent"), cell: (c) => c.getValue() ?? "—" }),
      column.accessor("manager_name", { id: "manager", header: t("partners.manager"), cell: (c) => c.getValue() ?? "—" }),
    ],
    [t],
  );
  const exportHref = `/partners.csv${location.search}`;
  return (
    <>
      <PageHeader
        title={t("partners.title")}
        actions={
          <>
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
      <Form method="get" className="filters" role="search">
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="dir" value={query.dir} />
        <input type="hidden" name="pageSize" value={query.pageSize} />
        <label>
          <span>{t("common.search")}</span>
          <input type="search" name="q" defaultValue={query.q} placeholder={t("partners.searchPlaceholder")} />
        </label>
        <label>
          <span>{t("partners.type")}</span>
          <select name="type" defaultValue={query.type}>
            <option value="">{t("common.all")}</option>
            {PARTNER_TYPES.map((v) => (
              <option key={v} value={v}>
                {t(`partnerType.${v}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t("partners.tier")}</span>
          <select name="tier" defaultValue={query.tier}>
            <option value="">{t("common.all")}</option>
            {TIERS.map((v) => (
              <option key={v} value={v}>
                {t(`tier.${v}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t("common.status")}</span>
          <select name="status" defaultValue={query.status}>
            <option value="">{t("common.all")}</option>
            {PARTNER_STATUSES.map((v) => (
              <option key={v} value={v}>
                {t(`partnerStatus.${v}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t("partners.region")}</span>
          <select name="region" defaultValue={query.regionId ?? ""}>
            <option value="">{t("common.all")}</option>
            {regions.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        {managers.length > 0 && (
          <label>
            <span>{t("partners.manager")}</span>
            <select name="manager" defaultValue={query.managerId ?? ""}>
              <option value="">{t("common.all")}</option>
              {managers.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <div className="filter-buttons">
          <button type="submit" className="button">
            {t("common.filter")}
          </button>
          <Link to="/partners" className="button-quiet">
            {t("common.clear")}
          </Link>
        </div>
      </Form>
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
