import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { parsedIntent, rowAction, type RowActionInput } from "~/lib/row-action.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { now } from "~/lib/clock.server";
import { referenceName } from "~/lib/reference-name";
import { filterChoices } from "~/modules/settings/choices.server";
import { channelManagers, getApplication } from "~/modules/applications/read.server";
import { approveApplication, askForInformation, assignApplication, declineApplication } from "~/modules/applications/vetting.server";
import { approveSchema, assignSchema, declineSchema, questionSchema, suggestPartnerCode } from "~/modules/applications/schemas";
import { useLocale, useMessage, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDateTime } from "~/lib/format";
import { isMessageKey } from "~/lib/i18n";
import { Notice, PageHeader } from "~/components/Page";
import { Age } from "~/components/DealBits";
import { ApplicationStatusBadge, DuplicateFlag } from "~/components/ApplicationBits";
import { SelectField, TextAreaField, TextField, useIntentFeedback } from "~/components/fields";
import { TIERS } from "../../db/types";
import type { FieldErrors } from "~/lib/forms";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Partner application · Partner Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.applications);
  const db = getDb();
  const view = await getApplication(db, scope, idParam(params.applicationId));
  const [managers, choices] = await Promise.all([channelManagers(db), filterChoices(db)]);
  const assigned = view.application.assigned_manager_id;
  return {
    ...view,
    managers,
    regionChoices: choices.regions,
    me: scope.userId,
    admin: scope.kind === "admin",
    canDecide: scope.kind === "admin" || assigned === scope.userId,
    renderedAt: now().getTime(),
  };
}

export async function action(args: ActionFunctionArgs) {
  const back = (id: number, notice: string) => redirect(`/applications/${id}?notice=${notice}`);
  return rowAction(
    args,
    { roles: ROUTE_ROLES.applications, param: "applicationId", find: getApplication },
    {
      assign: parsedIntent(assignSchema, async ({ db, scope, actor, id }: RowActionInput, fields) => {
        await assignApplication(db, scope, actor, id, fields.managerId);
        return back(id, "assigned");
      }),
      ask: parsedIntent(questionSchema, async ({ db, scope, actor, id }: RowActionInput, fields) => {
        await askForInformation(db, scope, actor, id, fields.question);
        return back(id, "asked");
      }),
      approve: parsedIntent(approveSchema, async ({ db, scope, actor, id }: RowActionInput, fields) => {
        await approveApplication(db, scope, actor, id, fields);
        return back(id, "approved");
      }),
      decline: parsedIntent(declineSchema, async ({ db, scope, actor, id }: RowActionInput, fields) => {
        await declineApplication(db, scope, actor, id, fields.reason);
        return back(id, "declined");
      }),
    },
  );
}

const NOTICES = {
  assigned: "applications.done.assigned",
  asked: "applications.done.asked",
  approved: "applications.done.approved",
  declined: "applications.done.declined",
} as const;

