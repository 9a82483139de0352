// Pieces of the tier review and standing screens: one measure against a requirement, written
// the same way on both screens.
import { useLocale, useT } from "~/lib/i18n-react";
import { formatMoney, formatPercent } from "~/lib/format";
import { Badge } from "./Page";
import type { MeasureCheck, RequirementCheck, Standing } from "~/modules/tiers/review.server";
import type { Tier, TierReviewOutcome } from "../../db/types";

/** A measure's value as people read it: money, a count or a percentage. */
export function MeasureValue({ check, value, base }: { check: Pick<MeasureCheck, "measure">; value: string | number | null; base: string }) {
  const t = useT();
  const locale = useLocale();
  if (value === null) return <>{check.measure === "sellThrough12m" ? t("tierReviews.unknown") : "—"}</>;
  if (check.measure === "sellThrough12m") return <>{formatMoney(String(value), base, locale)}</>;
  if (check.measure === "reportingCompliancePct") return <>{formatPercent(String(value), locale)}</>;
  return <>{value}</>;
}

/** Whether a requirement is met: a word, not only a colour. */
export function MetMark({ check }: { check: MeasureCheck }) {
  const t = useT();
  if (check.required === null) return <span className="muted">{t("tierReviews.notAsked")}</span>;
  if (check.met === null) return <span className="muted">{t("tierReviews.unknown")}</span>;
  return <span className={check.met ? "met" : "missed"}>{check.met ? `✓ ${t("tierReviews.met")}` : `✗ ${t("tierReviews.missed")}`}</span>;
}

/** Each measure with what the own tier and the next tier ask, compactly (a list's cell). */
export function MeasureList({ own, next, base }: { own: RequirementCheck; next: RequirementCheck | null; base: string }) {
  const t = useT();
  return (
    <ul className="measure-list">
      {own.checks.map((check, i) => {
        const up = next?.checks[i];
        return (
          <li key={check.measure} data-measure={check.measure}>
            <strong>{t(`tierReviews.measure.${check.measure}`, { currency: base })}</strong>: <MeasureValue check={check} value={check.actual} base={base} />{" "}
            <span className="hint">
              (
              {check.required === null ? (
                t("tierReviews.notAsked")
              ) : (
                <>
                  <MeasureValue check={check} value={check.required} base={base} /> <MetMark check={check} />
                </>
              )}
              {up && up.required !== null && (
                <>
                  {" · "}
                  <MeasureValue check={up} value={up.required} base={base} /> <MetMark check={up} />
                </>
              )}
              )
            </span>
          </li>
        );
      })}
    </ul>
  );
}

export function OutcomeBadge({ outcome }: { outcome: TierReviewOutcome }) {
  const t = useT();
  // The colours of the partner statuses: green, red, amber, grey.
  const tone = outcome === "promotion" ? "active" : outcome === "demotion" ? "suspended" : outcome === "at_risk" ? "applied" : "registered";
  return <Badge tone={tone}>{t(`tierReviews.outcomeLabel.${outcome}`)}</Badge>;
}

export function TierBadge({ tier }: { tier: Tier }) {
  const t = useT();
  return <Badge tone={tier}>{t(`tier.${tier}`)}</Badge>;
}

/** What the partner still needs for the next tier, one line per requirement it misses. */
export function MoveUp({ standing }: { standing: Pick<Standing, "next" | "base"> }) {
  const t = useT();
  const locale = useLocale();
  const { next, base } = standing;
  if (!next) return <p>{t("standing.topTier")}</p>;
  const tier = t(`tier.${next.tier}`);
  if (next.met === true) return <p>{t("standing.readyToMoveUp", { tier })}</p>;
  const missing = next.checks.filter((c) => c.met === false);
  return (
    <>
      <h3>{t("standing.toMoveUp", { tier })}</h3>
      <ul>
        {missing.map((c) => (
          <li key={c.measure}>
            {c.measure === "sellThrough12m"
              ? t("standing.gap.sellThrough12m", { gap: formatMoney(String(c.gap), base, locale) })
              : t(`standing.gap.${c.measure}`, { gap: c.gap as number | string })}
          </li>
        ))}
        {next.checks.some((c) => c.met === null) && <li>{t("standing.unknownSales")}</li>}
      </ul>
    </>
  );
}
