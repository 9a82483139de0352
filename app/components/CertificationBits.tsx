// Building blocks of the certification pages: an award's state as a badge, and a day as the
// reader's language writes it.
import { useLocale, useT } from "~/lib/i18n-react";
import { formatDate } from "~/lib/format";
import { Badge } from "./Page";
import type { AwardState } from "~/modules/certifications/awards.server";

const TONE: Record<AwardState, string> = {
  valid: "active",
  pending: "onboarding",
  rejected: "suspended",
  revoked: "suspended",
  expired: "deactivated",
};

export function AwardStateBadge({ state, expiresSoon }: { state: AwardState; expiresSoon: boolean }) {
  const t = useT();
  return (
    <>
      <Badge tone={TONE[state]}>{t(`certifications.state.${state}`)}</Badge>
      {expiresSoon && (
        <>
          {" "}
          <Badge tone="applied">{t("certifications.expiresSoon")}</Badge>
        </>
      )}
    </>
  );
}

/** A DATE column's day ("YYYY-MM-DD"), shown in the reader's language. */
export function Day({ day }: { day: string | null }) {
  const locale = useLocale();
  return <>{day ? formatDate(`${day}T00:00:00Z`, locale, "UTC") : "—"}</>;
}
