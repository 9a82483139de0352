// A sell-through submission from file to checked rows: the file is received and looked at
// (kind, encoding, delimiter, header), its columns are mapped to our fields (proposed from the
// header and the distributor's last mapping, which is remembered), and a background job reads
// every row, checks it and writes the accepted ones with LOAD DATA as the submission's lines
// (which become the month's current lines only when it is committed) while it records the
// rejected ones, reporting progress as it goes. A job that dies half-way starts the
// submission over: its lines, totals and rejected rows are cleared first, so a retry never
// mixes two runs.
import { sql } from "kysely";
import { z } from "zod";
import { databaseUrl, type DB } from "~/lib/db.server";
import { partnerFilter, submissionFilter, type Scope } from "~/lib/scope.server";
import { recordAudit, type Actor } from "~/lib/audit.server";
import { ValidationError } from "~/lib/forms";
import { requirePartnerInGoodStanding } from "~/lib/account-state.server";
import { notFound } from "~/lib/http.server";
import { now } from "~/lib/clock.server";
import { formatCents, fromCents, safeCents, toCents } from "~/lib/money";
import { enqueueJob } from "~/lib/jobs.server";
import { attachStoredFile, storedFileSource, type StoredFile } from "~/lib/storage.server";
import { loadTsv, openBulkConnection, tsvField } from "~/lib/bulk-load.server";
import { secondsSince, sellThroughImportDuration, sellThroughLinesImported } from "~/lib/metrics.server";
import { requireReporter } from "~/lib/policy.server";
import { systemTask, unscoped } from "~/lib/scope-guard.server";
import { layoutOf } from "./read.server";
import { rejectAlreadyReported } from "./commit.server";
import { loadValidationContext } from "./context.server";
import { readDirectSaleNames, rememberDirectSaleNames } from "./direct-sales.server";
import { checkRow, leftOutReason, type CheckedLine } from "./validate.server";
import { SeenLines } from "./seen-lines";
import { SALES_FIELDS, guessMapping, isPeriod, missingFields, nameKey, type HeaderMapping, type SalesField } from "./fields";
import { FileReadError, inspectSalesFile, readSalesRowBatches, type FileLayout, type SalesFileFormat, type SalesFileInspection } from "./file-reader.server";
import type { Connection } from "mysql2/promise";

const LINE_COLUMNS = [
  "submission_id",
  "row_no",
  "distributor_id",
  "period",
  "transaction_date",
  "invoice_no",
  "line_no",
  "reseller_id",
  "end_customer_name",
  "end_customer_key",
  "end_customer_country",
  "end_customer_postcode",
  "product_id",
  "quantity",
  "unit_price",
  "currency",
  "amount",
  "deal_id",
  "lot_no",
  "expiry_date",
  "reseller_name",
] as const;
const TOTALS_COLUMNS = ["submission_id", "reseller_id", "product_id", "currency", "quantity", "amount", "line_count"] as const;
const REJECT_BATCH = 1000;
// Rows left out are listed for a person to glance at; a file that is mostly notes is counted, not kept whole.
const LEFT_OUT_KEPT = 1000;
const PROGRESS_EVERY_ROWS = 20_000;

/** A partner that reports sell-through: a distributor the caller may report for. */
export async function requireDistributor(db: DB, scope: Scope, distributorId: number): Promise<void> {
  requireReporter(scope);
  const distributor = await db
    .selectFrom("partners")
    .select("id")
    .where("id", "=", distributorId)
    .where("type", "=", "distributor")
    .where(submissionFilter(scope, "partners.id"))
    .executeTakeFirst();
  if (!distributor) notFound();
  await requirePartnerInGoodStanding(db, distributorId);
}

export interface ReceivedFile {
  submissionId: number;
  header: string[];
  sample: string[][];
  mapping: HeaderMapping;
  format: SalesFileFormat;
}

/**
 * Records an uploaded file as a submission and looks at it. A file that cannot be read at all
 * is recorded as failed, with the reason, and the reason is thrown for the form to show.
 */
