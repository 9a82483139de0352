import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useCallback, useMemo } from "react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { isVendor } from "~/lib/scope.server";
import { filterChoices } from "~/modules/settings/choices.server";
import {
  readReportQuery,
  regionalCoverage,
  requireReportReader,
  resolveDistributor,
  sellThroughReport,
  type ReportGroup,
} from "~/modules/sell-through/reports.server";
import { GROUP_BYS, filterParams } from "~/modules/sell-through/report-filters";
import { CURRENCIES } from "~/lib/money";
import { useLocale, useT } from "~/lib/i18n-react";
import { formatMoney, formatNumber } from "~/lib/format";
import { DataTable } from "~/components/DataTable";
import { FilterBar, FilterSelect } from "~/components/Filters";
import { Notice, PageHeader } from "~/components/Page";
import { PartnerPicker } from "~/components/PartnerPicker";
import { BarChart } from "~/components/BarChart";
import { GroupLabel, MissingRates, ReportFilterFields, useCompactNumber } from "~/components/SellThroughReportBits";
import { FigureNote } from "~/components/FigureNote";
import { referenceName } from "~/lib/reference-name";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Sell-through reports · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope, user } = await requireAuth(request, ROUTE_ROLES.sellThrough);
  requireReportReader(scope, user.partnerType);
  const params = new URL(request.url).searchParams;
  const db = getDb();
  const query = readReportQuery(params);
  const vendor = isVendor(scope);
  const resolved = await resolveDistributor(db, scope, query);
  const tab = params.get("tab") === "coverage" ? "coverage" : "summary";
  const [choices, report, coverage] = await Promise.all([
    filterChoices(db),
    tab === "summary" ? sellThroughReport(db, scope, resolved) : null,
    tab === "coverage" ? regionalCoverage(db, scope, resolved) : null,
  ]);
  return { query: resolved, tab, vendor, choices, report, coverage, canEditRates: user.role === "admin" };
}

const column = createColumnHelper<ReportGroup>();

