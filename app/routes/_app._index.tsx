import { Link, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { now } from "~/lib/clock.server";
import { ownPartnerCard, partnerStatusCounts, recentPartnerActivity } from "~/modules/partners/overview.server";
import { vendorDashboard } from "~/modules/dashboards/vendor.server";
import { partnerDashboard } from "~/modules/dashboards/partner.server";
import { partnerStanding } from "~/modules/tiers/review.server";
import { VendorDashboard } from "~/components/VendorDashboard";
import { PartnerDashboard } from "~/components/PartnerDashboard";
import { useLocale, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDateTime, formatPercent } from "~/lib/format";
import { PageHeader, Badge } from "~/components/Page";
import { ActionLabel } from "~/components/AuditChanges";
import { MoveUp, TierBadge } from "~/components/TierReviewBits";
import { PARTNER_STATUSES } from "../../db/types";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Home · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, scope } = await requireAuth(request);
  const db = getDb();
  const vendor = scope.kind !== "partner";
  const at = now();
  const [counts, activity, partner, vendorData, partnerData, standing] = await Promise.all([
    vendor || user.role === "partner_admin" ? partnerStatusCounts(db, scope) : null,
    recentPartnerActivity(db, scope),
    ownPartnerCard(db, scope),
    scope.kind !== "partner" ? vendorDashboard(db, scope, at) : null,
    scope.kind === "partner"
      ? partnerDashboard(db, scope, at, { reportsSellThrough: user.role === "partner_admin" && user.partnerType === "distributor" })
      : null,
    scope.kind === "partner" ? partnerStanding(db, scope) : null,
  ]);
  return { user: { name: user.name, role: user.role }, counts, activity, partner, vendorData, partnerData, standing };
}

export default function Home() {
  const { user, counts, activity, partner, vendorData, partnerData, standing } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : 0;
  return (
    <>
      <PageHeader title={t("home.title", { name: user.name })} subtitle={t(`role.${user.role}`)} />
      {vendorData && <VendorDashboard data={vendorData} />}
      {partnerData && <PartnerDashboard data={partnerData} />}
      <h2 className="dashboard-section">{t("dashboard.aboutYou")}</h2>
      <div className="cards">
        {counts && (user.role !== "partner_admin" || (partner && partner.children.length > 0)) && (
          <section className="card">
            <h2>{user.role === "channel_manager" ? t("home.yourPartners") : t("home.partnersByStatus")}</h2>
            <p className="muted">{t("home.totalPartners", { count: total })}</p>
            <ul className="stat-list">
              {PARTNER_STATUSES.map((status) => (
                <li key={status}>
                  <Link to={`/partners?status=${status}`}>
                    <span className="stat-value">{counts[status]}</span>
                    <span className="stat-label">{t(`partnerStatus.${status}`)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        )}
        {partner && (
          <section className="card">
            <h2>{t("home.yourPartner")}</h2>
            <p className="card-title">
              {partner.name} <span className="muted">({partner.code})</span>
            </p>
            <dl className="facts">
              <dt>{t("partners.type")}</dt>
              <dd>{t(`partnerType.${partner.type}`)}</dd>
              <dt>{t("partners.tier")}</dt>
              <dd>
                <Badge tone={partner.tier}>{t(`tier.${partner.tier}`)}</Badge>
              </dd>
              <dt>{t("common.status")}</dt>
              <dd>
                <Badge tone={partner.status}>{t(`partnerStatus.${partner.status}`)}</Badge>
              </dd>
              <dt>{t("tiers.dealDiscount")}</dt>
              <dd>{formatPercent(partner.deal_discount_pct, locale)}</dd>
              <dt>{t("tiers.slaHours")}</dt>
              <dd>{partner.lead_sla_hours}</dd>
              {partner.parent_name && (
                <>
                  <dt>{t("partners.parent")}</dt>
                  <dd>{partner.parent_name}</dd>
                </>
              )}
              <dt>{t("partners.manager")}</dt>
              <dd>{partner.manager_name ? `${partner.manager_name} <${partner.manager_email}>` : t("partners.noManager")}</dd>
              <dt>{t("home.team")}</dt>
              <dd>{t("home.usersCount", { count: partner.teamSize })}</dd>
            </dl>
            {user.role === "partner_admin" && (
              <p className="card-actions">
                <Link to={`/partners/${partner.id}`}>{t("home.viewPartner")}</Link> · <Link to="/users">{t("home.manageUsers")}</Link>
              </p>
            )}
          </section>
        )}
        {standing && (
          <section className="card" data-testid="standing-card">
            <h2>{t("standing.card")}</h2>
            <p>
              {t("standing.currentTier")}: <TierBadge tier={standing.partner.tier} />
            </p>
            {standing.atRisk && (
              <p className="missed">
                {t("standing.atRisk", { quarter: standing.atRisk.quarter, tier: t(`tier.${standing.partner.tier}`), date: standing.atRisk.graceUntil })}
              </p>
            )}
            <MoveUp standing={standing} />
            <p className="card-actions">
              <Link to="/standing">{t("standing.cardLink")}</Link>
            </p>
          </section>
        )}
        {partner && partner.children.length > 0 && (
          <section className="card">
            <h2>{t("home.resellers", { name: partner.name })}</h2>
            <ul className="plain-list">
              {partner.children.map((child) => (
                <li key={child.id}>
                  <Link to={`/partners/${child.id}`}>{child.name}</Link> <Badge tone={child.status}>{t(`partnerStatus.${child.status}`)}</Badge>
                </li>
              ))}
            </ul>
          </section>
        )}
        {activity.length > 0 && (
          <section className="card card-wide">
            <h2>{t("home.recentActivity")}</h2>
            <ul className="activity">
              {activity.map((entry) => (
                <li key={entry.id}>
                  <time dateTime={new Date(entry.at).toISOString()}>{formatDateTime(entry.at, locale, timeZone)}</time>
                  <ActionLabel action={entry.action} />
                  {entry.partner_id && <Link to={`/partners/${entry.partner_id}`}>{entry.partner_name}</Link>}
                  <span className="muted">{entry.actor_email}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </>
  );
}
