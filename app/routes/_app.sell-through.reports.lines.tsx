import { Link, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { readLinesQuery, reportLines, requireReportReader, resolveDistributor, type ReportLine } from "~/modules/sell-through/reports.server";
import { filterParams } from "~/modules/sell-through/report-filters";
import { useLocale, useT } from "~/lib/i18n-react";
import { formatDate, formatMoney, formatNumber } from "~/lib/format";
import { DataTable } from "~/components/DataTable";
import { PageHeader } from "~/components/Page";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Sell-through lines · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope, user } = await requireAuth(request, ROUTE_ROLES.sellThrough);
  requireReportReader(scope, user.partnerType);
  const db = getDb();
  const query = readLinesQuery(new URL(request.url).searchParams);
  const resolved = await resolveDistributor(db, scope, query);
  return { query: resolved, ...(await reportLines(db, scope, resolved)) };
}

const column = createColumnHelper<ReportLine>();

export default function SellThroughReportLines() {
  const { query, rows, total, totalIsLowerBound, base } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const columns = useMemo(
    () => [
      column.accessor("transaction_date", { header: t("sellThroughReports.date"), cell: (c) => formatDate(`${c.getValue()}T00:00:00Z`, locale, "UTC") }),
      column.accessor("invoice_no", { header: t("sellThroughReports.invoice"), cell: (c) => `${c.getValue()} / ${c.row.original.line_no}` }),
      column.accessor("distributor_code", {
        header: t("sellThrough.distributor"),
        cell: (c) => <span title={c.row.original.distributor_name}>{c.getValue()}</span>,
      }),
      column.accessor("reseller_name", {
        header: t("sellThroughReports.groupBy.reseller"),
        cell: (c) =>
          c.getValue() ?? (
            <span className="muted">
              {t("sellThroughReports.direct")}
              {c.row.original.reseller_as_written && ` (${c.row.original.reseller_as_written})`}
            </span>
          ),
      }),
      column.accessor("end_customer_name", {
        header: t("sellThroughReports.endCustomer"),
        cell: (c) => (
          <>
            {c.getValue()} {c.row.original.end_customer_country && <span className="muted">({c.row.original.end_customer_country})</span>}
            {c.row.original.deal_id !== null && (
              <div className="small">
                <Link to={`/deals/${c.row.original.deal_id}`}>{t("sellThroughReports.matchedDeal", { id: c.row.original.deal_id })}</Link>
              </div>
            )}
          </>
        ),
      }),
      column.accessor("sku", { header: t("sellThroughReports.groupBy.sku"), cell: (c) => <span title={c.row.original.product_name}>{c.getValue()}</span> }),
      column.accessor("quantity", { header: t("sellThroughReports.quantity"), cell: (c) => <span className="num">{formatNumber(c.getValue(), locale)}</span> }),
      column.accessor("amount", {
        header: t("sellThroughReports.amountLineCurrency"),
        cell: (c) => <span className="num">{formatMoney(c.getValue(), c.row.original.currency, locale)}</span>,
      }),
      column.accessor("amount_base", {
        header: t("sellThroughReports.amountBase", { currency: base }),
        cell: (c) => <span className="num">{c.getValue() === null ? t("sellThroughReports.rateMissingShort") : formatMoney(c.getValue()!, base, locale)}</span>,
      }),
    ],
    [t, locale, base],
  );
  const keep = filterParams(query);
  const params = new URLSearchParams({ ...keep, ...(query.key !== null ? { key: query.key } : {}) }).toString();
  return (
    <>
      <PageHeader
        title={t("sellThroughReports.linesTitle")}
        subtitle={t("sellThroughReports.linesIntro", { from: query.from, to: query.to })}
        actions={
          <>
            <a className="button" href={`/sell-through/reports/lines.csv?${params}`} download>
              {t("common.exportCsv")}
            </a>
            <Link to={`/sell-through/reports?${new URLSearchParams(keep).toString()}`}>← {t("sellThroughReports.title")}</Link>
          </>
        }
      />
      <DataTable
        columns={columns}
        rows={rows}
        total={total}
        totalIsLowerBound={totalIsLowerBound}
        paging={query}
        sortable={["transaction_date", "invoice_no", "quantity", "amount"]}
        caption={t("sellThroughReports.linesTitle")}
        rowKey={(r) => r.id}
        emptyText={t("sellThroughReports.none")}
      />
    </>
  );
}
