import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { parseForm, ValidationError } from "~/lib/forms";
import { parsedIntent, rowAction } from "~/lib/row-action.server";
import { adoptKit, adoptSchema, declineAdoption, findAdoption, getAdoption, reportAdoption, reportSchema } from "~/modules/campaigns/adoptions.server";
import { addCampaignLeads } from "~/modules/campaigns/campaign-leads.server";
import { feedbackSchema, saveFeedback } from "~/modules/campaigns/feedback.server";
import { discardUploads } from "~/modules/funds/claims.server";
import { readCheckedProofForm } from "~/modules/funds/uploads.server";
import { leadSchema } from "~/modules/leads/create.server";
import { filterChoices } from "~/modules/settings/choices.server";
import { useLocale, useMessage, useT } from "~/lib/i18n-react";
import { formatDate, formatMoney } from "~/lib/format";
import { referenceName } from "~/lib/reference-name";
import { Badge, Notice, PageHeader } from "~/components/Page";
import { FormErrorSummary, SelectField, TextAreaField, TextField, useIntentFeedback } from "~/components/fields";
import { ClaimStatusBadge, ProofInput, RequestStatusBadge } from "~/components/FundBits";
import type { AdoptionStatus } from "../../db/types";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Campaign · Partner Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.campaignAdoption);
  const db = getDb();
  const [view, choices] = await Promise.all([getAdoption(db, scope, idParam(params.adoptionId)), filterChoices(db)]);
  return { ...view, lines: choices.lines };
}

export async function action(args: ActionFunctionArgs) {
  const back = (id: number, notice: string) => redirect(`/campaigns/adoptions/${id}?notice=${notice}`);
  return rowAction(
    args,
    { roles: ROUTE_ROLES.campaignAdoption, param: "adoptionId", find: findAdoption, upload: readCheckedProofForm },
    {
      adopt: parsedIntent(adoptSchema, async ({ db, scope, actor, id }, input) => {
        const { approved } = await adoptKit(db, scope, actor, id, input);
        return back(id, approved ? "adopted" : "inReview");
      }),
      decline: async ({ db, scope, actor, id }) => {
        await declineAdoption(db, scope, actor, id);
        return back(id, "declined");
      },
      addLead: parsedIntent(leadSchema, async ({ db, scope, actor, id }, input) => {
        await addCampaignLeads(db, scope, actor, id, [input]);
        return back(id, "leadAdded");
      }),
      // The photos are stored before the fields are read: a refused report removes them again.
      report: async ({ db, scope, actor, id, form, files }) => {
        const parsed = parseForm(reportSchema, form);
        if (!parsed.ok) {
          await discardUploads(files);
          throw new ValidationError(parsed.errors);
        }
        await reportAdoption(db, scope, actor, id, parsed.data, files);
        return back(id, "reported");
      },
      feedback: parsedIntent(feedbackSchema, async ({ db, scope, actor, id }, input) => {
        await saveFeedback(db, scope, actor, id, input);
        return back(id, "feedback");
      }),
    },
  );
}

const NOTICES = ["adopted", "inReview", "declined", "leadAdded", "reported", "feedback", "imported"] as const;
const STATUS_TONE: Record<AdoptionStatus, string> = {
  invited: "applied",
  adopted: "onboarding",
  running: "active",
  reported: "platinum",
  closed: "registered",
  declined: "suspended",
};

