import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { formAction, parsedIntent } from "~/lib/row-action.server";
import { readId } from "~/lib/list-query";
import { listProductLines } from "~/modules/settings/products.server";
import { certificationSchema, getCertification, listCertifications, readCatalogueQuery, saveCertification } from "~/modules/certifications/catalogue.server";
import { useLocale, useT } from "~/lib/i18n-react";
import { referenceName } from "~/lib/reference-name";
import { DataTable } from "~/components/DataTable";
import { FilterBar, FilterSelect } from "~/components/Filters";
import { Badge, Notice, PageHeader } from "~/components/Page";
import { CheckboxGroup, FormErrorSummary, SelectField, TextField, useIntentFeedback } from "~/components/fields";
import { CERTIFICATION_LEVELS, PARTNER_TYPES } from "../../db/types";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Certifications · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireAuth(request, ROUTE_ROLES.settings);
  const params = new URL(request.url).searchParams;
  const query = readCatalogueQuery(params);
  const db = getDb();
  const [{ rows, total }, lines] = await Promise.all([listCertifications(db, query), listProductLines(db)]);
  const editId = readId(params, "edit");
  const editing = editId === null ? null : await getCertification(db, editId);
  return { rows, total, query, lines, editing, canEdit: user.role === "admin" };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(
    args,
    { roles: ROUTE_ROLES.settingsEdit, lists: ["requiredFor"] },
    {
      save: parsedIntent(
        certificationSchema,
        async ({ db, scope, actor, text }, input) => {
          const id = readId(new URLSearchParams({ id: text("certificationId") }), "id");
          await saveCertification(db, scope, actor, id, input);
          return redirect(`/settings/certifications?saved=${encodeURIComponent(input.code)}`);
        },
        ["requiredFor"],
      ),
    },
  );
}

type Row = Awaited<ReturnType<typeof loader>>["rows"][number];
const column = createColumnHelper<Row>();

export default function CertificationCatalogue() {
  const { rows, total, query, lines, editing, canEdit } = useLoaderData<typeof loader>();
  const feedback = useIntentFeedback()("save");
  const answer = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const columns = useMemo(
    () => [
      column.accessor("code", {
        header: t("certifications.code"),
        cell: (c) => (canEdit ? <Link to={`/settings/certifications?edit=${c.row.original.id}#certification-form`}>{c.getValue()}</Link> : c.getValue()),
      }),
      column.accessor("name", {
        header: t("certifications.name"),
        cell: (c) => referenceName(locale, { name: c.getValue(), name_zh: c.row.original.name_zh }),
      }),
      column.accessor("product_line_name", {
        header: t("certifications.productLine"),
        cell: (c) => (c.getValue() ? referenceName(locale, { name: c.getValue()!, name_zh: c.row.original.product_line_name_zh }) : "—"),
      }),
      column.accessor("level", { header: t("certifications.level"), cell: (c) => t(`certifications.levels.${c.getValue()}`) }),
      column.accessor("validity_months", { header: t("certifications.validityMonths"), cell: (c) => <span className="num">{c.getValue()}</span> }),
      column.accessor("requiredFor", {
        header: t("certifications.requiredFor"),
        cell: (c) =>
          c.getValue().length
            ? c
                .getValue()
                .map((type) => t(`partnerType.${type}`))
                .join(", ")
            : "—",
      }),
      column.accessor("active", {
        header: t("common.status"),
        cell: (c) =>
          c.getValue() ? <Badge tone="active">{t("certifications.active")}</Badge> : <Badge tone="suspended">{t("certifications.inactive")}</Badge>,
      }),
    ],
    [t, locale, canEdit],
  );
  const typed = feedback.values;
  const failed = Object.keys(feedback.errors).length > 0;
  const value = (name: string, current: string | number | null | undefined) => (failed ? (typed[name] ?? "") : (current ?? ""));
  const lineOptions = lines.map((l) => ({ value: l.id, label: referenceName(locale, l) }));
  return (
    <>
      <PageHeader
        title={t("certifications.catalogueTitle")}
        subtitle={t("certifications.catalogueIntro")}
        actions={<a href={`/settings/certifications.csv?${params.toString()}`}>{t("common.exportCsv")}</a>}
      />
      {params.get("saved") && <Notice>{t("certifications.saved", { code: params.get("saved")! })}</Notice>}
      <FilterBar clearTo="/settings/certifications">
        <FilterSelect
          name="active"
          label={t("common.status")}
          value={query.active}
          options={[
            { value: "yes", label: t("certifications.active") },
            { value: "no", label: t("certifications.inactive") },
          ]}
        />
      </FilterBar>
      <DataTable
        columns={columns}
        rows={rows}
        total={total}
        paging={query}
        sortable={["code", "name", "level", "validity_months"]}
        caption={t("certifications.catalogueTitle")}
        rowKey={(r) => r.id}
      />
      {canEdit && (
        <section className="card narrow-card" id="certification-form">
          <h2>{editing ? t("certifications.editTitle", { code: editing.code }) : t("certifications.newTitle")}</h2>
          <Form method="post" className="stack" noValidate key={editing?.id ?? "new"}>
            <input type="hidden" name="intent" value="save" />
            {editing && <input type="hidden" name="certificationId" value={editing.id} />}
            <FormErrorSummary errors={feedback.errors} />
            <TextField name="code" label={t("certifications.code")} required defaultValue={value("code", editing?.code)} error={feedback.errors.code} />
            <TextField name="name" label={t("referenceNames.nameEn")} required defaultValue={value("name", editing?.name)} error={feedback.errors.name} />
            <TextField
              name="nameZh"
              label={t("referenceNames.nameZh")}
              defaultValue={value("nameZh", editing?.name_zh)}
              error={feedback.errors.nameZh}
              hint={t("referenceNames.nameZhHint")}
            />
            <SelectField
              name="productLineId"
              label={t("certifications.productLine")}
              defaultValue={value("productLineId", editing?.product_line_id)}
              error={feedback.errors.productLineId}
              emptyLabel={t("certifications.noProductLine")}
              options={lineOptions}
            />
            <SelectField
              name="level"
              label={t("certifications.level")}
              required
              defaultValue={value("level", editing?.level ?? "associate")}
              error={feedback.errors.level}
              options={CERTIFICATION_LEVELS.map((level) => ({ value: level, label: t(`certifications.levels.${level}`) }))}
            />
            <TextField
              name="validityMonths"
              label={t("certifications.validityMonths")}
              required
              inputMode="numeric"
              defaultValue={value("validityMonths", editing?.validity_months ?? 24)}
              error={feedback.errors.validityMonths}
            />
            <CheckboxGroup
              name="requiredFor"
              label={t("certifications.requiredFor")}
              error={feedback.errors.requiredFor}
              options={PARTNER_TYPES.map((type) => ({ value: type, label: t(`partnerType.${type}`) }))}
              defaultValues={failed ? (answer?.lists?.requiredFor ?? []) : (editing?.requiredFor ?? [])}
            />
            <label className="checkbox">
              <input type="checkbox" name="active" defaultChecked={failed ? typed.active === "on" : editing ? editing.active === 1 : true} />{" "}
              {t("certifications.activeHint")}
            </label>
            <div className="button-row">
              <button type="submit" className="button button-primary">
                {editing ? t("common.save") : t("common.create")}
              </button>
              {editing && <Link to="/settings/certifications">{t("common.cancel")}</Link>}
            </div>
          </Form>
        </section>
      )}
    </>
  );
}
