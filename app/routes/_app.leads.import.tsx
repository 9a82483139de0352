import { data, redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { readCsvUpload } from "~/lib/csv-upload.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { formAction, parsedIntent } from "~/lib/row-action.server";
import { readCsvTable } from "~/lib/csv.server";
import { checkLeadImport, guessMapping, importLeads, leadImportMappingSchema, type ImportRow } from "~/modules/leads/create.server";
import { LEAD_FIELDS, REQUIRED_LEAD_FIELDS, type LeadField } from "~/modules/leads/constants";
import { useMessage, useT } from "~/lib/i18n-react";
import { Notice, PageHeader } from "~/components/Page";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Import leads · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAuth(request, ROUTE_ROLES.leadsVendor);
  return null;
}

interface Step {
  step: "mapping" | "checked";
  csv: string;
  header: string[];
  sample: string[][];
  mapping: Partial<Record<LeadField, number>>;
  rows?: ImportRow[];
  good?: number;
  error?: string;
}

type ImportAnswer = Response | ReturnType<typeof data<Partial<Step>>>;

function refuse(error: string) {
  return data<Partial<Step>>({ error }, { status: 400 });
}

export async function action(args: ActionFunctionArgs) {
  /** Checks the mapped rows and, for the "import" intent, imports the good ones. */
  const checkOrImport = parsedIntent(leadImportMappingSchema, async ({ db, scope, actor, intent }, { csv, mapping: chosen }): Promise<ImportAnswer> => {
    const read = readCsvTable(csv);
    if ("error" in read) return refuse(read.error);
    const { header, records } = read;
    const mapping = chosen(header.length);
    const base: Step = { step: "mapping", csv, header, sample: records.slice(0, 5), mapping };
    const missing = REQUIRED_LEAD_FIELDS.filter((f) => mapping[f] === undefined);
    if (missing.length) return data<Partial<Step>>({ ...base, error: "leads.importRequired" }, { status: 400 });
    const check = await checkLeadImport(db, records, mapping);
    if (intent === "import" && check.good.length > 0) {
      const result = await importLeads(db, scope, actor, check.good);
      const routed = result.routing ? `&routed=${result.routing.offered}-${result.routing.unroutable}` : "";
      return redirect(`/leads?imported=${result.ids.length}${routed}&sort=created_at&dir=desc`);
    }
    return data<Partial<Step>>({ ...base, step: "checked", rows: check.rows, good: check.good.length });
  });
  return formAction<never, ImportAnswer>(
    args,
    { roles: ROUTE_ROLES.leadsVendor },
    {
      upload: async ({ form }) => {
        const upload = await readCsvUpload(form);
        if (!upload.ok) return refuse(upload.error);
        const read = readCsvTable(upload.text);
        if ("error" in read) return refuse(read.error);
        return data<Partial<Step>>({
          step: "mapping",
          csv: upload.text,
          header: read.header,
          sample: read.records.slice(0, 5),
          mapping: guessMapping(read.header),
        });
      },
      check: checkOrImport,
      import: checkOrImport,
    },
  );
}

const FIELD_LABELS: Record<LeadField, Parameters<ReturnType<typeof useT>>[0]> = {
  company: "leads.company",
  companyDomain: "leads.domain",
  contactName: "leads.contactName",
  contactEmail: "leads.contactEmail",
  contactPhone: "leads.contactPhone",
  country: "common.country",
  postcode: "leads.postcode",
  productLine: "leads.productLine",
  estimatedValue: "leads.value",
  currency: "leads.currency",
  source: "leads.source",
  notes: "leads.notes",
};

function RowProblems({ errors }: { errors: string[] }) {
  const message = useMessage();
  const t = useT();
  return (
    <>
      {errors.map((e, i) => {
        const [field, key, arg] = e.split(":");
        const label = field in FIELD_LABELS ? t(FIELD_LABELS[field as LeadField]) : field === "productLineId" ? t("leads.productLine") : field;
        return (
          <span key={i}>
            {i > 0 && "; "}
            <strong>{label}</strong>: {message(key, { row: arg ?? "" })}
          </span>
        );
      })}
    </>
  );
}

