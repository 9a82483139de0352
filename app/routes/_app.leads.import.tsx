import { redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { formAction, parsedIntent } from "~/lib/row-action.server";
import { importLeads, leadImportMappingSchema } from "~/modules/leads/create.server";
import { checkStep, uploadStep, type LeadImportStep } from "~/modules/leads/import-steps.server";
import { useT } from "~/lib/i18n-react";
import { PageHeader } from "~/components/Page";
import { LeadImportSteps } from "~/components/LeadImportSteps";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Import leads · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAuth(request, ROUTE_ROLES.leadsVendor);
  return null;
}

type ImportAnswer = Response | Awaited<ReturnType<typeof uploadStep>>;

export async function action(args: ActionFunctionArgs) {
  /** Checks the mapped rows and, for the "import" intent, imports the good ones. */
  const checkOrImport = parsedIntent(leadImportMappingSchema, async ({ db, scope, actor, intent }, { csv, mapping }): Promise<ImportAnswer> => {
    const { answer, good } = await checkStep(db, csv, mapping);
    if (intent !== "import" || good.length === 0) return answer;
    const result = await importLeads(db, scope, actor, good);
    const routed = result.routing ? `&routed=${result.routing.offered}-${result.routing.unroutable}` : "";
    return redirect(`/leads?imported=${result.ids.length}${routed}&sort=created_at&dir=desc`);
  });
  return formAction<never, ImportAnswer>(
    args,
    { roles: ROUTE_ROLES.leadsVendor },
    {
      upload: ({ form }) => uploadStep(form),
      check: checkOrImport,
      import: checkOrImport,
    },
  );
}

export default function ImportLeads() {
  const result = useActionData<typeof action>() as Partial<LeadImportStep> | undefined;
  const t = useT();
  return (
    <>
      <PageHeader title={t("leads.importTitle")} subtitle={t("leads.importIntro")} />
      <LeadImportSteps result={result} />
    </>
  );
}
