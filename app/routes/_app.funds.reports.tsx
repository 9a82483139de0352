import { Link, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { activityReport, utilisationReport } from "~/modules/funds/read.server";
import { useLocale, useT } from "~/lib/i18n-react";
import { formatDate, formatNumber } from "~/lib/format";
import { PageHeader } from "~/components/Page";
import { BALANCE_KEYS, Money } from "~/components/FundBits";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Fund reports · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.fundsVendor);
  const db = getDb();
  const [utilisation, activities] = await Promise.all([utilisationReport(db, scope), activityReport(db, scope)]);
  return { utilisation, ...activities };
}

export default function FundReports() {
  const { utilisation, rows, baseCurrency } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <PageHeader title={t("funds.reports")} subtitle={t("funds.reportsIntro")} actions={<Link to="/funds">← {t("funds.title")}</Link>} />
      <section className="card">
        <h2>{t("funds.utilisation")}</h2>
        <div className="table-scroll">
          <table className="data-table" data-testid="utilisation">
            <thead>
              <tr>
                <th>{t("funds.partner")}</th>
                <th>{t("funds.quarter")}</th>
                {BALANCE_KEYS.map((k) => (
                  <th key={k} className="num">
                    {t(`funds.balance.${k}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {utilisation.map((u) => (
                <tr key={`${u.partner_id}-${u.quarter}`}>
                  <td>
                    <Link to={`/funds?partner=${u.partner_id}&quarter=${u.quarter}`}>{u.partner_name}</Link>
                  </td>
                  <td>{u.quarter}</td>
                  {BALANCE_KEYS.map((k) => (
                    <td key={k} className="num">
                      <Money amount={u[k]} currency={baseCurrency} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card">
        <h2>{t("funds.perActivity")}</h2>
        <p className="muted">{t("funds.perActivityIntro")}</p>
        <div className="table-scroll">
          <table className="data-table" data-testid="activities">
            <thead>
              <tr>
                <th>{t("funds.request")}</th>
                <th>{t("funds.partner")}</th>
                <th>{t("funds.endDate")}</th>
                <th className="num">{t("funds.cost")}</th>
                <th className="num">{t("funds.vendorShare")}</th>
                <th className="num">{t("funds.leads")}</th>
                <th className="num">{t("funds.deals")}</th>
                <th className="num">{t("funds.sellThroughAfter")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/funds/requests/${r.id}`}>
                      #{r.id} · {t(`funds.activity.${r.activity_type as "event"}`)}
                    </Link>
                    <div className="muted small">{r.description.slice(0, 60)}</div>
                  </td>
                  <td>{r.partner_name}</td>
                  <td>{formatDate(`${r.end_date}T00:00:00Z`, locale, "UTC")}</td>
                  <td className="num">
                    <Money amount={r.cost} currency={baseCurrency} />
                  </td>
                  <td className="num">
                    <Money amount={r.vendor_share} currency={baseCurrency} />
                  </td>
                  <td className="num">{formatNumber(r.leads, locale)}</td>
                  <td className="num">{formatNumber(r.deals, locale)}</td>
                  <td className="num">
                    <Money amount={r.sell_through} currency={baseCurrency} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
