import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { formAction, parsedIntent } from "~/lib/row-action.server";
import { requestLocale } from "~/lib/locale.server";
import { acceptAgreement, partnerAgreement } from "~/modules/agreements/accept.server";
import { acceptSchema } from "~/modules/agreements/schemas";
import { useLocale, useMessage, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDate, formatDateTime } from "~/lib/format";
import { Badge, Notice, PageHeader } from "~/components/Page";
import { useIntentFeedback } from "~/components/fields";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Agreement · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope, user } = await requireAuth(request, ROUTE_ROLES.agreement);
  return { ...(await partnerAgreement(getDb(), scope)), partnerName: user.partnerName ?? "" };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(
    args,
    { roles: ROUTE_ROLES.agreement },
    {
      accept: parsedIntent(acceptSchema, async ({ db, scope, actor, user }, fields) => {
        await acceptAgreement(db, scope, actor, {
          ...fields,
          locale: requestLocale(args.request, user.locale),
          userAgent: args.request.headers.get("User-Agent") ?? "",
        });
        return redirect("/agreement?notice=accepted");
      }),
    },
  );
}

export default function Agreement() {
  const { standing, history, partnerName } = useLoaderData<typeof loader>();
  const t = useT();
  const message = useMessage();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const accept = useIntentFeedback()("accept");
  const [params] = useSearchParams();
  const zh = locale === "zh-CN";
  return (
    <>
      <PageHeader title={t("agreements.partnerTitle")} subtitle={t("agreements.partnerIntro")} />
      {params.get("notice") === "accepted" && <Notice>{t("agreements.acceptedNotice")}</Notice>}
      {accept.errors.form && <Notice tone="error">{message(accept.errors.form)}</Notice>}
      {!standing ? (
        <section className="card">
          <p className="muted">{t("agreements.nothingToAccept")}</p>
        </section>
      ) : (
        <section className="card" data-testid="agreement-in-force">
          <h2>
            {zh && standing.document.title_zh ? standing.document.title_zh : standing.document.title}{" "}
            <span className="muted">
              {t("agreements.version")} {standing.version.version_label}
            </span>
          </h2>
          <p>
            {standing.acceptedAt ? (
              <Badge tone="active">{t("agreements.state.accepted")}</Badge>
            ) : standing.restricted ? (
              <Badge tone="suspended">{t("agreements.state.overdue")}</Badge>
            ) : (
              <Badge tone="onboarding">{t("agreements.state.pending")}</Badge>
            )}{" "}
            {!standing.acceptedAt && standing.version.accept_by && t("agreements.acceptByDate", { date: formatDate(standing.version.accept_by, locale) })}
          </p>
          <div className="agreement-text" lang={zh ? "zh-CN" : "en"}>
            {zh ? standing.document.body_zh : standing.document.body}
          </div>
          <dl className="facts">
            <dt>{t("agreements.term")}</dt>
            <dd>{standing.version.term_months ? t("agreements.termMonths", { count: standing.version.term_months }) : t("agreements.noTerm")}</dd>
            <dt>{t("agreements.sha256")}</dt>
            <dd>
              <code className="hash" data-testid="agreement-sha256">
                {standing.version.sha256}
              </code>
              <p className="hint">{t("agreements.sha256Hint")}</p>
            </dd>
          </dl>
          {!standing.acceptedAt && (
            <Form method="post" className="form-actions">
              <input type="hidden" name="intent" value="accept" />
              <input type="hidden" name="versionId" value={standing.version.id} />
              <input type="hidden" name="sha256" value={standing.version.sha256} />
              <button type="submit" className="button button-primary">
                {t("agreements.accept", { partner: partnerName })}
              </button>
            </Form>
          )}
        </section>
      )}

      <section className="table-wrap">
        <div className="card-header">
          <h2>{t("agreements.history")}</h2>
        </div>
        <div className="table-scroll">
          <table className="data-table list-table" aria-label={t("agreements.history")}>
            <thead>
              <tr>
                <th>{t("agreements.version")}</th>
                <th>{t("agreements.acceptedBy")}</th>
                <th>{t("agreements.acceptedAt")}</th>
                <th>{t("agreements.ipAddress")}</th>
                <th>{t("agreements.sha256")}</th>
                <th>{t("agreements.language")}</th>
                <th>{t("agreements.endsOn")}</th>
              </tr>
            </thead>
            <tbody>
              {history.length === 0 && (
                <tr>
                  <td colSpan={7} className="muted">
                    {t("agreements.historyNone")}
                  </td>
                </tr>
              )}
              {history.map((h) => (
                <tr key={h.id}>
                  <td className="key-cell" data-label={t("agreements.version")}>
                    {h.version_label} · {zh && h.title_zh ? h.title_zh : h.title}
                  </td>
                  <td data-label={t("agreements.acceptedBy")}>{h.user_name}</td>
                  <td data-label={t("agreements.acceptedAt")}>{formatDateTime(h.accepted_at, locale, timeZone)}</td>
                  <td data-label={t("agreements.ipAddress")}>{h.ip_address}</td>
                  <td data-label={t("agreements.sha256")}>
                    <code className="hash">{h.document_sha256.slice(0, 12)}…</code>
                  </td>
                  <td data-label={t("agreements.language")}>{h.locale}</td>
                  <td data-label={t("agreements.endsOn")}>{h.ends_on ? formatDate(h.ends_on, locale) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
