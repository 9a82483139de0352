import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { requireAuth } from "~/lib/auth.server";
import { readCsvUpload } from "~/lib/csv-upload.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { formAction, parsedIntent } from "~/lib/row-action.server";
import { now } from "~/lib/clock.server";
import { canSetTargets, importTargetsCsv, readTargetListQuery, setTarget, targetFormSchema, targetList } from "~/modules/targets/targets.server";
import { addQuarters, quarterAt, readQuarter } from "~/lib/quarters";
import { useMessage, useT } from "~/lib/i18n-react";
import { DataTable } from "~/components/DataTable";
import { FilterBar, FilterSearch, FilterSelect } from "~/components/Filters";
import { ImportFileError, ImportRowErrors } from "~/components/ImportErrors";
import { Notice, PageHeader } from "~/components/Page";
import { Figure, Pct } from "~/components/ScorecardBits";
import { FigureNote } from "~/components/FigureNote";
import type { ImportRowError } from "~/modules/settings/products.server";
import type { AttainmentRow } from "~/modules/targets/attainment.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Targets · Partner Portal" }];

const MAX_CSV_BYTES = 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.targets);
  const query = readTargetListQuery(new URL(request.url).searchParams);
  const at = now();
  const list = await targetList(getDb(), scope, query, at);
  const current = quarterAt(at);
  const quarters = Array.from({ length: 7 }, (_, i) => addQuarters(current, 2 - i));
  if (!quarters.includes(list.quarter)) quarters.push(list.quarter);
  return { ...list, query, quarters, canEdit: canSetTargets(scope) };
}

export async function action(args: ActionFunctionArgs) {
  const backTo = (form: FormData, notice: string) => {
    const back = String(form.get("back") ?? "");
    return `/targets${back.startsWith("?") ? back : "?"}${back.length > 1 ? "&" : ""}${notice}`;
  };
  return formAction(
    args,
    { roles: ROUTE_ROLES.targetsEdit },
    {
      import: async ({ db, scope, actor, form }) => {
        const fail = (fileError: string | null, rowErrors: ImportRowError[]) => data({ intent: "import" as const, fileError, rowErrors }, { status: 400 });
        const upload = await readCsvUpload(form, "file", MAX_CSV_BYTES);
        if (!upload.ok) return fail(upload.error, []);
        const result = await importTargetsCsv(db, scope, actor, upload.text);
        if (!result.ok) return fail(result.fileError ?? null, result.rowErrors);
        return redirect(backTo(form, `imported=${result.changed}`));
      },
      set: parsedIntent(targetFormSchema, async ({ db, scope, actor, form }, target) => {
        const changed = await setTarget(db, scope, actor, target);
        return redirect(backTo(form, changed ? "saved=1" : "unchanged=1"));
      }),
    },
  );
}

const column = createColumnHelper<AttainmentRow>();

function withoutNotices(search: string): string {
  const params = new URLSearchParams(search);
  for (const name of ["saved", "unchanged", "imported"]) params.delete(name);
  const text = params.toString();
  return text ? `?${text}` : "";
}

