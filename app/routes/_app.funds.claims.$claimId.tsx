import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { rowAction } from "~/lib/row-action.server";
import { isVendor } from "~/lib/scope.server";
import { getClaim } from "~/modules/funds/read.server";
import { answerClaim, approveClaim, askClaimInfo, rejectClaim, type CheckedProof } from "~/modules/funds/claims.server";
import { readCheckedProofForm } from "~/modules/funds/uploads.server";
import { CLAIM_CHECKLISTS } from "~/modules/funds/constants";
import { useLocale, useMessage, useT } from "~/lib/i18n-react";
import { formatDate, formatMoney, formatNumber } from "~/lib/format";
import { Notice, PageHeader } from "~/components/Page";
import { ActionNotice, ActivityFacts, ApproveForm, ClaimStatusBadge, ProofInput, ReviewActions, useReviewFeedback } from "~/components/FundBits";
import { FundEvents } from "~/components/FundEvents";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Claim · Partner Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.funds);
  const view = await getClaim(getDb(), scope, idParam(params.claimId));
  return { ...view, vendor: isVendor(scope), partner: scope.kind === "partner", checklist: CLAIM_CHECKLISTS[view.request.activity_type] };
}

export async function action(args: ActionFunctionArgs) {
  const back = (id: number, notice: string) => redirect(`/funds/claims/${id}?notice=${notice}`);
  return rowAction<CheckedProof>(
    args,
    // The partner's answer may bring more files; the reviewer's forms are plain.
    { roles: ROUTE_ROLES.funds, param: "claimId", find: getClaim, lists: ["checked"], upload: readCheckedProofForm },
    {
      approve: async ({ db, scope, actor, id, text, form }) => {
        await approveClaim(db, scope, actor, id, { amount: text("amount"), note: text("note"), checklist: form.getAll("checked").map(String) });
        return back(id, "approved");
      },
      reject: async ({ db, scope, actor, id, text }) => {
        await rejectClaim(db, scope, actor, id, text("reason"));
        return back(id, "rejected");
      },
      moreInfo: async ({ db, scope, actor, id, text }) => {
        await askClaimInfo(db, scope, actor, id, text("question"));
        return back(id, "moreInfo");
      },
      answer: async ({ db, scope, actor, id, text, files }) => {
        await answerClaim(db, scope, actor, id, text("answer"), files);
        return back(id, "answered");
      },
    },
  );
}

