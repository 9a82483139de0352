import { useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { partnerStanding } from "~/modules/tiers/review.server";
import { useT } from "~/lib/i18n-react";
import { Notice, PageHeader } from "~/components/Page";
import { MeasureValue, MetMark, MoveUp, OutcomeBadge, TierBadge } from "~/components/TierReviewBits";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Standing · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.standing);
  return partnerStanding(getDb(), scope);
}

export default function StandingPage() {
  const standing = useLoaderData<typeof loader>();
  const t = useT();
  const { own, next, base, atRisk, history, window } = standing;
  return (
    <>
      <PageHeader title={t("standing.title")} subtitle={t("standing.intro", { from: window.from, to: window.to })} />
      {atRisk && (
        <Notice tone="error">{t("standing.atRisk", { quarter: atRisk.quarter, tier: t(`tier.${standing.partner.tier}`), date: atRisk.graceUntil })}</Notice>
      )}
      <section className="card" data-testid="standing">
        <p>
          {t("standing.currentTier")}: <TierBadge tier={standing.partner.tier} />
        </p>
        <div className="table-wrap table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th>{t("standing.measure")}</th>
                <th>{t("standing.yours")}</th>
                <th>{t("standing.ownNeeds", { tier: t(`tier.${own.tier}`) })}</th>
                {next && <th>{t("standing.nextNeeds", { tier: t(`tier.${next.tier}`) })}</th>}
              </tr>
            </thead>
            <tbody>
              {own.checks.map((check, i) => (
                <tr key={check.measure} data-measure={check.measure}>
                  <th scope="row">{t(`tierReviews.measure.${check.measure}`, { currency: base })}</th>
                  <td>
                    <MeasureValue check={check} value={check.actual} base={base} />
                  </td>
                  <td>
                    {check.required !== null && <MeasureValue check={check} value={check.required} base={base} />} <MetMark check={check} />
                  </td>
                  {next && (
                    <td>
                      {next.checks[i].required !== null && <MeasureValue check={next.checks[i]} value={next.checks[i].required} base={base} />}{" "}
                      <MetMark check={next.checks[i]} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <MoveUp standing={standing} />
      </section>
      <section className="card">
        <h2>{t("standing.history")}</h2>
        {history.length === 0 ? (
          <p className="muted">{t("standing.noHistory")}</p>
        ) : (
          <div className="table-wrap table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th>{t("tierReviews.quarter")}</th>
                  <th>{t("tierReviews.outcome")}</th>
                  <th>{t("tierReviews.status")}</th>
                </tr>
              </thead>
              <tbody>
                {history.map((r) => (
                  <tr key={r.id}>
                    <td>{r.quarter}</td>
                    <td>
                      <OutcomeBadge outcome={r.outcome} /> <TierBadge tier={r.fromTier} />
                      {r.proposedTier !== r.fromTier && (
                        <>
                          {" → "}
                          <TierBadge tier={r.proposedTier} />
                        </>
                      )}
                      {r.graceUntil && <p className="hint">{t("tierReviews.graceUntil", { date: r.graceUntil })}</p>}
                    </td>
                    <td>
                      {t(`tierReviews.statusLabel.${r.status}`)}
                      {r.finalTier && r.status !== "noted" && <p className="hint">{t("tierReviews.finalTier", { tier: t(`tier.${r.finalTier}`) })}</p>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
