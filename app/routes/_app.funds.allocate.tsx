import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { readCsvUpload } from "~/lib/csv-upload.server";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { ValidationError, type FieldErrors } from "~/lib/forms";
import { formAction, parsedIntent } from "~/lib/row-action.server";
import { allocateMdf, allocationChoices, checkAllocationCsv, allocationCsvFormSchema, allocationFormSchema } from "~/modules/funds/funds.server";
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

export async function action(args: ActionFunctionArgs) {
  return formAction(
    args,
    { roles: ROUTE_ROLES.fundsAdmin, lists: ["partnerIds"] },
    {
      csv: parsedIntent(allocationCsvFormSchema, async ({ db, scope, actor, form }, { quarter }) => {
        const upload = await readCsvUpload(form, "file", MAX_CSV_BYTES);
        if (!upload.ok) throw new ValidationError({ file: upload.error });
        const { good, problems } = await checkAllocationCsv(db, upload.text, quarter || quarterAt(now()));
        // All or nothing: a file with a bad row allocates nothing, and every bad row is listed.
        if (problems.length)
          return data(
            {
              errors: { file: "funds.errors.csvRows" } as FieldErrors,
              values: { quarter } as Record<string, string>,
              lists: {} as Record<string, string[]>,
              problems,
            },
            { status: 400 },
          );
        await allocateMdf(db, scope, actor, good);
        return redirect(`/funds?notice=allocated`);
      }),
      form: parsedIntent(
        allocationFormSchema,
        async ({ db, scope, actor }, allocations) => {
          await allocateMdf(db, scope, actor, allocations);
          return redirect(`/funds?notice=allocated&quarter=${allocations[0].quarter}`);
        },
        ["partnerIds"],
      ),
    },
  );
}

export default function Allocate() {
  const { partners, quarter } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const message = useMessage();
  const errors = actionData?.errors ?? {};
  const values = actionData?.values ?? {};
  const chosen: string[] = actionData?.lists.partnerIds ?? [];
  const problems = actionData && "problems" in actionData ? actionData.problems : [];
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
          {problems.length > 0 && (
            <table className="data-table">
              <thead>
                <tr>
                  <th>{t("funds.row")}</th>
                  <th>{t("funds.column")}</th>
                  <th>{t("funds.problem")}</th>
                </tr>
              </thead>
              <tbody>
                {problems.map((p) => (
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