export default function ClaimPage() {
  const { claim, request, files, events, payment, vendor, partner, checklist, confirmed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const message = useMessage();
  const locale = useLocale();
  const notice = params.get("notice");
  const { errors, values, err } = useReviewFeedback();
  const money = (amount: string | null) => (amount ? formatMoney(amount, claim.currency, locale) : "—");
  const status = claim.status;
  const fileUrl = (id: number) => `/funds/claims/${claim.id}/files/${id}`;
  // What the reviewer ticked is kept when the approval comes back with an error.
  const ticked = new Set<string>(actionData?.lists?.checked ?? []);
  return (
    <>
      <PageHeader
        title={`${t("funds.claim")} #${claim.id} · ${t(`funds.activity.${request.activity_type}`)}`}
        subtitle={
          <>
            <ClaimStatusBadge status={status} /> {claim.partner_name} ·{" "}
            <Link to={`/funds/requests/${request.id}`}>
              {t("funds.request")} #{request.id}
            </Link>
          </>
        }
        actions={<Link to={vendor ? "/funds/review" : "/funds"}>← {vendor ? t("funds.reviewQueue") : t("funds.title")}</Link>}
      />
      <ActionNotice notice={notice} />
      {errors.form && <Notice tone="error">{message(errors.form)}</Notice>}
      {status === "more_info" && (
        <Notice tone="info">
          {t("funds.questionFromManager")}: {events.filter((e) => e.event === "claim_more_info").at(-1)?.text}
        </Notice>
      )}
      <div className="detail-grid">
        <section className="card">
          <h2>{t("common.details")}</h2>
          <dl className="facts">
            <ActivityFacts request={request} currency={claim.currency} />
            <dt>{t("funds.actualCost", { currency: claim.currency })}</dt>
            <dd>{money(claim.actual_cost)}</dd>
            <dt>{t("funds.approvedRequest")}</dt>
            <dd>{money(request.approved_amount)}</dd>
            <dt>{t("funds.claimed")}</dt>
            <dd data-testid="claimed">{money(claim.claimed_amount)}</dd>
            <dt>{t("funds.approved")}</dt>
            <dd data-testid="claim-approved">{money(claim.approved_amount)}</dd>
            <dt>{t("funds.results")}</dt>
            <dd>{claim.results}</dd>
            <dt>{t("funds.leadsCount")}</dt>
            <dd>{formatNumber(claim.leads_count, locale)}</dd>
            <dt>{t("funds.attendees")}</dt>
            <dd>{formatNumber(claim.attendees, locale)}</dd>
            <dt>{t("funds.expectedResults")}</dt>
            <dd>{request.expected_results || "—"}</dd>
            {payment && (
              <>
                <dt>{t("funds.paidWith")}</dt>
                <dd>
                  {payment.reference} · {formatDate(`${payment.paid_on}T00:00:00Z`, locale, "UTC")}
                </dd>
              </>
            )}
          </dl>
        </section>
        <ReviewActions
          vendor={vendor}
          partner={partner}
          status={status}
          answerExtra={<ProofInput error={err("answer", "files")} />}
          approve={
            <ApproveForm
              currency={claim.currency}
              defaultAmount={values.amount ?? claim.claimed_amount}
              amountError={err("approve", "amount") ? message(err("approve", "amount")!, { claimed: money(errors.claimed ?? "0.00") }) : undefined}
              noteError={err("approve", "note")}
              note={values.note}
              button={t("funds.approveClaim")}
            >
              <fieldset className={`field checkbox-group${err("approve", "checked") ? " field-invalid" : ""}`}>
                <legend>{t("funds.checklist")}</legend>
                <p className="hint">{t("funds.checklistHint")}</p>
                {checklist.map((item) => (
                  <label key={item} className="checkbox">
                    <input type="checkbox" name="checked" value={item} defaultChecked={ticked.has(item)} /> {t(`funds.check.${item}` as "funds.check.invoice")}
                  </label>
                ))}
                {err("approve", "checked") && <p className="field-error">{message(err("approve", "checked")!)}</p>}
              </fieldset>
            </ApproveForm>
          }
        >
          {confirmed.length > 0 && (
            <>
              <h3>{t("funds.confirmedByReviewer")}</h3>
              <ul className="plain-list" data-testid="confirmed-checklist">
                {confirmed.map(({ item, confirmed: yes }) => (
                  <li key={item}>
                    {yes ? "✓" : "✗"} {t(`funds.check.${item}` as "funds.check.invoice")}{" "}
                    <span className="muted small">({yes ? t("funds.confirmed") : t("funds.notConfirmed")})</span>
                  </li>
                ))}
              </ul>
              {confirmed.every((c) => !c.confirmed) && <p className="muted">{t("funds.noneConfirmed")}</p>}
            </>
          )}
          {status === "approved" && <p className="muted">{t("funds.waitsForPayment")}</p>}
          {status === "paid" && <p className="muted">{t("funds.claimPaid")}</p>}
        </ReviewActions>
      </div>
      <section className="card">
        <h2>{t("funds.proofFiles")}</h2>
        <ul className="proof-files plain-list">
          {files.map((f) => (
            <li key={f.id}>
              {f.content_type.startsWith("image/") ? (
                <a href={fileUrl(f.id)} target="_blank" rel="noreferrer">
                  <img src={fileUrl(f.id)} alt={f.file_name} style={{ maxWidth: "240px", maxHeight: "180px", display: "block" }} />
                </a>
              ) : null}
              <a href={fileUrl(f.id)} target="_blank" rel="noreferrer">
                {f.file_name}
              </a>{" "}
              <span className="muted small">
                {f.content_type === "application/pdf" ? "PDF" : f.content_type.replace("image/", "").toUpperCase()} ·{" "}
                {formatNumber(Math.ceil(f.size / 1024), locale)} KB
              </span>
            </li>
          ))}
        </ul>
      </section>
      <FundEvents events={events} currency={claim.currency} />
    </>
  );
}
