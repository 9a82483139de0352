import { Link, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { now } from "~/lib/clock.server";
import { partnerScorecard } from "~/modules/scorecards/scorecard.server";
import { scorecardLinks } from "~/modules/scorecards/links";
import { useLocale, useT } from "~/lib/i18n-react";
import { formatMoney, formatNumber, formatPercent } from "~/lib/format";
import { Badge, PageHeader } from "~/components/Page";
import { Count, Figure, MetricCard, Pct, TrendChart } from "~/components/ScorecardBits";
import { FigureNote } from "~/components/FigureNote";
import { OpenPipelineNote } from "~/components/OpenPipelineNote";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.card.partner.name ?? "Partner"} · Scorecard · Partner Portal` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.scorecards);
  return { card: await partnerScorecard(getDb(), scope, idParam(params.partnerId), now()) };
}

export default function PartnerScorecard() {
  const { card } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const links = scorecardLinks(card);
  const { partner, base, window: w, sellThrough, pipeline, winRate, leads, funds, timeliness, rank, attainment, tier } = card;
  const money = (amount: string | null) => (amount === null ? "—" : formatMoney(amount, base, locale));
  const pct = (value: string | null) => (value === null ? "—" : formatPercent(value, locale));
  const month = (period: string) => period.slice(2);
  const monthAxis = t("scorecards.axisMonth");
  return (
    <>
      <PageHeader
        title={t("scorecards.title", { name: partner.name })}
        subtitle={
          <>
            {partner.code} · {t(`partnerType.${partner.type}`)} · <Badge tone={partner.tier}>{t(`tier.${partner.tier}`)}</Badge> ·{" "}
            {t("scorecards.window", { from: w.from, to: w.to })}
          </>
        }
        actions={<Link to={`/partners/${partner.id}`}>← {partner.name}</Link>}
      />
      <div className="metric-cards">
        <MetricCard
          title={t("scorecards.sellThrough", { currency: base })}
          value={<Figure amount={sellThrough.total} currency={base} missing={sellThrough.missingRates} />}
          detail={t("scorecards.growth", { growth: pct(sellThrough.growthPct), previous: money(sellThrough.previous) })}
          to={links.sellThrough}
          linkLabel={t("scorecards.openReport")}
        >
          <FigureNote testId="sell-through-note">{t("figures.partnerSellThrough", { from: w.from, to: w.to, base })}</FigureNote>
          <TrendChart
            title={t("scorecards.sellThroughTrend")}
            unit={base}
            period={monthAxis}
            points={sellThrough.months.map((m) => ({ label: month(m.period), value: m.amountBase, display: money(m.amountBase) }))}
          />
        </MetricCard>

        <MetricCard
          title={t("scorecards.pipeline")}
          value={<span data-testid="pipeline-value">{money(pipeline.value)}</span>}
          detail={pipeline.open ? <Link to={links.approved}>{t("scorecards.openDeals", { count: pipeline.open })}</Link> : t("scorecards.noOpenDeals")}
        >
          <FigureNote testId="pipeline-note">
            <OpenPipelineNote pipeline={{ base, ratePeriod: pipeline.ratePeriod, amounts: pipeline.values, missingRates: pipeline.missingRates }} />
          </FigureNote>
          <p className="hint">
            <Link to={links.submitted}>{t("scorecards.submitted", { count: pipeline.byStatus.submitted })}</Link> ·{" "}
            <Link to={links.moreInfo}>{t("scorecards.moreInfo", { count: pipeline.byStatus.more_info })}</Link> ·{" "}
            <Link to={links.approved}>{t("scorecards.approved", { count: pipeline.byStatus.approved })}</Link>
          </p>
          <TrendChart
            title={t("scorecards.pipelineTrend")}
            unit={t("scorecards.unitRegistrations")}
            period={monthAxis}
            points={pipeline.months.map((m) => ({ label: month(m.period), value: String(m.submitted), display: formatNumber(m.submitted, locale) }))}
          />
        </MetricCard>

        <MetricCard title={t("scorecards.winRate")} value={<Pct value={winRate.pct} />} detail={t("scorecards.winRateDefinition")}>
          <p>
            <Link to={links.won} data-testid="won-link">
              {t("scorecards.won", { count: winRate.won })}
            </Link>{" "}
            ·{" "}
            <Link to={links.lost} data-testid="lost-link">
              {t("scorecards.lost", { count: winRate.lost })}
            </Link>
          </p>
          <FigureNote>{t("figures.since", { since: w.since })}</FigureNote>
          <TrendChart
            title={t("scorecards.winRateTrend")}
            unit="%"
            period={monthAxis}
            points={winRate.months.map((m) => ({ label: month(m.period), value: m.pct, display: `${pct(m.pct)} (${m.won}/${m.won + m.lost})` }))}
          />
        </MetricCard>

        <MetricCard
          title={t("scorecards.leadAcceptance")}
          value={<Pct value={leads.acceptancePct} />}
          detail={t("scorecards.leadAcceptanceDetail", { accepted: leads.accepted, ended: leads.ended, hours: leads.medianHoursToAccept ?? "—" })}
          to={links.leads}
          linkLabel={t("scorecards.openOffers")}
        >
          <FigureNote>{t("figures.since", { since: w.since })}</FigureNote>
          <TrendChart
            title={t("scorecards.leadAcceptanceTrend")}
            unit="%"
            period={monthAxis}
            points={leads.months.map((m) => ({ label: month(m.period), value: m.pct, display: `${pct(m.pct)} (${m.accepted}/${m.ended})` }))}
          />
        </MetricCard>

        <MetricCard
          title={t("scorecards.conversion")}
          value={<Pct value={leads.conversionPct} />}
          detail={t("scorecards.conversionDetail", { won: leads.wonFromLeads, accepted: leads.accepted })}
        >
          <p>
            <Link to={links.registeredLeads} data-testid="registered-link">
              {t("scorecards.registeredLeads", { count: leads.registered })}
            </Link>
          </p>
        </MetricCard>

        <MetricCard
          title={t("scorecards.fundUse", { currency: base })}
          value={<Pct value={funds.quarters[funds.quarters.length - 1].pct} />}
          detail={t("scorecards.fundUseDefinition")}
        >
          <ul className="plain-list">
            {funds.quarters.map((q) => (
              <li key={q.quarter}>
                <Link to={links.funds(q.quarter)}>{q.quarter}</Link>:{" "}
                {t("scorecards.fundUsed", { used: money(q.used), budget: money(q.budget), pct: pct(q.pct) })}
              </li>
            ))}
          </ul>
          <TrendChart
            title={t("scorecards.fundUseTrend")}
            unit="%"
            period={t("scorecards.axisQuarter")}
            points={funds.quarters.map((q) => ({ label: q.quarter, value: q.pct, display: pct(q.pct) }))}
          />
        </MetricCard>

        {timeliness && (
          <MetricCard
            title={t("scorecards.timeliness")}
            value={<Pct value={timeliness.pct} />}
            detail={t("scorecards.timelinessDetail", { onTime: timeliness.onTime, late: timeliness.late, missing: timeliness.missing })}
            to={links.timeliness}
            linkLabel={t("scorecards.openCompliance")}
          >
            <FigureNote testId="timeliness-note">{t("figures.onTime", { day: timeliness.dueDay, months: timeliness.months })}</FigureNote>
            <TrendChart
              title={t("scorecards.timelinessTrend")}
              unit={t("scorecards.unitOnTime")}
              period={monthAxis}
              points={timeliness.cells.map((c) => ({
                label: month(c.period),
                value: c.state === "onTime" ? "1" : "0",
                display: t(`sellThrough.compliance.state.${c.state}`),
              }))}
            />
          </MetricCard>
        )}

        <MetricCard
          title={t("scorecards.rank")}
          value={rank ? t("scorecards.rankValue", { position: rank.position, of: rank.of }) : "—"}
          detail={t("scorecards.rankDefinition", { tier: t(`tier.${partner.tier}`) })}
        />

        <MetricCard
          title={t("scorecards.target", { quarter: attainment?.quarter ?? "" })}
          value={attainment ? <Pct value={attainment.attainmentPct} /> : t("targets.noTarget")}
          to={attainment ? links.targets(attainment.quarter) : null}
          linkLabel={t("targets.title")}
          detail={
            attainment ? (
              <>
                {t("scorecards.targetDetail", {
                  actual: money(attainment.actual),
                  target: money(attainment.target),
                  runRate: money(attainment.runRate),
                  runRatePct: pct(attainment.runRatePct),
                })}
              </>
            ) : undefined
          }
        />

        {tier && (
          <MetricCard
            title={t("scorecards.tierProgress")}
            value={tier.nextTier ? t("scorecards.nextTier", { tier: t(`tier.${tier.nextTier}`) }) : t("scorecards.topTier")}
          >
            {tier.requirement && (
              <ul className="plain-list">
                {tier.requirement.minSellThrough12m !== null && (
                  <li>{t("scorecards.tierSales", { have: money(tier.trailing12m), need: money(tier.requirement.minSellThrough12m), gap: money(tier.gap) })}</li>
                )}
                {tier.requirement.minWonDeals12m !== null && (
                  <li>{t("scorecards.tierDeals", { have: tier.wonDeals12m, need: tier.requirement.minWonDeals12m, gap: tier.dealsGap ?? 0 })}</li>
                )}
              </ul>
            )}
            <FigureNote>{t("figures.tierWindow", { from: tier.window.from, to: tier.window.to, since: tier.since })}</FigureNote>
          </MetricCard>
        )}
      </div>

      {funds.activities.length > 0 && (
        <section className="card">
          <h2>{t("scorecards.activities")}</h2>
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th>{t("scorecards.activity")}</th>
                  <th>{t("scorecards.activityCost", { currency: base })}</th>
                  <th>{t("scorecards.activityLeads")}</th>
                  <th>{t("scorecards.activityDeals")}</th>
                  <th>{t("scorecards.activitySales", { currency: base })}</th>
                </tr>
              </thead>
              <tbody>
                {funds.activities.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <Link to={`/funds/requests/${a.id}`}>{a.description}</Link>{" "}
                      <span className="hint">{t(`funds.activity.${a.activity_type}` as "funds.activity.event")}</span>
                    </td>
                    <td className="num">{money(a.cost)}</td>
                    <td className="num">
                      <Count value={a.leads} />
                    </td>
                    <td className="num">
                      <Count value={a.deals} />
                    </td>
                    <td className="num">{money(a.sell_through)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
