// Small pieces of the lead screens: the status badge and the time left on an offer.
import type { LeadStatus } from "../../db/types";
import { useT } from "~/lib/i18n-react";
import { Badge } from "./Page";

const TONES: Record<LeadStatus, string> = {
  new: "registered",
  offered: "onboarding",
  accepted: "active",
  contacted: "active",
  qualified: "gold",
  converted: "platinum",
  lost: "suspended",
};

export function LeadStatusBadge({ status }: { status: LeadStatus }) {
  const t = useT();
  return <Badge tone={TONES[status]}>{t(`leadStatus.${status}`)}</Badge>;
}

/** "5 h left", "40 min left" or "overdue", measured against the time the page was rendered. */
export function TimeLeft({ deadline, renderedAt }: { deadline: Date | string | null; renderedAt: number }) {
  const t = useT();
  if (!deadline) return null;
  const ms = new Date(deadline).getTime() - renderedAt;
  if (ms <= 0) return <span className="time-left overdue">{t("leads.expired")}</span>;
  const minutes = Math.floor(ms / 60000);
  return <span className={`time-left${minutes < 120 ? " soon" : ""}`}>{minutes >= 60 ? t("leads.hoursLeft", { hours: Math.floor(minutes / 60) }) : t("leads.minutesLeft", { minutes })}</span>;
}