export default function SellThroughReports() {
  const { query, tab, vendor, choices, report, coverage, canEditRates } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const compact = useCompactNumber();
  const base = report?.base ?? coverage?.base ?? "USD";
  const money = useCallback(
    (amount: string | null) => (amount === null ? t("sellThroughReports.rateMissingShort") : formatMoney(amount, base, locale)),
    [t, base, locale],
  );
  const keep = useMemo(() => filterParams(query), [query]);
  const drill = useCallback((key: string) => `/sell-through/reports/lines?${new URLSearchParams({ ...keep, key }).toString()}`, [keep]);
  const columns = useMemo(
    () => [
      column.accessor("key", {
        id: "label",
        header: t(`sellThroughReports.groupBy.${query.groupBy}`),
        cell: (c) => (
          <Link to={drill(c.row.original.key)}>
            <GroupLabel groupBy={query.groupBy} group={c.row.original} />
          </Link>
        ),
      }),
      column.accessor("quantity", { header: t("sellThroughReports.quantity"), cell: (c) => <span className="num">{formatNumber(c.getValue(), locale)}</span> }),
      column.accessor("amounts", {
        header: t("sellThroughReports.amountLineCurrency"),
        cell: (c) => (
          <span className="num">
            {c.getValue().map((a, i) => (
              <span key={a.currency}>
                {i > 0 && <br />}
                {formatMoney(a.amount, a.currency, locale)}
              </span>
            ))}
          </span>
        ),
      }),
      column.accessor("amount_base", {
        header: t("sellThroughReports.amountBase", { currency: base }),
        cell: (c) => <span className="num">{money(c.getValue())}</span>,
      }),
      column.accessor("line_count", { header: t("sellThroughReports.lines"), cell: (c) => <span className="num">{formatNumber(c.getValue(), locale)}</span> }),
    ],
    [t, locale, base, query.groupBy, drill, money],
  );
  const tabLink = (to: "summary" | "coverage") => `?${new URLSearchParams({ ...keep, ...(to === "coverage" ? { tab: "coverage" } : {}) }).toString()}`;
  return (
    <>
      <PageHeader
        title={t("sellThroughReports.title")}
        subtitle={t("sellThroughReports.intro", { currency: base })}
        actions={
          <>
            {tab === "summary" && (
              <>
                <a className="button" href={`/sell-through/reports.csv${location.search}`} download>
                  {t("common.exportCsv")}
                </a>
                <a className="button" href={`/sell-through/reports/lines.csv?${new URLSearchParams(keep).toString()}`} download>
                  {t("sellThroughReports.exportLines")}
                </a>
              </>
            )}
            <Link className="button" to="/settings/exchange-rates">
              {canEditRates ? t("sellThroughReports.editRates") : t("sellThroughReports.rates")}
            </Link>
            <Link to="/sell-through">← {t("nav.sellThrough")}</Link>
          </>
        }
      />
      <nav className="tabs" aria-label={t("sellThroughReports.views")}>
        <Link to={tabLink("summary")} aria-current={tab === "summary" ? "page" : undefined}>
          {t("sellThroughReports.summaryTab")}
        </Link>
        <Link to={tabLink("coverage")} aria-current={tab === "coverage" ? "page" : undefined}>
          {t("sellThroughReports.coverageTab")}
        </Link>
      </nav>
      <FilterBar
        clearTo={tab === "coverage" ? "/sell-through/reports?tab=coverage" : "/sell-through/reports"}
        keep={tab === "coverage" ? { tab: "coverage" } : { pageSize: query.pageSize }}
      >
        <ReportFilterFields query={query} />
        {tab === "summary" && (
          <FilterSelect
            name="groupBy"
            label={t("sellThroughReports.groupByLabel")}
            value={query.groupBy}
            options={GROUP_BYS.map((g) => ({ value: g, label: t(`sellThroughReports.groupBy.${g}`) }))}
          />
        )}
        {vendor && (
          <PartnerPicker name="distributor" label={t("sellThrough.distributor")} defaultValue={query.distributor} placeholder={t("leads.partnerPlaceholder")} />
        )}
        <FilterSelect
          name="line"
          label={t("sellThroughReports.productLine")}
          value={query.productLineId}
          options={choices.lines.map((l) => ({ value: l.id, label: referenceName(locale, l) }))}
        />
        {tab === "summary" && (
          <FilterSelect
            name="region"
            label={t("sellThroughReports.region")}
            value={query.regionId}
            options={[...choices.regions.map((r) => ({ value: r.id, label: referenceName(locale, r) })), { value: 0, label: t("sellThroughReports.noRegion") }]}
          />
        )}
        <FilterSelect
          name="currency"
          label={t("sellThroughReports.currency")}
          value={query.currency}
          options={CURRENCIES.map((c) => ({ value: c, label: c }))}
        />
      </FilterBar>

      {report && (
        <>
          <MissingRates missing={report.missingRates} canEdit={canEditRates} />
          <section className="card" aria-labelledby="totals-title">
            <h2 id="totals-title">{t("sellThroughReports.totals", { from: query.from, to: query.to })}</h2>
            <dl className="facts" data-testid="report-totals">
              <dt>{t("sellThroughReports.amountBase", { currency: base })}</dt>
              <dd className="num" data-testid="total-base">
                {money(report.totals.amount_base)}
              </dd>
              <dt>{t("sellThroughReports.amountLineCurrency")}</dt>
              <dd className="num">
                {report.totals.amounts.length ? report.totals.amounts.map((a) => formatMoney(a.amount, a.currency, locale)).join(" · ") : "—"}
              </dd>
              <dt>{t("sellThroughReports.quantity")}</dt>
              <dd className="num">{formatNumber(report.totals.quantity, locale)}</dd>
              <dt>{t("sellThroughReports.lines")}</dt>
              <dd className="num">{formatNumber(report.totals.line_count, locale)}</dd>
            </dl>
            <FigureNote testId="report-total-note">{t("figures.reportTotal")}</FigureNote>
          </section>
          <div className="detail-grid">
            <section className="card">
              <BarChart
                title={t("sellThroughReports.byMonth", { currency: base })}
                xTitle={t("sellThrough.period")}
                yTitle={t("sellThroughReports.amountBase", { currency: base })}
                formatTick={compact}
                tableCaption={t("sellThroughReports.byMonth", { currency: base })}
                bars={report.series.map((s) => ({ label: s.period.slice(2), value: s.amount_base ?? "0", display: money(s.amount_base) }))}
              />
            </section>
            <section className="card">
              <BarChart
                title={t("sellThroughReports.top", { count: report.top.rows.length, by: t(`sellThroughReports.groupBy.${report.top.groupBy}`) })}
                xTitle={t(`sellThroughReports.groupBy.${report.top.groupBy}`)}
                yTitle={t("sellThroughReports.amountBase", { currency: base })}
                formatTick={compact}
                tableCaption={t("sellThroughReports.top", { count: report.top.rows.length, by: t(`sellThroughReports.groupBy.${report.top.groupBy}`) })}
                bars={report.top.rows.map((g) => ({
                  label: g.code ?? t(report.top.groupBy === "reseller" ? "sellThroughReports.direct" : "sellThroughReports.noRegion"),
                  value: g.amount_base ?? "0",
                  display: `${g.name ? `${referenceName(locale, g)}: ` : ""}${money(g.amount_base)}`,
                }))}
              />
            </section>
          </div>
          <DataTable
            columns={columns}
            rows={report.rows}
            total={report.total}
            paging={query}
            sortable={["label", "quantity", "amount_base", "line_count"]}
            caption={t("sellThroughReports.title")}
            rowKey={(r) => r.key}
            emptyText={t("sellThroughReports.none")}
          />
        </>
      )}

      {coverage && (
        <section className="card">
          <h2>{t("sellThroughReports.coverageTitle", { from: query.from, to: query.to })}</h2>
          <p className="hint">{t("sellThroughReports.coverageIntro")}</p>
          <div className="table-scroll">
            <table className="data-table" data-testid="coverage">
              <thead>
                <tr>
                  <th>{t("sellThroughReports.region")}</th>
                  <th className="num">{t("sellThroughReports.activePartners")}</th>
                  <th className="num">{t("sellThroughReports.sellingPartners")}</th>
                  <th className="num">{t("sellThroughReports.quantity")}</th>
                  <th className="num">{t("sellThroughReports.amountBase", { currency: base })}</th>
                  <th>{t("common.status")}</th>
                </tr>
              </thead>
              <tbody>
                {coverage.regions.map((r) => {
                  const sold = r.line_count !== "0";
                  const status = r.partners === 0 ? (sold ? "salesNoPartners" : "noPartners") : sold ? "covered" : "noReports";
                  return (
                    <tr key={r.id}>
                      <td>
                        {referenceName(locale, r) ?? t("sellThroughReports.noRegion")}
                        {r.code && <span className="muted"> ({r.code})</span>}
                      </td>
                      <td className="num">
                        {r.partners}
                        <div className="muted small">{t("sellThroughReports.partnerSplit", { distributors: r.distributors, resellers: r.resellers })}</div>
                      </td>
                      <td className="num">{r.sellers}</td>
                      <td className="num">{formatNumber(r.quantity, locale)}</td>
                      <td className="num">
                        {sold ? (
                          <Link to={`/sell-through/reports?${new URLSearchParams({ ...keep, groupBy: "distributor", region: String(r.id) }).toString()}`}>
                            {money(r.amount_base)}
                          </Link>
                        ) : (
                          money(r.amount_base)
                        )}
                      </td>
                      <td>
                        <span className={`badge badge-${status === "covered" ? "active" : status === "noReports" ? "onboarding" : "suspended"}`}>
                          {t(`sellThroughReports.coverage.${status}`)}
                        </span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {report && report.rows.length === 0 && query.distributorId === 0 && <Notice tone="info">{t("sellThroughReports.noSuchDistributor")}</Notice>}
    </>
  );
}
