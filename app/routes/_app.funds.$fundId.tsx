import { Link, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { getFund } from "~/modules/funds/read.server";
import { useLocale, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDate, formatDateTime } from "~/lib/format";
import { PageHeader } from "~/components/Page";
import { formatLedgerNote } from "~/modules/funds/ledger-note";
import { BalanceFigures, LedgerExplanation, Money } from "~/components/FundBits";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Fund · Partner Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.funds);
  return getFund(getDb(), scope, idParam(params.fundId));
}

export default function FundLedger() {
  const { fund, ledger, accruals } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const timeZone = useTimeZone();
  return (
    <>
      <PageHeader
        title={`${t(`funds.kind.${fund.kind}`)} · ${fund.quarter}`}
        subtitle={
          <>
            {fund.partner_name} · {t("funds.expiresOn", { date: formatDate(fund.expires_at, locale, "UTC") })}
          </>
        }
        actions={<Link to="/funds">← {t("funds.title")}</Link>}
      />
      <BalanceFigures balance={fund} currency={fund.currency} label={t("funds.ledger")} testId="fund-balance" />
      <section className="card">
        <h2>{t("funds.ledger")}</h2>
        <p className="muted">{t("funds.ledgerIntro")}</p>
        <div className="table-scroll">
          <table className="data-table line-table" data-testid="ledger">
            <thead>
              <tr>
                <th>{t("funds.when")}</th>
                <th>{t("funds.movement")}</th>
                <th className="num">{t("funds.amount")}</th>
                <th>{t("funds.note")}</th>
              </tr>
            </thead>
            <tbody>
              {ledger.map((l) => (
                <tr key={l.id}>
                  <td data-label={t("funds.when")}>{formatDateTime(l.created_at, locale, timeZone)}</td>
                  <td data-label={t("funds.movement")}>
                    <LedgerExplanation line={l} />
                    {l.lateFromQuarter && (
                      <p className="small" data-testid="late-accrual">
                        {t("funds.lateAccrual", { month: l.source_period ?? "", quarter: l.lateFromQuarter, here: fund.quarter })}
                      </p>
                    )}
                    {l.request_id && (
                      <>
                        {" "}
                        <Link to={`/funds/requests/${l.request_id}`}>#{l.request_id}</Link>
                      </>
                    )}
                  </td>
                  <td className="num" data-label={t("funds.amount")}>
                    <Money amount={l.amount} currency={fund.currency} />
                  </td>
                  <td className="small" data-label={t("funds.note")}>
                    {l.note && formatLedgerNote(l.note, locale)}
                    {l.by_name ? <span className="muted"> · {l.by_name}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {accruals.length > 0 && (
        <section className="card">
          <h2>{t("funds.accruals")}</h2>
          <table className="data-table">
            <thead>
              <tr>
                <th>{t("funds.month")}</th>
                <th className="num">{t("funds.salesBase")}</th>
                <th className="num">{t("funds.accrualPct")}</th>
                <th className="num">{t("funds.balance.accrued")}</th>
                <th>{t("funds.leftOut")}</th>
              </tr>
            </thead>
            <tbody>
              {accruals.map((a) => (
                <tr key={a.period}>
                  <td>{a.period}</td>
                  <td className="num">
                    <Money amount={a.sales_base} currency={fund.currency} />
                  </td>
                  <td className="num">{a.accrual_pct}%</td>
                  <td className="num">
                    <Money amount={a.accrued_amount} currency={fund.currency} />
                  </td>
                  <td>{a.missing_currencies ? t("funds.noRateFor", { currencies: a.missing_currencies }) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
