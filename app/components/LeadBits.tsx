// Small pieces of the lead screens: the status badge, an offer's outcome and the time left on an offer.
import { useT } from "~/lib/i18n-react";
import { REJECT_REASONS } from "~/modules/leads/constants";
import { Badge } from "./Page";
import type { LeadStatus, OfferOutcome } from "../../db/types";

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

export function OfferOutcomeBadge({ outcome }: { outcome: OfferOutcome }) {
  const t = useT();
  return <Badge tone={outcome === "accepted" ? "active" : outcome === "pending" ? "onboarding" : "suspended"}>{t(`leads.outcome.${outcome}`)}</Badge>;
}

/** A rejection's reason as the partner gave it: the chosen reason in the reader's language, then their words. */
export function OfferReason({ reason }: { reason: string | null }) {
  const t = useT();
  if (!reason) return null;
  const [code, ...rest] = reason.split(": ");
  const known = REJECT_REASONS.find((r) => r === code);
  if (!known) return <>{reason}</>;
  const details = rest.join(": ");
  return (
    <>
      {t(`leads.reason.${known}`)}
      {details ? `: ${details}` : ""}
    </>
  );
}

/** "5 h left", "40 min left" or "overdue", measured against the time the page was rendered. */
export function TimeLeft({ deadline, renderedAt }: { deadline: Date | string | null; renderedAt: number }) {
  const t = useT();
  if (!deadline) return null;
  const ms = new Date(deadline).getTime() - renderedAt;
  if (ms <= 0) return <span className="time-left overdue">{t("leads.expired")}</span>;
  const minutes = Math.floor(ms / 60000);
  return (
    <span className={`time-left${minutes < 120 ? " soon" : ""}`}>
      {minutes >= 60 ? t("leads.hoursLeft", { hours: Math.floor(minutes / 60) }) : t("leads.minutesLeft", { minutes })}
    </span>
  );
}
