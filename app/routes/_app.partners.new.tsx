import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { formAction, parsedIntent } from "~/lib/row-action.server";
import { partnerFormOptions } from "~/modules/partners/read.server";
import { createPartner } from "~/modules/partners/write.server";
import { partnerSchema } from "~/modules/partners/schemas";
import { useT } from "~/lib/i18n-react";
import { PageHeader } from "~/components/Page";
import { PartnerForm } from "~/components/PartnerForm";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "New partner · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAuth(request, ROUTE_ROLES.partnerEdit);
  return { options: await partnerFormOptions(getDb()) };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(
    args,
    { roles: ROUTE_ROLES.partnerEdit, lists: ["productLineIds"] },
    parsedIntent(
      partnerSchema,
      async ({ db, scope, actor }, partner) => {
        const id = await createPartner(db, scope, actor, partner);
        return redirect(`/partners/${id}?notice=created`);
      },
      ["productLineIds"],
    ),
  );
}

export default function NewPartner() {
  const { options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <PageHeader title={t("partners.new")} />
      <PartnerForm
        values={actionData ? { ...actionData.values, productLineIds: actionData.lists.productLineIds } : {}}
        errors={actionData?.errors}
        options={options}
        submitLabel={t("common.create")}
      />
    </>
  );
}
