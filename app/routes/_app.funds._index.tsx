import { Link, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { isVendor } from "~/lib/scope.server";
import { listFunds, listRequests, readFundListQuery, readRequestListQuery, totalBalance, type FundRow } from "~/modules/funds/read.server";
import { useLocale, useT } from "~/lib/i18n-react";
import { formatDate } from "~/lib/format";
import { DataTable } from "~/components/DataTable";
import { FilterBar, FilterSelect } from "~/components/Filters";
import { PageHeader } from "~/components/Page";
import { ActionNotice, BALANCE_KEYS, BalanceFigures, ClaimCell, Money, RequestCell, RequestStatusBadge } from "~/components/FundBits";
import { FUND_KINDS } from "../../db/types";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Funds · Partner Portal" }];

/** The funds page shows the newest requests; /funds/requests pages through all of them. */
const LATEST_REQUESTS = 10;

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope, user } = await requireAuth(request, ROUTE_ROLES.funds);
  const params = new URL(request.url).searchParams;
  const query = readFundListQuery(params);
  const db = getDb();
  const [funds, requests] = await Promise.all([listFunds(db, scope, query), listRequests(db, scope, readRequestListQuery(new URLSearchParams()))]);
  return {
    ...funds,
    totals: totalBalance(funds.rows),
    requests: requests.rows.slice(0, LATEST_REQUESTS),
    requestsTotal: requests.total,
    query,
    vendor: isVendor(scope),
    admin: scope.kind === "admin",
    partner: scope.kind === "partner",
    role: user.role,
  };
}

const column = createColumnHelper<FundRow>();

export default function Funds() {
  const { rows, total, totals, requests, requestsTotal, query, vendor, admin, partner } = useLoaderData<typeof loader>();
  const location = useLocation();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const currency = rows[0]?.currency ?? "USD";
  const columns = useMemo(
    () => [
      ...(vendor ? [column.accessor("partner_name", { id: "partner", header: t("funds.partner") })] : []),
      column.accessor("quarter", {
        header: t("funds.fund"),
        cell: (c) => (
          <Link className="nowrap" to={`/funds/${c.row.original.id}`}>
            {t(`funds.kind.${c.row.original.kind}`)} · {c.getValue()}
          </Link>
        ),
      }),
      ...BALANCE_KEYS.map((key) =>
        column.accessor(key, {
          id: key,
          header: t(`funds.balance.${key}`),
          cell: (c) =>
            key === "available" ? (
              <strong>
                <Money amount={c.getValue()} currency={c.row.original.currency} />
              </strong>
            ) : (
              <Money amount={c.getValue()} currency={c.row.original.currency} />
            ),
        }),
      ),
      column.accessor("expires_at", { header: t("funds.expires"), cell: (c) => formatDate(c.getValue(), locale, "UTC") }),
    ],
    [t, vendor, locale],
  );
  return (
    <>
      <PageHeader
        title={t("funds.title")}
        subtitle={partner ? t("funds.partnerIntro") : t("funds.vendorIntro")}
        actions={
          <>
            <a className="button" href={`/funds.csv${location.search}`} download>
              {t("common.exportCsv")}
            </a>
            {vendor && (
              <>
                <Link className="button" to="/funds/review">
                  {t("funds.reviewQueue")}
                </Link>
                <Link className="button" to="/funds/reports">
                  {t("funds.reports")}
                </Link>
              </>
            )}
            {admin && (
              <>
                <Link className="button" to="/funds/payments">
                  {t("funds.payments")}
                </Link>
                <Link className="button button-primary" to="/funds/allocate">
                  {t("funds.allocate")}
                </Link>
              </>
            )}
            {partner && (
              <Link className="button button-primary" to="/funds/requests/new">
                {t("funds.newRequest")}
              </Link>
            )}
          </>
        }
      />
      <ActionNotice notice={params.get("notice")} />
      <FilterBar clearTo="/funds" keep={{ sort: query.sort, dir: query.dir, pageSize: query.pageSize }}>
        <FilterSelect
          name="kind"
          label={t("funds.kindLabel")}
          value={query.kind}
          options={FUND_KINDS.map((k) => ({ value: k, label: t(`funds.kind.${k}`) }))}
        />
        <label>
          <span>{t("funds.quarter")}</span>
          <input name="quarter" defaultValue={query.quarter} placeholder="2026-Q3" size={8} />
        </label>
      </FilterBar>
      <DataTable
        columns={columns}
        rows={rows}
        total={total}
        paging={query}
        sortable={["quarter", "partner", "available"]}
        caption={t("funds.title")}
        rowKey={(r) => r.id}
        emptyText={t("funds.noFunds")}
      />
      {rows.length > 1 && <BalanceFigures balance={totals} currency={currency} label={t("funds.pageTotals")} testId="fund-totals" />}
      <section className="card">
        <h2>{t("funds.latestRequests")}</h2>
        {requests.length === 0 ? (
          <p className="muted">{t("funds.noRequests")}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table line-table">
              <thead>
                <tr>
                  <th>{t("funds.request")}</th>
                  {vendor && <th>{t("funds.partner")}</th>}
                  <th>{t("common.status")}</th>
                  <th className="num">{t("funds.requested")}</th>
                  <th className="num">{t("funds.approved")}</th>
                  <th>{t("funds.claim")}</th>
                </tr>
              </thead>
              <tbody>
                {requests.map((r) => (
                  <tr key={r.id}>
                    <td data-label={t("funds.request")}>
                      <RequestCell request={r} />
                    </td>
                    {vendor && <td data-label={t("funds.partner")}>{r.partner_name}</td>}
                    <td data-label={t("common.status")}>
                      <RequestStatusBadge status={r.status} />
                    </td>
                    <td className="num" data-label={t("funds.requested")}>
                      <Money amount={r.requested_amount} currency={r.currency} />
                    </td>
                    <td className="num" data-label={t("funds.approved")}>
                      <Money amount={r.approved_amount} currency={r.currency} />
                    </td>
                    <td data-label={t("funds.claim")}>
                      <ClaimCell claimId={r.claim_id} status={r.claim_status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {requestsTotal > 0 && (
          <p>
            <Link to="/funds/requests">{t("funds.seeAllRequests", { count: requestsTotal })}</Link>
          </p>
        )}
      </section>
    </>
  );
}
