// The steps of a lead import page, shared by the vendor's import and a partner's import against
// its campaign: the CSV read and its columns guessed, then the rows checked against the chosen
// mapping. What is written with the good rows is the page's own business.
import { data } from "@remix-run/node";
import { readCsvUpload } from "~/lib/csv-upload.server";
import { readCsvTable } from "~/lib/csv.server";
import { checkLeadImport, guessMapping, type ImportRow, type LeadInput } from "./create.server";
import { REQUIRED_LEAD_FIELDS, type LeadField } from "./constants";
import type { DB } from "~/lib/db.server";

export interface LeadImportStep {
  step: "mapping" | "checked";
  csv: string;
  header: string[];
  sample: string[][];
  mapping: Partial<Record<LeadField, number>>;
  rows?: ImportRow[];
  good?: number;
  error?: string;
}

export function refuseImport(error: string) {
  return data<Partial<LeadImportStep>>({ error }, { status: 400 });
}

/** The uploaded CSV, with a mapping guessed from its header, or the reason it cannot be read. */
export async function uploadStep(form: FormData) {
  const upload = await readCsvUpload(form);
  if (!upload.ok) return refuseImport(upload.error);
  const read = readCsvTable(upload.text);
  if ("error" in read) return refuseImport(read.error);
  return data<Partial<LeadImportStep>>({
    step: "mapping",
    csv: upload.text,
    header: read.header,
    sample: read.records.slice(0, 5),
    mapping: guessMapping(read.header),
  });
}

/**
 * The rows checked against the chosen mapping: the page to show, and the good rows to import
 * (none when a required field has no column).
 */
export async function checkStep(db: DB, csv: string, chosen: (columns: number) => Partial<Record<LeadField, number>>) {
  const read = readCsvTable(csv);
  if ("error" in read) return { answer: refuseImport(read.error), good: [] as LeadInput[] };
  const { header, records } = read;
  const mapping = chosen(header.length);
  const base: LeadImportStep = { step: "mapping", csv, header, sample: records.slice(0, 5), mapping };
  if (REQUIRED_LEAD_FIELDS.some((f) => mapping[f] === undefined))
    return { answer: data<Partial<LeadImportStep>>({ ...base, error: "leads.importRequired" }, { status: 400 }), good: [] as LeadInput[] };
  const check = await checkLeadImport(db, records, mapping);
  return { answer: data<Partial<LeadImportStep>>({ ...base, step: "checked", rows: check.rows, good: check.good.length }), good: check.good };
}
