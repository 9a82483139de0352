import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "~/lib/db.server";
import { clientIp } from "~/lib/http.server";
import { requestLocale } from "~/lib/locale.server";
import { ValidationError, parseForm, formValues, type FieldErrors, type FormValues } from "~/lib/forms";
import { referenceName } from "~/lib/reference-name";
import { filterChoices } from "~/modules/settings/choices.server";
import { submitApplication } from "~/modules/applications/apply.server";
import { APPLY_LISTS, applySchema } from "~/modules/applications/schemas";
import { useLocale, useMessage, useT } from "~/lib/i18n-react";
import { AuthCard } from "~/components/AuthCard";
import { CheckboxGroup, SelectField, TextAreaField, TextField } from "~/components/fields";
import { COMPANY_SIZES, PARTNER_TYPES } from "../../db/types";
import type { ActionFunctionArgs, HeadersFunction, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Become a partner · Partner Portal" }];

/** The action's Retry-After must reach the client. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader() {
  const { lines, regions } = await filterChoices(getDb());
  return { lines, regions };
}

// Public and signed out: the form is read here, once, by its schema. Whatever the company is
// (new, or looking like an existing partner), the answer is the same redirect.
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const refused = (errors: FieldErrors, status: number, extra: { retryMinutes?: number; headers?: HeadersInit } = {}) =>
    data({ errors, values: formValues(form, APPLY_LISTS), retryMinutes: extra.retryMinutes ?? 0 }, { status, headers: extra.headers });
  const parsed = parseForm(applySchema, form, APPLY_LISTS);
  if (!parsed.ok) return refused(parsed.errors, 400);
  try {
    const result = await submitApplication(getDb(), parsed.data, { ip: clientIp(request), locale: requestLocale(request) });
    if (!result.ok) {
      return refused({ form: "applications.apply.throttled" }, 429, {
        retryMinutes: Math.ceil(result.retryAfterSeconds / 60),
        headers: { "Retry-After": String(result.retryAfterSeconds) },
      });
    }
  } catch (error) {
    if (error instanceof ValidationError) return refused(error.errors, 400);
    throw error;
  }
  return redirect("/apply?sent=1");
}

export default function Apply() {
  const { lines, regions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const message = useMessage();
  const locale = useLocale();
  const thanks = params.get("sent") === "1" ? t("applications.apply.sent") : params.get("answered") === "1" ? t("applications.reply.sent") : null;
  if (thanks && !actionData) {
    return (
      <AuthCard title={t("applications.apply.sentTitle")} wide>
        <div className="alert alert-success" role="status">
          {thanks}
        </div>
      </AuthCard>
    );
  }
  const errors: FieldErrors = actionData?.errors ?? {};
  const values: FormValues = actionData?.values ?? {};
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");
  const list = (name: string) => (Array.isArray(values[name]) ? (values[name] as string[]) : []);
  return (
    <AuthCard title={t("applications.apply.title")} intro={t("applications.apply.intro")} wide>
      <Form method="post" noValidate>
        {errors.form && (
          <div className="alert alert-error" role="alert">
            {errors.form === "applications.apply.throttled"
              ? t("applications.apply.throttled", { minutes: actionData?.retryMinutes ?? 60 })
              : message(errors.form)}
          </div>
        )}
        {!errors.form && Object.keys(errors).length > 0 && (
          <div className="alert alert-error" role="alert">
            {t("errors.formHasErrors")}
          </div>
        )}
        <fieldset className="form-section">
          <legend>{t("applications.apply.companySection")}</legend>
          <div className="form-grid">
            <TextField
              name="company"
              label={t("applications.apply.company")}
              required
              defaultValue={text("company")}
              error={errors.company}
              autoComplete="organization"
            />
            <SelectField
              name="type"
              label={t("applications.apply.type")}
              required
              options={PARTNER_TYPES.map((type) => ({ value: type, label: t(`partnerType.${type}`) }))}
              emptyLabel=""
              defaultValue={text("type")}
              error={errors.type}
            />
            <TextField
              name="country"
              label={t("common.country")}
              required
              defaultValue={text("country")}
              error={errors.country}
              hint={t("partners.countryHint")}
            />
            <SelectField
              name="companySize"
              label={t("applications.apply.companySize")}
              required
              options={COMPANY_SIZES.map((size) => ({ value: size, label: t(`applications.size.${size}`) }))}
              emptyLabel=""
              defaultValue={text("companySize")}
              error={errors.companySize}
            />
            <TextField
              name="website"
              label={t("applications.apply.website")}
              defaultValue={text("website")}
              error={errors.website}
              hint={t("applications.apply.websiteHint")}
              autoComplete="url"
            />
            <CheckboxGroup
              name="regionIds"
              label={t("applications.apply.regions")}
              options={regions.map((r) => ({ value: r.id, label: referenceName(locale, r) }))}
              defaultValues={list("regionIds")}
              error={errors.regionIds}
            />
            <CheckboxGroup
              name="productLineIds"
              label={t("applications.apply.productLines")}
              options={lines.map((l) => ({ value: l.id, label: referenceName(locale, l) }))}
              defaultValues={list("productLineIds")}
              error={errors.productLineIds}
            />
          </div>
          <div className="stack">
            <TextAreaField
              name="references"
              label={t("applications.apply.references")}
              defaultValue={text("references")}
              error={errors.references}
              hint={t("applications.apply.referencesHint")}
              maxLength={2000}
            />
            <TextAreaField name="message" label={t("applications.apply.message")} defaultValue={text("message")} error={errors.message} maxLength={2000} />
          </div>
        </fieldset>
        <fieldset className="form-section">
          <legend>{t("applications.apply.contactSection")}</legend>
          <div className="form-grid">
            <TextField
              name="contactName"
              label={t("applications.apply.contactName")}
              required
              defaultValue={text("contactName")}
              error={errors.contactName}
              autoComplete="name"
            />
            <TextField
              name="contactEmail"
              label={t("applications.apply.contactEmail")}
              type="email"
              required
              defaultValue={text("contactEmail")}
              error={errors.contactEmail}
              autoComplete="email"
            />
            <TextField
              name="contactPhone"
              label={t("applications.apply.contactPhone")}
              type="tel"
              defaultValue={text("contactPhone")}
              error={errors.contactPhone}
              autoComplete="tel"
            />
          </div>
        </fieldset>
        <button type="submit" className="button button-primary">
          {t("applications.apply.submit")}
        </button>
      </Form>
      <p className="auth-links">
        <Link to="/login">{t("applications.apply.partnerSignIn")}</Link>
      </p>
    </AuthCard>
  );
}
