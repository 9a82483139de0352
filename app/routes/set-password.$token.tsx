import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/lib/db.server";
import { clientIp } from "~/lib/http.server";
import { ValidationError, parseForm } from "~/lib/forms";
import { startSession } from "~/lib/auth.server";
import { findValidToken } from "~/modules/users/tokens.server";
import { setPasswordWithToken } from "~/modules/users/password.server";
import { passwordSchema } from "~/modules/users/schemas";
import { useMessage, useT } from "~/lib/i18n-react";
import { AuthCard } from "~/components/AuthCard";
import { NewPasswordFields } from "~/components/NewPasswordFields";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Set password · Partner Portal" }, { name: "referrer", content: "no-referrer" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const token = await findValidToken(getDb(), params.token ?? "");
  if (!token) return data({ valid: false as const }, { status: 410 });
  return { valid: true as const, purpose: token.purpose, email: token.email, name: token.name };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const parsed = parseForm(passwordSchema, await request.formData());
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  try {
    const userId = await setPasswordWithToken(getDb(), params.token ?? "", parsed.data.password, clientIp(request));
    return redirect("/", { headers: { "Set-Cookie": await startSession(userId) } });
  } catch (error) {
    if (error instanceof ValidationError) return data({ errors: error.errors }, { status: 400 });
    throw error;
  }
}

export default function SetPassword() {
  const t = useT();
  const message = useMessage();
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  if (!loaderData.valid) {
    return (
      <AuthCard title={t("setPassword.invalidTitle")}>
        <div className="alert alert-error">{t("errors.linkInvalid")}</div>
        <p className="auth-links">
          <Link to="/forgot-password">{t("login.forgot")}</Link> · <Link to="/login">{t("forgot.backToLogin")}</Link>
        </p>
      </AuthCard>
    );
  }
  const invite = loaderData.purpose === "invite";
  return (
    <AuthCard
      title={invite ? t("setPassword.titleInvite", { name: loaderData.name }) : t("setPassword.titleReset")}
      intro={invite ? t("setPassword.introInvite", { email: loaderData.email }) : t("setPassword.introReset", { email: loaderData.email })}
    >
      <Form method="post" className="stack" noValidate>
        {errors.form && (
          <div className="alert alert-error" role="alert">
            {message(errors.form)}
          </div>
        )}
        <input type="email" name="username" autoComplete="username" defaultValue={loaderData.email} hidden readOnly />
        <NewPasswordFields errors={errors} />
        <button type="submit" className="button button-primary">
          {t("setPassword.submit")}
        </button>
      </Form>
    </AuthCard>
  );
}
