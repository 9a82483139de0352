import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { formAction, parsedIntent } from "~/lib/row-action.server";
import {
  importRatesCsv,
  monthRatesFormSchema,
  ratesCsvFormSchema,
  ratesForPeriod,
  ratesPagePeriod,
  saveMonthRates,
} from "~/modules/sell-through/exchange-rates.server";
import { addMonths, readPeriod } from "~/modules/sell-through/months";
import { useLocale, useMessage, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDateTime } from "~/lib/format";
import { FormErrorSummary } from "~/components/fields";
import { ImportFileError, ImportRowErrors } from "~/components/ImportErrors";
import { Notice, PageHeader } from "~/components/Page";
import type { ImportRowError } from "~/modules/settings/products.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Exchange rates · Partner Portal" }];

const MAX_CSV_BYTES = 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireAuth(request, ROUTE_ROLES.settings);
  const period = ratesPagePeriod(new URL(request.url).searchParams);
  return { period, ...(await ratesForPeriod(getDb(), period)), canEdit: user.role === "admin" };
}

const NO_ERRORS: Record<string, string> = {};

export async function action(args: ActionFunctionArgs) {
  return formAction(
    args,
    { roles: ROUTE_ROLES.settingsEdit },
    {
      import: parsedIntent(ratesCsvFormSchema, async ({ db, scope, actor, form }, { csv, period }) => {
        const fail = (fileError: string | null, rowErrors: ImportRowError[]) =>
          data({ intent: "import" as const, fileError, rowErrors, values: { csv } }, { status: 400 });
        const file = form.get("file");
        const hasFile = file instanceof File && file.size > 0;
        if (hasFile && file.size > MAX_CSV_BYTES) return fail("errors.tooLarge", []);
        const text = hasFile ? await file.text() : csv;
        if (!text.trim()) return fail("sellThroughReports.errors.csvRequired", []);
        const result = await importRatesCsv(db, scope, actor, text);
        if (!result.ok) return fail(result.fileError ?? null, result.rowErrors);
        return redirect(`/settings/exchange-rates?period=${readPeriod(period) ?? ""}&imported=${result.changed}`);
      }),
      save: parsedIntent(monthRatesFormSchema, async ({ db, scope, actor }, { period, rates }) => {
        const changed = await saveMonthRates(db, scope, actor, period, rates);
        return redirect(`/settings/exchange-rates?period=${period}&saved=${changed}`);
      }),
    },
  );
}

export default function ExchangeRates() {
  const { period, base, rates, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const message = useMessage();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const saveErrors = actionData && "errors" in actionData && actionData.intent === "save" ? actionData.errors : NO_ERRORS;
  const typed = actionData && "errors" in actionData && actionData.intent === "save" ? actionData.values : undefined;
  const imported = actionData && "rowErrors" in actionData ? actionData : null;
  const fileError = imported?.fileError ?? null;
  return (
    <>
      <PageHeader
        title={t("sellThroughReports.ratesTitle")}
        subtitle={t("sellThroughReports.ratesIntro", { base })}
        actions={<Link to="/sell-through/reports">{t("sellThroughReports.title")} →</Link>}
      />
      {params.get("saved") && <Notice>{t("sellThroughReports.ratesSaved", { count: Number(params.get("saved")) })}</Notice>}
      {params.get("imported") && <Notice>{t("sellThroughReports.ratesImported", { count: Number(params.get("imported")) })}</Notice>}
      <div className="detail-grid">
        <section className="card">
          <Form method="get" className="filters">
            <Link to={`?period=${addMonths(period, -1)}`} aria-label={t("sellThroughReports.previousMonth")}>
              ←
            </Link>
            <label>
              <span>{t("sellThrough.period")}</span>
              <input type="month" name="period" defaultValue={period} pattern="[0-9]{4}-[0-9]{2}" placeholder="YYYY-MM" />
            </label>
            <button type="submit" className="button">
              {t("sellThroughReports.show")}
            </button>
            <Link to={`?period=${addMonths(period, 1)}`} aria-label={t("sellThroughReports.nextMonth")}>
              →
            </Link>
          </Form>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="save" />
            <input type="hidden" name="period" value={period} />
            <FormErrorSummary errors={saveErrors} />
            <div className="table-scroll">
              <table className="data-table" data-testid="rates">
                <caption className="visually-hidden">{t("sellThroughReports.ratesFor", { period })}</caption>
                <thead>
                  <tr>
                    <th>{t("sellThroughReports.currency")}</th>
                    <th>{t("sellThroughReports.rateIn", { base })}</th>
                    <th>{t("common.updatedAt")}</th>
                  </tr>
                </thead>
                <tbody>
                  {rates.length === 0 && (
                    <tr>
                      <td colSpan={3} className="empty">
                        {t("sellThroughReports.noCurrencies")}
                      </td>
                    </tr>
                  )}
                  {rates.map((r) => {
                    const name = `rate-${r.currency}`;
                    const error = saveErrors[name];
                    return (
                      <tr key={r.currency}>
                        <th scope="row">
                          <label htmlFor={`f-${name}`}>{r.currency}</label>
                        </th>
                        <td>
                          {canEdit ? (
                            <div className={`field${error ? " field-invalid" : ""}`}>
                              <input
                                id={`f-${name}`}
                                name={name}
                                inputMode="decimal"
                                defaultValue={typed?.[name] ?? r.rate ?? ""}
                                aria-invalid={error ? true : undefined}
                                aria-describedby={error ? `f-${name}-error` : undefined}
                                placeholder={t("sellThroughReports.rateMissingShort")}
                              />
                              {error && (
                                <p className="field-error" id={`f-${name}-error`} role="alert">
                                  {message(error)}
                                </p>
                              )}
                            </div>
                          ) : (
                            <span className="num">{r.rate ?? <span className="muted">{t("sellThroughReports.rateMissingShort")}</span>}</span>
                          )}
                        </td>
                        <td className="muted">{r.updatedAt ? formatDateTime(r.updatedAt, locale, timeZone) : "—"}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {canEdit && rates.length > 0 && (
              <div className="button-row">
                <button type="submit" className="button button-primary">
                  {t("sellThroughReports.saveRates", { period })}
                </button>
              </div>
            )}
          </Form>
          <p className="hint">{t("sellThroughReports.rateHint", { base })}</p>
        </section>
        {canEdit && (
          <section className="card">
            <h2>{t("sellThroughReports.importRates")}</h2>
            <p className="hint">{t("sellThroughReports.importRatesHint")}</p>
            <Form method="post" encType="multipart/form-data" className="stack" noValidate>
              <input type="hidden" name="intent" value="import" />
              <input type="hidden" name="period" value={period} />
              <div className={`field${fileError ? " field-invalid" : ""}`}>
                <label htmlFor="f-csv">{t("sellThroughReports.pasteCsv")}</label>
                <textarea
                  id="f-csv"
                  name="csv"
                  rows={6}
                  defaultValue={imported?.values.csv ?? ""}
                  placeholder={"period,currency,rate\n2026-10,EUR,1.08"}
                  aria-invalid={fileError ? true : undefined}
                />
                <label htmlFor="f-file">{t("sellThroughReports.orUpload")}</label>
                <input id="f-file" type="file" name="file" accept=".csv,text/csv" />
                <ImportFileError error={fileError} />
              </div>
              <button type="submit" className="button">
                {t("sellThroughReports.importRates")}
              </button>
            </Form>
            {imported && <ImportRowErrors title={t("sellThroughReports.importFailed")} rows={imported.rowErrors} />}
          </section>
        )}
      </div>
    </>
  );
}
