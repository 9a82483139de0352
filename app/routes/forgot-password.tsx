import { data } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/lib/db.server";
import { clientIp } from "~/lib/http.server";
import { field, parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { appUrl } from "~/lib/app-url.server";
import { requestPasswordReset } from "~/modules/users/password.server";
import { useT } from "~/lib/i18n-react";
import { AuthCard } from "~/components/AuthCard";
import { TextField } from "~/components/fields";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Reset password · Partner Portal" }];

const schema = z.object({ email: field.email() });

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(schema, await request.formData());
  if (!parsed.ok) return data({ sent: false, errors: parsed.errors, values: parsed.values }, { status: 400 });
  await requestPasswordReset(getDb(), parsed.data.email, { userId: null, email: parsed.data.email, ip: clientIp(request) }, appUrl());
  return { sent: true, errors: {} as FieldErrors, values: {} as FormValues };
}

export default function ForgotPassword() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  return (
    <AuthCard title={t("forgot.title")} intro={actionData?.sent ? undefined : t("forgot.intro")}>
      {actionData?.sent ? (
        <div className="alert alert-success" role="status">
          {t("forgot.sent")}
        </div>
      ) : (
        <Form method="post" className="stack" noValidate>
          <TextField
            name="email"
            label={t("common.email")}
            type="email"
            autoComplete="username"
            required
            defaultValue={String(actionData?.values?.email ?? "")}
            error={actionData?.errors?.email}
          />
          <button type="submit" className="button button-primary">
            {t("forgot.submit")}
          </button>
        </Form>
      )}
      <p className="auth-links">
        <Link to="/login">{t("forgot.backToLogin")}</Link>
      </p>
    </AuthCard>
  );
}
