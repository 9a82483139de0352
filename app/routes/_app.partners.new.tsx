import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { ValidationError, formValues, parseForm } from "~/lib/forms";
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

export async function action({ request }: ActionFunctionArgs) {
  const { scope, actor } = await requireAuth(request, ROUTE_ROLES.partnerEdit);
  const formData = await request.formData();
  const parsed = parseForm(partnerSchema, formData, ["productLineIds"]);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    const id = await createPartner(getDb(), scope, actor, parsed.data);
    return redirect(`/partners/${id}?notice=created`);
  } catch (error) {
    if (error instanceof ValidationError) return data({ errors: error.errors, values: formValues(formData, ["productLineIds"]) }, { status: 400 });
    throw error;
  }
}

export default function NewPartner() {
  const { options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <PageHeader title={t("partners.new")} />
      <PartnerForm
        values={(actionData?.values ?? {}) as Record<string, never>}
        errors={actionData?.errors}
        options={options}
        submitLabel={t("common.create")}
      />
    </>
  );
}
