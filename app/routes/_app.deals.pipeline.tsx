import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { dealPipeline } from "~/modules/deals/pipeline.server";
import { useLocale, useT } from "~/lib/i18n-react";
import { formatMoney, formatPercent } from "~/lib/format";
import { PageHeader } from "~/components/Page";
import { BarChart } from "~/components/BarChart";
import { DealStatusBadge } from "~/components/DealBits";
import { openPipeline } from "~/modules/figures/open-pipeline.server";
import { now } from "~/lib/clock.server";
import { FigureNote } from "~/components/FigureNote";
import { OpenPipelineNote } from "~/components/OpenPipelineNote";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Deal pipeline · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.dealsVendor);
  const db = getDb();
  const [pipeline, open] = await Promise.all([dealPipeline(db, scope, new URL(request.url).searchParams.get("currency")), openPipeline(db, scope, now())]);
  return { ...pipeline, open };
}

export default function DealPipeline() {
  const { currency, currencies, byStatus, byMonth, byPartner, open } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const money = (value: string | number) => formatMoney(String(value), currency, locale);
  const compact = (value: number) => new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 }).format(value);
  return (
    <>
      <PageHeader title={t("deals.pipeline")} subtitle={t("deals.pipelineIntro")} actions={<Link to="/deals">← {t("deals.title")}</Link>} />
      <section className="card" aria-labelledby="open-pipeline">
        <h2 id="open-pipeline">{t("dashboard.openPipeline", { currency: open.base })}</h2>
        <p className="metric-value" data-testid="open-pipeline-value">
          {open.value === null ? t("dashboard.unknown") : formatMoney(open.value, open.base, locale)}
        </p>
        <p className="hint">{t("dashboard.dealsCount", { count: open.count })}</p>
        <FigureNote testId="open-pipeline-note">
          <OpenPipelineNote pipeline={open} />
        </FigureNote>
      </section>
      {currencies.length > 1 && (
        <Form method="get" className="filters">
          <label>
            <span>{t("deals.currency")}</span>
            <select name="currency" defaultValue={currency}>
              {currencies.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
          <button type="submit" className="button">
            {t("common.filter")}
          </button>
        </Form>
      )}
      <section className="card">
        <BarChart
          title={t("deals.openByMonth", { currency })}
          xTitle={t("deals.expectedCloseMonth")}
          yTitle={t("deals.valueIn", { currency })}
          formatTick={compact}
          tableCaption={t("deals.openByMonth", { currency })}
          bars={byMonth.map((m) => ({ label: m.month, value: m.value, display: `${money(m.value)} (${m.count})` }))}
        />
      </section>
      <div className="detail-grid">
        <section className="card">
          <h2>{t("deals.byStatus")}</h2>
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th>{t("common.status")}</th>
                  <th className="num">{t("deals.count")}</th>
                  <th className="num">{t("deals.valueIn", { currency })}</th>
                </tr>
              </thead>
              <tbody>
                {byStatus.map((s) => (
                  <tr key={s.status}>
                    <td>
                      <Link to={`/deals?status=${s.status}`}>
                        <DealStatusBadge status={s.status} />
                      </Link>
                    </td>
                    <td className="num">{s.count}</td>
                    <td className="num">{money(s.value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section className="card">
          <h2>{t("deals.winRateByPartner")}</h2>
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th>{t("deals.partner")}</th>
                  <th className="num">{t("deals.open")}</th>
                  <th className="num">{t("dealStatus.won")}</th>
                  <th className="num">{t("dealStatus.lost")}</th>
                  <th className="num">{t("deals.winRate")}</th>
                  <th className="num">{t("deals.wonValue")}</th>
                </tr>
              </thead>
              <tbody>
                {byPartner.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link to={`/deals?partner=${p.id}`}>{p.name}</Link>
                    </td>
                    <td className="num">{p.open}</td>
                    <td className="num">{p.won}</td>
                    <td className="num">{p.lost}</td>
                    <td className="num">{p.winRate === null ? "—" : formatPercent((p.winRate * 100).toFixed(0), locale)}</td>
                    <td className="num">{money(p.wonValue)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </div>
    </>
  );
}