export default function AdoptionPage() {
  const { adoption, request, claim, leads, feedback, myFeedback, canAct, canGiveFeedback, today, lines } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const message = useMessage();
  const locale = useLocale();
  const feedbackFor = useIntentFeedback();
  const zh = locale === "zh-CN";
  const title = (zh && adoption.title_zh) || adoption.title;
  const day = (d: string | null) => (d ? formatDate(`${d}T00:00:00Z`, locale, "UTC") : "—");
  const money = (amount: string | null | undefined) => (amount ? formatMoney(amount, adoption.currency, locale) : "—");
  const notice = NOTICES.find((n) => n === params.get("notice"));
  const status = adoption.status;
  const working = ["adopted", "running", "reported"].includes(status);
  const adopt = feedbackFor("adopt");
  const lead = feedbackFor("addLead");
  const report = feedbackFor("report");
  const rate = feedbackFor("feedback");
  const formError = [adopt, feedbackFor("decline"), lead, report, rate].map((f) => f.errors.form).find(Boolean);
  const adoptErrors = adopt.errors;
  return (
    <>
      <PageHeader
        title={t("adoptions.title", { title })}
        subtitle={
          <>
            <Badge tone={STATUS_TONE[status]}>{t(`adoptions.status.${status}`)}</Badge> {adoption.partner_name}
          </>
        }
        actions={<Link to="/campaigns">← {t("adoptions.back")}</Link>}
      />
      {notice && <Notice>{t(`adoptions.notice.${notice}`, { count: Number(params.get("count") ?? 0) })}</Notice>}
      {formError && (
        <Notice tone="error">
          {message(formError, { quarter: adoptErrors.quarter ?? "", from: day(adoption.kit_starts_on), to: day(adoption.kit_ends_on) })}
        </Notice>
      )}
      <div className="detail-grid">
        <section className="card">
          <h2>{t("adoptions.kit")}</h2>
          <dl className="facts">
            <dt>{t("adoptions.activityLabel")}</dt>
            <dd>{t(`adoptions.activity.${adoption.activity_type}`)}</dd>
            <dt>{t("adoptions.goal")}</dt>
            <dd>{(zh && adoption.goal_zh) || adoption.goal || "—"}</dd>
            <dt>{t("adoptions.audience")}</dt>
            <dd>{(zh && adoption.audience_zh) || adoption.audience || "—"}</dd>
            <dt>{t("adoptions.window")}</dt>
            <dd>
              {day(adoption.kit_starts_on)} – {day(adoption.kit_ends_on)}
            </dd>
            <dt>{t("adoptions.vendorShare")}</dt>
            <dd>{adoption.vendor_share_pct}%</dd>
            <dt>{t("adoptions.cap")}</dt>
            <dd>{money(adoption.per_partner_cap)}</dd>
          </dl>
          <p>
            <Link to={`/campaigns/${adoption.kit_id}`}>{title} →</Link>
          </p>
        </section>
        <section className="card">
          <h2>{t("adoptions.funding")}</h2>
          <dl className="facts">
            <dt>{t("adoptions.yourDates")}</dt>
            <dd>{adoption.starts_on ? `${day(adoption.starts_on)} – ${day(adoption.ends_on)}` : "—"}</dd>
            <dt>{t("adoptions.expectedAttendees")}</dt>
            <dd>{adoption.expected_attendees ?? "—"}</dd>
            {adoption.actual_attendees !== null && (
              <>
                <dt>{t("adoptions.actualAttendees")}</dt>
                <dd>{adoption.actual_attendees}</dd>
              </>
            )}
            <dt>{t("adoptions.request")}</dt>
            <dd data-testid="adoption-request">
              {request ? (
                <>
                  <Link to={`/funds/requests/${request.id}`}>#{request.id}</Link> <RequestStatusBadge status={request.status} />{" "}
                  {money(request.approved_amount ?? request.requested_amount)}
                </>
              ) : (
                t("adoptions.none")
              )}
            </dd>
            <dt>{t("adoptions.claim")}</dt>
            <dd data-testid="adoption-claim">
              {claim ? (
                <>
                  <Link to={`/funds/claims/${claim.id}`}>#{claim.id}</Link> <ClaimStatusBadge status={claim.status} />{" "}
                  {money(claim.approved_amount ?? claim.claimed_amount)}
                </>
              ) : (
                t("adoptions.none")
              )}
            </dd>
            <dt>{t("adoptions.budgetDrawn")}</dt>
            <dd>{money(adoption.budget_drawn)}</dd>
          </dl>
        </section>
      </div>

      {(status === "invited" || status === "declined") && canAct && (
        <section className="card">
          <h2>{t("adoptions.adoptTitle")}</h2>
          {status === "declined" && <p className="muted">{t("adoptions.declinedText")}</p>}
          <p className="muted">{t("adoptions.adoptIntro", { pct: adoption.vendor_share_pct, cap: money(adoption.per_partner_cap) })}</p>
          <Form method="post" className="form-grid" noValidate>
            <FormErrorSummary errors={adoptErrors.form ? undefined : adoptErrors} />
            <TextField
              name="startsOn"
              type="date"
              label={t("adoptions.startsOn")}
              required
              defaultValue={adopt.values.startsOn}
              error={adoptErrors.startsOn && message(adoptErrors.startsOn, { from: day(adoption.kit_starts_on), to: day(adoption.kit_ends_on) })}
            />
            <TextField
              name="endsOn"
              type="date"
              label={t("adoptions.endsOn")}
              required
              defaultValue={adopt.values.endsOn}
              error={adoptErrors.endsOn && message(adoptErrors.endsOn, { from: day(adoption.kit_starts_on), to: day(adoption.kit_ends_on) })}
            />
            <TextField
              name="expectedAttendees"
              label={t("adoptions.expectedAttendees")}
              required
              inputMode="numeric"
              defaultValue={adopt.values.expectedAttendees}
              error={adoptErrors.expectedAttendees}
            />
            <TextField
              name="plannedCost"
              label={t("adoptions.plannedCost", { currency: adoption.currency })}
              required
              inputMode="decimal"
              defaultValue={adopt.values.plannedCost}
              error={adoptErrors.plannedCost && message(adoptErrors.plannedCost, { available: money(adoptErrors.available) })}
            />
            <TextAreaField
              name="description"
              label={t("adoptions.description")}
              hint={t("adoptions.descriptionHint")}
              defaultValue={adopt.values.description}
              error={adoptErrors.description}
            />
            <div className="form-actions">
              <button type="submit" name="intent" value="adopt" className="button button-primary">
                {t("adoptions.adopt")}
              </button>
            </div>
          </Form>
          {status === "invited" && (
            <Form method="post">
              <button type="submit" name="intent" value="decline" className="button">
                {t("adoptions.decline")}
              </button>
            </Form>
          )}
        </section>
      )}
      {status === "invited" && !canAct && <p className="muted">{t("adoptions.onlyAdmins")}</p>}

      {status !== "invited" && status !== "declined" && (
        <section className="card">
          <h2>{t("adoptions.leads")}</h2>
          <p className="muted">{t("adoptions.leadsIntro")}</p>
          <p className="card-actions">
            {canAct && working && (
              <>
                <Link to={`/campaigns/adoptions/${adoption.id}/leads/import`}>{t("adoptions.importLeads")}</Link> ·{" "}
              </>
            )}
            <a href={`/campaigns/adoptions/${adoption.id}/leads.csv`}>{t("adoptions.exportLeads")}</a>
          </p>
          <div className="table-scroll">
            <table className="data-table list-table" data-testid="adoption-leads">
              <thead>
                <tr>
                  <th>{t("adoptions.company")}</th>
                  <th>{t("adoptions.contact")}</th>
                  <th>{t("adoptions.productLine")}</th>
                  <th>{t("adoptions.country")}</th>
                  <th>{t("adoptions.leadStatus")}</th>
                </tr>
              </thead>
              <tbody>
                {leads.length === 0 ? (
                  <tr>
                    <td colSpan={5} className="empty">
                      {t("adoptions.noLeads")}
                    </td>
                  </tr>
                ) : (
                  leads.map((l) => (
                    <tr key={l.id}>
                      <td className="key-cell" data-label={t("adoptions.company")}>
                        <Link to={`/leads/${l.id}`}>{l.company}</Link>
                      </td>
                      <td data-label={t("adoptions.contact")}>{[l.contact_name, l.contact_email].filter(Boolean).join(" · ") || "—"}</td>
                      <td data-label={t("adoptions.productLine")}>
                        {l.product_line ? referenceName(locale, { name: l.product_line, name_zh: l.product_line_zh }) : "—"}
                      </td>
                      <td data-label={t("adoptions.country")}>{l.country}</td>
                      <td data-label={t("adoptions.leadStatus")}>{t(`leadStatus.${l.status}`)}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          {canAct && working && (
            <details open={Object.keys(lead.errors).length > 0}>
              <summary>{t("adoptions.addLead")}</summary>
              <Form method="post" className="form-grid" noValidate>
                <FormErrorSummary errors={lead.errors.form ? undefined : lead.errors} />
                <TextField name="company" label={t("adoptions.company")} required defaultValue={lead.values.company} error={lead.errors.company} />
                <TextField name="contactName" label={t("adoptions.contact")} defaultValue={lead.values.contactName} error={lead.errors.contactName} />
                <TextField
                  name="contactEmail"
                  type="email"
                  label={t("adoptions.email")}
                  defaultValue={lead.values.contactEmail}
                  error={lead.errors.contactEmail}
                />
                <TextField name="contactPhone" label={t("adoptions.phone")} defaultValue={lead.values.contactPhone} error={lead.errors.contactPhone} />
                <TextField
                  name="country"
                  label={t("adoptions.country")}
                  required
                  defaultValue={lead.values.country}
                  error={lead.errors.country}
                  hint={t("partners.countryHint")}
                />
                <SelectField
                  name="productLineId"
                  label={t("adoptions.productLine")}
                  required
                  defaultValue={lead.values.productLineId}
                  error={lead.errors.productLineId}
                  emptyLabel=""
                  options={lines.map((l) => ({ value: l.id, label: referenceName(locale, l) }))}
                />
                <TextField name="notes" label={t("leads.notes")} defaultValue={lead.values.notes} error={lead.errors.notes} />
                <div className="form-actions">
                  <button type="submit" name="intent" value="addLead" className="button button-primary">
                    {t("adoptions.addLead")}
                  </button>
                </div>
              </Form>
            </details>
          )}
        </section>
      )}

      {status === "running" && canAct && (
        <section className="card">
          <h2>{t("adoptions.reportTitle")}</h2>
          <p className="muted">{t("adoptions.reportIntro")}</p>
          {adoption.ends_on && today < adoption.ends_on ? (
            <p className="muted" data-testid="report-from">
              {t("adoptions.reportFrom", { date: day(adoption.ends_on) })}
            </p>
          ) : (
            <Form method="post" encType="multipart/form-data" className="form-grid" noValidate>
              <FormErrorSummary errors={report.errors.form ? undefined : report.errors} />
              <TextField
                name="actualAttendees"
                label={t("adoptions.actualAttendees")}
                required
                inputMode="numeric"
                defaultValue={report.values.actualAttendees}
                error={report.errors.actualAttendees}
              />
              <TextField
                name="actualCost"
                label={t("adoptions.actualCost", { currency: adoption.currency })}
                required
                inputMode="decimal"
                defaultValue={report.values.actualCost}
                error={report.errors.actualCost}
              />
              <TextAreaField name="results" label={t("adoptions.results")} required defaultValue={report.values.results} error={report.errors.results} />
              <ProofInput error={report.errors.files} />
              <div className="form-actions">
                <button type="submit" name="intent" value="report" className="button button-primary">
                  {t("adoptions.submitReport")}
                </button>
              </div>
            </Form>
          )}
        </section>
      )}
      {adoption.reported_at && <p className="muted">{t("adoptions.reportedText", { date: formatDate(adoption.reported_at, locale, "UTC") })}</p>}

      {(canGiveFeedback || feedback.length > 0) && (
        <section className="card">
          <h2>{t("adoptions.feedback")}</h2>
          {feedback.length === 0 ? (
            <p className="muted">{t("adoptions.noFeedback")}</p>
          ) : (
            <ul className="stack" data-testid="adoption-feedback">
              {feedback.map((f) => (
                <li key={f.id}>
                  <strong>{t("adoptions.stars", { rating: f.rating })}</strong> · {f.user_name}
                  {f.comments && <p>{f.comments}</p>}
                  {f.what_worked && (
                    <p>
                      {t("adoptions.whatWorked")}: {f.what_worked}
                    </p>
                  )}
                </li>
              ))}
            </ul>
          )}
          {canGiveFeedback && (
            <Form method="post" className="form-grid" noValidate>
              <p className="muted">{t("adoptions.feedbackIntro")}</p>
              <SelectField
                name="rating"
                label={t("adoptions.rating")}
                required
                defaultValue={rate.values.rating ?? myFeedback?.rating}
                error={rate.errors.rating}
                emptyLabel=""
                options={[1, 2, 3, 4, 5].map((n) => ({ value: n, label: String(n) }))}
              />
              <TextAreaField
                name="comments"
                label={t("adoptions.comments")}
                defaultValue={rate.values.comments ?? myFeedback?.comments}
                error={rate.errors.comments}
              />
              <TextAreaField
                name="whatWorked"
                label={t("adoptions.whatWorked")}
                defaultValue={rate.values.whatWorked ?? myFeedback?.what_worked}
                error={rate.errors.whatWorked}
              />
              <div className="form-actions">
                <button type="submit" name="intent" value="feedback" className="button button-primary">
                  {t("adoptions.saveFeedback")}
                </button>
              </div>
            </Form>
          )}
        </section>
      )}
    </>
  );
}
