import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { parsedIntent, rowAction } from "~/lib/row-action.server";
import { isVendor } from "~/lib/scope.server";
import { approveAward, getAward, rejectAward, rejectSchema } from "~/modules/certifications/awards.server";
import { useLocale, useMessage, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDateTime } from "~/lib/format";
import { referenceName } from "~/lib/reference-name";
import { Notice, PageHeader } from "~/components/Page";
import { TextAreaField, useIntentFeedback } from "~/components/fields";
import { AwardStateBadge, Day } from "~/components/CertificationBits";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Certification · Partner Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.certifications);
  const award = await getAward(getDb(), scope, idParam(params.awardId));
  return { award, canReview: isVendor(scope) && award.status === "pending" };
}

export async function action(args: ActionFunctionArgs) {
  const back = (id: number, notice: string) => redirect(`/certifications/${id}?notice=${notice}`);
  return rowAction(
    args,
    { roles: ROUTE_ROLES.certificationsVendor, param: "awardId", find: getAward },
    {
      approve: async ({ db, scope, actor, id }) => {
        await approveAward(db, scope, actor, id);
        return back(id, "approved");
      },
      reject: parsedIntent(rejectSchema, async ({ db, scope, actor, id }, { reason }) => {
        await rejectAward(db, scope, actor, id, reason);
        return back(id, "rejected");
      }),
    },
  );
}

const NOTICES = { uploaded: "certifications.noticeUploaded", approved: "certifications.noticeApproved", rejected: "certifications.noticeRejected" } as const;

export default function AwardPage() {
  const { award, canReview } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const intent = useIntentFeedback();
  const t = useT();
  const message = useMessage();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const notice = params.get("notice");
  const approveErrors = intent("approve").errors;
  const reject = intent("reject");
  return (
    <>
      <PageHeader
        title={`${award.code} · ${referenceName(locale, { name: award.name, name_zh: award.name_zh })}`}
        subtitle={
          <>
            <AwardStateBadge state={award.state} expiresSoon={award.expiresSoon} /> {award.user_name} · {award.partner_name}
          </>
        }
        actions={<Link to="/certifications">← {t("certifications.title")}</Link>}
      />
      {notice && notice in NOTICES && <Notice>{t(NOTICES[notice as keyof typeof NOTICES])}</Notice>}
      {approveErrors.form && <Notice tone="error">{message(approveErrors.form)}</Notice>}
      <div className="detail-grid">
        <section className="card">
          <h2>{t("common.details")}</h2>
          <dl className="facts">
            <dt>{t("certifications.person")}</dt>
            <dd>
              {award.user_name} <span className="muted">({award.user_email})</span>
            </dd>
            <dt>{t("certifications.productLine")}</dt>
            <dd>{award.product_line_name ? referenceName(locale, { name: award.product_line_name, name_zh: award.product_line_name_zh }) : "—"}</dd>
            <dt>{t("certifications.level")}</dt>
            <dd>{t(`certifications.levels.${award.level}`)}</dd>
            <dt>{t("certifications.earnedOn")}</dt>
            <dd>
              <Day day={award.earned_on} />
            </dd>
            <dt>{t("certifications.expiresOn")}</dt>
            <dd data-testid="expires-on">
              <Day day={award.expires_on} /> <span className="muted">({t("certifications.validityNote", { months: award.validity_months })})</span>
            </dd>
            <dt>{t("certifications.source")}</dt>
            <dd>
              {t(`certifications.sources.${award.source}`)}
              {award.external_ref && <span className="muted"> · {award.external_ref}</span>}
            </dd>
            {award.checked_at && (
              <>
                <dt>{t("certifications.checked")}</dt>
                <dd>
                  {award.checked_by_name ?? t("common.system")} · {formatDateTime(award.checked_at, locale, timeZone)}
                </dd>
              </>
            )}
            {award.reject_reason && (
              <>
                <dt>{t("certifications.rejectReason")}</dt>
                <dd data-testid="reject-reason">{award.reject_reason}</dd>
              </>
            )}
            {award.hasFile && (
              <>
                <dt>{t("certifications.file")}</dt>
                <dd>
                  <a href={`/certifications/${award.id}/file`} target="_blank" rel="noreferrer">
                    {award.file_name}
                  </a>
                </dd>
              </>
            )}
          </dl>
        </section>
        {canReview && (
          <section className="card stack">
            <h2>{t("certifications.reviewTitle")}</h2>
            <p className="hint">{t("certifications.reviewHint")}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="approve" />
              <button type="submit" className="button button-primary">
                {t("certifications.approve")}
              </button>
            </Form>
            <Form method="post" className="stack" noValidate>
              <input type="hidden" name="intent" value="reject" />
              <TextAreaField name="reason" label={t("certifications.rejectReason")} required defaultValue={reject.values.reason} error={reject.errors.reason} />
              <button type="submit" className="button button-danger">
                {t("certifications.reject")}
              </button>
            </Form>
          </section>
        )}
      </div>
    </>
  );
}