export async function receiveFile(
  db: DB,
  scope: Scope,
  actor: Actor,
  input: { distributorId: number; period: string; fileName: string; stored: StoredFile },
): Promise<ReceivedFile> {
  if (!isPeriod(input.period)) throw new ValidationError({ period: "sellThrough.errors.period" });
  await requireDistributor(db, scope, input.distributorId);
  attachStoredFile(input.stored);
  const remembered = await rememberedHeaders(db, input.distributorId);
  // Where last month's table started, when this file has that sheet and a header in that row; else found afresh.
  const looked = await inspectSalesFile(storedFileSource(input.stored.path), { ...remembered.layout, remembered: true });
  // A header without rows is refused here: committed, it would silently empty the month.
  const inspected: SalesFileInspection = looked.ok && looked.sample.length === 0 ? { ok: false, problem: { code: "noRows" } } : looked;
  const result = await db
    .insertInto("sell_through_submissions")
    .values({
      distributor_id: input.distributorId,
      period: input.period,
      source: "upload",
      status: inspected.ok ? "received" : "failed",
      file_name: input.fileName.slice(0, 255),
      file_path: input.stored.path,
      file_size: input.stored.size,
      file_sha256: input.stored.sha256,
      format_json: inspected.ok ? JSON.stringify(inspected.format) : null,
      problem_code: inspected.ok ? null : inspected.problem.code,
      problem_detail: inspected.ok ? null : (inspected.problem.detail ?? null),
      created_by: actor.userId,
    })
    .$call(unscoped("the distributor was checked against the scope by requireDistributor"))
    .executeTakeFirstOrThrow();
  const submissionId = Number(result.insertId);
  await recordAudit(db, actor, {
    action: "sell_through.received",
    entityType: "sell_through_submission",
    entityId: submissionId,
    partnerId: input.distributorId,
    after: { period: input.period, file: input.fileName },
  });
  if (!inspected.ok) throw new ValidationError({ file: `sellThrough.fileProblems.${inspected.problem.code}`, submissionId: String(submissionId) });
  return {
    submissionId,
    header: inspected.header,
    sample: inspected.sample,
    mapping: await proposeMapping(db, input.distributorId, inspected.header),
    format: inspected.format,
  };
}

/** The distributor's last mapping (by header text) and where its table started. */
async function rememberedHeaders(db: DB, distributorId: number): Promise<{ mapping: Partial<Record<SalesField, string>>; layout: FileLayout }> {
  const row = await db
    .selectFrom("sell_through_header_mappings")
    .select(["mapping_json", "layout_json"])
    .where("distributor_id", "=", distributorId)
    .executeTakeFirst();
  return {
    mapping: row ? (JSON.parse(row.mapping_json) as Partial<Record<SalesField, string>>) : {},
    layout: row?.layout_json ? (JSON.parse(row.layout_json) as FileLayout) : {},
  };
}

/**
 * The field each header name was confirmed for by the most distributors, for names not in the
 * usual list. Answers only which field a name is: no distributor and none of its data.
 */
async function learnedHeaderNames(db: DB, header: readonly string[]): Promise<Map<string, SalesField>> {
  const keys = [...new Set(header.map(nameKey).filter(Boolean))];
  if (keys.length === 0) return new Map();
  const rows = await db
    .selectFrom("sell_through_header_names")
    .select(["name_key", "field", (eb) => eb.fn.countAll<number>().as("votes")])
    .where("name_key", "in", keys)
    .groupBy(["name_key", "field"])
    .orderBy("votes", "desc")
    .orderBy("field")
    .execute();
  const learned = new Map<string, SalesField>();
  for (const row of rows)
    if (!learned.has(row.name_key) && (SALES_FIELDS as readonly string[]).includes(row.field)) learned.set(row.name_key, row.field as SalesField);
  return learned;
}

/** The mapping the page proposes for a distributor's header: its own last choice, the usual names, then names others confirmed. */
export async function proposeMapping(db: DB, distributorId: number, header: readonly string[]): Promise<HeaderMapping> {
  const [remembered, learned] = await Promise.all([rememberedHeaders(db, distributorId), learnedHeaderNames(db, header)]);
  return guessMapping(header, remembered.mapping, learned);
}

/**
 * Takes another worksheet or header row for a submission whose columns are still to be
 * matched: the file is looked at again from there, and the row must hold names, not data.
 */
