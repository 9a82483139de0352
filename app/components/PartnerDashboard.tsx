// A partner admin's or rep's home page: leads to answer before their time runs out,
// registrations about to lose protection, claims still to file, and the money and sales they
// have to show for it.
import { Link } from "@remix-run/react";
import { useLocale, useT } from "~/lib/i18n-react";
import { formatDate, formatMoney, formatPercent } from "~/lib/format";
import { referenceName } from "~/lib/reference-name";
import { ActionCard, FigureTile, timeOf, useDuration } from "./DashboardBits";
import { BarChart } from "./BarChart";
import { useCompactNumber } from "./SellThroughReportBits";
import { FigureNote } from "./FigureNote";
import type { SerializeFrom } from "@remix-run/node";
import type { partnerDashboard } from "~/modules/dashboards/partner.server";

export type PartnerDashboardData = SerializeFrom<Awaited<ReturnType<typeof partnerDashboard>>>;

const DAY_MS = 24 * 3600 * 1000;

export function PartnerDashboard({ data }: { data: PartnerDashboardData }) {
  const t = useT();
  const locale = useLocale();
  const duration = useDuration();
  const compact = useCompactNumber();
  const at = timeOf(data.at);
  const { leads, deals, funds, claimsDue, kits, sellThrough, tier, target } = data;
  return (
    <>
      <h2 className="dashboard-section">{t("dashboard.toDo")}</h2>
      <div className="cards">
        <ActionCard
          title={t("dashboard.leadsToAccept", { count: leads.total })}
          total={leads.total}
          lowerBound={leads.totalIsLowerBound}
          link={leads.link}
          empty={t("dashboard.noLeadsToAccept")}
          testId="leads-to-accept"
        >
          {leads.rows.map((l) => {
            const left = l.offer_expires_at ? timeOf(l.offer_expires_at) - at : 0;
            return (
              <li key={l.id}>
                <Link to={`/leads/${l.id}`}>
                  {l.company} <span className="muted">· {referenceName(locale, { name: l.product_line_name, name_zh: l.product_line_name_zh })}</span>
                </Link>
                <span className={left < 4 * 3600 * 1000 ? "when urgent" : "when"}>
                  {left > 0 ? t("dashboard.timeLeft", { time: duration(left) }) : t("dashboard.overdue")}
                </span>
              </li>
            );
          })}
        </ActionCard>
        <ActionCard
          title={t("dashboard.dealsExpiring", { count: deals.total })}
          total={deals.total}
          lowerBound={deals.totalIsLowerBound}
          link={deals.link}
          empty={t("dashboard.noDealsExpiring")}
          testId="deals-expiring"
        >
          {deals.rows.map((d) => (
            <li key={d.id}>
              <Link to={`/deals/${d.id}`}>{d.customer_name}</Link>
              <span className={d.expires_at && timeOf(d.expires_at) - at < 3 * DAY_MS ? "when urgent" : "when"}>
                {d.expires_at ? t("dashboard.protectionEnds", { date: formatDate(d.expires_at, locale) }) : ""}
              </span>
            </li>
          ))}
        </ActionCard>
        <ActionCard
          title={t("dashboard.claimsDue", { count: claimsDue.total })}
          total={claimsDue.total}
          link={funds.link}
          empty={t("dashboard.noClaimsDue")}
          testId="claims-due"
        >
          {claimsDue.rows.map((r) => (
            <li key={r.id}>
              <Link to={`/funds/requests/${r.id}/claim`}>{r.description}</Link>
              <span className="when">{t("dashboard.claimDeadline", { date: formatDate(`${r.deadline}T00:00:00Z`, locale) })}</span>
            </li>
          ))}
        </ActionCard>
        <ActionCard title={t("adoptions.inbox")} total={kits.total} link={kits.link} empty={t("adoptions.inboxEmpty")} testId="kit-inbox">
          {kits.invited.map((k) => (
            <li key={k.id}>
              <Link to={`/campaigns/adoptions/${k.id}`}>{(locale === "zh-CN" && k.title_zh) || k.title}</Link>
              <span className="when">
                {t("adoptions.inboxInvited")} · {t("adoptions.openUntil", { date: formatDate(`${k.kit_ends_on}T00:00:00Z`, locale) })}
              </span>
            </li>
          ))}
          {kits.running.map((k) => (
            <li key={k.id}>
              <Link to={`/campaigns/adoptions/${k.id}`}>{(locale === "zh-CN" && k.title_zh) || k.title}</Link>
              <span className="when">{t(`adoptions.status.${k.status}`)}</span>
            </li>
          ))}
        </ActionCard>
      </div>

      <h2 className="dashboard-section">{t("dashboard.howYouStand")}</h2>
      <div className="figures">
        <FigureTile
          testId="fig-fund-available"
          label={t("dashboard.fundAvailable")}
          value={formatMoney(funds.balance.available, funds.currency, locale)}
          link={funds.link}
          detail={t("dashboard.fundDetail", {
            reserved: formatMoney(funds.balance.reserved, funds.currency, locale),
            payable: formatMoney(funds.balance.payable, funds.currency, locale),
          })}
        />
        {tier && (
          <FigureTile
            testId="fig-tier"
            label={t("dashboard.yourTier")}
            value={t(`tier.${tier.tier}`)}
            link={target.link}
            note={t("figures.tierWindow", { from: tier.window.from, to: tier.window.to, since: tier.since })}
            detail={
              tier.nextTier === null
                ? t("dashboard.topTier")
                : tier.meetsNext
                  ? t("dashboard.meetsNext", { tier: t(`tier.${tier.nextTier}`) })
                  : tier.gap === null
                    ? t("dashboard.nextTierUnknown", { tier: t(`tier.${tier.nextTier}`) })
                    : tier.gap === "0.00"
                      ? t("dashboard.nextTierNeedsDeals", { tier: t(`tier.${tier.nextTier}`), count: tier.dealsGap ?? 0 })
                      : t("dashboard.nextTierNeeds", {
                          tier: t(`tier.${tier.nextTier}`),
                          gap: formatMoney(tier.gap, tier.base, locale),
                          have: tier.trailing12m === null ? "—" : formatMoney(tier.trailing12m, tier.base, locale),
                          deals: tier.dealsGap ? t("dashboard.andDeals", { count: tier.dealsGap }) : "",
                        })
            }
          />
        )}
        <FigureTile
          testId="fig-target"
          label={t("dashboard.yourTarget", { quarter: target.quarter })}
          value={
            target.row === null
              ? t("dashboard.noTarget")
              : target.row.attainmentPct === null
                ? t("dashboard.unknown")
                : formatPercent(target.row.attainmentPct, locale)
          }
          link={target.link}
          detail={
            target.row &&
            t("dashboard.targetDetail", {
              target: formatMoney(target.row.target, target.base, locale),
              runRate: target.row.runRatePct === null ? "—" : formatPercent(target.row.runRatePct, locale),
              elapsed: target.elapsedDays,
              days: target.quarterDays,
            })
          }
        />
      </div>
      {sellThrough.series.length > 0 && (
        <section className="card">
          <BarChart
            title={t("dashboard.yourSellThrough", { currency: sellThrough.base })}
            xTitle={t("dashboard.month")}
            yTitle={t("dashboard.amountIn", { currency: sellThrough.base })}
            formatTick={compact}
            tableCaption={t("dashboard.yourSellThrough", { currency: sellThrough.base })}
            bars={sellThrough.series.map((m) => ({
              label: m.period.slice(2),
              value: m.amount_base ?? "0",
              display: m.amount_base === null ? t("dashboard.unknown") : formatMoney(m.amount_base, sellThrough.base, locale),
            }))}
          />
          <FigureNote testId="sell-through-note">
            {t("figures.partnerSellThrough", { from: sellThrough.from, to: sellThrough.to, base: sellThrough.base })}
          </FigureNote>
          {sellThrough.link && (
            <p className="card-actions">
              <Link to={sellThrough.link}>{sellThrough.link.includes("scorecard") ? t("dashboard.openScorecard") : t("dashboard.openYourReport")}</Link>
            </p>
          )}
        </section>
      )}
    </>
  );
}
