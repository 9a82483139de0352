import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { formAction, parsedIntent } from "~/lib/row-action.server";
import { getLeadSettings, leadSettingsSchema, updateLeadSettings } from "~/modules/settings/portal-settings.server";
import { useT } from "~/lib/i18n-react";
import { Notice, PageHeader } from "~/components/Page";
import { TextField } from "~/components/fields";
import { SettingsForm } from "~/components/SettingsForm";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Lead routing · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireAuth(request, ROUTE_ROLES.settings);
  return { settings: await getLeadSettings(getDb()), canEdit: user.role === "admin" };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(
    args,
    { roles: ROUTE_ROLES.settingsEdit },
    parsedIntent(leadSettingsSchema, async ({ db, scope, actor }, settings) => {
      await updateLeadSettings(db, scope, actor, settings);
      return redirect("/settings/leads?saved=1");
    }),
  );
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
      <SettingsForm errors={actionData?.errors} canEdit={canEdit}>
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
          <input type="checkbox" name="autoRoute" defaultChecked={actionData ? actionData.values.autoRoute === "on" : settings.autoRoute} disabled={!canEdit} />{" "}
          {t("leadSettings.autoRoute")}
        </label>
      </SettingsForm>
    </>
  );
}