export async function chooseLayout(db: DB, scope: Scope, submissionId: number, layout: { sheet: string | null; headerRow: number | null }): Promise<void> {
  requireReporter(scope);
  const submission = await db
    .selectFrom("sell_through_submissions")
    .select(["id", "status", "file_path"])
    .where("id", "=", submissionId)
    .where(submissionFilter(scope))
    .executeTakeFirst();
  if (!submission) notFound();
  if (submission.status !== "received" || !submission.file_path) throw new ValidationError({ form: "sellThrough.errors.notMappable" });
  const inspected = await inspectSalesFile(storedFileSource(submission.file_path), layout);
  // The file is read from the chosen sheet and row, or the choice is refused: never from somewhere else silently.
  const taken =
    inspected.ok &&
    (!layout.sheet || inspected.format.sheet === layout.sheet) &&
    (layout.headerRow === null || inspected.format.headerRow === layout.headerRow);
  if (!taken) throw new ValidationError({ headerRow: "sellThrough.errors.badLayout" });
  await db
    .updateTable("sell_through_submissions")
    .set({ format_json: JSON.stringify(inspected.format) })
    .where("id", "=", submissionId)
    .where("status", "=", "received")
    .$call(unscoped("the row was found through the caller's scope above"))
    .execute();
}

/** The layout form: another worksheet, and the row the header is on (anything but a row number: found afresh). */
export const layoutFormSchema = z.object({
  sheet: z
    .string()
    .default("")
    .transform((v) => v || null),
  headerRow: z
    .string()
    .default("")
    .transform((v) => (/^\d+$/.test(v.trim()) && Number(v) > 0 ? Number(v) : null)),
});

/**
 * The unknown-names form: per unknown SKU the product chosen ("" or 0: none yet), per unknown
 * reseller name the partner typed in the picker ("": none yet), and the names that are direct sales.
 */
export const unknownNamesFormSchema = z
  .object({
    skuAlias: z.array(z.string()),
    skuProduct: z.array(z.string()),
    resellerAlias: z.array(z.string()),
    resellerPartner: z.array(z.string()),
    resellerDirect: z.array(z.string()),
  })
  .transform((form) => ({
    skus: Object.fromEntries(
      form.skuAlias.map((alias, i) => [alias, Number(form.skuProduct[i])] as const).filter(([, productId]) => Number.isInteger(productId) && productId > 0),
    ),
    resellerChoices: form.resellerAlias.map((alias, i) => ({ alias, choice: form.resellerPartner[i]?.trim() ?? "" })).filter((r) => r.choice !== ""),
    directSales: form.resellerDirect,
  }));
export const UNKNOWN_NAMES_LISTS = ["skuAlias", "skuProduct", "resellerAlias", "resellerPartner", "resellerDirect"] as const;

/** Reads a mapping posted by the form: one column index (or "") per field. */
export function readMapping(formData: FormData, columns: number): HeaderMapping {
  const mapping = {} as HeaderMapping;
  for (const field of SALES_FIELDS) {
    const value = String(formData.get(`map-${field}`) ?? "");
    const index = Number(value);
    mapping[field] = value !== "" && Number.isInteger(index) && index >= 0 && index < columns ? index : null;
  }
  return mapping;
}

/**
 * Confirms the column mapping (every required field needs a column, no column twice), remembers
 * it for the distributor by header text, and queues the check.
 */
export async function startCheck(db: DB, scope: Scope, actor: Actor, submissionId: number, mapping: HeaderMapping, header: string[]): Promise<void> {
  const missing = missingFields(mapping);
  if (missing.length) throw new ValidationError(Object.fromEntries(missing.map((f) => [`map-${f}`, "sellThrough.errors.columnRequired"])));
  const used = Object.values(mapping).filter((i): i is number => i !== null);
  if (new Set(used).size !== used.length) throw new ValidationError({ form: "sellThrough.errors.columnTwice" });
  await db.transaction().execute(async (trx) => {
    const submission = await trx
      .selectFrom("sell_through_submissions")
      .selectAll()
      .where("id", "=", submissionId)
      .where(submissionFilter(scope))
      .forUpdate()
      .executeTakeFirst();
    if (!submission) notFound();
    requireReporter(scope);
    if (submission.status !== "received" && submission.status !== "checked") throw new ValidationError({ form: "sellThrough.errors.notMappable" });
    await trx
      .updateTable("sell_through_submissions")
      .set({ mapping_json: JSON.stringify(mapping), status: "processing", progress_pct: 0 })
      .where("id", "=", submissionId)
      .$call(unscoped("the row was found and locked through the caller's scope above"))
      .execute();
    const byHeader = Object.fromEntries(SALES_FIELDS.filter((f) => mapping[f] !== null).map((f) => [f, header[mapping[f]!]]));
    const mappingJson = JSON.stringify(byHeader);
    const format = submission.format_json ? (JSON.parse(submission.format_json) as SalesFileFormat) : null;
    const layoutJson = JSON.stringify(layoutOf(format));
    await trx
      .insertInto("sell_through_header_mappings")
      .values({ distributor_id: submission.distributor_id, mapping_json: mappingJson, layout_json: layoutJson })
      .onDuplicateKeyUpdate({ mapping_json: mappingJson, layout_json: layoutJson, updated_at: now() })
      .execute();
    await learnHeaderNames(trx, submission.distributor_id, byHeader);
    await enqueueJob(trx, "sellThrough.check", { submissionId }, { maxAttempts: 3 });
  });
}

