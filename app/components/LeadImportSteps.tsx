// The steps of a lead import page once a CSV is chosen: the columns mapped to lead fields with a
// sample of the rows, then the rows checked, their problems listed, and the good ones imported.
// Shared by the vendor's import and a partner's import against its campaign.
import { Form } from "@remix-run/react";
import { useMessage, useT } from "~/lib/i18n-react";
import { LEAD_FIELDS, REQUIRED_LEAD_FIELDS, type LeadField } from "~/modules/leads/constants";
import { Notice } from "./Page";
import type { LeadImportStep } from "~/modules/leads/import-steps.server";

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

/** The import's form at each step: the file first, then the mapping, then the checked rows. */
export function LeadImportSteps({ result }: { result: Partial<LeadImportStep> | undefined }) {
  const t = useT();
  const message = useMessage();
  const problems = result?.rows?.filter((r) => r.errors.length) ?? [];
  const duplicates = result?.rows?.filter((r) => r.duplicateOf) ?? [];
  return (
    <>
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
