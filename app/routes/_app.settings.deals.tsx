import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { formAction, parsedIntent } from "~/lib/row-action.server";
import { dealSettingsSchema, getDealSettings, updateDealSettings } from "~/modules/settings/portal-settings.server";
import { useT } from "~/lib/i18n-react";
import { Notice, PageHeader } from "~/components/Page";
import { TextField } from "~/components/fields";
import { SettingsForm } from "~/components/SettingsForm";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Deal registration settings · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireAuth(request, ROUTE_ROLES.settings);
  const db = getDb();
  const [settings, tiers] = await Promise.all([
    getDealSettings(db),
    db.selectFrom("tiers").select(["tier", "deal_discount_pct"]).orderBy("position").execute(),
  ]);
  return { settings, tiers, canEdit: user.role === "admin" };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(
    args,
    { roles: ROUTE_ROLES.settingsEdit },
    parsedIntent(dealSettingsSchema, async ({ db, scope, actor }, settings) => {
      await updateDealSettings(db, scope, actor, settings);
      return redirect("/settings/deals?saved=1");
    }),
  );
}

export default function DealSettings() {
  const { settings, tiers, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const value = (name: "protectionDays" | "extensionDays" | "minValue") => String(actionData?.values?.[name] ?? settings[name]);
  return (
    <>
      <PageHeader title={t("dealSettings.title")} subtitle={t("dealSettings.intro")} actions={<Link to="/settings/tiers">{t("nav.tiers")} →</Link>} />
      {params.get("saved") && <Notice>{t("common.saved")}</Notice>}
      <SettingsForm errors={actionData?.errors} canEdit={canEdit}>
        <TextField
          name="protectionDays"
          label={t("dealSettings.protectionDays")}
          required
          type="number"
          readOnly={!canEdit}
          defaultValue={value("protectionDays")}
          error={actionData?.errors?.protectionDays}
        />
        <TextField
          name="extensionDays"
          label={t("dealSettings.extensionDays")}
          required
          type="number"
          readOnly={!canEdit}
          defaultValue={value("extensionDays")}
          error={actionData?.errors?.extensionDays}
        />
        <TextField
          name="minValue"
          label={t("dealSettings.minValue")}
          required
          inputMode="decimal"
          readOnly={!canEdit}
          defaultValue={value("minValue")}
          error={actionData?.errors?.minValue}
          hint={t("dealSettings.minValueHint")}
        />
      </SettingsForm>
      <section className="card narrow">
        <h2>{t("tiers.dealDiscount")}</h2>
        <dl className="facts">
          {tiers.map((tier) => (
            <div key={tier.tier}>
              <dt>{t(`tier.${tier.tier}`)}</dt>
              <dd>{tier.deal_discount_pct}%</dd>
            </div>
          ))}
        </dl>
        <p className="muted small">{t("dealSettings.discountHelp")}</p>
      </section>
    </>
  );
}
