import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { readCsvUpload } from "~/lib/csv-upload.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { ValidationError, type FieldErrors } from "~/lib/forms";
import { allocateMdf, allocationChoices, checkAllocationCsv, parseAllocationForm, type AllocationRowProblem } from "~/modules/funds/funds.server";
import { quarterAt } from "~/lib/quarters";
import { now } from "~/lib/clock.server";
import { useMessage, useT } from "~/lib/i18n-react";
import { PageHeader } from "~/components/Page";
import { CheckboxGroup, FormErrorSummary, TextField } from "~/components/fields";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Allocate MDF · Partner Portal" }];

const MAX_CSV_BYTES = 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.fundsAdmin);
  return { partners: await allocationChoices(getDb(), scope), quarter: quarterAt(now()) };
}

type ActionResult = { errors: FieldErrors; values: Record<string, string | string[]>; problems?: AllocationRowProblem[] };

export async function action({ request }: ActionFunctionArgs) {
  const { scope, actor } = await requireAuth(request, ROUTE_ROLES.fundsAdmin);
  const db = getDb();
  const formData = await request.formData();
  const values = {
    partnerIds: formData.getAll("partnerIds").map(String),
    quarter: String(formData.get("quarter") ?? ""),
    amount: String(formData.get("amount") ?? ""),
    note: String(formData.get("note") ?? ""),
  };
  try {
    if (formData.get("intent") === "csv") {
      const upload = await readCsvUpload(formData, "file", MAX_CSV_BYTES);
      if (!upload.ok) return data<ActionResult>({ errors: { file: upload.error }, values }, { status: 400 });
      const { good, problems } = await checkAllocationCsv(db, upload.text, values.quarter.trim().toUpperCase() || quarterAt(now()));
      // All or nothing: a file with a bad row allocates nothing, and every bad row is listed.
      if (problems.length) return data<ActionResult>({ errors: { file: "funds.errors.csvRows" }, values, problems }, { status: 400 });
      await allocateMdf(db, scope, actor, good);
      return redirect(`/funds?notice=allocated`);
    }
    const parsed = parseAllocationForm(values);
    if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values }, { status: 400 });
    await allocateMdf(db, scope, actor, parsed.data);
    return redirect(`/funds?notice=allocated&quarter=${parsed.data[0].quarter}`);
  } catch (error) {
    if (error instanceof ValidationError) return data<ActionResult>({ errors: error.errors, values }, { status: 400 });
    throw error;
  }
}

export default function Allocate() {
  const { partners, quarter } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const message = useMessage();
  const errors = actionData?.errors ?? {};
  const values = actionData?.values ?? {};
  const chosen = Array.isArray(values.partnerIds) ? values.partnerIds : [];
  return (
    <>
      <PageHeader title={t("funds.allocate")} subtitle={t("funds.allocateIntro")} />
      <div className="detail-grid">
        <Form method="post" className="form-grid card" noValidate>
          <h2>{t("funds.allocateByHand")}</h2>
          <FormErrorSummary errors={errors.file ? undefined : errors} />
          <CheckboxGroup
            name="partnerIds"
            label={t("funds.partners")}
            required
            options={partners.map((p) => ({ value: p.id, label: `${p.name} (${p.code})` }))}
            defaultValues={chosen}
            error={errors.partnerIds}
          />
          <TextField
            name="quarter"
            label={t("funds.quarter")}
            required
            defaultValue={String(values.quarter || quarter)}
            error={errors.quarter}
            hint={t("funds.quarterHint")}
          />
          <TextField
            name="amount"
            label={t("funds.amountEach")}
            required
            inputMode="decimal"
            defaultValue={String(values.amount ?? "")}
            error={errors.amount}
          />
          <TextField name="note" label={t("funds.note")} defaultValue={String(values.note ?? "")} error={errors.note} />
          <div className="form-actions">
            <button type="submit" name="intent" value="form" className="button button-primary">
              {t("funds.allocate")}
            </button>
          </div>
        </Form>
        <Form method="post" encType="multipart/form-data" className="form-grid card" noValidate>
          <h2>{t("funds.allocateCsv")}</h2>
          <p className="hint">{t("funds.allocateCsvHint")}</p>
          <TextField name="quarter" label={t("funds.defaultQuarter")} required defaultValue={quarter} />
          <div className={`field${errors.file ? " field-invalid" : ""}`}>
            <label htmlFor="f-file">{t("funds.csvFile")}</label>
            <input id="f-file" type="file" name="file" accept=".csv,text/csv" />
            {errors.file && (
              <p className="field-error" role="alert">
                {message(errors.file)}
              </p>
            )}
          </div>
          {actionData?.problems && actionData.problems.length > 0 && (
            <table className="data-table">
              <thead>
                <tr>
                  <th>{t("funds.row")}</th>
                  <th>{t("funds.column")}</th>
                  <th>{t("funds.problem")}</th>
                </tr>
              </thead>
              <tbody>
                {actionData.problems.map((p) => (
                  <tr key={`${p.row}-${p.field}`}>
                    <td>{p.row}</td>
                    <td>{p.field}</td>
                    <td>{message(p.message)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="form-actions">
            <button type="submit" name="intent" value="csv" className="button">
              {t("funds.uploadAndAllocate")}
            </button>
          </div>
        </Form>
      </div>
    </>
  );
}
