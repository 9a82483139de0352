import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { now } from "~/lib/clock.server";
import { isVendor } from "~/lib/scope.server";
import { listDeals, readDealListQuery, type DealRow } from "~/modules/deals/read.server";
import { EXPIRING_DAYS } from "~/modules/deals/constants";
import { findPartnerChoice } from "~/modules/partners/picker.server";
import { partnerChoiceLabel } from "~/modules/partners/picker";
import { useLocale, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDate, formatMoney } from "~/lib/format";
import { DataTable } from "~/components/DataTable";
import { FilterBar, FilterSearch, FilterSelect } from "~/components/Filters";
import { PageHeader } from "~/components/Page";
import { PartnerPicker } from "~/components/PartnerPicker";
import { DealStatusBadge } from "~/components/DealBits";
import { DEAL_STATUSES } from "../../db/types";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Deal registrations · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.deals);
  const query = readDealListQuery(new URL(request.url).searchParams);
  const db = getDb();
  const vendor = isVendor(scope);
  const [{ rows, total, totalIsLowerBound }, partner] = await Promise.all([
    listDeals(db, scope, query),
    vendor && query.partner ? findPartnerChoice(db, scope, query.partner) : null,
  ]);
  return {
    rows,
    total,
    totalIsLowerBound,
    query: { ...query, partner: partner ? partnerChoiceLabel(partner) : query.partner },
    vendor,
    canRegister: scope.kind === "partner",
    renderedAt: now().getTime(),
  };
}

const column = createColumnHelper<DealRow>();

export default function Deals() {
  const { rows, total, totalIsLowerBound, query, vendor, canRegister } = useLoaderData<typeof loader>();
  const location = useLocation();
  const t = useT();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const columns = useMemo(
    () => [
      column.accessor("customer_name", {
        header: t("deals.customer"),
        cell: (c) => (
          <>
            <Link to={`/deals/${c.row.original.id}`}>{c.getValue()}</Link>
            <div className="muted small">{c.row.original.name}</div>
          </>
        ),
      }),
      column.accessor("status", {
        header: t("common.status"),
        cell: (c) => (
          <>
            <DealStatusBadge status={c.getValue()} />
            {c.row.original.has_conflict === 1 && ["submitted", "more_info"].includes(c.getValue()) ? (
              <span className="badge badge-suspended">{t("deals.conflict")}</span>
            ) : null}
          </>
        ),
      }),
      ...(vendor ? [column.accessor("partner_name", { id: "partner", header: t("deals.partner") })] : []),
      column.accessor("fulfilling_name", { header: t("deals.fulfillingDistributor"), cell: (c) => c.getValue() ?? "—" }),
      column.accessor("total_amount", {
        header: t("deals.value"),
        cell: (c) => <span className="num">{formatMoney(c.row.original.final_amount ?? c.getValue(), c.row.original.currency, locale)}</span>,
      }),
      column.accessor("expected_close_date", { header: t("deals.expectedClose"), cell: (c) => formatDate(`${c.getValue()}T00:00:00Z`, locale, "UTC") }),
      column.accessor("expires_at", {
        header: t("deals.expires"),
        cell: (c) => (c.row.original.status === "approved" ? formatDate(c.getValue(), locale, timeZone) : ""),
      }),
      column.accessor("created_at", { header: t("deals.registered"), cell: (c) => formatDate(c.getValue(), locale, timeZone) }),
    ],
    [t, vendor, locale, timeZone],
  );
  return (
    <>
      <PageHeader
        title={t("deals.title")}
        actions={
          <>
            <a className="button" href={`/deals.csv${location.search}`} download>
              {t("common.exportCsv")}
            </a>
            {vendor && (
              <>
                <Link className="button" to="/deals/review">
                  {t("deals.reviewQueue")}
                </Link>
                <Link className="button" to="/deals/pipeline">
                  {t("deals.pipeline")}
                </Link>
              </>
            )}
            {canRegister && (
              <Link className="button button-primary" to="/deals/new">
                {t("deals.new")}
              </Link>
            )}
          </>
        }
      />
      <nav className="tabs" aria-label={t("deals.views")}>
        <Link to="/deals" aria-current={!query.expiring ? "page" : undefined}>
          {t("deals.allView")}
        </Link>
        <Link to="/deals?expiring=1&sort=expires_at&dir=asc" aria-current={query.expiring ? "page" : undefined}>
          {t("deals.expiringView", { days: EXPIRING_DAYS })}
        </Link>
      </nav>
      <FilterBar clearTo="/deals" keep={{ sort: query.sort, dir: query.dir, pageSize: query.pageSize, ...(query.expiring ? { expiring: 1 } : {}) }}>
        <FilterSearch label={t("common.search")} value={query.q} placeholder={t("deals.searchPlaceholder")} />
        <FilterSelect
          name="status"
          label={t("common.status")}
          value={query.status}
          options={DEAL_STATUSES.map((s) => ({ value: s, label: t(`dealStatus.${s}`) }))}
        />
        {vendor && <PartnerPicker name="partner" label={t("deals.partner")} defaultValue={query.partner} placeholder={t("leads.partnerPlaceholder")} />}
        <label>
          <span>{t("deals.closedSince")}</span>
          <input type="date" name="closedSince" defaultValue={query.closedSince ?? ""} />
        </label>
      </FilterBar>
      <DataTable
        columns={columns}
        rows={rows}
        total={total}
        paging={query}
        sortable={["customer_name", "status", "total_amount", "expected_close_date", "expires_at", "created_at"]}
        caption={t("deals.title")}
        rowKey={(r) => r.id}
        totalIsLowerBound={totalIsLowerBound}
      />
    </>
  );
}
