import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { formAction, parsedIntent } from "~/lib/row-action.server";
import { appUrl } from "~/lib/app-url.server";
import { inviteUser } from "~/modules/users/invite.server";
import { inviteSchema } from "~/modules/users/schemas";
import { useT } from "~/lib/i18n-react";
import { PageHeader } from "~/components/Page";
import { FormErrorSummary, SelectField, TextField } from "~/components/fields";
import { ROLES } from "../../db/types";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Invite a user · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.users);
  const partners = scope.kind === "admin" ? await getDb().selectFrom("partners").select(["id", "code", "name"]).orderBy("name").execute() : [];
  return { isAdmin: scope.kind === "admin", partners, roles: scope.kind === "admin" ? ROLES : (["partner_admin", "partner_rep"] as const) };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(
    args,
    { roles: ROUTE_ROLES.users },
    parsedIntent(inviteSchema, async ({ db, scope, actor }, invitation) => {
      const userId = await inviteUser(db, scope, actor, invitation, appUrl());
      return redirect(`/users/${userId}?notice=invited`);
    }),
  );
}

export default function InviteUser() {
  const { isAdmin, partners, roles } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const values = actionData?.values ?? {};
  const errors = actionData?.errors ?? {};
  return (
    <>
      <PageHeader title={t("users.inviteTitle")} subtitle={t("users.inviteIntro")} />
      <Form method="post" className="form-grid narrow" noValidate>
        <FormErrorSummary errors={errors} />
        <TextField name="email" label={t("common.email")} type="email" required defaultValue={values.email} error={errors.email} />
        <TextField name="name" label={t("common.name")} required defaultValue={values.name} error={errors.name} />
        <SelectField
          name="role"
          label={t("users.role")}
          required
          defaultValue={values.role ?? "partner_rep"}
          error={errors.role}
          options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        />
        {isAdmin && (
          <SelectField
            name="partnerId"
            label={t("users.partner")}
            defaultValue={values.partnerId}
            error={errors.partnerId}
            emptyLabel={t("users.vendorStaff")}
            options={partners.map((p) => ({ value: p.id, label: `${p.name} (${p.code})` }))}
          />
        )}
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            {t("users.invite")}
          </button>
        </div>
      </Form>
    </>
  );
}
