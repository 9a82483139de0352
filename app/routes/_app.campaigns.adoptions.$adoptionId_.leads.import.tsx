import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { parsedIntent, rowAction, type RowActionInput } from "~/lib/row-action.server";
import { findHeldAdoption, kitTitle } from "~/modules/campaigns/adoptions.server";
import { addCampaignLeads } from "~/modules/campaigns/campaign-leads.server";
import { leadImportMappingSchema } from "~/modules/leads/create.server";
import { checkStep, uploadStep, type LeadImportStep } from "~/modules/leads/import-steps.server";
import { useLocale, useT } from "~/lib/i18n-react";
import { PageHeader } from "~/components/Page";
import { LeadImportSteps } from "~/components/LeadImportSteps";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Import campaign leads · Partner Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.campaignAdoptionAct);
  const adoption = await findHeldAdoption(getDb(), scope, idParam(params.adoptionId));
  const kit = await kitTitle(getDb(), adoption.kit_id);
  return { id: adoption.id, title: kit.title, titleZh: kit.title_zh };
}

type ImportAnswer = Response | Awaited<ReturnType<typeof uploadStep>>;

export async function action(args: ActionFunctionArgs) {
  /** Checks the mapped rows and, for the "import" intent, adds the good ones to the campaign. */
  const checkOrImport = parsedIntent(
    leadImportMappingSchema,
    async ({ db, scope, actor, intent, id }: RowActionInput, { csv, mapping }): Promise<ImportAnswer> => {
      const { answer, good } = await checkStep(db, csv, mapping);
      if (intent !== "import" || good.length === 0) return answer;
      const ids = await addCampaignLeads(db, scope, actor, id, good);
      return redirect(`/campaigns/adoptions/${id}?notice=imported&count=${ids.length}`);
    },
  );
  return rowAction<never, ImportAnswer>(
    args,
    { roles: ROUTE_ROLES.campaignAdoptionAct, param: "adoptionId", find: findHeldAdoption },
    {
      upload: ({ form }) => uploadStep(form),
      check: checkOrImport,
      import: checkOrImport,
    },
  );
}

export default function ImportCampaignLeads() {
  const { id, title, titleZh } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Partial<LeadImportStep> | undefined;
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <PageHeader
        title={t("adoptions.importTitle", { title: (locale === "zh-CN" && titleZh) || title })}
        subtitle={t("adoptions.importIntro")}
        actions={<Link to={`/campaigns/adoptions/${id}`}>← {t("adoptions.leads")}</Link>}
      />
      <LeadImportSteps result={result} />
    </>
  );
}
