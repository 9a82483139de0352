// Small pieces of the sell-through screens: the submission status badge and the progress bar.
import type { SubmissionStatus } from "../../db/types";
import { useT } from "~/lib/i18n-react";
import { Badge } from "./Page";

const TONES: Record<SubmissionStatus, string> = {
  received: "registered",
  processing: "onboarding",
  checked: "applied",
  committed: "active",
  superseded: "registered",
  failed: "suspended",
  discarded: "registered",
};

export function SubmissionStatusBadge({ status }: { status: SubmissionStatus }) {
  const t = useT();
  return <Badge tone={TONES[status]}>{t(`submissionStatus.${status}`)}</Badge>;
}

export function ProgressBar({ pct, label }: { pct: number; label: string }) {
  return (
    <div className="progress">
      <progress max={100} value={pct} aria-label={label} />
      <span className="num">{pct}%</span>
    </div>
  );
}