/** Remembers which field each of the distributor's header names is, for the proposals made to every distributor. */
async function learnHeaderNames(db: DB, distributorId: number, byHeader: Partial<Record<SalesField, string>>): Promise<void> {
  const rows = Object.entries(byHeader)
    .map(([field, name]) => ({ name_key: nameKey(name ?? ""), distributor_id: distributorId, field }))
    .filter((row) => row.name_key !== "");
  if (rows.length === 0) return;
  await db
    .insertInto("sell_through_header_names")
    .values(rows)
    .onDuplicateKeyUpdate({ field: sql`VALUES(field)`, updated_at: now() })
    .execute();
}

/**
 * One line as LOAD DATA reads it, in LINE_COLUMNS order. `file` holds the columns that are the
 * same for the whole file (submission, then distributor and period around the row number);
 * checked values (dates, codes, numbers) need no escaping.
 */
function lineTsv(file: { submission: string; distributorAndPeriod: string }, rowNumber: number, line: CheckedLine): string {
  return (
    `${file.submission}${rowNumber}\t${file.distributorAndPeriod}${line.transactionDate}\t${tsvField(line.invoiceNo)}\t${tsvField(line.lineNo)}\t${tsvField(line.resellerId)}\t` +
    `${tsvField(line.endCustomerName)}\t${tsvField(line.endCustomerKey)}\t${line.endCustomerCountry}\t${tsvField(line.endCustomerPostcode)}\t` +
    `${line.productId}\t${line.quantity}\t${line.unitPrice}\t${line.currency}\t${line.amount}\t${tsvField(line.dealId)}\t${tsvField(line.lotNo)}\t${tsvField(line.expiryDate)}\t${tsvField(line.resellerName)}\n`
  );
}

interface TotalsRow {
  resellerId: number;
  productId: number;
  currency: string;
  quantity: number;
  cents: number;
  overflow: bigint;
  lines: number;
}

/** What the submission adds to each rollup row (reseller, product, currency), summed as its lines are checked. */
class SubmissionTotals {
  /** By currency, reseller (0: direct) and product: lookups by small keys, as this runs for every line. */
  private readonly rows = new Map<string, Map<number, Map<number, TotalsRow>>>();

  add(line: CheckedLine): void {
    const resellerId = line.resellerId ?? 0;
    let byReseller = this.rows.get(line.currency);
    if (!byReseller) this.rows.set(line.currency, (byReseller = new Map()));
    let byProduct = byReseller.get(resellerId);
    if (!byProduct) byReseller.set(resellerId, (byProduct = new Map()));
    let row = byProduct.get(line.productId);
    if (!row)
      byProduct.set(line.productId, (row = { resellerId, productId: line.productId, currency: line.currency, quantity: 0, cents: 0, overflow: 0n, lines: 0 }));
    row.quantity += line.quantity;
    row.lines++;
    // Exact: cents are summed as numbers, and moved to a BigInt before a sum could lose a digit.
    const cents = safeCents(line.amount);
    if (cents === null || Math.abs(row.cents) + Math.abs(cents) > Number.MAX_SAFE_INTEGER) {
      row.overflow += BigInt(row.cents) + (cents === null ? toCents(line.amount) : BigInt(cents));
      row.cents = 0;
    } else {
      row.cents += cents;
    }
  }

