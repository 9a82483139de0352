import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { isVendor } from "~/lib/scope.server";
import { findPartnerChoice } from "~/modules/partners/picker.server";
import { partnerChoiceLabel } from "~/modules/partners/picker";
import { listOffers, readOfferListQuery, type OfferRow } from "~/modules/leads/offers.server";
import { OFFER_OUTCOME_FILTERS } from "~/modules/leads/offer-filters";
import { useLocale, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDateTime } from "~/lib/format";
import { DataTable } from "~/components/DataTable";
import { FilterBar, FilterSelect } from "~/components/Filters";
import { PageHeader } from "~/components/Page";
import { PartnerPicker } from "~/components/PartnerPicker";
import { OfferOutcomeBadge, OfferReason } from "~/components/LeadBits";
import { timeOf, useDuration } from "~/components/DashboardBits";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Lead offers · Partner Portal" }];

// Every offer made to the user's partners (a partner admin: to their partner and its resellers),
// with how and when each was answered: what the lead acceptance figures count (the leads list
// counts leads, and a lead may be offered several times).
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.leadOffers);
  const query = readOfferListQuery(new URL(request.url).searchParams);
  const db = getDb();
  const [{ rows, total }, partner] = await Promise.all([listOffers(db, scope, query), query.partner ? findPartnerChoice(db, scope, query.partner) : null]);
  return {
    rows,
    total,
    vendor: isVendor(scope),
    query: {
      ...query,
      offeredSince: query.offeredSince ? query.offeredSince.toISOString().slice(0, 10) : "",
      partner: partner ? partnerChoiceLabel(partner) : query.partner,
    },
  };
}

const column = createColumnHelper<OfferRow>();

export default function LeadOffers() {
  const { rows, total, query, vendor } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const duration = useDuration();
  const location = useLocation();
  const columns = useMemo(
    () => [
      column.accessor("offered_at", { header: t("offers.offeredAt"), cell: (c) => formatDateTime(c.getValue(), locale, timeZone) }),
      column.accessor("company", {
        header: t("leads.company"),
        cell: (c) =>
          Number(c.row.original.lead_visible) === 1 ? (
            <Link to={`/leads/${c.row.original.lead_id}`}>{c.getValue()}</Link>
          ) : (
            <span title={t("offers.leadMovedOn")}>
              {c.getValue()} <span className="muted small">· {t("offers.leadMovedOnShort")}</span>
            </span>
          ),
      }),
      column.accessor("partner_name", {
        id: "partner",
        header: t("leads.partner"),
        cell: (c) => (c.row.original.user_name ? `${c.getValue()} · ${c.row.original.user_name}` : c.getValue()),
      }),
      column.accessor("outcome", { header: t("offers.outcome"), cell: (c) => <OfferOutcomeBadge outcome={c.getValue()} /> }),
      column.accessor("outcome_at", {
        header: t("offers.answeredAt"),
        cell: (c) =>
          c.getValue()
            ? formatDateTime(c.getValue(), locale, timeZone)
            : t("offers.acceptBy", { time: formatDateTime(c.row.original.expires_at, locale, timeZone) }),
      }),
      column.display({
        id: "took",
        header: t("offers.took"),
        cell: (c) =>
          c.row.original.outcome_at ? <span className="nowrap">{duration(timeOf(c.row.original.outcome_at) - timeOf(c.row.original.offered_at))}</span> : "—",
      }),
      column.accessor("reason", { header: t("offers.reason"), cell: (c) => <OfferReason reason={c.getValue()} /> }),
    ],
    [t, locale, timeZone, duration],
  );
  return (
    <>
      <PageHeader
        title={t("offers.title")}
        subtitle={vendor ? t("offers.intro") : t("offers.introPartner")}
        actions={
          <>
            <a className="button" href={`/leads/offers.csv${location.search}`} download>
              {t("common.exportCsv")}
            </a>
            <Link to="/leads">← {t("leads.title")}</Link>
          </>
        }
      />
      <FilterBar clearTo="/leads/offers" keep={{ sort: query.sort, dir: query.dir, pageSize: query.pageSize }}>
        <FilterSelect
          name="outcome"
          label={t("offers.outcome")}
          value={query.outcome}
          options={OFFER_OUTCOME_FILTERS.map((o) => ({ value: o, label: t(`offers.filter.${o}`) }))}
        />
        <PartnerPicker name="partner" label={t("leads.partner")} defaultValue={query.partner} placeholder={t("leads.partnerPlaceholder")} />
        <label>
          <span>{t("leads.offeredSince")}</span>
          <input type="date" name="offeredSince" defaultValue={query.offeredSince} />
        </label>
      </FilterBar>
      <DataTable
        columns={columns}
        rows={rows}
        total={total}
        paging={query}
        sortable={["offered_at", "outcome_at"]}
        caption={t("offers.title")}
        rowKey={(r) => r.id}
        emptyText={t("offers.none")}
      />
    </>
  );
}
