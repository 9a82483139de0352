// Small pieces of the sell-through screens: the submission status badge and the progress bar.
import { useT } from "~/lib/i18n-react";
import { Badge } from "./Page";
import { SelectField, TextField } from "./fields";
import type { SubmissionStatus } from "../../db/types";

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

/** The distributor (a choice for an admin, fixed for a distributor) and the month a report is for. */
export function ReportFields({
  distributors,
  lastMonth,
  values,
  errors,
}: {
  distributors: { id: number; name: string }[];
  lastMonth: string;
  values: Record<string, string>;
  errors: Record<string, string>;
}) {
  const t = useT();
  return (
    <>
      <SelectField
        name="distributorId"
        label={t("sellThrough.distributor")}
        required
        defaultValue={values.distributorId || (distributors.length === 1 ? distributors[0].id : "")}
        error={errors.distributorId}
        emptyLabel={distributors.length === 1 ? undefined : ""}
        options={distributors.map((d) => ({ value: d.id, label: d.name }))}
      />
      <TextField
        name="period"
        label={t("sellThrough.period")}
        type="month"
        required
        defaultValue={values.period || lastMonth}
        error={errors.period}
        hint={t("sellThrough.periodHint")}
      />
    </>
  );
}