export default function ImportLeads() {
  const result = useActionData<typeof action>() as Partial<Step> | undefined;
  const t = useT();
  const message = useMessage();
  const problems = result?.rows?.filter((r) => r.errors.length) ?? [];
  const duplicates = result?.rows?.filter((r) => r.duplicateOf) ?? [];
  return (
    <>
      <PageHeader title={t("leads.importTitle")} subtitle={t("leads.importIntro")} />
      {result?.error && <Notice tone="error">{message(result.error)}</Notice>}
      {!result?.step && (
        <Form method="post" encType="multipart/form-data" className="card stack narrow-card">
          <input type="hidden" name="intent" value="upload" />
          <div className="field">
            <label htmlFor="f-file">{t("leads.importFile")}</label>
            <input id="f-file" type="file" name="file" accept=".csv,text/csv" />
          </div>
          <button type="submit" className="button button-primary">
            {t("leads.importUpload")}
          </button>
        </Form>
      )}
      {result?.step && result.header && (
        <Form method="post" className="stack">
          <input type="hidden" name="csv" value={result.csv} />
          <section className="card">
            <h2>{t("leads.importMapping")}</h2>
            <p className="hint">{t("leads.importRequired")}</p>
            <div className="mapping-grid">
              {LEAD_FIELDS.map((field) => (
                <div className="field" key={field}>
                  <label htmlFor={`map-${field}`}>
                    {t(FIELD_LABELS[field])}
                    {REQUIRED_LEAD_FIELDS.includes(field) ? " *" : ""}
                  </label>
                  <select id={`map-${field}`} name={`map_${field}`} defaultValue={result.mapping?.[field] ?? ""}>
                    <option value="">{t("leads.importNotMapped")}</option>
                    {result.header!.map((h, i) => (
                      <option key={i} value={i}>
                        {h || `#${i + 1}`}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
            </div>
            <div className="table-scroll">
              <table className="data-table">
                <thead>
                  <tr>
                    {result.header.map((h, i) => (
                      <th key={i}>{h}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {result.sample?.map((row, r) => (
                    <tr key={r}>
                      {result.header!.map((_, i) => (
                        <td key={i}>{row[i]}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="button-row">
              <button type="submit" name="intent" value="check" className="button">
                {t("leads.importCheck")}
              </button>
            </div>
          </section>
          {result.step === "checked" && result.rows && (
            <section className="card">
              <h2>{t("leads.importPreview")}</h2>
              <p>{t("leads.importSummary", { good: result.good ?? 0, bad: problems.length, duplicates: duplicates.length })}</p>
              {(problems.length > 0 || duplicates.length > 0) && (
                <div className="table-scroll">
                  <table className="data-table import-problems">
                    <thead>
                      <tr>
                        <th>{t("leads.importRow")}</th>
                        <th>{t("leads.company")}</th>
                        <th>{t("leads.importProblems")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {result.rows
                        .filter((r) => r.errors.length || r.duplicateOf)
                        .map((r) => (
                          <tr key={r.row}>
                            <td>{r.row}</td>
                            <td>{r.company}</td>
                            <td>
                              <RowProblems errors={r.errors} />
                              {r.duplicateOf && <span className="muted"> {t("leads.duplicate", { id: r.duplicateOf })}</span>}
                            </td>
                          </tr>
                        ))}
                    </tbody>
                  </table>
                </div>
              )}
              {(result.good ?? 0) > 0 && (
                <button type="submit" name="intent" value="import" className="button button-primary">
                  {t("leads.importRun", { count: result.good ?? 0 })}
                </button>
              )}
            </section>
          )}
        </Form>
      )}
    </>
  );
}
