// Small pieces of the deal screens: the status badge and a plain age ("3 d", "5 h").
import { useT } from "~/lib/i18n-react";
import { Badge } from "./Page";
import type { DealStatus } from "../../db/types";

const TONES: Record<DealStatus, string> = {
  draft: "registered",
  submitted: "onboarding",
  more_info: "applied",
  approved: "active",
  rejected: "suspended",
  withdrawn: "registered",
  won: "platinum",
  lost: "suspended",
  expired: "registered",
};

export function DealStatusBadge({ status }: { status: DealStatus }) {
  const t = useT();
  return <Badge tone={TONES[status]}>{t(`dealStatus.${status}`)}</Badge>;
}

/** How long something has waited, measured against the time the page was rendered. */
export function Age({ since, renderedAt }: { since: Date | string | null; renderedAt: number }) {
  const t = useT();
  if (!since) return null;
  const hours = Math.max(0, Math.floor((renderedAt - new Date(since).getTime()) / 3600000));
  return (
    <span className={`age${hours >= 72 ? " overdue" : ""}`}>
      {hours >= 24 ? t("deals.ageDays", { days: Math.floor(hours / 24) }) : t("deals.ageHours", { hours })}
    </span>
  );
}