  /** Written with LOAD DATA: a big distributor's month has a row for every reseller, product and currency. */
  async save(connection: Connection, submissionId: number): Promise<void> {
    await loadTsv(connection, "sell_through_submission_totals", TOTALS_COLUMNS, this.tsvRows(submissionId));
  }

  private *tsvRows(submissionId: number): Generator<string> {
    for (const byReseller of this.rows.values()) {
      for (const byProduct of byReseller.values()) {
        for (const r of byProduct.values()) {
          // A BigInt only for the rare sum that outgrew a safe integer.
          const amount = r.overflow === 0n ? formatCents(r.cents) : fromCents(r.overflow + BigInt(r.cents));
          yield `${submissionId}\t${r.resellerId}\t${r.productId}\t${r.currency}\t${r.quantity}\t${amount}\t${r.lines}\n`;
        }
      }
    }
  }
}

/**
 * The check job: every row read and checked; accepted rows are written as the submission's
 * lines (not yet any month's current lines) and summed into its totals, rejected ones recorded
 * with the reason; progress goes to the submission as it runs.
 */
export const checkSubmission = systemTask(
  "checking a file: the submission was found through the scope when the check was started",
  async function checkSubmission(db: DB, submissionId: number, url: string = databaseUrl()): Promise<void> {
    const submission = await db.selectFrom("sell_through_submissions").selectAll().where("id", "=", submissionId).executeTakeFirst();
    if (!submission || submission.status !== "processing" || !submission.file_path || !submission.mapping_json || !submission.format_json) return;
    const started = performance.now();
    const format = JSON.parse(submission.format_json) as SalesFileFormat;
    const mapping = JSON.parse(submission.mapping_json) as HeaderMapping;
    const source = storedFileSource(submission.file_path);
    const inspected = await inspectSalesFile(source, layoutOf(format));
    if (!inspected.ok) {
      await db
        .updateTable("sell_through_submissions")
        .set({ status: "failed", problem_code: inspected.problem.code, problem_detail: inspected.problem.detail ?? null })
        .where("id", "=", submissionId)
        .execute();
      return;
    }
    await clearCheck(db, submissionId);
    const context = await loadValidationContext(db, submission.distributor_id, {
      period: submission.period,
      decimalComma: format.decimalComma,
      header: inspected.header,
    });
    const estimatedRows = Math.max(1, Math.round((submission.file_size ?? 1) / Math.max(1, averageRowBytes(inspected.sample))));

    // Read counts data rows; rows left out (totals, notes, the header again) are counted apart.
    const counts = { read: 0, accepted: 0, rejected: 0, leftOut: 0 };
    const totals = new SubmissionTotals();
    const rejects: { submission_id: number; row_no: number; field: string | null; value: string; problem: string; cells_json: string }[] = [];
    const leftOut: { submission_id: number; row_no: number; reason: string; cells_json: string }[] = [];
    const flushRejects = async () => {
      if (rejects.length) await db.insertInto("sell_through_rejects").values(rejects.splice(0)).execute();
      if (leftOut.length) await db.insertInto("sell_through_left_out").values(leftOut.splice(0)).execute();
    };
    const seen = new SeenLines();
    const file = { submission: `${submissionId}\t`, distributorAndPeriod: `${submission.distributor_id}\t${submission.period}\t` };
    let nextProgress = PROGRESS_EVERY_ROWS;
    async function* lines(): AsyncGenerator<string> {
      for await (const batch of readSalesRowBatches(source, format)) {
        let chunk = "";
        for (const { rowNumber, cells } of batch) {
          const reason = leftOutReason(cells, mapping, context.header);
          if (reason !== null) {
            if (counts.leftOut++ < LEFT_OUT_KEPT)
              leftOut.push({ submission_id: submissionId, row_no: rowNumber, reason, cells_json: JSON.stringify(cells.slice(0, 50)) });
            continue;
          }
          counts.read++;
          const outcome = checkRow(cells, mapping, context, seen);
          if (outcome.ok) {
            counts.accepted++;
            totals.add(outcome.line);
            chunk += lineTsv(file, rowNumber, outcome.line);
          } else {
            counts.rejected++;
            rejects.push({
              submission_id: submissionId,
              row_no: rowNumber,
              field: outcome.field,
              value: outcome.value,
              problem: outcome.problem,
              cells_json: JSON.stringify(cells.slice(0, 50)),
            });
          }
        }
        if (rejects.length >= REJECT_BATCH) await flushRejects();
        if (counts.read >= nextProgress) {
          nextProgress = counts.read + PROGRESS_EVERY_ROWS;
          await db
            .updateTable("sell_through_submissions")
            .set({
              rows_read: counts.read,
              rows_accepted: counts.accepted,
              rows_rejected: counts.rejected,
              rows_left_out: counts.leftOut,
              progress_pct: Math.min(99, Math.floor((counts.read / estimatedRows) * 100)),
            })
            .where("id", "=", submissionId)
            .execute();
        }
        if (chunk) yield chunk;
      }
    }

    const connection = await openBulkConnection(url);
    let already: number;
    try {
      await loadTsv(connection, "sell_through_lines", LINE_COLUMNS, lines());
      await flushRejects();
      already = await rejectAlreadyReported(db, submission, counts.accepted);
      // Lines moved to the rejects have had the totals summed again from what is left.
      if (already === 0) await totals.save(connection, submissionId);
      await connection.end();
    } catch (error) {
      connection.destroy();
      if (!(error instanceof FileReadError)) throw error;
      // A file that goes bad past its start (an encoding error, a line too long) is refused
      // whole: no row of it stays written or rejected, and retrying would only fail again.
      await clearCheck(db, submissionId);
      await db
        .updateTable("sell_through_submissions")
        .set({
          status: "failed",
          problem_code: error.problem.code,
          problem_detail: error.problem.detail ?? null,
          rows_read: 0,
          rows_accepted: 0,
          rows_rejected: 0,
          rows_left_out: 0,
          progress_pct: 0,
        })
        .where("id", "=", submissionId)
        .execute();
      return;
    }
    await db
      .updateTable("sell_through_submissions")
      .set({
        status: "checked",
        rows_read: counts.read,
        rows_accepted: counts.accepted - already,
        rows_rejected: counts.rejected + already,
        rows_left_out: counts.leftOut,
        progress_pct: 100,
        checked_at: now(),
      })
      .where("id", "=", submissionId)
      .execute();
    sellThroughLinesImported.inc({ source: "file" }, counts.accepted - already);
    sellThroughImportDuration.observe({ stage: "check" }, secondsSince(started));
  },
);

