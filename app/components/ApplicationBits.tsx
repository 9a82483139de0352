// Small pieces of the vetting screens: the status badge and the duplicate flag.
import { useT } from "~/lib/i18n-react";
import { Badge } from "./Page";
import type { ApplicationStatus } from "../../db/types";

const TONES: Record<ApplicationStatus, string> = {
  submitted: "onboarding",
  more_info: "applied",
  approved: "active",
  declined: "suspended",
};

export function ApplicationStatusBadge({ status }: { status: ApplicationStatus }) {
  const t = useT();
  return <Badge tone={TONES[status]}>{t(`applications.status.${status}`)}</Badge>;
}

/** What the application looks like, for the vendor only: an existing partner, or another application. Wraps on a phone, unlike a badge. */
export function DuplicateFlag({ reason, partnerName }: { reason: "name" | "domain" | null; partnerName: string | null }) {
  const t = useT();
  if (!reason) return null;
  const why = t(`applications.reason.${reason}`);
  return (
    <span className="duplicate-flag">
      {partnerName ? t("applications.duplicateOfPartner", { partner: partnerName, reason: why }) : t("applications.duplicateOfApplication", { reason: why })}
    </span>
  );
}
