// Small pieces of the funds screens: status badges, the balance columns every funds table
// shows the same way, and the plain explanation of a ledger entry.
import { Form, Link, useActionData } from "@remix-run/react";
import { useLocale, useMessage, useT } from "~/lib/i18n-react";
import { formatDate, formatMoney } from "~/lib/format";
import { TextAreaField } from "./fields";
import { Badge, Notice } from "./Page";
import type { FieldErrors } from "~/lib/forms";
import type { ReactNode } from "react";
import type { ActivityType, FundClaimStatus, FundRequestStatus, LedgerEntry } from "../../db/types";

const REQUEST_TONES: Record<FundRequestStatus, string> = {
  submitted: "onboarding",
  more_info: "applied",
  approved: "active",
  rejected: "suspended",
  withdrawn: "registered",
  lapsed: "registered",
  claimed: "platinum",
};

const CLAIM_TONES: Record<FundClaimStatus, string> = {
  submitted: "onboarding",
  more_info: "applied",
  approved: "active",
  rejected: "suspended",
  paid: "platinum",
};

export function RequestStatusBadge({ status }: { status: FundRequestStatus }) {
  const t = useT();
  return <Badge tone={REQUEST_TONES[status]}>{t(`funds.requestStatus.${status}`)}</Badge>;
}

export function ClaimStatusBadge({ status }: { status: FundClaimStatus }) {
  const t = useT();
  return <Badge tone={CLAIM_TONES[status]}>{t(`funds.claimStatus.${status}`)}</Badge>;
}

export const BALANCE_KEYS = ["allocated", "accrued", "reserved", "payable", "paid", "expired", "available"] as const;

/** A request in a list: its number and activity as a link, the start of its description below. */
export function RequestCell({ request }: { request: { id: number; activity_type: ActivityType; description: string } }) {
  const t = useT();
  return (
    <>
      <Link to={`/funds/requests/${request.id}`}>
        #{request.id} · {t(`funds.activity.${request.activity_type}`)}
      </Link>
      <div className="muted small">{request.description.slice(0, 80)}</div>
    </>
  );
}

/** A request's claim in a list: its number and status as a link, or a dash. */
export function ClaimCell({ claimId, status }: { claimId: number | null; status: FundClaimStatus | null }) {
  return claimId && status ? (
    <Link to={`/funds/claims/${claimId}`}>
      #{claimId} <ClaimStatusBadge status={status} />
    </Link>
  ) : (
    <>—</>
  );
}

export function Money({ amount, currency }: { amount: string | null | undefined; currency: string }) {
  const locale = useLocale();
  if (amount == null) return <span className="num">—</span>;
  return <span className="num">{formatMoney(amount, currency, locale)}</span>;
}

export interface LedgerLine {
  entry: LedgerEntry;
  amount: string;
  request_id: number | null;
  claim_id: number | null;
  payment_id: number | null;
  source_period: string | null;
}

/** One sentence a partner understands for each movement of their fund's money. */
export function LedgerExplanation({ line }: { line: LedgerLine }) {
  const t = useT();
  const params = { request: line.request_id ?? "", claim: line.claim_id ?? "", payment: line.payment_id ?? "", period: line.source_period ?? "" };
  if (line.entry === "accrual" && line.amount.startsWith("-")) return <>{t("funds.explain.accrualCorrection", params)}</>;
  return <>{t(`funds.explain.${line.entry}`, params)}</>;
}

/** The proof files input of a claim form (PDF, PNG or JPEG, checked by content on the server). */
export function ProofInput({ error }: { error?: string }) {
  const t = useT();
  const message = useMessage();
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor="f-files">{t("funds.proofFiles")}</label>
      <input
        id="f-files"
        type="file"
        name="files"
        multiple
        accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
        aria-invalid={error ? true : undefined}
      />
      <p className="hint">{t("funds.proofHint")}</p>
      {error && (
        <p className="field-error" role="alert">
          {message(error)}
        </p>
      )}
    </div>
  );
}