export default function ApplicationPage() {
  const { application, regions, productLines, events, duplicatePartner, similar, managers, regionChoices, me, admin, canDecide, renderedAt } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const message = useMessage();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const feedback = useIntentFeedback();
  const errors: FieldErrors = actionData?.errors ?? {};
  const notice = params.get("notice");
  const open = application.status === "submitted" || application.status === "more_info";
  const names = (rows: { name: string; name_zh: string | null }[]) => rows.map((r) => referenceName(locale, r)).join(", ") || "—";
  const assign = feedback("assign");
  const ask = feedback("ask");
  const approve = feedback("approve");
  const decline = feedback("decline");
  const manager = managers.find((m) => m.id === application.assigned_manager_id);

  return (
    <>
      <PageHeader
        title={t("applications.detailTitle", { number: application.id, company: application.company_name })}
        subtitle={
          <>
            <ApplicationStatusBadge status={application.status} /> {t(`partnerType.${application.partner_type}`)} · {application.country} ·{" "}
            {t("applications.received", { date: formatDateTime(application.created_at, locale, timeZone) })}
            {open && (
              <>
                {" · "}
                {t("applications.age")} <Age since={application.created_at} renderedAt={renderedAt} />
              </>
            )}{" "}
            <DuplicateFlag reason={application.duplicate_reason} partnerName={duplicatePartner?.name ?? null} />
          </>
        }
        actions={<Link to="/applications">← {t("applications.title")}</Link>}
      />
      {notice && notice in NOTICES && <Notice>{t(NOTICES[notice as keyof typeof NOTICES])}</Notice>}
      {errors.form && <Notice tone="error">{message(errors.form)}</Notice>}
      {application.status === "more_info" && <Notice tone="info">{t("applications.waitingForAnswer", { question: application.info_request ?? "" })}</Notice>}

      <div className="detail-grid">
        <section className="card">
          <h2>{t("common.details")}</h2>
          <dl className="facts">
            <dt>{t("applications.apply.company")}</dt>
            <dd>{application.company_name}</dd>
            <dt>{t("applications.apply.type")}</dt>
            <dd>{t(`partnerType.${application.partner_type}`)}</dd>
            <dt>{t("common.country")}</dt>
            <dd>{application.country}</dd>
            <dt>{t("applications.apply.regions")}</dt>
            <dd>{names(regions)}</dd>
            <dt>{t("applications.apply.productLines")}</dt>
            <dd>{names(productLines)}</dd>
            <dt>{t("applications.apply.website")}</dt>
            <dd>{application.website || "—"}</dd>
            <dt>{t("applications.apply.companySize")}</dt>
            <dd>{t(`applications.size.${application.company_size}`)}</dd>
            <dt>{t("applications.apply.references")}</dt>
            <dd className="event-text">{application.references_text || "—"}</dd>
            <dt>{t("applications.apply.message")}</dt>
            <dd className="event-text">{application.message || "—"}</dd>
          </dl>
        </section>
        <section className="card">
          <h2>{t("applications.contact")}</h2>
          <dl className="facts">
            <dt>{t("common.name")}</dt>
            <dd>{application.contact_name}</dd>
            <dt>{t("common.email")}</dt>
            <dd>{application.contact_email}</dd>
            <dt>{t("applications.apply.contactPhone")}</dt>
            <dd>{application.contact_phone || "—"}</dd>
            <dt>{t("nav.language")}</dt>
            <dd>{application.locale === "zh-CN" ? "中文" : "English"}</dd>
            <dt>{t("applications.manager")}</dt>
            <dd>{application.manager_name ?? t("applications.unassigned")}</dd>
          </dl>
        </section>
      </div>

      {duplicatePartner && (
        <section className="card" aria-labelledby="compare-title">
          <h2 id="compare-title">{t("applications.compareTitle")}</h2>
          <div className="conflicts">
            <article className="card this">
              <h3>{t("applications.thisApplication")}</h3>
              <dl className="facts">
                <dt>{t("common.name")}</dt>
                <dd>{application.company_name}</dd>
                <dt>{t("applications.type")}</dt>
                <dd>{t(`partnerType.${application.partner_type}`)}</dd>
                <dt>{t("common.country")}</dt>
                <dd>{application.country}</dd>
                <dt>{t("applications.apply.website")}</dt>
                <dd>{application.website || "—"}</dd>
                <dt>{t("common.email")}</dt>
                <dd>{application.contact_email}</dd>
              </dl>
            </article>
            <article className="card" data-testid="existing-partner">
              <h3>
                {t("applications.existingPartner")}: <Link to={`/partners/${duplicatePartner.id}`}>{duplicatePartner.name}</Link> ({duplicatePartner.code})
              </h3>
              <dl className="facts">
                <dt>{t("common.name")}</dt>
                <dd>{duplicatePartner.legal_name || duplicatePartner.name}</dd>
                <dt>{t("applications.type")}</dt>
                <dd>{t(`partnerType.${duplicatePartner.type}`)}</dd>
                <dt>{t("common.country")}</dt>
                <dd>{duplicatePartner.country}</dd>
                <dt>{t("applications.apply.website")}</dt>
                <dd>{duplicatePartner.website || "—"}</dd>
                <dt>{t("common.email")}</dt>
                <dd>{duplicatePartner.contact_email || "—"}</dd>
                <dt>{t("common.status")}</dt>
                <dd>{t(`partnerStatus.${duplicatePartner.status}`)}</dd>
                <dt>{t("applications.manager")}</dt>
                <dd>{duplicatePartner.manager_name ?? "—"}</dd>
              </dl>
            </article>
          </div>
        </section>
      )}
      {similar.length > 0 && (
        <section className="card">
          <h2>{t("applications.similar")}</h2>
          <ul>
            {similar.map((s) => (
              <li key={s.id}>
                <Link to={`/applications/${s.id}`}>
                  #{s.id} · {s.company_name}
                </Link>{" "}
                <ApplicationStatusBadge status={s.status} />
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="card">
        <h2>{t("applications.actions")}</h2>
        {!open && (
          <p>
            {t("applications.decided", {
              date: application.decided_at ? formatDateTime(application.decided_at, locale, timeZone) : "—",
              name: application.decided_by_name ?? "—",
            })}
            {application.decision_reason && <span className="event-text"> {application.decision_reason}</span>}
            {application.partner_id && (
              <>
                {" "}
                <Link to={`/partners/${application.partner_id}`}>{t("applications.openPartner")}</Link>
              </>
            )}
          </p>
        )}
        {open && admin && (
          <Form method="post" className="form-grid" noValidate>
            <SelectField
              name="managerId"
              id="assign-manager"
              label={t("applications.manager")}
              required
              options={managers.map((m) => ({ value: m.id, label: m.name }))}
              emptyLabel=""
              defaultValue={assign.values.managerId ?? application.assigned_manager_id}
              error={assign.errors.managerId}
            />
            <div className="form-actions">
              <button type="submit" name="intent" value="assign" className="button">
                {t("applications.assign")}
              </button>
            </div>
          </Form>
        )}
        {open && !admin && application.assigned_manager_id === null && (
          <Form method="post">
            <input type="hidden" name="managerId" value={me} />
            <p className="muted">{t("applications.takeFirst")}</p>
            <button type="submit" name="intent" value="assign" className="button button-primary">
              {t("applications.take")}
            </button>
          </Form>
        )}
        {open && !canDecide && application.assigned_manager_id !== null && (
          <p className="muted">{t("applications.othersDecide", { name: manager?.name ?? "—" })}</p>
        )}
        {open && canDecide && (
          <div className="stack">
            {application.status === "submitted" && (
              <Form method="post" className="stack" noValidate>
                <h3>{t("applications.askTitle")}</h3>
                <TextAreaField
                  name="question"
                  id="ask-question"
                  label={t("applications.question")}
                  required
                  maxLength={2000}
                  defaultValue={ask.values.question}
                  error={ask.errors.question}
                />
                <div>
                  <button type="submit" name="intent" value="ask" className="button">
                    {t("applications.ask")}
                  </button>
                </div>
              </Form>
            )}
            <Form method="post" className="stack" noValidate>
              <h3>{t("applications.approveTitle")}</h3>
              <p className="muted">{t("applications.approveIntro", { email: application.contact_email })}</p>
              <div className="form-grid">
                <TextField
                  name="code"
                  label={t("applications.code")}
                  required
                  defaultValue={approve.values.code ?? suggestPartnerCode(application.company_name, application.id)}
                  error={approve.errors.code}
                />
                <SelectField
                  name="tier"
                  label={t("applications.tier")}
                  required
                  options={TIERS.map((tier) => ({ value: tier, label: t(`tier.${tier}`) }))}
                  defaultValue={approve.values.tier ?? "registered"}
                  error={approve.errors.tier}
                />
                <SelectField
                  name="channelManagerId"
                  label={t("applications.manager")}
                  required
                  options={managers.map((m) => ({ value: m.id, label: m.name }))}
                  emptyLabel=""
                  defaultValue={approve.values.channelManagerId ?? application.assigned_manager_id ?? (admin ? null : me)}
                  error={approve.errors.channelManagerId}
                />
                <SelectField
                  name="regionId"
                  label={t("applications.region")}
                  options={regionChoices.map((r) => ({ value: r.id, label: referenceName(locale, r) }))}
                  emptyLabel={t("common.none")}
                  defaultValue={approve.values.regionId ?? application.regionIds[0] ?? null}
                  error={approve.errors.regionId}
                />
              </div>
              <div>
                <button type="submit" name="intent" value="approve" className="button button-primary">
                  {t("applications.approve")}
                </button>
              </div>
            </Form>
            <Form method="post" className="stack" noValidate>
              <h3>{t("applications.declineTitle")}</h3>
              <TextAreaField
                name="reason"
                id="decline-reason"
                label={t("applications.reason")}
                required
                maxLength={2000}
                defaultValue={decline.values.reason}
                error={decline.errors.reason}
              />
              <div>
                <button type="submit" name="intent" value="decline" className="button button-danger">
                  {t("applications.decline")}
                </button>
              </div>
            </Form>
          </div>
        )}
      </section>

      <section className="card">
        <h2>{t("applications.history")}</h2>
        <ol className="activity" data-testid="application-history">
          {events.map((e) => {
            const label = `applications.event.${e.event}`;
            return (
              <li key={e.id}>
                <span className="activity-action">{isMessageKey(label) ? t(label) : e.event}</span>
                <span className="muted small">
                  {" "}
                  · {formatDateTime(e.at, locale, timeZone)} · {e.actor_name ? t("applications.by", { name: e.actor_name }) : t("applications.byApplicant")}
                </span>
                {e.text && <div className="event-text">{e.text}</div>}
              </li>
            );
          })}
        </ol>
      </section>
    </>
  );
}
