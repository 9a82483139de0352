import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { parsedIntent, rowAction, type RowActionInput } from "~/lib/row-action.server";
import { getKit, KIT_LISTS, kitFormChoices, kitFormValues, kitSchema, updateKit } from "~/modules/campaigns/kits.server";
import { useT } from "~/lib/i18n-react";
import { Notice, PageHeader } from "~/components/Page";
import { KitForm } from "~/components/CampaignBits";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Edit campaign kit · Partner Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.campaignsEdit);
  const db = getDb();
  const kitId = idParam(params.kitId);
  const [choices, stored] = await Promise.all([kitFormChoices(db, scope), kitFormValues(db, scope, kitId)]);
  return { kitId, choices, ...stored };
}

export async function action(args: ActionFunctionArgs) {
  return rowAction(
    args,
    { roles: ROUTE_ROLES.campaignsEdit, param: "kitId", find: getKit, lists: KIT_LISTS },
    {
      save: parsedIntent<typeof kitSchema, RowActionInput>(
        kitSchema,
        async ({ db, scope, actor, id }, input) => {
          const { invited } = await updateKit(db, scope, actor, id, input);
          return redirect(`/campaigns/${id}?notice=${invited ? `saved&invited=${invited}` : "saved"}`);
        },
        KIT_LISTS,
      ),
    },
  );
}

export default function EditKit() {
  const { choices, values: stored, status } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const values = answer ? { ...answer.values, ...answer.lists } : stored;
  return (
    <>
      <PageHeader title={t("campaigns.edit")} subtitle={String(stored.title)} />
      {status === "published" && <Notice tone="info">{t("campaigns.editPublishedNote")}</Notice>}
      {status === "closed" ? (
        <p className="card muted">{t("campaigns.errors.closed")}</p>
      ) : (
        <KitForm choices={choices} errors={answer?.errors ?? {}} values={values} submitLabel={t("common.save")} intent="save" />
      )}
    </>
  );
}
