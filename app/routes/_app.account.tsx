import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { formAction, parsedIntent } from "~/lib/row-action.server";
import { changePassword, changePasswordSchema, profileSchema, updateProfile } from "~/modules/users/profile.server";
import { useT } from "~/lib/i18n-react";
import { Notice, PageHeader } from "~/components/Page";
import { FormErrorSummary, TextField, useIntentFeedback } from "~/components/fields";
import { NewPasswordFields } from "~/components/NewPasswordFields";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "My account · Partner Portal" }];

// Only what the session already holds: this page is also the benchmarks' "bare shell" page.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireAuth(request, ROUTE_ROLES.own);
  return { user: { name: user.name, email: user.email, role: user.role, partnerName: user.partnerName, timeZone: user.timeZone } };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(
    args,
    { roles: ROUTE_ROLES.own, secret: ["current", "password", "confirm"] },
    {
      profile: parsedIntent(profileSchema, async ({ db, actor }, profile) => {
        await updateProfile(db, actor, profile);
        return redirect("/account?notice=profile");
      }),
      password: parsedIntent(changePasswordSchema, async ({ db, actor, sessionId }, { current, password }) => {
        await changePassword(db, actor, current, password, sessionId);
        return redirect("/account?notice=password");
      }),
    },
  );
}

export default function Account() {
  const { user } = useLoaderData<typeof loader>();
  const feedback = useIntentFeedback();
  const [params] = useSearchParams();
  const t = useT();
  const { errors: profileErrors, values } = feedback("profile");
  const passwordErrors = feedback("password").errors;
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
