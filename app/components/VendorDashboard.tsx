// The channel manager's and admin's home page: what waits for a decision, then how their
// partners are doing, each figure a link to the list it was counted from.
import { Link } from "@remix-run/react";
import { formatMoney, formatPercent } from "~/lib/format";
import { useLocale, useT } from "~/lib/i18n-react";
import { ActionCard, FigureTile, timeOf, useDuration } from "./DashboardBits";
import { BarChart } from "./BarChart";
import { ComparisonChart } from "./ComparisonChart";
import { ParetoChart } from "./ParetoChart";
import { useCompactNumber } from "./SellThroughReportBits";
import { FigureNote } from "./FigureNote";
import { OpenPipelineNote } from "./OpenPipelineNote";
import type { vendorDashboard } from "~/modules/dashboards/vendor.server";
import type { SerializeFrom } from "@remix-run/node";

export type VendorDashboardData = SerializeFrom<Awaited<ReturnType<typeof vendorDashboard>>>;

export function useShare() {
  const locale = useLocale();
  return (share: number | null) => (share === null ? "—" : new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(share));
}

export function VendorDashboard({ data }: { data: VendorDashboardData }) {
  const t = useT();
  const locale = useLocale();
  const duration = useDuration();
  const share = useShare();
  const compact = useCompactNumber();
  const at = timeOf(data.at);
  const { actions, sellThrough, pareto, pipeline, leads, mdf, targets, base } = data;
  const money = (amount: string | null, currency = base) => (amount === null ? t("dashboard.unknown") : formatMoney(amount, currency, locale));
  const ytdGrowth = sellThrough.growthToDate;
  return (
    <>
      <h2 className="dashboard-section">{t("dashboard.needsAction")}</h2>
      <div className="cards">
        <ActionCard
          title={t("dashboard.dealsWaiting", { count: actions.deals.total })}
          total={actions.deals.total}
          lowerBound={actions.deals.totalIsLowerBound}
          link={actions.deals.link}
          empty={t("dashboard.noDealsWaiting")}
          testId="deals-waiting"
        >
          {actions.deals.rows.map((d) => (
            <li key={d.id}>
              <Link to={`/deals/${d.id}`}>
                {d.customer_name} <span className="muted">· {d.partner_name}</span>
              </Link>
              <span className="when">{d.submitted_at ? t("dashboard.waitingFor", { time: duration(at - timeOf(d.submitted_at)) }) : ""}</span>
            </li>
          ))}
        </ActionCard>
        <ActionCard
          title={t("dashboard.fundsWaiting", { count: actions.funds.total })}
          total={actions.funds.total}
          link={actions.funds.link}
          empty={t("dashboard.noFundsWaiting")}
          testId="funds-waiting"
        >
          {actions.funds.rows.map((r) => {
            const claim = r.claim_status === "submitted";
            const since = claim ? r.claim_submitted_at : r.submitted_at;
            return (
              <li key={r.id}>
                <Link to={claim && r.claim_id ? `/funds/claims/${r.claim_id}` : `/funds/requests/${r.id}`}>
                  {t(claim ? "dashboard.claimFrom" : "dashboard.requestFrom", { partner: r.partner_name })}{" "}
                  <span className="muted">· {formatMoney(claim ? r.claimed_amount! : r.requested_amount, r.currency, locale)}</span>
                </Link>
                <span className="when">{since ? t("dashboard.waitingFor", { time: duration(at - timeOf(since)) }) : ""}</span>
              </li>
            );
          })}
        </ActionCard>
        <ActionCard
          title={t("dashboard.leadsInPool", { count: actions.leads.total })}
          total={actions.leads.total}
          lowerBound={actions.leads.totalIsLowerBound}
          link={actions.leads.link}
          empty={t("dashboard.noLeadsInPool")}
          testId="leads-pool"
        >
          {actions.leads.rows.map((l) => (
            <li key={l.id}>
              <Link to={`/leads/${l.id}`}>
                {l.company} <span className="muted">· {l.country}</span>
              </Link>
              <span className="when">{t("dashboard.ago", { time: duration(at - timeOf(l.created_at)) })}</span>
            </li>
          ))}
        </ActionCard>
        <ActionCard
          title={t("dashboard.unreported", { month: actions.unreported.period, count: actions.unreported.total })}
          total={actions.unreported.total}
          link={actions.unreported.link}
          empty={t("dashboard.allReported", { month: actions.unreported.period })}
          testId="unreported"
        >
          {actions.unreported.rows.map((d) => (
            <li key={d.id}>
              <Link to={`/partners/${d.id}`}>{d.name}</Link>
              <span className="when">{d.code}</span>
            </li>
          ))}
        </ActionCard>
      </div>
      <p className="muted note">{t("dashboard.dueDay", { day: actions.unreported.dueDay, month: actions.unreported.period })}</p>

      <h2 className="dashboard-section">{t("dashboard.howPartnersAre")}</h2>
      <div className="figures">
        <FigureTile
          testId="fig-sell-through"
          label={t("dashboard.sellThroughYear", { year: sellThrough.year })}
          value={money(sellThrough.thisYearTotal)}
          link={sellThrough.links.thisYear}
          note={t("figures.sellThroughYear", { from: `${sellThrough.year}-01`, to: sellThrough.to, base })}
          detail={
            ytdGrowth === null ? (
              t("dashboard.noComparison")
            ) : (
              <span className={ytdGrowth >= 0 ? "growth-up" : "growth-down"}>
                {t("dashboard.vsLastYearToDate", { growth: share(ytdGrowth), amount: money(sellThrough.lastYearToDate) })}
              </span>
            )
          }
        />
        <FigureTile
          testId="fig-pipeline"
          label={t("dashboard.openPipeline", { currency: base })}
          value={money(pipeline.open.value)}
          link={pipeline.link}
          detail={t("dashboard.dealsCount", { count: pipeline.open.count })}
          note={<OpenPipelineNote pipeline={pipeline} />}
        />
        <FigureTile
          testId="fig-leads"
          label={t("dashboard.leadAcceptance", { days: 90 })}
          value={share(leads.rate)}
          link={leads.link}
          detail={t("dashboard.acceptedOf", {
            accepted: leads.accepted,
            ended: leads.ended,
            median: leads.medianHoursToAccept === null ? "—" : duration(leads.medianHoursToAccept * 3600 * 1000),
          })}
        />
        <FigureTile
          testId="fig-mdf"
          label={t("dashboard.mdfUse", { quarter: mdf.quarter })}
          value={share(mdf.spentShare)}
          link={mdf.link}
          detail={t("dashboard.mdfDetail", { committed: share(mdf.committedShare), funded: money(mdf.funded) })}
        />
        <FigureTile
          testId="fig-targets"
          label={t("dashboard.targets", { quarter: targets.quarter })}
          value={
            targets.partners === 0
              ? t("dashboard.noTargets")
              : targets.total.attainmentPct === null
                ? t("dashboard.unknown")
                : formatPercent(targets.total.attainmentPct, locale)
          }
          link={targets.link}
          note={targets.partners === 0 ? undefined : t("figures.targetsTotal", { quarter: targets.quarter, base })}
          detail={
            targets.partners === 0
              ? undefined
              : t("dashboard.targetsDetail", {
                  target: money(targets.total.target),
                  partners: targets.partners,
                  runRate: targets.total.runRatePct === null ? "—" : formatPercent(targets.total.runRatePct, locale),
                  elapsed: targets.elapsedDays,
                  days: targets.quarterDays,
                })
          }
        />
        <FigureTile
          testId="fig-pareto"
          label={t("dashboard.topFifth")}
          value={share(pareto.topShare)}
          link={pareto.link}
          detail={t("dashboard.topFifthDetail", { top: pareto.topCount, count: pareto.bars.length })}
          note={t("figures.pareto", { from: pareto.from, to: pareto.to, base })}
        />
      </div>
      <div className="chart-grid">
        <section className="card">
          <ComparisonChart
            title={t("dashboard.sellThroughByMonth", { currency: base })}
            currentLabel={String(sellThrough.year)}
            previousLabel={String(sellThrough.year - 1)}
            xTitle={t("dashboard.month")}
            yTitle={t("dashboard.amountIn", { currency: base })}
            formatTick={compact}
            tableCaption={t("dashboard.sellThroughByMonth", { currency: base })}
            points={sellThrough.months.map((m) => ({
              label: m.month,
              current: m.current,
              previous: m.previous,
              currentDisplay: m.current === null ? "—" : money(m.current),
              previousDisplay: money(m.previous),
            }))}
          />
          <p className="card-actions">
            <Link to={sellThrough.links.thisYear}>{t("dashboard.openReport", { year: sellThrough.year })}</Link> ·{" "}
            <Link to={sellThrough.links.lastYear}>{t("dashboard.openReport", { year: sellThrough.year - 1 })}</Link>
          </p>
        </section>
        <section className="card">
          <BarChart
            title={t("deals.openByMonth", { currency: base })}
            xTitle={t("deals.expectedCloseMonth")}
            yTitle={t("deals.valueIn", { currency: base })}
            formatTick={compact}
            tableCaption={t("deals.openByMonth", { currency: base })}
            bars={pipeline.months.map((m) => ({ label: m.month, value: m.value ?? "0", display: `${money(m.value)} (${m.count})` }))}
          />
          <FigureNote>
            <OpenPipelineNote pipeline={pipeline} />
          </FigureNote>
          <p className="card-actions">
            <Link to={pipeline.link}>{t("dashboard.openPipelinePage")}</Link>
          </p>
        </section>
        <section className="card">
          <ParetoChart
            title={t("dashboard.paretoTitle", { from: pareto.from, to: pareto.to })}
            bars={pareto.bars.map((b) => ({ label: b.label, value: b.amount, display: money(b.amount), cumulative: b.cumulative }))}
            topCount={pareto.topCount}
            topLabel={t("dashboard.topFifthMarker", { share: share(pareto.topShare) })}
            xTitle={t("dashboard.distributorsRanked", { count: pareto.bars.length })}
            yTitle={t("dashboard.amountIn", { currency: base })}
            shareTitle={t("dashboard.cumulativeShare")}
            shareColumn={t("dashboard.cumulativeShare")}
            formatTick={compact}
            formatShare={(s) => share(s)}
            tableCaption={t("dashboard.paretoTitle", { from: pareto.from, to: pareto.to })}
          />
          {pareto.unknown > 0 && <p className="muted">{t("dashboard.paretoUnknown", { count: pareto.unknown })}</p>}
          <p className="card-actions">
            <Link to={pareto.link}>{t("dashboard.openRanking")}</Link>
          </p>
        </section>
      </div>
    </>
  );
}
