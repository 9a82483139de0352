import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { forbidden, idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { formValues, ValidationError } from "~/lib/forms";
import { formatMoney } from "~/lib/format";
import { getRequest } from "~/modules/funds/read.server";
import { readClaimForm, submitClaim } from "~/modules/funds/claims.server";
import { readProofForm } from "~/modules/funds/uploads.server";
import { useLocale, useMessage, useT } from "~/lib/i18n-react";
import { Notice, PageHeader } from "~/components/Page";
import { FormErrorSummary, TextField } from "~/components/fields";
import { ProofInput } from "~/components/FundBits";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Claim · Partner Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.fundsPartner);
  if (scope.kind !== "partner") forbidden();
  return getRequest(getDb(), scope, idParam(params.requestId));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { scope, actor } = await requireAuth(request, ROUTE_ROLES.fundsPartner);
  const requestId = idParam(params.requestId);
  const db = getDb();
  // Out-of-scope ids are "not found" before a byte of the files is stored.
  await getRequest(db, scope, requestId);
  const form = await readProofForm(request);
  const values = formValues(form.formData) as Record<string, string>;
  delete values.files;
  const checked = await readClaimForm(values, form);
  if (!checked.ok) return data({ errors: checked.errors, values }, { status: 400 });
  try {
    const { id } = await submitClaim(db, scope, actor, requestId, checked.input, checked.proofs);
    return redirect(`/funds/claims/${id}?notice=claimed`);
  } catch (error) {
    if (error instanceof ValidationError) return data({ errors: error.errors, values }, { status: 400 });
    throw error;
  }
}

export default function NewClaim() {
  const { request, claimDeadline } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const message = useMessage();
  const locale = useLocale();
  const errors: Record<string, string> = actionData?.errors ?? {};
  const values: Record<string, string> = actionData?.values ?? {};
  return (
    <>
      <PageHeader
        title={t("funds.fileClaimFor", { id: request.id })}
        subtitle={t("funds.claimIntro", {
          approved: formatMoney(request.approved_amount ?? "0.00", request.currency, locale),
          pct: request.share_pct,
          date: claimDeadline,
        })}
        actions={
          <Link to={`/funds/requests/${request.id}`}>
            ← {t("funds.request")} #{request.id}
          </Link>
        }
      />
      {errors.form && <Notice tone="error">{message(errors.form, { date: errors.date ?? "" })}</Notice>}
      <Form method="post" encType="multipart/form-data" className="form-grid narrow card" noValidate>
        <FormErrorSummary errors={errors.form ? undefined : errors} />
        <TextField
          name="actualCost"
          label={t("funds.actualCost", { currency: request.currency })}
          required
          inputMode="decimal"
          defaultValue={values.actualCost}
          error={errors.actualCost}
        />
        <TextField name="results" label={t("funds.results")} required defaultValue={values.results} error={errors.results} />
        <TextField name="leadsCount" label={t("funds.leadsCount")} inputMode="numeric" defaultValue={values.leadsCount} error={errors.leadsCount} />
        <TextField name="attendees" label={t("funds.attendees")} inputMode="numeric" defaultValue={values.attendees} error={errors.attendees} />
        <ProofInput error={errors.files} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t("funds.uploading") : t("funds.submitClaim")}
          </button>
        </div>
      </Form>
    </>
  );
}