/** What an earlier run of the check left (a job that died half-way, or a check started again). */
async function clearCheck(db: DB, submissionId: number): Promise<void> {
  await db.deleteFrom("sell_through_lines").where("submission_id", "=", submissionId).execute();
  await db.deleteFrom("sell_through_submission_totals").where("submission_id", "=", submissionId).execute();
  await db.deleteFrom("sell_through_rejects").where("submission_id", "=", submissionId).execute();
  await db.deleteFrom("sell_through_left_out").where("submission_id", "=", submissionId).execute();
}

function averageRowBytes(sample: string[][]): number {
  if (sample.length === 0) return 100;
  const bytes = sample.reduce((sum, row) => sum + Buffer.byteLength(row.join(",")) + 1, 0);
  return bytes / sample.length;
}

/** The SKUs and reseller names the check did not know, with how many rows each cost. */
export async function unknownNames(db: DB, submissionId: number) {
  const rows = await db
    .selectFrom("sell_through_rejects")
    .select(["problem", "value", (eb) => eb.fn.countAll<number>().as("rows")])
    .where("submission_id", "=", submissionId)
    .where("problem", "in", ["sellThrough.problems.unknownSku", "sellThrough.problems.unknownReseller"])
    .groupBy(["problem", "value"])
    .orderBy("value")
    .limit(200)
    .execute();
  return {
    skus: rows.filter((r) => r.problem.endsWith("unknownSku")).map((r) => ({ name: r.value ?? "", rows: Number(r.rows) })),
    resellers: rows.filter((r) => r.problem.endsWith("unknownReseller")).map((r) => ({ name: r.value ?? "", rows: Number(r.rows) })),
  };
}

/**
 * Remembers what the distributor's own SKUs and reseller names mean, then checks the file
 * again with them. Resellers are only those the caller may see; products any of the catalogue.
 * A reseller name of this file's rejected rows may instead be answered "a direct sale"
 * (`directSales`): remembered for the distributor, its rows are accepted with no reseller.
 */