export default function Targets() {
  const { rows, total, totals, query, quarter, quarters, base, elapsedDays, quarterDays, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const location = useLocation();
  const t = useT();
  const message = useMessage();
  const back = withoutNotices(location.search);
  const columns = useMemo(
    () => [
      column.accessor("name", {
        header: t("targets.partner"),
        cell: (c) => (
          <>
            <Link to={`/partners/${c.row.original.partnerId}/scorecard`}>{c.getValue()}</Link> <span className="hint">{c.row.original.code}</span>
          </>
        ),
      }),
      column.accessor("target", {
        header: t("targets.target"),
        cell: (c) => {
          const row = c.row.original;
          if (!canEdit) return c.getValue() === null ? t("targets.noTarget") : <Figure amount={c.getValue()} currency={base} />;
          const failed =
            actionData && "errors" in actionData && actionData.intent === "set" && actionData.values.partnerId === String(row.partnerId) ? actionData : null;
          return (
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="set" />
              <input type="hidden" name="partnerId" value={row.partnerId} />
              <input type="hidden" name="quarter" value={quarter} />
              <input type="hidden" name="back" value={back} />
              <input
                name="amount"
                inputMode="decimal"
                size={12}
                defaultValue={failed ? failed.values.amount : (row.target ?? "")}
                aria-label={`${row.name}: ${t("targets.amount", { currency: base })}`}
                aria-invalid={failed?.errors.amount ? true : undefined}
              />{" "}
              <button type="submit" className="button">
                {t("targets.setTarget")}
              </button>
              {failed?.errors.amount && <p className="field-error">{message(failed.errors.amount)}</p>}
            </Form>
          );
        },
      }),
      column.accessor("actual", {
        header: t("targets.actual"),
        cell: (c) => <Figure amount={c.getValue()} currency={base} missing={c.row.original.missingRates} />,
      }),
      column.accessor("attainmentPct", { id: "attainment", header: t("targets.attainment"), cell: (c) => <Pct value={c.getValue()} /> }),
      column.accessor("runRate", {
        id: "run_rate",
        header: t("targets.runRate"),
        cell: (c) => <Figure amount={c.getValue()} currency={base} missing={c.row.original.missingRates} />,
      }),
      column.accessor("runRatePct", { id: "run_rate_pct", header: t("targets.runRatePct"), cell: (c) => <Pct value={c.getValue()} /> }),
    ],
    [t, message, canEdit, base, quarter, back, actionData],
  );
  const importError = actionData && "rowErrors" in actionData ? actionData : null;
  return (
    <>
      <PageHeader title={t("targets.title")} subtitle={t(canEdit ? "targets.vendorIntro" : "targets.partnerIntro", { currency: base })} />
      {params.get("saved") && <Notice>{t("targets.saved")}</Notice>}
      {params.get("unchanged") && <Notice tone="info">{t("targets.unchanged")}</Notice>}
      {params.get("imported") && <Notice>{t("targets.imported", { count: Number(params.get("imported")) })}</Notice>}
      <FilterBar clearTo="/targets" keep={{ sort: query.sort, dir: query.dir, pageSize: query.pageSize }}>
        <FilterSelect name="quarter" label={t("targets.quarter")} value={quarter} options={quarters.map((q) => ({ value: q, label: q }))} />
        <FilterSearch label={t("common.search")} value={query.q} placeholder={t("targets.search")} />
      </FilterBar>
      <section className="card">
        <dl className="facts">
          <dt>
            {t("targets.total")}: {t("targets.target")}
          </dt>
          <dd>
            <Figure amount={totals.target} currency={base} />
          </dd>
          <dt>{t("targets.actual")}</dt>
          <dd>
            <Figure amount={totals.actual} currency={base} /> (<Pct value={totals.attainmentPct} />)
          </dd>
          <dt>{t("targets.runRate")}</dt>
          <dd>
            <Figure amount={totals.runRate} currency={base} /> (<Pct value={totals.runRatePct} />)
          </dd>
        </dl>
        <FigureNote testId="targets-total-note">{t("figures.targetsTotal", { quarter, base })}</FigureNote>
        <p className="hint">{t("targets.runRateNote", { elapsed: elapsedDays, days: quarterDays })}</p>
      </section>
      <DataTable
        columns={columns}
        rows={rows}
        total={total}
        paging={query}
        sortable={["name", "target", "actual", "attainment", "run_rate", "run_rate_pct"]}
        caption={`${t("targets.title")} ${quarter}`}
        rowKey={(r) => r.partnerId}
      />
      {canEdit && (
        <Form method="post" encType="multipart/form-data" className="form-grid card" noValidate>
          <h2>{t("targets.upload")}</h2>
          <p className="hint">{t("targets.uploadHint", { currency: base })}</p>
          <p>
            <a href={`/targets/template.csv?quarter=${readQuarter(quarter) ?? ""}`} download>
              {t("targets.template")}
            </a>
          </p>
          <input type="hidden" name="back" value={back} />
          <div className={`field${importError?.fileError ? " field-invalid" : ""}`}>
            <label htmlFor="f-file">{t("targets.csvFile")}</label>
            <input id="f-file" type="file" name="file" accept=".csv,text/csv" />
            <ImportFileError error={importError?.fileError} />
          </div>
          {importError && <ImportRowErrors title={t("targets.importFailed")} rows={importError.rowErrors} />}
          <div className="form-actions">
            <button type="submit" name="intent" value="import" className="button">
              {t("targets.uploadButton")}
            </button>
          </div>
        </Form>
      )}
    </>
  );
}
