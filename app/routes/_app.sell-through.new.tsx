import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState, type FormEvent } from "react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { ValidationError, type FieldErrors } from "~/lib/forms";
import { formAction, type FormActionInput } from "~/lib/row-action.server";
import { forbidden } from "~/lib/http.server";
import { fileManualReport, readPostedRows, type LineInput } from "~/modules/sell-through/lines.server";
import { SALES_FIELDS, REQUIRED_FIELDS, type SalesField } from "~/modules/sell-through/fields";
import { reportingChoices } from "~/modules/sell-through/read.server";
import { useMessage, useT } from "~/lib/i18n-react";
import { PageHeader } from "~/components/Page";
import { FormErrorSummary } from "~/components/fields";
import { ReportFields } from "~/components/SellThroughBits";
import { SKU_SUGGESTIONS_ID, useSkuSuggestions } from "~/components/SkuSuggestions";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Enter sell-through · Partner Portal" }];

/** Blank rows the form starts with, and how many more "add rows" gives without JavaScript. */
const BLANK_ROWS = 5;

const CELL_SIZE: Record<SalesField, number> = {
  transactionDate: 13,
  invoiceNo: 7,
  lineNo: 2,
  reseller: 6,
  endCustomerName: 10,
  endCustomerCountry: 2,
  endCustomerPostcode: 4,
  sku: 8,
  quantity: 3,
  unitPrice: 6,
  currency: 3,
  lotNo: 6,
  expiryDate: 10,
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope, user } = await requireAuth(request, ROUTE_ROLES.sellThroughReport);
  if (scope.kind === "partner" && user.partnerType !== "distributor") forbidden();
  return reportingChoices(getDb(), scope);
}

type Posted = { errors: FieldErrors; values: { distributorId: string; period: string }; rows: LineInput[] };

/** Both intents answer with the rows as posted, so the table comes back as it was typed. */
export async function action(args: ActionFunctionArgs) {
  const posted = ({ form, text }: FormActionInput) => ({
    values: { distributorId: text("distributorId"), period: text("period") },
    rows: readPostedRows(form),
  });
  return formAction<never, Response | ReturnType<typeof data<Posted>>>(
    args,
    { roles: ROUTE_ROLES.sellThroughReport },
    {
      addRows: async (input) => {
        const { values, rows } = posted(input);
        return data<Posted>({ errors: {}, values, rows: [...rows, ...Array.from({ length: BLANK_ROWS }, () => ({}))] });
      },
      check: async (input) => {
        const { values, rows } = posted(input);
        try {
          const submissionId = await fileManualReport(input.db, input.scope, input.actor, {
            distributorId: Number(values.distributorId),
            period: values.period,
            rows,
            directSales: input.form.getAll("directSale").map(String),
          });
          return redirect(`/sell-through/submissions/${submissionId}`);
        } catch (error) {
          if (error instanceof ValidationError) return data<Posted>({ errors: error.errors, values, rows }, { status: 400 });
          throw error;
        }
      },
    },
  );
}

export default function ManualSellThrough() {
  const { distributors, lastMonth } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const message = useMessage();
  const errors: FieldErrors = actionData?.errors ?? {};
  const values: Record<string, string> = actionData?.values ?? {};
  const posted: LineInput[] = actionData && "rows" in actionData ? actionData.rows : [];
  const [rowCount, setRowCount] = useState(Math.max(BLANK_ROWS, posted.length));
  // Remix keeps this component mounted across submissions: follow the rows the server sent.
  useEffect(() => setRowCount((n) => Math.max(n, posted.length)), [posted.length]);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const skuSuggestions = useSkuSuggestions(t("sellThroughCatalogue.suggestions"));

  return (
    <>
      <PageHeader title={t("sellThroughApi.manualTitle")} subtitle={t("sellThroughApi.manualIntro")} />
      <Form method="post" className="form-grid card" noValidate>
        <FormErrorSummary errors={errors} />
        <ReportFields distributors={distributors} lastMonth={lastMonth} values={values} errors={errors} />
        <fieldset className="form-section manual-lines">
          <legend>{t("sellThroughApi.lines")}</legend>
          <p>
            <a href="/sell-through/catalogue" target="_blank" rel="noopener">
              {t("sellThroughCatalogue.openLookup")}
            </a>
          </p>
          {skuSuggestions.list}
          {errors.lines && (
            <p className="field-error" role="alert">
              {message(errors.lines)}
            </p>
          )}
          <div className="table-scroll">
            <table className="data-table line-table">
              <thead>
                <tr>
                  <th className="num">{t("sellThroughApi.lineNumber")}</th>
                  {SALES_FIELDS.map((f) => (
                    <th key={f}>
                      {t(`salesField.${f}`)}
                      {!REQUIRED_FIELDS.includes(f) && <span className="optional"> ({t("common.optional")})</span>}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {Array.from({ length: rowCount }, (_, row) => (
                  <tr key={row}>
                    <td className="num line-number" data-label={t("sellThroughApi.lineNumber")}>
                      {row + 1}
                    </td>
                    {SALES_FIELDS.map((f) => {
                      const error = errors[`line-${row}-${f}`];
                      return (
                        <td key={f} data-label={REQUIRED_FIELDS.includes(f) ? t(`salesField.${f}`) : `${t(`salesField.${f}`)} (${t("common.optional")})`}>
                          <input
                            name={f}
                            type={f === "transactionDate" ? "date" : "text"}
                            inputMode={f === "quantity" ? "numeric" : f === "unitPrice" ? "decimal" : undefined}
                            aria-label={t("sellThroughApi.cellLabel", { field: t(`salesField.${f}`), n: row + 1 })}
                            defaultValue={posted[row]?.[f] ?? ""}
                            size={CELL_SIZE[f]}
                            style={{ width: `${CELL_SIZE[f] + 2}ch` }}
                            aria-invalid={error ? true : undefined}
                            {...(f === "sku"
                              ? {
                                  list: SKU_SUGGESTIONS_ID,
                                  autoComplete: "off",
                                  onInput: (e: FormEvent<HTMLInputElement>) => skuSuggestions.suggest(e.currentTarget.value),
                                }
                              : {})}
                          />
                          {error && <span className="field-error">{message(error)}</span>}
                          {error === "sellThrough.problems.unknownReseller" && posted[row]?.reseller && (
                            <label className="checkbox" title={t("sellThroughCatalogue.directSaleHint")}>
                              <input type="checkbox" name="directSale" value={posted[row]?.reseller} /> {t("sellThroughCatalogue.directSaleShort")}
                            </label>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {hydrated && (
            <button type="button" className="button-quiet" onClick={() => setRowCount((n) => n + 1)}>
              {t("sellThroughApi.addLine")}
            </button>
          )}
        </fieldset>
        <div className="form-actions">
          <button type="submit" name="intent" value="check" className="button button-primary" disabled={busy}>
            {t("sellThroughApi.checkLines")}
          </button>
          {/* After the check button, so that Enter in a cell checks the lines. */}
          {!hydrated && (
            <button type="submit" name="intent" value="addRows" className="button">
              {t("sellThroughApi.addRows", { count: BLANK_ROWS })}
            </button>
          )}
        </div>
      </Form>
    </>
  );
}
