import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireAuth } from "~/lib/auth.server";
import { parsedIntent, rowAction } from "~/lib/row-action.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { field, type FieldErrors } from "~/lib/forms";
import { now } from "~/lib/clock.server";
import { getLead } from "~/modules/leads/read.server";
import { partnerFilter } from "~/lib/scope.server";
import { REJECT_REASONS } from "~/modules/leads/constants";
import { rejectionText } from "~/modules/leads/rejection";
import {
  acceptLead,
  addLeadNote,
  changeLeadStatus,
  nextStatuses,
  passLeadToUser,
  reassignLead,
  rejectLead,
  takeLeadBack,
} from "~/modules/leads/lifecycle.server";
import { isMessageKey } from "~/lib/i18n";
import { useLocale, useMessage, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDateTime, formatMoney, formatPercent } from "~/lib/format";
import { Notice, PageHeader } from "~/components/Page";
import { SelectField, TextAreaField, TextField, useIntentFeedback } from "~/components/fields";
import { LeadStatusBadge, OfferOutcomeBadge, OfferReason, TimeLeft } from "~/components/LeadBits";
import { referenceName } from "~/lib/reference-name";
import { LEAD_STATUSES } from "../../db/types";
import type { ScoreBreakdown } from "~/modules/leads/router";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.lead.company ?? "Lead"} · Partner Portal` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope, user } = await requireAuth(request, ROUTE_ROLES.leads);
  const db = getDb();
  const view = await getLead(db, scope, idParam(params.leadId));
  const holder =
    scope.kind === "partner" && view.lead.partner_id === scope.partnerId && (scope.role === "partner_admin" || view.lead.owner_user_id === scope.userId);
  const partners =
    scope.kind !== "partner" && !["converted", "lost"].includes(view.lead.status)
      ? await db
          .selectFrom("partners")
          .select(["id", "name"])
          .where(partnerFilter(scope, "partners.id"))
          .where("status", "=", "active")
          .orderBy("name")
          .execute()
      : [];
  const colleagues =
    holder && scope.kind === "partner" && scope.role === "partner_admin"
      ? await db.selectFrom("users").select(["id", "name"]).where("partner_id", "=", scope.partnerId).where("status", "=", "active").orderBy("name").execute()
      : [];
  return {
    ...view,
    holder,
    vendor: scope.kind !== "partner",
    partners,
    colleagues,
    next: holder ? nextStatuses(view.lead.status) : [],
    userId: user.id,
    renderedAt: now().getTime(),
  };
}

const statusForm = z.object({ status: field.enumOf(LEAD_STATUSES), reason: field.optionalText(500) });
const reassignForm = z.object({
  partnerId: z.coerce.number({ invalid_type_error: "errors.choose" }).int("errors.choose").positive("errors.choose"),
  reason: field.optionalText(500),
});

export async function action(args: ActionFunctionArgs) {
  const back = (id: number, notice: string) => redirect(`/leads/${id}?notice=${notice}`);
  return rowAction(
    args,
    { roles: ROUTE_ROLES.leads, param: "leadId", find: getLead },
    {
      accept: async ({ db, scope, actor, id }) => {
        await acceptLead(db, scope, actor, id);
        return back(id, "accepted");
      },
      reject: async ({ db, scope, actor, id, text }) => {
        await rejectLead(db, scope, actor, id, rejectionText(text("reason"), text("details")));
        return redirect(`/leads?rejected=${id}`);
      },
      status: parsedIntent(statusForm, async ({ db, scope, actor, id }, { status, reason }) => {
        await changeLeadStatus(db, scope, actor, id, status, reason);
        return back(id, "status");
      }),
      note: async ({ db, scope, actor, id, text }) => {
        await addLeadNote(db, scope, actor, id, text("note"));
        return back(id, "note");
      },
      pass: async ({ db, scope, actor, id, text }) => {
        await passLeadToUser(db, scope, actor, id, Number(text("userId")));
        return back(id, "passed");
      },
      reassign: parsedIntent(reassignForm, async ({ db, scope, actor, id }, { partnerId, reason }) => {
        await reassignLead(db, scope, actor, id, partnerId, reason);
        return back(id, "reassigned");
      }),
      takeBack: async ({ db, scope, actor, id, text }) => {
        await takeLeadBack(db, scope, actor, id, text("reason"));
        return back(id, "takenBack");
      },
    },
  );
}

function Breakdown({ breakdown }: { breakdown: ScoreBreakdown }) {
  const t = useT();
  const locale = useLocale();
  const parts: [string, number][] = [
    [t("leads.scoreTerritory"), breakdown.territory],
    [t("leads.scoreTier"), breakdown.tier],
    [t("leads.scoreLoad"), breakdown.load],
    [t("leads.scoreAcceptance"), breakdown.acceptance],
    [t("leads.scoreSpeed"), breakdown.speed],
    [t("leads.scoreConversion"), breakdown.conversion],
  ];
  return (
    <>
      <ul className="score-parts">
        {parts.map(([label, value]) => (
          <li key={label}>
            <span>{label}</span>
            <meter min={0} max={1} value={value} />
            <span className="num">{formatPercent((value * 100).toFixed(0), locale)}</span>
          </li>
        ))}
      </ul>
      {breakdown.certified && (
        <p className="small" data-testid="why-certified">
          ✓ {t("certifications.whyCertified")}
        </p>
      )}
    </>
  );
}

export default function LeadDetail() {
  const { lead, offers, events, contactHidden, holder, vendor, partners, colleagues, next, renderedAt } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const message = useMessage();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const notice = params.get("notice");
  const errors: FieldErrors = actionData?.errors ?? {};
  const feedback = useIntentFeedback();
  return (
    <>
      <PageHeader
        title={lead.company}
        subtitle={
          <>
            <LeadStatusBadge status={lead.status} /> {referenceName(locale, { name: lead.product_line_name, name_zh: lead.product_line_name_zh })} ·{" "}
            {lead.country}
            {lead.region_name ? ` · ${referenceName(locale, { name: lead.region_name, name_zh: lead.region_name_zh })}` : ""}
            {lead.partner_name ? ` · ${lead.partner_name}` : ""}
            {lead.status === "offered" && (
              <>
                {" · "}
                <TimeLeft deadline={lead.offer_expires_at} renderedAt={renderedAt} />
              </>
            )}
          </>
        }
        actions={<Link to="/leads">← {t("leads.title")}</Link>}
      />
      {notice === "accepted" && <Notice>{t("leads.accepted")}</Notice>}
      {notice === "status" && <Notice>{t("leads.statusChanged", { status: t(`leadStatus.${lead.status}`) })}</Notice>}
      {notice === "note" && <Notice>{t("leads.noteAdded")}</Notice>}
      {notice === "passed" && <Notice>{t("leads.passed", { name: lead.owner_name ?? "" })}</Notice>}
      {notice === "takenBack" && <Notice>{t("leads.takenBack")}</Notice>}
      {notice === "reassigned" && <Notice>{t("leads.reassigned", { partner: lead.partner_name ?? "" })}</Notice>}
      {errors.form && <Notice tone="error">{message(errors.form)}</Notice>}
      {holder && lead.status === "converted" && (
        <Notice tone="info">
          <Link className="button button-primary" to={`/deals/new?lead=${lead.id}`}>
            {t("leads.createDeal")}
          </Link>
        </Notice>
      )}
      {vendor && lead.status === "new" && lead.pool_reason && <Notice tone="info">{t("leads.poolReason", { reason: lead.pool_reason })}</Notice>}
      {vendor && lead.duplicate_of_id && (
        <Notice tone="info">
          <Link to={`/leads/${lead.duplicate_of_id}`}>{t("leads.duplicate", { id: lead.duplicate_of_id })}</Link>
        </Notice>
      )}

      <div className="detail-grid">
        <section className="card">
          <h2>{t("common.details")}</h2>
          <dl className="facts">
            <dt>{t("leads.contactName")}</dt>
            <dd>{contactHidden ? <em className="muted">{t("leads.contactHidden")}</em> : lead.contact_name || "—"}</dd>
            {!contactHidden && (
              <>
                <dt>{t("leads.contactEmail")}</dt>
                <dd>{lead.contact_email ? <a href={`mailto:${lead.contact_email}`}>{lead.contact_email}</a> : "—"}</dd>
                <dt>{t("leads.contactPhone")}</dt>
                <dd>{lead.contact_phone || "—"}</dd>
              </>
            )}
            <dt>{t("leads.domain")}</dt>
            <dd>{lead.company_domain || "—"}</dd>
            <dt>{t("leads.postcode")}</dt>
            <dd>{lead.postcode || "—"}</dd>
            <dt>{t("leads.value")}</dt>
            <dd>{lead.estimated_value ? formatMoney(lead.estimated_value, lead.currency, locale) : "—"}</dd>
            <dt>{t("leads.source")}</dt>
            <dd>{t(`leadSource.${lead.source}`)}</dd>
            <dt>{t("leads.owner")}</dt>
            <dd>{lead.owner_name ?? "—"}</dd>
            {lead.status === "offered" && (
              <>
                <dt>{t("leads.deadline")}</dt>
                <dd>{formatDateTime(lead.offer_expires_at, locale, timeZone)}</dd>
              </>
            )}
            <dt>{t("leads.created")}</dt>
            <dd>{formatDateTime(lead.created_at, locale, timeZone)}</dd>
            {lead.lost_reason && (
              <>
                <dt>{t("leads.lostReason")}</dt>
                <dd>{lead.lost_reason}</dd>
              </>
            )}
          </dl>
          {lead.notes && <p className="lead-notes">{lead.notes}</p>}
        </section>

        {holder && lead.status === "offered" && (
          <section className="card">
            <h2>
              {t("leads.accept")} / {t("leads.reject")}
            </h2>
            <Form method="post" noValidate className="button-row">
              <button type="submit" name="intent" value="accept" className="button button-primary">
                {t("leads.accept")}
              </button>
            </Form>
            <Form method="post" noValidate className="stack reject-form">
              <input type="hidden" name="intent" value="reject" />
              <SelectField
                name="reason"
                label={t("leads.rejectReason")}
                required
                emptyLabel=""
                options={REJECT_REASONS.map((r) => ({ value: r, label: t(`leads.reason.${r}`) }))}
                defaultValue={feedback("reject").values.reason}
                error={feedback("reject").errors.reason}
              />
              <TextField
                name="details"
                label={t("leads.rejectDetails")}
                defaultValue={feedback("reject").values.details}
                error={feedback("reject").errors.details}
              />
              <button type="submit" className="button button-danger">
                {t("leads.reject")}
              </button>
            </Form>
          </section>
        )}

        {holder && next.length > 0 && (
          <section className="card">
            <h2>{t("common.status")}</h2>
            <Form method="post" noValidate className="stack">
              <input type="hidden" name="intent" value="status" />
              <div className="button-row">
                {next
                  .filter((s) => s !== "lost")
                  .map((s) => (
                    <button key={s} type="submit" name="status" value={s} className="button button-primary">
                      {t("leads.moveTo", { status: t(`leadStatus.${s}`) })}
                    </button>
                  ))}
              </div>
              {feedback("status").errors.status && <p className="field-error">{message(feedback("status").errors.status)}</p>}
            </Form>
            <Form method="post" noValidate className="stack lost-form">
              <input type="hidden" name="intent" value="status" />
              <input type="hidden" name="status" value="lost" />
              <TextField
                name="reason"
                id="f-lost"
                label={t("leads.lostReason")}
                required
                defaultValue={feedback("status").values.reason}
                error={feedback("status").errors.reason}
              />
              <button type="submit" className="button button-danger">
                {t("leads.moveTo", { status: t("leadStatus.lost") })}
              </button>
            </Form>
          </section>
        )}

        {holder && colleagues.length > 1 && lead.status !== "converted" && lead.status !== "lost" && (
          <section className="card">
            <h2>{t("leads.passTo")}</h2>
            <Form method="post" noValidate className="stack">
              <input type="hidden" name="intent" value="pass" />
              <select name="userId" defaultValue={lead.owner_user_id ?? ""} aria-label={t("leads.passTo")}>
                {colleagues.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
              <button type="submit" className="button">
                {t("leads.passTo")}
              </button>
            </Form>
          </section>
        )}

        {vendor && partners.length > 0 && (
          <section className="card">
            <h2>{lead.status === "new" ? t("leads.assignTo") : t("leads.reassign")}</h2>
            <Form method="post" noValidate className="stack">
              <input type="hidden" name="intent" value="reassign" />
              <SelectField
                name="partnerId"
                label={t("leads.partner")}
                required
                emptyLabel=""
                options={partners.filter((p) => p.id !== lead.partner_id).map((p) => ({ value: p.id, label: p.name }))}
                defaultValue={feedback("reassign").values.partnerId}
                error={feedback("reassign").errors.partnerId}
              />
              <button type="submit" className="button">
                {t("leads.assign")}
              </button>
            </Form>
          </section>
        )}

        {vendor && ["offered", "accepted", "contacted", "qualified"].includes(lead.status) && (
          <section className="card">
            <h2>{t("leads.takeBack")}</h2>
            <Form method="post" noValidate className="stack">
              <input type="hidden" name="intent" value="takeBack" />
              <div className="field">
                <label htmlFor="f-takeback">{t("leads.takeBackReason")}</label>
                <input id="f-takeback" name="reason" maxLength={400} />
              </div>
              <button type="submit" className="button">
                {t("leads.takeBack")}
              </button>
            </Form>
          </section>
        )}
      </div>

      {offers.length > 0 && (
        <section className="card">
          <h2>
            {t("leads.offers")} <span className="muted">· {t("leads.offerCount", { count: lead.offer_count })}</span>
          </h2>
          <ul className="offers">
            {offers.map((o) => (
              <li key={o.id}>
                <p className="offer-head">
                  <strong>{o.partnerName}</strong>
                  {o.userName && <span> · {o.userName}</span>}
                  <span className="muted">
                    {" "}
                    · {formatDateTime(o.offeredAt, locale, timeZone)} · {o.offeredBy ? t("leads.offeredBy", { name: o.offeredBy }) : t("leads.offeredByRouter")}
                  </span>
                  <OfferOutcomeBadge outcome={o.outcome} />
                  {o.reason && (
                    <span className="muted">
                      {" · "}
                      <OfferReason reason={o.reason} />
                    </span>
                  )}
                </p>
                {o.breakdown && (
                  <details open={o.outcome === "pending"}>
                    <summary>
                      {t("leads.why")}: {t("leads.score")} {o.breakdown.total.toFixed(3)}
                    </summary>
                    <Breakdown breakdown={o.breakdown} />
                    {o.candidates.length > 0 && (
                      <>
                        <p className="muted small">{t("leads.runnersUp")}</p>
                        <ol className="runners-up">
                          {o.candidates.map((c) => (
                            <li key={c.partnerId}>
                              {c.partnerName} <span className="num muted">{c.total.toFixed(3)}</span>
                            </li>
                          ))}
                        </ol>
                      </>
                    )}
                  </details>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="card">
        <h2>{t("leads.history")}</h2>
        <Form method="post" noValidate className="note-form">
          <input type="hidden" name="intent" value="note" />
          <TextAreaField
            name="note"
            label={t("leads.addNote")}
            required
            rows={2}
            maxLength={4000}
            defaultValue={feedback("note").values.note}
            error={feedback("note").errors.note}
          />
          <button type="submit" className="button">
            {t("leads.addNote")}
          </button>
        </Form>
        <ul className="activity">
          {events.map((e) => {
            const key = `leads.event.${e.event}`;
            return (
              <li key={e.id}>
                <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at, locale, timeZone)}</time>
                <span className="activity-action">{isMessageKey(key) ? t(key) : e.event}</span>
                {e.to_status && e.from_status && (
                  <span className="muted">
                    {e.from_status} → {e.to_status}
                  </span>
                )}
                <span className="muted">{e.actor_email}</span>
                {e.text && <span className="event-text">{e.text}</span>}
              </li>
            );
          })}
        </ul>
      </section>
    </>
  );
}
