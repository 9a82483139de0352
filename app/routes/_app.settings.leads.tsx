import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { parseForm } from "~/lib/forms";
import { getLeadSettings, leadSettingsSchema, updateLeadSettings } from "~/modules/settings/portal-settings.server";
import { useT } from "~/lib/i18n-react";
import { Notice, PageHeader } from "~/components/Page";
import { FormErrorSummary, TextField } from "~/components/fields";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Lead routing · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireAuth(request, ROUTE_ROLES.settings);
  return { settings: await getLeadSettings(getDb()), canEdit: user.role === "admin" };
}

export async function action({ request }: ActionFunctionArgs) {
  const { scope, actor } = await requireAuth(request, ROUTE_ROLES.settingsEdit);
  const parsed = parseForm(leadSettingsSchema, await request.formData());
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  await updateLeadSettings(getDb(), scope, actor, parsed.data);
  return redirect("/settings/leads?saved=1");
}

export default function LeadSettings() {
  const { settings, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  return (
    <>
      <PageHeader title={t("leadSettings.title")} subtitle={t("leadSettings.intro")} actions={<Link to="/settings/tiers">{t("nav.tiers")} →</Link>} />
      {params.get("saved") && <Notice>{t("common.saved")}</Notice>}
      <Form method="post" className="form-grid narrow card" noValidate>
        <FormErrorSummary errors={actionData?.errors} />
        <TextField
          name="maxOffers"
          label={t("leadSettings.maxOffers")}
          required
          type="number"
          readOnly={!canEdit}
          defaultValue={String(actionData?.values?.maxOffers ?? settings.maxOffers)}
          error={actionData?.errors?.maxOffers}
        />
        <label className="checkbox">
          <input type="checkbox" name="autoRoute" defaultChecked={settings.autoRoute} disabled={!canEdit} /> {t("leadSettings.autoRoute")}
        </label>
        {canEdit && (
          <div className="form-actions">
            <button type="submit" className="button button-primary">
              {t("common.save")}
            </button>
          </div>
        )}
      </Form>
    </>
  );
}
