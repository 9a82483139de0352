import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { rowAction } from "~/lib/row-action.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { now } from "~/lib/clock.server";
import { isVendor } from "~/lib/scope.server";
import { getRequest } from "~/modules/funds/read.server";
import { answerRequest, approveRequest, askRequestInfo, rejectRequest, withdrawRequest } from "~/modules/funds/requests.server";
import { useLocale, useMessage, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDate, formatDateTime, formatMoney } from "~/lib/format";
import { Notice, PageHeader } from "~/components/Page";
import { ActionNotice, ActivityFacts, ApproveForm, ClaimStatusBadge, Money, RequestStatusBadge, ReviewActions, useReviewFeedback } from "~/components/FundBits";
import { FundEvents } from "~/components/FundEvents";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Fund request · Partner Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.funds);
  const view = await getRequest(getDb(), scope, idParam(params.requestId));
  return { ...view, vendor: isVendor(scope), partner: scope.kind === "partner", today: now().toISOString().slice(0, 10) };
}

export async function action(args: ActionFunctionArgs) {
  const back = (id: number, notice: string) => redirect(`/funds/requests/${id}?notice=${notice}`);
  return rowAction(
    args,
    { roles: ROUTE_ROLES.funds, param: "requestId", find: getRequest },
    {
      approve: async ({ db, scope, actor, id, text }) => {
        await approveRequest(db, scope, actor, id, { amount: text("amount"), note: text("note") });
        return back(id, "approved");
      },
      reject: async ({ db, scope, actor, id, text }) => {
        await rejectRequest(db, scope, actor, id, text("reason"));
        return back(id, "rejected");
      },
      moreInfo: async ({ db, scope, actor, id, text }) => {
        await askRequestInfo(db, scope, actor, id, text("question"));
        return back(id, "moreInfo");
      },
      answer: async ({ db, scope, actor, id, text }) => {
        await answerRequest(db, scope, actor, id, text("answer"));
        return back(id, "answered");
      },
      withdraw: async ({ db, scope, actor, id }) => {
        await withdrawRequest(db, scope, actor, id);
        return back(id, "withdrawn");
      },
    },
  );
}

export default function FundRequestPage() {
  const { request, events, claim, claimDeadline, vendor, partner, today } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const message = useMessage();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const notice = params.get("notice");
  const { errors, values, err } = useReviewFeedback();
  const money = (amount: string | null) => (amount ? formatMoney(amount, request.currency, locale) : "—");
  const status = request.status;
  const amountError = err("approve", "amount");
  return (
    <>
      <PageHeader
        title={`${t("funds.request")} #${request.id} · ${t(`funds.activity.${request.activity_type}`)}`}
        subtitle={
          <>
            <RequestStatusBadge status={status} /> {request.partner_name} · {t(`funds.kind.${request.kind}`)} {request.quarter}
          </>
        }
        actions={<Link to="/funds">← {t("funds.title")}</Link>}
      />
      <ActionNotice notice={notice} />
      {errors.form && <Notice tone="error">{message(errors.form)}</Notice>}
      {status === "more_info" && (
        <Notice tone="info">
          {t("funds.questionFromManager")}: {events.filter((e) => e.event === "more_info").at(-1)?.text}
        </Notice>
      )}
      <div className="detail-grid">
        <section className="card">
          <h2>{t("common.details")}</h2>
          <dl className="facts">
            <ActivityFacts request={request} currency={request.currency} />
            <dt>{t("funds.share")}</dt>
            <dd>{request.share_pct}%</dd>
            <dt>{t("funds.requested")}</dt>
            <dd data-testid="requested">{money(request.requested_amount)}</dd>
            <dt>{t("funds.approved")}</dt>
            <dd data-testid="approved">{money(request.approved_amount)}</dd>
            <dt>{t("funds.expectedResults")}</dt>
            <dd>{request.expected_results || "—"}</dd>
            <dt>{t("funds.createdBy")}</dt>
            <dd>{request.created_by_name}</dd>
            {(status === "approved" || status === "claimed") && (
              <>
                <dt>{t("funds.claimBy")}</dt>
                <dd>{formatDate(`${claimDeadline}T00:00:00Z`, locale, "UTC")}</dd>
              </>
            )}
            {claim && (
              <>
                <dt>{t("funds.claim")}</dt>
                <dd>
                  <Link to={`/funds/claims/${claim.id}`}>#{claim.id}</Link> <ClaimStatusBadge status={claim.status} />{" "}
                  <Money amount={claim.approved_amount ?? claim.claimed_amount} currency={request.currency} />
                </dd>
              </>
            )}
          </dl>
        </section>
        <ReviewActions
          vendor={vendor}
          partner={partner}
          status={status}
          approve={
            <ApproveForm
              currency={request.currency}
              defaultAmount={values.amount ?? request.requested_amount}
              amountError={
                amountError
                  ? message(amountError, {
                      available: money(errors.available ?? "0.00"),
                      requested: money(errors.requested ?? "0.00"),
                      left: money(errors.left ?? "0.00"),
                    })
                  : undefined
              }
              noteError={err("approve", "note")}
              note={values.note}
              button={t("funds.approve")}
            />
          }
        >
          {partner && status === "approved" && today < request.end_date && (
            <p className="muted" data-testid="claim-from">
              {t("funds.claimFrom", { date: formatDate(`${request.end_date}T00:00:00Z`, locale, "UTC") })}
            </p>
          )}
          {partner && status === "approved" && request.end_date <= today && today <= claimDeadline && (
            <Link className="button button-primary" to={`/funds/requests/${request.id}/claim`}>
              {t("funds.fileClaim")}
            </Link>
          )}
          {partner && ["submitted", "more_info", "approved"].includes(status) && (
            <Form method="post">
              <button type="submit" name="intent" value="withdraw" className="button button-danger">
                {t("funds.withdraw")}
              </button>
            </Form>
          )}
          {vendor && status === "approved" && <p className="muted">{t("funds.partnerClaimsNext")}</p>}
          {["rejected", "withdrawn", "lapsed"].includes(status) && <p className="muted">{t("funds.closed")}</p>}
        </ReviewActions>
      </div>
      <FundEvents events={events} currency={request.currency} />
      <p className="muted small">{formatDateTime(request.submitted_at, locale, timeZone)}</p>
    </>
  );
}
