import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { formAction, parsedIntent } from "~/lib/row-action.server";
import { createKit, KIT_LISTS, kitFormChoices, kitSchema } from "~/modules/campaigns/kits.server";
import { useT } from "~/lib/i18n-react";
import { PageHeader } from "~/components/Page";
import { KitForm } from "~/components/CampaignBits";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "New campaign kit · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.campaignsEdit);
  return { choices: await kitFormChoices(getDb(), scope) };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(
    args,
    { roles: ROUTE_ROLES.campaignsEdit, lists: KIT_LISTS },
    parsedIntent(
      kitSchema,
      async ({ db, scope, actor }, input) => {
        const { id } = await createKit(db, scope, actor, input);
        return redirect(`/campaigns/${id}?notice=created`);
      },
      KIT_LISTS,
    ),
  );
}

export default function NewKit() {
  const { choices } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const values = answer ? { ...answer.values, ...answer.lists } : { vendorSharePct: "50", currency: "USD" };
  return (
    <>
      <PageHeader title={t("campaigns.new")} subtitle={t("campaigns.newIntro")} />
      <KitForm choices={choices} errors={answer?.errors ?? {}} values={values} submitLabel={t("campaigns.saveDraft")} />
    </>
  );
}
