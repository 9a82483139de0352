import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { parsedIntent, rowAction, type RowActionInput } from "~/lib/row-action.server";
import { getVersion, publishVersion, retireVersion, versionAcceptances } from "~/modules/agreements/versions.server";
import { publishSchema } from "~/modules/agreements/schemas";
import { useLocale, useMessage, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDate, formatDateTime } from "~/lib/format";
import { referenceName } from "~/lib/reference-name";
import { Badge, Notice, PageHeader } from "~/components/Page";
import { FormErrorSummary, TextField, useIntentFeedback } from "~/components/fields";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.version.version_label ?? "Agreement"} · Partner Portal` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, scope } = await requireAuth(request, ROUTE_ROLES.agreementsVendor);
  const { version, rows } = await versionAcceptances(getDb(), scope, idParam(params.versionId));
  const counts = { accepted: 0, pending: 0, overdue: 0 };
  for (const row of rows) counts[row.state] += 1;
  return { version, rows, counts, canEdit: user.role === "admin" };
}

export async function action(args: ActionFunctionArgs) {
  return rowAction(
    args,
    { roles: ROUTE_ROLES.settingsEdit, param: "versionId", find: (db, _scope, id) => getVersion(db, id) },
    {
      publish: parsedIntent<typeof publishSchema, RowActionInput>(publishSchema, async ({ db, scope, actor, id }, fields) => {
        await publishVersion(db, scope, actor, id, fields.acceptBy);
        return redirect(`/settings/agreements/${id}?notice=published`);
      }),
      retire: async ({ db, scope, actor, id }) => {
        await retireVersion(db, scope, actor, id);
        return redirect(`/settings/agreements/${id}?notice=retired`);
      },
    },
  );
}

const STATE_TONE = { accepted: "active", pending: "onboarding", overdue: "suspended" } as const;

export default function AgreementVersion() {
  const { version, rows, counts, canEdit } = useLoaderData<typeof loader>();
  const t = useT();
  const message = useMessage();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const feedback = useIntentFeedback();
  const publish = feedback("publish");
  const retire = feedback("retire");
  const [params] = useSearchParams();
  const notice = params.get("notice");
  return (
    <>
      <PageHeader
        title={`${version.version_label} · ${locale === "zh-CN" && version.title_zh ? version.title_zh : version.title}`}
        subtitle={
          <Badge tone={version.status === "published" ? "active" : version.status === "retired" ? "suspended" : "onboarding"}>
            {t(`agreements.status.${version.status}`)}
          </Badge>
        }
        actions={<Link to="/settings/agreements">← {t("agreements.title")}</Link>}
      />
      {notice === "created" && <Notice>{t("agreements.created")}</Notice>}
      {notice === "published" && <Notice>{t("agreements.published")}</Notice>}
      {notice === "retired" && <Notice>{t("agreements.retired")}</Notice>}
      {retire.errors.form && <Notice tone="error">{message(retire.errors.form)}</Notice>}

      <div className="detail-grid">
        <section className="card">
          <h2>{t("common.details")}</h2>
          <dl className="facts">
            <dt>{t("agreements.partnerType")}</dt>
            <dd>{version.partner_type ? t(`partnerType.${version.partner_type}`) : t("agreements.everyType")}</dd>
            <dt>{t("agreements.region")}</dt>
            <dd>
              {version.region_id ? referenceName(locale, { name: version.region_name ?? "", name_zh: version.region_name_zh }) : t("agreements.everyRegion")}
            </dd>
            <dt>{t("agreements.acceptBy")}</dt>
            <dd>{version.accept_by ? formatDate(version.accept_by, locale) : "—"}</dd>
            <dt>{t("agreements.term")}</dt>
            <dd>{version.term_months ? t("agreements.termMonths", { count: version.term_months }) : t("agreements.noTerm")}</dd>
            <dt>{t("agreements.publishedAt")}</dt>
            <dd>{version.published_at ? formatDateTime(version.published_at, locale, timeZone) : "—"}</dd>
            {version.status !== "draft" && (
              <>
                <dt>{t("agreements.sha256")}</dt>
                <dd>
                  <code className="hash" data-testid="version-sha256">
                    {version.sha256}
                  </code>
                </dd>
              </>
            )}
          </dl>
        </section>
        {canEdit && version.status !== "retired" && (
          <section className="card">
            {version.status === "draft" && (
              <Form method="post" className="form-grid narrow" noValidate>
                <FormErrorSummary errors={publish.errors} />
                {publish.errors.form && <Notice tone="error">{message(publish.errors.form)}</Notice>}
                <input type="hidden" name="intent" value="publish" />
                <TextField
                  name="acceptBy"
                  type="date"
                  label={t("agreements.acceptBy")}
                  required
                  hint={t("agreements.publishHint")}
                  defaultValue={publish.values.acceptBy}
                  error={publish.errors.acceptBy}
                />
                <div className="form-actions">
                  <button type="submit" className="button button-primary">
                    {t("agreements.publish")}
                  </button>
                </div>
              </Form>
            )}
            <Form method="post" className="button-row">
              <input type="hidden" name="intent" value="retire" />
              <button type="submit" className="button button-danger">
                {t("agreements.retire")}
              </button>
            </Form>
          </section>
        )}
      </div>

      {version.status !== "draft" && (
        <section className="table-wrap">
          <div className="card-header">
            <h2>{t("agreements.acceptances")}</h2>
            <p className="muted">{t("agreements.stateCounts", counts)}</p>
            <a className="button" href={`/settings/agreements/${version.id}.csv`} download>
              {t("common.exportCsv")}
            </a>
          </div>
          <div className="table-scroll">
            <table className="data-table list-table" aria-label={t("agreements.acceptances")}>
              <thead>
                <tr>
                  <th>{t("agreements.partner")}</th>
                  <th>{t("common.status")}</th>
                  <th>{t("agreements.acceptedBy")}</th>
                  <th>{t("agreements.acceptedAt")}</th>
                  <th>{t("agreements.ipAddress")}</th>
                  <th>{t("agreements.sha256")}</th>
                  <th>{t("agreements.endsOn")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.length === 0 && (
                  <tr>
                    <td colSpan={7} className="muted">
                      {t("agreements.acceptancesNone")}
                    </td>
                  </tr>
                )}
                {rows.map((row) => (
                  <tr key={row.partnerId} data-testid={`acceptance-${row.code}`}>
                    <td className="key-cell" data-label={t("agreements.partner")}>
                      <Link to={`/partners/${row.partnerId}`}>{row.name}</Link> <span className="muted">({row.code})</span>
                    </td>
                    <td data-label={t("common.status")}>
                      <Badge tone={STATE_TONE[row.state]}>{t(`agreements.state.${row.state}`)}</Badge>
                    </td>
                    <td data-label={t("agreements.acceptedBy")}>{row.acceptance ? `${row.acceptance.user_name} <${row.acceptance.user_email}>` : ""}</td>
                    <td data-label={t("agreements.acceptedAt")}>{row.acceptance ? formatDateTime(row.acceptance.accepted_at, locale, timeZone) : ""}</td>
                    <td data-label={t("agreements.ipAddress")}>{row.acceptance?.ip_address ?? ""}</td>
                    <td data-label={t("agreements.sha256")}>
                      {row.acceptance ? <code className="hash">{row.acceptance.document_sha256.slice(0, 12)}…</code> : ""}
                    </td>
                    <td data-label={t("agreements.endsOn")}>{row.acceptance?.ends_on ? formatDate(row.acceptance.ends_on, locale) : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      <div className="detail-grid">
        <section className="card">
          <h2>{t("agreements.textOf", { language: "English" })}</h2>
          <h3>{version.title}</h3>
          <div className="agreement-text">{version.body}</div>
        </section>
        <section className="card">
          <h2>{t("agreements.textOf", { language: "中文" })}</h2>
          <h3>{version.title_zh}</h3>
          <div className="agreement-text">{version.body_zh}</div>
        </section>
      </div>
    </>
  );
}