export async function mapUnknownNames(
  db: DB,
  scope: Scope,
  actor: Actor,
  submissionId: number,
  input: { skus: Record<string, number>; resellers: Record<string, number>; directSales?: readonly string[] },
): Promise<void> {
  requireReporter(scope);
  await db.transaction().execute(async (trx) => {
    const submission = await trx
      .selectFrom("sell_through_submissions")
      .selectAll()
      .where("id", "=", submissionId)
      .where(submissionFilter(scope))
      .forUpdate()
      .executeTakeFirst();
    if (!submission) notFound();
    // Checking again reads the stored file; typed or pushed lines have none.
    if (submission.status !== "checked" || !submission.file_path) throw new ValidationError({ form: "sellThrough.errors.notMappable" });
    const skuEntries = Object.entries(input.skus).filter(([alias]) => alias.trim());
    const resellerEntries = Object.entries(input.resellers).filter(([alias]) => alias.trim());
    // A name given a partner is that partner's: its answer as a direct sale is not kept.
    const mappedNames = new Set(resellerEntries.map(([alias]) => alias.trim().toLowerCase()));
    const directSales = readDirectSaleNames(input.directSales ?? []).filter((name) => !mappedNames.has(name.toLowerCase()));
    if (skuEntries.length === 0 && resellerEntries.length === 0 && directSales.length === 0)
      throw new ValidationError({ form: "sellThrough.errors.nothingMapped" });
    if (directSales.length) {
      // Only names this file's rows were rejected for: the answer is about a name the distributor saw.
      const rejected = await trx
        .selectFrom("sell_through_rejects")
        .select("value")
        .distinct()
        .where("submission_id", "=", submissionId)
        .where("problem", "=", "sellThrough.problems.unknownReseller")
        .where("value", "in", directSales)
        .execute();
      const rejectedKeys = new Set(rejected.map((r) => (r.value ?? "").toLowerCase()));
      if (directSales.some((name) => !rejectedKeys.has(name.toLowerCase())))
        throw new ValidationError({ form: "sellThroughCatalogue.errors.directSaleNotAsked" });
      await rememberDirectSaleNames(trx, submission.distributor_id, actor.userId, directSales);
    }
    if (skuEntries.length) {
      const known = await trx
        .selectFrom("products")
        .select("id")
        .where(
          "id",
          "in",
          skuEntries.map(([, id]) => id),
        )
        .execute();
      if (known.length !== new Set(skuEntries.map(([, id]) => id)).size) throw new ValidationError({ form: "sellThrough.errors.unknownProduct" });
      await trx
        .insertInto("sku_aliases")
        .values(skuEntries.map(([alias, product_id]) => ({ distributor_id: submission.distributor_id, alias: alias.trim(), product_id })))
        .onDuplicateKeyUpdate({ product_id: sql`VALUES(product_id)` })
        .execute();
    }
    if (resellerEntries.length) {
      const ids = [...new Set(resellerEntries.map(([, id]) => id))];
      const visible = await trx
        .selectFrom("partners")
        .select("id")
        .where("id", "in", ids)
        .where("type", "in", ["reseller", "agent"])
        .where(partnerFilter(scope, "partners.id"))
        .execute();
      if (visible.length !== ids.length) throw new ValidationError({ form: "sellThrough.errors.unknownResellerChoice" });
      await trx
        .insertInto("reseller_aliases")
        .values(resellerEntries.map(([alias, reseller_id]) => ({ distributor_id: submission.distributor_id, alias: alias.trim(), reseller_id })))
        .onDuplicateKeyUpdate({ reseller_id: sql`VALUES(reseller_id)` })
        .execute();
    }
    await recordAudit(trx, actor, {
      action: "sell_through.names_mapped",
      entityType: "sell_through_submission",
      entityId: submissionId,
      partnerId: submission.distributor_id,
      after: { skus: Object.fromEntries(skuEntries), resellers: Object.fromEntries(resellerEntries), directSales },
    });
    await trx
      .updateTable("sell_through_submissions")
      .set({ status: "processing", progress_pct: 0 })
      .where("id", "=", submissionId)
      .$call(unscoped("the row was found and locked through the caller's scope above"))
      .execute();
    await enqueueJob(trx, "sellThrough.check", { submissionId }, { maxAttempts: 3 });
  });
}
