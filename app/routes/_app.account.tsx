import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ValidationError, parseForm } from "~/lib/forms";
import { changePassword, changePasswordSchema, profileSchema, updateProfile } from "~/modules/users/profile.server";
import { useT } from "~/lib/i18n-react";
import { Notice, PageHeader } from "~/components/Page";
import { FormErrorSummary, TextField } from "~/components/fields";
import { NewPasswordFields } from "~/components/NewPasswordFields";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "My account · Partner Portal" }];

// Only what the session already holds: this page is also the benchmarks' "bare shell" page.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireAuth(request);
  return { user: { name: user.name, email: user.email, role: user.role, partnerName: user.partnerName, timeZone: user.timeZone } };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor, sessionId } = await requireAuth(request);
  const formData = await request.formData();
  const intent = formData.get("intent") === "password" ? "password" : "profile";
  try {
    if (intent === "password") {
      const parsed = parseForm(changePasswordSchema, formData);
      if (!parsed.ok) return data({ intent, errors: parsed.errors, values: {} }, { status: 400 });
      await changePassword(getDb(), actor, parsed.data.current, parsed.data.password, sessionId);
      return redirect("/account?notice=password");
    }
    const parsed = parseForm(profileSchema, formData);
    if (!parsed.ok) return data({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
    await updateProfile(getDb(), actor, parsed.data);
    return redirect("/account?notice=profile");
  } catch (error) {
    if (error instanceof ValidationError) return data({ intent, errors: error.errors, values: {} }, { status: 400 });
    throw error;
  }
}

export default function Account() {
  const { user } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const profileErrors = actionData?.intent === "profile" ? actionData.errors : {};
  const passwordErrors = actionData?.intent === "password" ? actionData.errors : {};
  const values = (actionData?.intent === "profile" ? actionData.values : {}) as Record<string, string>;
  return (
    <>
      <PageHeader
        title={t("account.title")}
        subtitle={`${user.email} · ${t(`role.${user.role}`)}${user.partnerName ? ` · ${user.partnerName}` : ""}`}
        actions={<Link to="/account/notifications">{t("notifications.preferences")}</Link>}
      />
      {params.get("notice") === "profile" && <Notice>{t("common.saved")}</Notice>}
      {params.get("notice") === "password" && <Notice>{t("account.passwordChanged")}</Notice>}
      <div className="detail-grid">
        <section className="card">
          <h2>{t("account.profile")}</h2>
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="profile" />
            <FormErrorSummary errors={profileErrors} />
            <TextField name="name" label={t("common.name")} required defaultValue={values.name ?? user.name} error={profileErrors.name} />
            <TextField
              name="timeZone"
              label={t("users.timeZone")}
              required
              defaultValue={values.timeZone ?? user.timeZone}
              error={profileErrors.timeZone}
              hint={t("account.timeZoneHint")}
            />
            <button type="submit" className="button button-primary">
              {t("common.save")}
            </button>
          </Form>
        </section>
        <section className="card">
          <h2>{t("account.changePassword")}</h2>
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="password" />
            <FormErrorSummary errors={passwordErrors} />
            <input type="email" name="username" autoComplete="username" defaultValue={user.email} hidden readOnly />
            <TextField
              name="current"
              label={t("account.currentPassword")}
              type="password"
              autoComplete="current-password"
              required
              error={passwordErrors.current}
            />
            <NewPasswordFields errors={passwordErrors} />
            <button type="submit" className="button">
              {t("account.changePassword")}
            </button>
          </Form>
        </section>
      </div>
    </>
  );
}
