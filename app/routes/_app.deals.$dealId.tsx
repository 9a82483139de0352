import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { rowAction } from "~/lib/row-action.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { now } from "~/lib/clock.server";
import { isVendor } from "~/lib/scope.server";
import { getDeal } from "~/modules/deals/read.server";
import { dealSellThrough } from "~/modules/sell-through/deal-sales.server";
import { DealSellThrough } from "~/components/DealSellThrough";
import {
  addDealMessage,
  answerAndResubmit,
  approveDeal,
  askForMoreInfo,
  closeDeal,
  extendDeal,
  rejectDeal,
  submitDeal,
  withdrawDeal,
} from "~/modules/deals/lifecycle.server";
import { useLocale, useMessage, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDate, formatDateTime, formatMoney } from "~/lib/format";
import { Notice, PageHeader } from "~/components/Page";
import { Age, DealStatusBadge } from "~/components/DealBits";
import { TextAreaField, TextField, useIntentFeedback } from "~/components/fields";
import { referenceName } from "~/lib/reference-name";
import type { FieldErrors } from "~/lib/forms";
import type { DealStatus } from "../../db/types";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.deal.customer_name ?? "Deal"} · Partner Portal` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.deals);
  const dealId = idParam(params.dealId);
  const view = await getDeal(getDb(), scope, dealId);
  // Only the registering partner acts on its deal; a fulfilling distributor reads along.
  const owner = scope.kind === "partner" && view.deal.partner_id === scope.partnerId;
  return { ...view, owner, vendor: isVendor(scope), renderedAt: now().getTime(), sellThrough: await dealSellThrough(getDb(), scope, dealId) };
}

export async function action(args: ActionFunctionArgs) {
  const back = (id: number, notice: string) => redirect(`/deals/${id}?notice=${notice}`);
  return rowAction(
    args,
    { roles: ROUTE_ROLES.deals, param: "dealId", find: getDeal },
    {
      submit: async ({ db, scope, actor, id }) => back(id, (await submitDeal(db, scope, actor, id)).conflict ? "submittedConflict" : "submitted"),
      approve: async ({ db, scope, actor, id }) => {
        await approveDeal(db, scope, actor, id);
        return back(id, "approved");
      },
      reject: async ({ db, scope, actor, id, text }) => {
        await rejectDeal(db, scope, actor, id, text("reason"));
        return back(id, "rejected");
      },
      moreInfo: async ({ db, scope, actor, id, text }) => {
        await askForMoreInfo(db, scope, actor, id, text("question"));
        return back(id, "moreInfo");
      },
      answer: async ({ db, scope, actor, id, text }) =>
        back(id, (await answerAndResubmit(db, scope, actor, id, text("answer"))).conflict ? "submittedConflict" : "submitted"),
      message: async ({ db, scope, actor, id, text }) => {
        await addDealMessage(db, scope, actor, id, text("message"));
        return back(id, "message");
      },
      withdraw: async ({ db, scope, actor, id }) => {
        await withdrawDeal(db, scope, actor, id);
        return back(id, "withdrawn");
      },
      extend: async ({ db, scope, actor, id }) => {
        await extendDeal(db, scope, actor, id);
        return back(id, "extended");
      },
      won: async ({ db, scope, actor, id, text }) => {
        await closeDeal(db, scope, actor, id, { won: true, finalAmount: text("finalAmount") });
        return back(id, "won");
      },
      lost: async ({ db, scope, actor, id, text }) => {
        await closeDeal(db, scope, actor, id, { won: false, reason: text("lostReason") });
        return back(id, "lost");
      },
    },
  );
}

const NOTICES: Record<string, string> = {
  submitted: "deals.notice.submitted",
  submittedConflict: "deals.notice.submittedConflict",
  approved: "deals.notice.approved",
  rejected: "deals.notice.rejected",
  moreInfo: "deals.notice.moreInfo",
  message: "deals.notice.message",
  withdrawn: "deals.notice.withdrawn",
  extended: "deals.notice.extended",
  won: "deals.notice.won",
  lost: "deals.notice.lost",
};

const EVENT_LABELS: Record<string, string> = {
  created: "deals.event.created",
  edited: "deals.event.edited",
  submitted: "deals.event.submitted",
  resubmitted: "deals.event.resubmitted",
  approved: "deals.event.approved",
  rejected: "deals.event.rejected",
  more_info: "deals.event.moreInfo",
  message: "deals.event.message",
  withdrawn: "deals.event.withdrawn",
  extended: "deals.event.extended",
  won: "deals.event.won",
  lost: "deals.event.lost",
  expired: "deals.event.expired",
};

export default function DealDetail() {
  const { deal, lines, events, conflicts, alreadyRegistered, owner, vendor, renderedAt, sellThrough } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const message = useMessage();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const errors: FieldErrors = actionData?.errors ?? {};
  const feedback = useIntentFeedback();
  const notice =
    params.get("notice") ??
    (params.get("submitted") === "conflict" ? "submittedConflict" : params.get("submitted") ? "submitted" : params.get("saved") ? "saved" : null);
  const money = (amount: string | null) => (amount === null ? "—" : formatMoney(amount, deal.currency, locale));
  const status: DealStatus = deal.status;
  const discounted = deal.discounted_total !== null;
  const waiting = status === "submitted" || status === "more_info";

  return (
    <>
      <PageHeader
        title={deal.customer_name}
        subtitle={
          <>
            <DealStatusBadge status={status} /> {deal.name} · {deal.customer_country}
            {vendor ? ` · ${deal.partner_name}` : ""}
            {waiting && deal.submitted_at && (
              <>
                {" · "}
                {t("deals.waiting")} <Age since={deal.submitted_at} renderedAt={renderedAt} />
              </>
            )}
          </>
        }
        actions={<Link to="/deals">← {t("deals.title")}</Link>}
      />
      {notice === "saved" && <Notice>{t("deals.notice.saved")}</Notice>}
      {notice && NOTICES[notice] && <Notice tone={notice === "submittedConflict" ? "info" : "success"}>{message(NOTICES[notice])}</Notice>}
      {errors.form && <Notice tone="error">{message(errors.form)}</Notice>}
      {alreadyRegistered && waiting && <Notice tone="info">{t("deals.alreadyRegistered")}</Notice>}
      {status === "more_info" && (
        <Notice tone="info">
          {t("deals.questionFromReviewer")}: {events.filter((e) => e.event === "more_info").at(-1)?.text}
        </Notice>
      )}

      {vendor && conflicts.length > 0 && (
        <section className="card" aria-labelledby="conflicts-title">
          <h2 id="conflicts-title">{t("deals.conflictsTitle", { count: conflicts.length })}</h2>
          <p className="muted">{t("deals.conflictsHelp")}</p>
          <div className="conflicts">
            <article className="card this">
              <h3>
                #{deal.id} · {deal.partner_name}
              </h3>
              <ConflictFacts
                customer={deal.customer_name}
                domain={deal.customer_domain}
                status={status}
                total={money(deal.total_amount)}
                lines={[...new Set(lines.map((l) => referenceName(locale, { name: l.product_line_name, name_zh: l.product_line_name_zh })))]}
                submitted={deal.submitted_at}
              />
            </article>
            {conflicts.map((c) => (
              <article className="card" key={c.id}>
                <h3>
                  <Link to={`/deals/${c.id}`}>#{c.id}</Link> · {c.partner_name}
                </h3>
                <p className="muted small">{t(`deals.matchedOn.${c.matched_on}`)}</p>
                <ConflictFacts
                  customer={c.customer_name}
                  domain={c.customer_domain}
                  status={c.status}
                  total={formatMoney(c.total_amount, c.currency, locale)}
                  lines={c.productLines.map((l) => referenceName(locale, l))}
                  submitted={c.submitted_at}
                />
              </article>
            ))}
          </div>
        </section>
      )}

      <div className="detail-grid">
        <section className="card">
          <h2>{t("common.details")}</h2>
          <dl className="facts">
            <dt>{t("deals.customerDomain")}</dt>
            <dd>{deal.customer_domain || "—"}</dd>
            <dt>{t("deals.partner")}</dt>
            <dd>{deal.partner_name}</dd>
            <dt>{t("deals.registeredBy")}</dt>
            <dd>{deal.creator_name}</dd>
            <dt>{t("deals.fulfillingDistributor")}</dt>
            <dd>{deal.fulfilling_name ?? "—"}</dd>
            <dt>{t("deals.expectedClose")}</dt>
            <dd>{formatDate(`${deal.expected_close_date}T00:00:00Z`, locale, "UTC")}</dd>
            <dt>{t("deals.competitors")}</dt>
            <dd>{deal.competitors || "—"}</dd>
            {deal.source_lead_id && (
              <>
                <dt>{t("deals.sourceLead")}</dt>
                <dd>
                  <Link to={`/leads/${deal.source_lead_id}`}>#{deal.source_lead_id}</Link>
                </dd>
              </>
            )}
            {deal.expires_at && (status === "approved" || status === "expired") && (
              <>
                <dt>{t("deals.protectedUntil")}</dt>
                <dd>
                  {formatDateTime(deal.expires_at, locale, timeZone)}
                  {deal.extension_requested_at ? ` (${t("deals.extendedOnce")})` : ""}
                </dd>
              </>
            )}
            {deal.final_amount && (
              <>
                <dt>{t("deals.finalAmount")}</dt>
                <dd>{money(deal.final_amount)}</dd>
              </>
            )}
            {deal.reason && (status === "rejected" || status === "lost") && (
              <>
                <dt>{t("deals.reason")}</dt>
                <dd>{deal.reason}</dd>
              </>
            )}
          </dl>
          {deal.notes && <p className="lead-notes">{deal.notes}</p>}
        </section>

        <section className="card">
          <h2>{t("deals.actions")}</h2>
          {vendor && status === "submitted" && (
            <div className="stack">
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="approve" />
                <button type="submit" className="button button-primary">
                  {t("deals.approve")}
                </button>
                <p className="muted small">{t("deals.approveHelp")}</p>
              </Form>
              <Form method="post" noValidate className="stack">
                <input type="hidden" name="intent" value="moreInfo" />
                <TextAreaField
                  name="question"
                  label={t("deals.question")}
                  rows={2}
                  required
                  defaultValue={feedback("moreInfo").values.question}
                  error={feedback("moreInfo").errors.question}
                />
                <button type="submit" className="button">
                  {t("deals.askMoreInfo")}
                </button>
              </Form>
            </div>
          )}
          {vendor && waiting && (
            <Form method="post" noValidate className="stack">
              <input type="hidden" name="intent" value="reject" />
              <TextAreaField
                name="reason"
                label={t("deals.rejectReason")}
                rows={2}
                required
                defaultValue={feedback("reject").values.reason}
                error={feedback("reject").errors.reason}
              />
              <button type="submit" className="button button-danger">
                {t("deals.reject")}
              </button>
            </Form>
          )}
          {owner && status === "draft" && (
            <div className="button-row">
              <Link className="button" to={`/deals/${deal.id}/edit`}>
                {t("common.edit")}
              </Link>
              <Form method="post" noValidate>
                <button type="submit" name="intent" value="submit" className="button button-primary">
                  {t("deals.submit")}
                </button>
              </Form>
            </div>
          )}
          {owner && status === "more_info" && (
            <Form method="post" noValidate className="stack">
              <input type="hidden" name="intent" value="answer" />
              <TextAreaField
                name="answer"
                label={t("deals.answer")}
                required
                defaultValue={feedback("answer").values.answer}
                error={feedback("answer").errors.answer}
              />
              <div className="button-row">
                <button type="submit" className="button button-primary">
                  {t("deals.answerAndResubmit")}
                </button>
                <Link className="button" to={`/deals/${deal.id}/edit`}>
                  {t("common.edit")}
                </Link>
              </div>
            </Form>
          )}
          {owner && (status === "draft" || waiting) && (
            <Form method="post" noValidate>
              <button type="submit" name="intent" value="withdraw" className="button button-danger">
                {t("deals.withdraw")}
              </button>
            </Form>
          )}
          {owner && status === "approved" && (
            <div className="stack">
              {!deal.extension_requested_at && (
                <Form method="post" noValidate>
                  <button type="submit" name="intent" value="extend" className="button">
                    {t("deals.extend")}
                  </button>
                </Form>
              )}
              <Form method="post" noValidate className="stack">
                <input type="hidden" name="intent" value="won" />
                <TextField
                  name="finalAmount"
                  label={`${t("deals.finalAmount")} (${deal.currency})`}
                  inputMode="decimal"
                  required
                  defaultValue={feedback("won").values.finalAmount ?? deal.discounted_total ?? deal.total_amount}
                  error={feedback("won").errors.finalAmount}
                />
                <button type="submit" className="button button-primary">
                  {t("deals.markWon")}
                </button>
              </Form>
              <Form method="post" noValidate className="stack">
                <input type="hidden" name="intent" value="lost" />
                <TextField
                  name="lostReason"
                  label={t("deals.lostReason")}
                  required
                  defaultValue={feedback("lost").values.lostReason}
                  error={feedback("lost").errors.lostReason}
                />
                <button type="submit" className="button button-danger">
                  {t("deals.markLost")}
                </button>
              </Form>
            </div>
          )}
          {!owner && !vendor && <p className="muted">{t("deals.readOnly")}</p>}
          {vendor && status === "approved" && <p className="muted">{t("deals.partnerActsNext")}</p>}
          {["rejected", "withdrawn", "won", "lost", "expired"].includes(status) && <p className="muted">{t("deals.closed")}</p>}
        </section>
      </div>

      <section className="card">
        <h2>{t("deals.lines")}</h2>
        <div className="table-scroll">
          <table className="data-table line-table">
            <thead>
              <tr>
                <th>{t("deals.product")}</th>
                <th>{t("leads.productLine")}</th>
                <th className="num">{t("deals.quantity")}</th>
                <th className="num">{t("deals.unitPrice")}</th>
                <th className="num">{t("deals.lineTotal")}</th>
                {discounted && <th className="num">{t("deals.discountedUnitPrice", { pct: deal.discount_pct ?? "" })}</th>}
                {discounted && <th className="num">{t("deals.discountedTotal")}</th>}
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={l.line_no}>
                  <td data-label={t("deals.product")}>
                    {l.sku} · {l.product_name}
                  </td>
                  <td data-label={t("leads.productLine")}>{referenceName(locale, { name: l.product_line_name, name_zh: l.product_line_name_zh })}</td>
                  <td className="num" data-label={t("deals.quantity")}>
                    {l.quantity}
                  </td>
                  <td className="num" data-label={t("deals.unitPrice")}>
                    {money(l.unit_price)}
                  </td>
                  <td className="num" data-label={t("deals.lineTotal")}>
                    {money(l.line_total)}
                  </td>
                  {discounted && (
                    <td className="num" data-label={t("deals.discountedUnitPrice", { pct: deal.discount_pct ?? "" })}>
                      {money(l.discounted_unit_price)}
                    </td>
                  )}
                  {discounted && (
                    <td className="num" data-label={t("deals.discountedTotal")}>
                      {money(l.discounted_total)}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th colSpan={4}>{t("deals.total")}</th>
                <td className="num" data-label={t("deals.total")}>
                  <strong data-testid="deal-total">{money(deal.total_amount)}</strong>
                </td>
                {discounted && <td />}
                {discounted && (
                  <td className="num" data-label={t("deals.discountedTotal")}>
                    <strong data-testid="deal-discounted-total">{money(deal.discounted_total)}</strong>
                  </td>
                )}
              </tr>
            </tfoot>
          </table>
        </div>
      </section>

      {(sellThrough.totals.length > 0 || ["approved", "won", "expired"].includes(status)) && <DealSellThrough {...sellThrough} />}

      <section className="card">
        <h2>{t("deals.history")}</h2>
        <ol className="activity">
          {events.map((e) => (
            <li key={e.id}>
              <span className="activity-action">{message(EVENT_LABELS[e.event] ?? e.event)}</span>
              <span className="muted small">
                {" "}
                · {formatDateTime(e.at, locale, timeZone)} · {e.actor_email ?? t("common.system")}
              </span>
              {e.text && <div className="event-text">{e.text}</div>}
            </li>
          ))}
        </ol>
        {(owner || vendor) && !["rejected", "withdrawn", "won", "lost", "expired"].includes(status) && (
          <Form method="post" noValidate className="stack note-form">
            <input type="hidden" name="intent" value="message" />
            <TextAreaField
              name="message"
              label={vendor ? t("deals.messageToPartner") : t("deals.messageToReviewer")}
              rows={2}
              required
              defaultValue={feedback("message").values.message}
              error={feedback("message").errors.message}
            />
            <button type="submit" className="button">
              {t("deals.send")}
            </button>
          </Form>
        )}
      </section>
    </>
  );
}

function ConflictFacts({
  customer,
  domain,
  status,
  total,
  lines,
  submitted,
}: {
  customer: string;
  domain: string;
  status: DealStatus;
  total: string;
  lines: string[];
  submitted: Date | string | null;
}) {
  const t = useT();
  const locale = useLocale();
  const timeZone = useTimeZone();
  return (
    <dl className="facts">
      <dt>{t("deals.customer")}</dt>
      <dd>{customer}</dd>
      <dt>{t("deals.customerDomain")}</dt>
      <dd>{domain || "—"}</dd>
      <dt>{t("common.status")}</dt>
      <dd>
        <DealStatusBadge status={status} />
      </dd>
      <dt>{t("deals.value")}</dt>
      <dd>{total}</dd>
      <dt>{t("leads.productLine")}</dt>
      <dd>{lines.join(", ")}</dd>
      <dt>{t("deals.submittedAt")}</dt>
      <dd>{submitted ? formatDateTime(submitted, locale, timeZone) : "—"}</dd>
    </dl>
  );
}
