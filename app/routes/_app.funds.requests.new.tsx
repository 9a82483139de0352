import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { forbidden } from "~/lib/http.server";
import { ValidationError } from "~/lib/forms";
import { formAction } from "~/lib/row-action.server";
import { formatMoney } from "~/lib/format";
import { createRequest, readRequestForm } from "~/modules/funds/requests.server";
import { requestableFunds } from "~/modules/funds/read.server";
import { getFundSettings } from "~/modules/funds/ledger.server";
import { useLocale, useMessage, useT } from "~/lib/i18n-react";
import { PageHeader } from "~/components/Page";
import { FormErrorSummary, SelectField, TextField } from "~/components/fields";
import { ACTIVITY_TYPES } from "../../db/types";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Request funds · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.fundsPartner);
  if (scope.kind !== "partner") forbidden();
  const db = getDb();
  const [funds, settings] = await Promise.all([requestableFunds(db, scope), getFundSettings(db)]);
  return { funds, sharePct: settings.sharePct, claimDays: settings.claimDays };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(args, { roles: ROUTE_ROLES.fundsPartner }, async ({ db, scope, actor, form }) => {
    // The money rules are checked with the fields, so every mistake is reported at once.
    const parsed = await readRequestForm(db, scope, form);
    if (!parsed.ok) throw new ValidationError(parsed.errors);
    const { id } = await createRequest(db, scope, actor, parsed.data);
    return redirect(`/funds/requests/${id}?notice=submitted`);
  });
}

export default function NewFundRequest() {
  const { funds, sharePct, claimDays } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const message = useMessage();
  const locale = useLocale();
  const errors = actionData?.errors ?? {};
  const values = actionData?.values ?? {};
  const currency = funds[0]?.currency ?? "USD";
  // A rule's error carries its figures (the share, the balance) for the message.
  const amountError = errors.requestedAmount
    ? message(errors.requestedAmount, {
        share: formatMoney(errors.share ?? "0", currency, locale),
        pct: errors.pct ?? sharePct,
        available: formatMoney(errors.available ?? "0", currency, locale),
      })
    : undefined;
  return (
    <>
      <PageHeader title={t("funds.newRequest")} subtitle={t("funds.newRequestIntro", { pct: sharePct, days: claimDays })} />
      {funds.length === 0 ? (
        <p className="card muted">{t("funds.nothingAvailable")}</p>
      ) : (
        <Form method="post" className="form-grid narrow card" noValidate>
          <FormErrorSummary errors={errors} />
          <SelectField
            name="fundId"
            label={t("funds.fund")}
            required
            defaultValue={values.fundId ?? funds[0].id}
            error={errors.fundId}
            options={funds.map((f) => ({
              value: f.id,
              label: `${t(`funds.kind.${f.kind}`)} · ${f.quarter} — ${t("funds.availableAmount", { amount: formatMoney(f.available, f.currency, locale) })}`,
            }))}
          />
          <SelectField
            name="activityType"
            label={t("funds.activityType")}
            required
            defaultValue={values.activityType}
            error={errors.activityType}
            emptyLabel=""
            options={ACTIVITY_TYPES.map((a) => ({ value: a, label: t(`funds.activity.${a}`) }))}
          />
          <TextField name="description" label={t("funds.description")} required defaultValue={values.description} error={errors.description} />
          <TextField name="startDate" label={t("funds.startDate")} type="date" required defaultValue={values.startDate} error={errors.startDate} />
          <TextField name="endDate" label={t("funds.endDate")} type="date" required defaultValue={values.endDate} error={errors.endDate} />
          <TextField
            name="plannedCost"
            label={t("funds.plannedCost", { currency })}
            required
            inputMode="decimal"
            defaultValue={values.plannedCost}
            error={errors.plannedCost}
          />
          <TextField
            name="requestedAmount"
            label={t("funds.requestedAmount", { currency })}
            required
            inputMode="decimal"
            defaultValue={values.requestedAmount}
            error={amountError}
            hint={t("funds.requestedHint", { pct: sharePct })}
          />
          <TextField name="expectedResults" label={t("funds.expectedResults")} defaultValue={values.expectedResults} error={errors.expectedResults} />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {t("funds.submitRequest")}
            </button>
          </div>
        </Form>
      )}
    </>
  );
}
