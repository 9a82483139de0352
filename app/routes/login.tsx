import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { endSession, getAuth, startSession } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { clientIp } from "~/lib/http.server";
import { safeRedirectPath } from "~/lib/safe-redirect.server";
import { parseForm } from "~/lib/forms";
import { signIn } from "~/modules/users/sign-in.server";
import { signInSchema } from "~/modules/users/schemas";
import { useT } from "~/lib/i18n-react";
import { AuthCard } from "~/components/AuthCard";
import { TextField } from "~/components/fields";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Sign in · Partner Portal" }];

/** A page answer takes its headers from here: the action's Retry-After must reach the client. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getAuth(request)) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const parsed = parseForm(signInSchema, formData);
  if (!parsed.ok) return data({ errors: parsed.errors, email: String(formData.get("email") ?? ""), throttledMinutes: 0 }, { status: 400 });
  const result = await signIn(getDb(), parsed.data.email, parsed.data.password, clientIp(request));
  if (!result.ok) {
    const throttledMinutes = result.reason === "throttled" ? Math.ceil(result.retryAfterSeconds / 60) : 0;
    const status = { throttled: 429, suspended: 403, invalid: 401 }[result.reason];
    const headers: HeadersInit = result.reason === "throttled" ? { "Retry-After": String(result.retryAfterSeconds) } : {};
    return data({ errors: { form: `login.${result.reason}` }, email: parsed.data.email, throttledMinutes }, { status, headers });
  }
  // A fresh session id at every sign-in; any session this browser had before is ended.
  const headers = new Headers();
  headers.append("Set-Cookie", await endSession(request));
  headers.append("Set-Cookie", await startSession(result.userId));
  return redirect(safeRedirectPath(formData.get("redirectTo")), { headers });
}

export default function Login() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const errors: Record<string, string> = actionData?.errors ?? {};
  const formError = errors.form;
  return (
    <AuthCard title={t("login.title")} intro={t("login.intro")}>
      <Form method="post" className="stack" noValidate>
        {formError && (
          <div className="alert alert-error" role="alert">
            {formError === "login.throttled"
              ? t("login.throttled", { minutes: actionData?.throttledMinutes ?? 15 })
              : formError === "login.suspended"
                ? t("login.suspended")
                : t("login.invalid")}
          </div>
        )}
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <TextField name="email" label={t("login.email")} type="email" autoComplete="username" required defaultValue={actionData?.email} error={errors.email} />
        <TextField name="password" label={t("login.password")} type="password" autoComplete="current-password" required error={errors.password} />
        <button type="submit" className="button button-primary" disabled={navigation.state === "submitting"}>
          {t("login.submit")}
        </button>
        <p className="auth-links">
          <Link to="/forgot-password">{t("login.forgot")}</Link>
        </p>
      </Form>
    </AuthCard>
  );
}
