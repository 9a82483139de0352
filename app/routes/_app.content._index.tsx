import { Link, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { assetChoices, listAssets, partnerLibrary, readAssetListQuery, type AssetRow } from "~/modules/content/assets.server";
import { assetDescription, assetTitle } from "~/modules/content/constants";
import { useLocale, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDate, formatNumber } from "~/lib/format";
import { referenceName } from "~/lib/reference-name";
import { DataTable } from "~/components/DataTable";
import { FilterBar, FilterSearch, FilterSelect } from "~/components/Filters";
import { PageHeader } from "~/components/Page";
import { ContentStatusBadge, DownloadButtons, KindLabel } from "~/components/ContentBits";
import { CONTENT_KINDS, CONTENT_STATUSES } from "../../db/types";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Content · Partner Portal" }];

// The vendor sees the whole library with its download counts; a partner sees what it may use,
// grouped by product line.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.content);
  const db = getDb();
  if (scope.kind === "partner") return { view: "partner" as const, groups: await partnerLibrary(db, scope) };
  const query = readAssetListQuery(new URL(request.url).searchParams);
  const [list, choices] = await Promise.all([listAssets(db, scope, query), assetChoices(db)]);
  return { view: "vendor" as const, ...list, query, lines: choices.lines, canEdit: scope.kind === "admin" };
}

const column = createColumnHelper<AssetRow>();

export default function ContentLibrary() {
  const data = useLoaderData<typeof loader>();
  return data.view === "partner" ? <PartnerLibrary groups={data.groups} /> : <VendorLibrary {...data} />;
}

function VendorLibrary({ rows, total, query, lines, canEdit }: Extract<ReturnType<typeof useLoaderData<typeof loader>>, { view: "vendor" }>) {
  const t = useT();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const columns = useMemo(
    () => [
      column.accessor("title", {
        header: t("content.asset"),
        cell: (c) => <Link to={`/content/${c.row.original.id}`}>{assetTitle(c.row.original, locale)}</Link>,
      }),
      column.accessor("kind", { header: t("content.kindLabel"), cell: (c) => <KindLabel kind={c.getValue()} /> }),
      column.accessor("status", { header: t("common.status"), cell: (c) => <ContentStatusBadge status={c.getValue()} /> }),
      column.accessor("version", { header: t("content.version"), cell: (c) => (c.getValue() ? `v${c.getValue()}` : "—") }),
      column.accessor("product_lines", { header: t("content.productLines"), cell: (c) => c.getValue() ?? t("content.everyLine") }),
      column.accessor("valid_until", { header: t("content.validUntil"), cell: (c) => (c.getValue() ? formatDate(c.getValue(), locale) : "—") }),
      column.accessor("updated_at", {
        header: t("content.updated"),
        cell: (c) => <span className="nowrap">{formatDate(c.getValue(), locale, timeZone)}</span>,
      }),
      column.accessor("downloads", {
        header: t("content.downloads"),
        cell: (c) => <Link to={`/content/${c.row.original.id}#downloads`}>{formatNumber(c.getValue(), locale)}</Link>,
      }),
    ],
    [t, locale, timeZone],
  );
  const csv = new URLSearchParams(
    Object.entries({ q: query.q, kind: query.kind, status: query.status, line: String(query.line ?? "") }).filter(([, v]) => v !== ""),
  );
  return (
    <>
      <PageHeader
        title={t("content.title")}
        subtitle={t("content.vendorIntro")}
        actions={
          <>
            <a href={`/content.csv?${csv}`}>{t("content.exportCsv")}</a>
            {canEdit && (
              <Link to="/content/new" className="button button-primary">
                {t("content.newAsset")}
              </Link>
            )}
          </>
        }
      />
      <FilterBar clearTo="/content" keep={{ sort: query.sort, dir: query.dir, pageSize: query.pageSize }}>
        <FilterSearch label={t("content.search")} value={query.q} />
        <FilterSelect
          name="kind"
          label={t("content.kindLabel")}
          value={query.kind}
          options={CONTENT_KINDS.map((k) => ({ value: k, label: t(`content.kind.${k}`) }))}
        />
        <FilterSelect
          name="status"
          label={t("common.status")}
          value={query.status}
          options={CONTENT_STATUSES.map((s) => ({ value: s, label: t(`content.status.${s}`) }))}
        />
        <FilterSelect
          name="line"
          label={t("content.productLine")}
          value={query.line}
          options={lines.map((l) => ({ value: l.id, label: referenceName(locale, l) }))}
        />
      </FilterBar>
      <DataTable
        columns={columns}
        rows={rows}
        total={total}
        paging={query}
        sortable={["title", "updated_at", "downloads"]}
        caption={t("content.title")}
        rowKey={(r) => r.id}
        emptyText={query.q || query.kind || query.status || query.line ? undefined : t("content.empty")}
      />
    </>
  );
}

function PartnerLibrary({ groups }: { groups: Extract<ReturnType<typeof useLoaderData<typeof loader>>, { view: "partner" }>["groups"] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <PageHeader title={t("content.title")} subtitle={t("content.partnerIntro")} actions={<a href="/content.csv">{t("content.exportCsv")}</a>} />
      {groups.length === 0 && <p className="card">{t("content.partnerEmpty")}</p>}
      {groups.map((group) => (
        <section key={group.line?.id ?? "all"} className="content-group" aria-labelledby={`line-${group.line?.id ?? "all"}`}>
          <h2 id={`line-${group.line?.id ?? "all"}`}>{group.line ? referenceName(locale, group.line) : t("content.forEveryLine")}</h2>
          <div className="cards">
            {group.assets.map((asset) => (
              <article key={asset.id} className="card">
                <h3 className="card-title">
                  <Link to={`/content/${asset.id}`}>{assetTitle(asset, locale)}</Link>
                </h3>
                <p className="muted">
                  <KindLabel kind={asset.kind} /> · v{asset.version}
                  {asset.valid_until ? ` · ${t("content.validUntilDate", { date: formatDate(asset.valid_until, locale) })}` : ""}
                </p>
                {assetDescription(asset, locale) && <p>{assetDescription(asset, locale)}</p>}
                <DownloadButtons assetId={asset.id} kind={asset.kind} cobrand={asset.co_brandable} />
              </article>
            ))}
          </div>
        </section>
      ))}
    </>
  );
}
