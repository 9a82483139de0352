import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { formAction, parsedIntent } from "~/lib/row-action.server";
import { listRegions, regionSchema, saveRegion } from "~/modules/settings/regions.server";
import { formatAreas } from "~/modules/settings/areas";
import { useLocale, useT } from "~/lib/i18n-react";
import { referenceName } from "~/lib/reference-name";
import { Notice, PageHeader } from "~/components/Page";
import { FormErrorSummary, TextField } from "~/components/fields";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Territories · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireAuth(request, ROUTE_ROLES.settings);
  return { regions: await listRegions(getDb()), canEdit: user.role === "admin" };
}

/** One form per region and one for a new region; a refusal names its region by `regionId` (none: the new one). */
export async function action(args: ActionFunctionArgs) {
  return formAction(
    args,
    { roles: ROUTE_ROLES.settingsEdit },
    parsedIntent(regionSchema, async ({ db, scope, actor, text }, region) => {
      const regionId = /^\d+$/.test(text("regionId")) ? Number(text("regionId")) : null;
      await saveRegion(db, scope, actor, regionId, region);
      return redirect("/settings/territories?saved=1");
    }),
  );
}

function RegionForm({ regionId, values, errors }: { regionId: number | null; values: Record<string, string>; errors: Record<string, string> }) {
  const t = useT();
  return (
    <Form method="post" className="region-form" noValidate>
      {regionId !== null && <input type="hidden" name="regionId" value={regionId} />}
      <FormErrorSummary errors={errors} />
      <TextField name="code" label={t("common.code")} required defaultValue={values.code} error={errors.code} />
      <TextField name="name" label={t("referenceNames.nameEn")} required defaultValue={values.name} error={errors.name} />
      <TextField name="nameZh" label={t("referenceNames.nameZh")} defaultValue={values.nameZh} error={errors.nameZh} hint={t("referenceNames.nameZhHint")} />
      <TextField name="areas" label={t("territories.areas")} defaultValue={values.areas} error={errors.areas} hint={t("territories.areasHint")} />
      <button type="submit" className="button">
        {regionId === null ? t("common.create") : t("common.save")}
      </button>
    </Form>
  );
}

export default function Territories() {
  const { regions, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const failed = (key: string) => (actionData && (actionData.values.regionId || "new") === key ? actionData : undefined);
  return (
    <>
      <PageHeader title={t("territories.title")} subtitle={t("territories.intro")} />
      {params.get("saved") && <Notice>{t("territories.saved")}</Notice>}
      <div className="cards">
        {regions.map((region) => (
          <section className="card" key={region.id}>
            <h2>
              {referenceName(locale, region)} <span className="muted">({region.code})</span>
            </h2>
            <p className="muted">
              <Link to={`/partners?region=${region.id}`}>{t("territories.partners", { count: region.partnerCount })}</Link>
            </p>
            {canEdit ? (
              <RegionForm
                regionId={region.id}
                values={
                  failed(String(region.id))?.values ?? {
                    code: region.code,
                    name: region.name,
                    nameZh: region.name_zh ?? "",
                    areas: formatAreas(region.areas),
                  }
                }
                errors={failed(String(region.id))?.errors ?? {}}
              />
            ) : (
              <p>{formatAreas(region.areas) || "—"}</p>
            )}
          </section>
        ))}
        {canEdit && (
          <section className="card">
            <h2>{t("territories.new")}</h2>
            <RegionForm regionId={null} values={failed("new")?.values ?? {}} errors={failed("new")?.errors ?? {}} />
          </section>
        )}
      </div>
    </>
  );
}