/** The seven balance figures of a fund (or of several added up), side by side. */
export function BalanceFigures({
  balance,
  currency,
  label,
  testId,
}: {
  balance: Record<(typeof BALANCE_KEYS)[number], string>;
  currency: string;
  label: string;
  testId: string;
}) {
  const t = useT();
  return (
    <section className="card" aria-label={label}>
      <dl className="stat-list balance-list" data-testid={testId}>
        {BALANCE_KEYS.map((key) => (
          <div key={key}>
            <dt className="stat-label">{t(`funds.balance.${key}`)}</dt>
            <dd className="stat-value" style={{ margin: 0, fontSize: "1.15rem" }} data-testid={`balance-${key}`}>
              <Money amount={balance[key]} currency={currency} />
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** One action with one text (a question, a reason, an answer), posted with its intent. */
export function TextAction({
  intent,
  name,
  label,
  button,
  tone = "",
  error,
  defaultValue,
  rows = 2,
  multipart = false,
  children,
}: {
  intent: string;
  name: string;
  label: string;
  button: string;
  tone?: "" | "button-primary" | "button-danger";
  error?: string;
  defaultValue?: string;
  rows?: number;
  multipart?: boolean;
  children?: ReactNode;
}) {
  return (
    <Form method="post" noValidate encType={multipart ? "multipart/form-data" : undefined} className="stack">
      <input type="hidden" name="intent" value={intent} />
      <TextAreaField name={name} id={`f-${intent}-${name}`} label={label} required rows={rows} defaultValue={defaultValue} error={error} />
      {children}
      <button type="submit" className={`button ${tone}`.trim()}>
        {button}
      </button>
    </Form>
  );
}

/** Approving a request or a claim: the amount (what was asked, or less) and a note. */
export function ApproveForm({
  currency,
  defaultAmount,
  amountError,
  noteError,
  note,
  button,
  children,
}: {
  currency: string;
  defaultAmount: string;
  amountError?: string;
  noteError?: string;
  note?: string;
  button: string;
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <Form method="post" noValidate className="stack">
      <input type="hidden" name="intent" value="approve" />
      {children}
      <label className="field">
        <span className="field-label">{t("funds.approveAmount", { currency })}</span>
        <input name="amount" inputMode="decimal" defaultValue={defaultAmount} aria-invalid={amountError ? true : undefined} />
        {amountError && <span className="field-error">{amountError}</span>}
      </label>
      <TextAreaField name="note" label={t("funds.approveNote")} markOptional={false} rows={2} defaultValue={note} error={noteError} />
      <button type="submit" className="button button-primary">
        {button}
      </button>
    </Form>
  );
}

/**
 * What the review action of a request's or a claim's page answered: everything it sent back,
 * and `err(intent, field)`, the error of one field of the form that was sent.
 */
export function useReviewFeedback() {
  const answer = useActionData<{ intent?: string; errors?: FieldErrors; values?: Record<string, string> }>();
  const errors = answer?.errors ?? {};
  const values = answer?.values ?? {};
  const err = (intent: string, name: string): string | undefined => (answer?.intent === intent ? errors[name] : undefined);
  return { errors, values, err };
}

/**
 * The actions card of a request and a claim: the vendor approves (the form given), asks for
 * more information or rejects; the partner answers a question; `children` follow in the card.
 */
export function ReviewActions({
  vendor,
  partner,
  status,
  approve,
  answerExtra,
  children,
}: {
  vendor: boolean;
  partner: boolean;
  status: string;
  approve: ReactNode;
  /** More inputs for the answer (proof files for a claim); the answer is then sent multipart. */
  answerExtra?: ReactNode;
  children?: ReactNode;
}) {
  const t = useT();
  const { values, err: error } = useReviewFeedback();
  return (
    <section className="card">
      <h2>{t("funds.actions")}</h2>
      {vendor && status === "submitted" && (
        <div className="stack">
          {approve}
          <TextAction
            intent="moreInfo"
            name="question"
            label={t("funds.question")}
            button={t("funds.askMoreInfo")}
            error={error("moreInfo", "question")}
            defaultValue={values.question}
          />
        </div>
      )}
      {vendor && (status === "submitted" || status === "more_info") && (
        <TextAction
          intent="reject"
          name="reason"
          label={t("funds.rejectReason")}
          button={t("funds.reject")}
          tone="button-danger"
          error={error("reject", "reason")}
          defaultValue={values.reason}
        />
      )}
      {partner && status === "more_info" && (
        <TextAction
          intent="answer"
          name="answer"
          label={t("funds.answer")}
          button={t("funds.answerAndResubmit")}
          tone="button-primary"
          rows={3}
          error={error("answer", "answer")}
          defaultValue={values.answer}
          multipart={answerExtra !== undefined}
        >
          {answerExtra}
        </TextAction>
      )}
      {children}
    </section>
  );
}

/** The facts of the activity a request or claim is about, as rows of a `.facts` list. */
export function ActivityFacts({
  request,
  currency,
}: {
  request: { description: string; start_date: string; end_date: string; planned_cost: string };
  currency: string;
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <dt>{t("funds.description")}</dt>
      <dd>{request.description}</dd>
      <dt>{t("funds.dates")}</dt>
      <dd>
        {formatDate(`${request.start_date}T00:00:00Z`, locale, "UTC")} – {formatDate(`${request.end_date}T00:00:00Z`, locale, "UTC")}
      </dd>
      <dt>{t("funds.plannedCost", { currency })}</dt>
      <dd>
        <Money amount={request.planned_cost} currency={currency} />
      </dd>
    </>
  );
}

const NOTICES = ["submitted", "claimed", "approved", "rejected", "moreInfo", "answered", "withdrawn", "paid", "allocated"] as const;

/** The confirmation a funds page shows after an action (`?notice=`). */
export function ActionNotice({ notice }: { notice: string | null }) {
  const t = useT();
  if (!notice) return null;
  const known = NOTICES.find((n) => n === notice);
  return <Notice>{t(known ? `funds.notice.${known}` : "funds.notice.done")}</Notice>;
}
