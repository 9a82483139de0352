import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { formAction, parsedIntent } from "~/lib/row-action.server";
import { ASSET_LIST_FIELDS, assetChoices, createAsset, newAssetSchema } from "~/modules/content/assets.server";
import { useT } from "~/lib/i18n-react";
import { PageHeader } from "~/components/Page";
import { AssetForm, assetFormValues, EMPTY_ASSET } from "~/components/ContentBits";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "New asset · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAuth(request, ROUTE_ROLES.contentEdit);
  return assetChoices(getDb());
}

// The asset starts as a draft; its page takes the first version and publishes it.
export async function action(args: ActionFunctionArgs) {
  return formAction(
    args,
    { roles: ROUTE_ROLES.contentEdit, lists: ASSET_LIST_FIELDS },
    parsedIntent(
      newAssetSchema,
      async ({ db, scope, actor }, input) => redirect(`/content/${await createAsset(db, scope, actor, input)}?notice=created`),
      ASSET_LIST_FIELDS,
    ),
  );
}

export default function NewAsset() {
  const { regions, lines } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const values = assetFormValues(
    { ...EMPTY_ASSET, kind: "pdf" },
    { errors: answer?.errors ?? {}, values: answer?.values ?? {}, lists: answer?.lists },
    !!answer,
  );
  return (
    <>
      <PageHeader title={t("content.newAsset")} subtitle={t("content.newIntro")} />
      <AssetForm values={values} errors={answer?.errors ?? {}} regions={regions} lines={lines} submitLabel={t("content.create")} withKind />
    </>
  );
}
