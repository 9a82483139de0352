import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { formAction, parsedIntent } from "~/lib/row-action.server";
import { createDraft, listVersions } from "~/modules/agreements/versions.server";
import { draftSchema } from "~/modules/agreements/schemas";
import { useLocale, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDate, formatDateTime } from "~/lib/format";
import { referenceName } from "~/lib/reference-name";
import { Badge, PageHeader } from "~/components/Page";
import { FormErrorSummary, SelectField, TextAreaField, TextField, useIntentFeedback } from "~/components/fields";
import { PARTNER_TYPES } from "../../db/types";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Agreements · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireAuth(request, ROUTE_ROLES.agreementsVendor);
  const db = getDb();
  const [versions, regions] = await Promise.all([listVersions(db), db.selectFrom("regions").select(["id", "name", "name_zh"]).orderBy("name").execute()]);
  return { versions, regions, canEdit: user.role === "admin" };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(
    args,
    { roles: ROUTE_ROLES.settingsEdit },
    {
      draft: parsedIntent(draftSchema, async ({ db, scope, actor }, fields) => {
        const { id } = await createDraft(db, scope, actor, fields);
        return redirect(`/settings/agreements/${id}?notice=created`);
      }),
    },
  );
}

export default function Agreements() {
  const { versions, regions, canEdit } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const { errors, values } = useIntentFeedback()("draft");
  return (
    <>
      <PageHeader
        title={t("agreements.title")}
        subtitle={t("agreements.intro")}
        actions={
          <a className="button" href="/settings/agreements.csv" download>
            {t("common.exportCsv")}
          </a>
        }
      />
      <section className="table-wrap">
        <div className="table-scroll">
          <table className="data-table list-table" aria-label={t("agreements.title")}>
            <thead>
              <tr>
                <th>{t("agreements.version")}</th>
                <th>{t("agreements.versionTitle")}</th>
                <th>{t("agreements.partnerType")}</th>
                <th>{t("agreements.region")}</th>
                <th>{t("common.status")}</th>
                <th>{t("agreements.acceptBy")}</th>
                <th>{t("agreements.term")}</th>
                <th>{t("agreements.publishedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {versions.length === 0 && (
                <tr>
                  <td colSpan={8} className="muted">
                    {t("agreements.none")}
                  </td>
                </tr>
              )}
              {versions.map((v) => (
                <tr key={v.id}>
                  <td className="key-cell" data-label={t("agreements.version")}>
                    <Link to={`/settings/agreements/${v.id}`}>{v.version_label}</Link>
                  </td>
                  <td data-label={t("agreements.versionTitle")}>{locale === "zh-CN" && v.title_zh ? v.title_zh : v.title}</td>
                  <td data-label={t("agreements.partnerType")}>{v.partner_type ? t(`partnerType.${v.partner_type}`) : t("agreements.everyType")}</td>
                  <td data-label={t("agreements.region")}>
                    {v.region_id ? referenceName(locale, { name: v.region_name ?? "", name_zh: v.region_name_zh }) : t("agreements.everyRegion")}
                  </td>
                  <td data-label={t("common.status")}>
                    <Badge tone={v.status === "published" ? "active" : v.status === "retired" ? "suspended" : "onboarding"}>
                      {t(`agreements.status.${v.status}`)}
                    </Badge>
                  </td>
                  <td data-label={t("agreements.acceptBy")}>{v.accept_by ? formatDate(v.accept_by, locale) : "—"}</td>
                  <td data-label={t("agreements.term")}>{v.term_months ? t("agreements.termMonths", { count: v.term_months }) : t("agreements.noTerm")}</td>
                  <td data-label={t("agreements.publishedAt")}>{v.published_at ? formatDateTime(v.published_at, locale, timeZone) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {canEdit && (
        <section className="card">
          <h2>{t("agreements.newDraft")}</h2>
          <Form method="post" className="form-grid" noValidate>
            <FormErrorSummary errors={errors} />
            <input type="hidden" name="intent" value="draft" />
            <SelectField
              name="partnerType"
              label={t("agreements.partnerType")}
              required
              options={PARTNER_TYPES.map((type) => ({ value: type, label: t(`partnerType.${type}`) }))}
              defaultValue={values.partnerType}
              error={errors.partnerType}
            />
            <SelectField
              name="regionId"
              label={t("agreements.region")}
              options={regions.map((r) => ({ value: r.id, label: referenceName(locale, r) ?? r.name }))}
              emptyLabel={t("agreements.everyRegion")}
              defaultValue={values.regionId}
              error={errors.regionId}
            />
            <TextField
              name="versionLabel"
              label={t("agreements.versionLabel")}
              required
              hint={t("agreements.versionLabelHint")}
              defaultValue={values.versionLabel}
              error={errors.versionLabel}
            />
            <TextField
              name="termMonths"
              label={t("agreements.termMonthsField")}
              inputMode="numeric"
              hint={t("agreements.termMonthsHint")}
              defaultValue={values.termMonths}
              error={errors.termMonths}
            />
            <TextField name="title" label={t("agreements.titleEn")} required defaultValue={values.title} error={errors.title} />
            <TextField name="titleZh" label={t("agreements.titleZh")} required defaultValue={values.titleZh} error={errors.titleZh} />
            <TextAreaField name="body" label={t("agreements.bodyEn")} required rows={8} defaultValue={values.body} error={errors.body} />
            <TextAreaField name="bodyZh" label={t("agreements.bodyZh")} required rows={8} defaultValue={values.bodyZh} error={errors.bodyZh} />
            <div className="form-actions">
              <button type="submit" className="button button-primary">
                {t("agreements.createDraft")}
              </button>
            </div>
          </Form>
        </section>
      )}
    </>
  );
}
