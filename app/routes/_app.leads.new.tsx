import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { formAction, parsedIntent } from "~/lib/row-action.server";
import { createLead, leadSchema } from "~/modules/leads/create.server";
import { useLocale, useT } from "~/lib/i18n-react";
import { CURRENCIES } from "~/lib/money";
import { PageHeader } from "~/components/Page";
import { FormErrorSummary, SelectField, TextField } from "~/components/fields";
import { referenceName } from "~/lib/reference-name";
import { LEAD_SOURCES } from "../../db/types";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "New lead · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAuth(request, ROUTE_ROLES.leadsVendor);
  return { lines: await getDb().selectFrom("product_lines").select(["id", "name", "name_zh"]).orderBy("name").execute() };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(
    args,
    { roles: ROUTE_ROLES.leadsVendor },
    parsedIntent(leadSchema, async ({ db, scope, actor }, lead) => {
      const { id } = await createLead(db, scope, actor, lead);
      return redirect(`/leads/${id}`);
    }),
  );
}

export default function NewLead() {
  const { lines } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const v = actionData?.values ?? {};
  const e = actionData?.errors ?? {};
  return (
    <>
      <PageHeader title={t("leads.new")} />
      <Form method="post" className="form-grid" noValidate>
        <FormErrorSummary errors={actionData?.errors} />
        <TextField name="company" label={t("leads.company")} required defaultValue={v.company} error={e.company} />
        <TextField name="companyDomain" label={t("leads.domain")} defaultValue={v.companyDomain} error={e.companyDomain} placeholder="acme.com" />
        <SelectField
          name="productLineId"
          label={t("leads.productLine")}
          required
          defaultValue={v.productLineId}
          error={e.productLineId}
          emptyLabel=""
          options={lines.map((l) => ({ value: l.id, label: referenceName(locale, l) }))}
        />
        <TextField name="contactName" label={t("leads.contactName")} defaultValue={v.contactName} error={e.contactName} />
        <TextField name="contactEmail" label={t("leads.contactEmail")} type="email" defaultValue={v.contactEmail} error={e.contactEmail} />
        <TextField name="contactPhone" label={t("leads.contactPhone")} defaultValue={v.contactPhone} error={e.contactPhone} />
        <TextField name="country" label={t("common.country")} required defaultValue={v.country} error={e.country} hint={t("partners.countryHint")} />
        <TextField name="postcode" label={t("leads.postcode")} defaultValue={v.postcode} error={e.postcode} />
        <TextField name="estimatedValue" label={t("leads.value")} inputMode="decimal" defaultValue={v.estimatedValue} error={e.estimatedValue} />
        <SelectField
          name="currency"
          label={t("leads.currency")}
          required
          defaultValue={v.currency ?? "USD"}
          error={e.currency}
          options={CURRENCIES.map((c) => ({ value: c, label: c }))}
        />
        <SelectField
          name="source"
          label={t("leads.source")}
          required
          defaultValue={v.source ?? "manual"}
          error={e.source}
          options={LEAD_SOURCES.map((s) => ({ value: s, label: t(`leadSource.${s}`) }))}
        />
        <TextField name="notes" label={t("leads.notes")} defaultValue={v.notes} error={e.notes} />
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            {t("common.create")}
          </button>
        </div>
      </Form>
    </>
  );
}
