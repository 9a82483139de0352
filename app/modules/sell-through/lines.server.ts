// Lines typed into the manual form or pushed by the API rather than read from a file: checked
// by the same rules as a file's rows (checkRow, with the distributor's remembered SKU and
// reseller names), then written as their submission's lines and their problems recorded as rejected
// rows, so the submission page, the commit and the rejected-rows download work as for uploads.
import { recordAudit, type Actor } from "~/lib/audit.server";
import { ValidationError, type FieldErrors } from "~/lib/forms";
import { now } from "~/lib/clock.server";
import { requireReporter } from "~/lib/policy.server";
import { submissionFilter, type Scope } from "~/lib/scope.server";
import { notFound } from "~/lib/http.server";
import { unscoped } from "~/lib/scope-guard.server";
import { sellThroughLinesImported } from "~/lib/metrics.server";
import { SALES_FIELDS, isPeriod, type HeaderMapping, type SalesField } from "./fields";
import { checkRow, type CheckedLine, type RowProblem, type ValidationContext } from "./validate.server";
import { loadValidationContext } from "./context.server";
import { rejectAlreadyReported } from "./commit.server";
import { requireDistributor } from "./submissions.server";
import { readDirectSaleNames, rememberDirectSaleNames } from "./direct-sales.server";
import { insertSubmissionLines } from "./stored-lines.server";
import { SeenLines } from "./seen-lines";
import type { Transaction } from "kysely";
import type { Database } from "../../../db/types";
import type { DB } from "~/lib/db.server";

export type LineInput = Partial<Record<SalesField, string>>;

/** The line's cells in the order of SALES_FIELDS, read with a mapping that is that order. */
const IN_FIELD_ORDER = Object.fromEntries(SALES_FIELDS.map((f, i) => [f, i])) as HeaderMapping;

export interface LineProblem extends RowProblem {
  /** The line's place in what was sent, from 0. */
  index: number;
}

/** Whether nothing was typed into the line: a blank row of the form. */
export function isBlankLine(line: LineInput): boolean {
  return SALES_FIELDS.every((f) => !(line[f] ?? "").trim());
}

/**
 * Writes the lines to the submission from row `firstRow` + index + 1 on and records the rejected
 * ones; a line another month already holds is rejected like an uploaded one. `seen` holds the
 * invoice lines the submission already has. Returns every problem of these lines.
 */
async function stageLines(
  trx: Transaction<Database>,
  submission: { id: number; distributor_id: number; period: string },
  firstRow: number,
  lines: readonly LineInput[],
  seen: SeenLines,
): Promise<{ accepted: number; problems: LineProblem[] }> {
  const context = await loadValidationContext(trx, submission.distributor_id, { period: submission.period, decimalComma: false, header: [] });
  const staged: (CheckedLine & { row: number })[] = [];
  const problems: LineProblem[] = [];
  lines.forEach((line, index) => {
    const outcome = checkRow(
      SALES_FIELDS.map((f) => line[f] ?? ""),
      IN_FIELD_ORDER,
      context,
      seen,
    );
    if (outcome.ok) staged.push({ ...outcome.line, row: firstRow + index + 1 });
    else problems.push({ index, field: outcome.field, value: outcome.value, problem: outcome.problem });
  });
  await insertSubmissionLines(
    trx,
    submission,
    staged.map(({ row, ...line }) => ({ rowNo: row, line })),
  );
  for (let i = 0; i < problems.length; i += 1000) {
    await trx
      .insertInto("sell_through_rejects")
      .values(
        problems.slice(i, i + 1000).map((p) => ({
          submission_id: submission.id,
          row_no: firstRow + p.index + 1,
          field: p.field,
          value: p.value,
          problem: p.problem,
          cells_json: JSON.stringify(SALES_FIELDS.map((f) => lines[p.index][f] ?? "")),
        })),
      )
      .execute();
  }
  const ownProblems = problems.length;
  // The rows before these were read into the submission, not all accepted: as many lines at most.
  const moved = await rejectAlreadyReported(trx, submission, firstRow + staged.length);
  if (moved > 0) {
    const already = await trx
      .selectFrom("sell_through_rejects")
      .select(["row_no", "value", "problem"])
      .where("submission_id", "=", submission.id)
      .where("problem", "=", "sellThrough.problems.alreadyReported")
      .where("row_no", ">", firstRow)
      .where("row_no", "<=", firstRow + lines.length)
      .execute();
    for (const r of already) problems.push({ index: r.row_no - firstRow - 1, field: "lineNo", value: r.value ?? "", problem: r.problem });
    problems.sort((a, b) => a.index - b.index);
  }
  await trx
    .updateTable("sell_through_submissions")
    .set((eb) => ({
      rows_read: eb("rows_read", "+", lines.length),
      rows_accepted: eb("rows_accepted", "+", staged.length - moved),
      rows_rejected: eb("rows_rejected", "+", ownProblems + moved),
      checked_at: now(),
    }))
    .where("id", "=", submission.id)
    .$call(unscoped("the submission was found through the scope by the caller"))
    .execute();
  return { accepted: staged.length - moved, problems };
}

/** The invoice lines a submission already holds among those about to be added to it. */
async function stagedKeys(trx: Transaction<Database>, submissionId: number, lines: readonly LineInput[]): Promise<SeenLines> {
  const seen = new SeenLines();
  const invoices = [...new Set(lines.map((l) => (l.invoiceNo ?? "").trim()).filter(Boolean))];
  for (let i = 0; i < invoices.length; i += 1000) {
    const rows = await trx
      .selectFrom("sell_through_lines")
      .select(["invoice_no", "line_no"])
      .where("submission_id", "=", submissionId)
      .where("invoice_no", "in", invoices.slice(i, i + 1000))
      .$call(unscoped("the submission was found through the scope by the caller"))
      .execute();
    for (const r of rows) seen.add(r.invoice_no, r.line_no);
  }
  return seen;
}

export interface NewLinesSubmission {
  distributorId: number;
  period: string;
  source: "manual" | "api";
  lines: readonly LineInput[];
}

/**
 * A checked submission of typed lines, created in one transaction with its staged and rejected
 * lines. With `problemKey` any problem throws a ValidationError with an error under that key
 * and nothing is recorded: the manual form wants every cell right before a submission exists.
 */
export async function createLinesSubmission(
  db: DB,
  scope: Scope,
  actor: Actor,
  input: NewLinesSubmission,
  options: { problemKey?: (problem: LineProblem) => string } = {},
): Promise<{ submissionId: number; accepted: number; problems: LineProblem[] }> {
  if (!isPeriod(input.period)) throw new ValidationError({ period: "sellThrough.errors.period" });
  await requireDistributor(db, scope, input.distributorId);
  const created = await db.transaction().execute(async (trx) => {
    const result = await trx
      .insertInto("sell_through_submissions")
      .values({
        distributor_id: input.distributorId,
        period: input.period,
        source: input.source,
        status: "checked",
        progress_pct: 100,
        created_by: actor.userId,
      })
      .executeTakeFirstOrThrow();
    const submission = { id: Number(result.insertId), distributor_id: input.distributorId, period: input.period };
    const staged = await stageLines(trx, submission, 0, input.lines, new SeenLines());
    if (options.problemKey && staged.problems.length > 0)
      throw new ValidationError(Object.fromEntries(staged.problems.map((p) => [options.problemKey!(p), p.problem])));
    await recordAudit(trx, actor, {
      action: "sell_through.received",
      entityType: "sell_through_submission",
      entityId: submission.id,
      partnerId: input.distributorId,
      after: { period: input.period, source: input.source, lines: input.lines.length },
    });
    return { submissionId: submission.id, ...staged };
  });
  sellThroughLinesImported.inc({ source: input.source }, created.accepted);
  return created;
}

/**
 * Adds lines to an open submission of the given source (checked, not yet committed) for the
 * same month. The submission row is locked, so two additions are numbered one after the
 * other; lines already on the submission count as duplicates, as within one file.
 */
export async function addLinesToSubmission(
  db: DB,
  scope: Scope,
  input: { submissionId: number; period: string; source: "manual" | "api"; lines: readonly LineInput[] },
): Promise<{ accepted: number; problems: LineProblem[] }> {
  requireReporter(scope);
  const added = await db.transaction().execute(async (trx) => {
    const submission = await trx
      .selectFrom("sell_through_submissions")
      .select(["id", "distributor_id", "period", "source", "status", "rows_read"])
      .where("id", "=", input.submissionId)
      .where(submissionFilter(scope))
      .forUpdate()
      .executeTakeFirst();
    if (!submission) notFound();
    if (submission.source !== input.source || submission.status !== "checked") throw new ValidationError({ submissionId: "sellThroughApi.errors.notOpen" });
    if (submission.period !== input.period) throw new ValidationError({ period: "sellThroughApi.errors.periodMismatch" });
    return stageLines(trx, submission, submission.rows_read, input.lines, await stagedKeys(trx, submission.id, input.lines));
  });
  sellThroughLinesImported.inc({ source: input.source }, added.accepted);
  return added;
}

export const MAX_MANUAL_LINES = 200;

/** The form's rows as posted: one input per field and row, in row order, blank rows included. */
export function readPostedRows(formData: FormData): LineInput[] {
  const columns = Object.fromEntries(SALES_FIELDS.map((f) => [f, formData.getAll(f).map(String)])) as Record<SalesField, string[]>;
  // Blank rows beyond the limit are allowed for, so a full form can still ask for more rows.
  const count = Math.min(MAX_MANUAL_LINES * 2, Math.max(0, ...SALES_FIELDS.map((f) => columns[f].length)));
  return Array.from({ length: count }, (_, i) => Object.fromEntries(SALES_FIELDS.map((f) => [f, columns[f][i] ?? ""])));
}

/** What a wrong invoice or line number is checked as: no report holds it. */
const STAND_IN = "\u0001";

/** A harmless value for a wrong cell, so the check of a typed line goes on to its next cell. */
function standIn(field: SalesField, context: ValidationContext): string {
  switch (field) {
    case "transactionDate":
      return `${context.period}-01`;
    case "quantity":
      return "1";
    case "unitPrice":
      return "0";
    case "currency":
      return "USD";
    case "sku":
      return context.productBySku.keys().next().value ?? "";
    case "invoiceNo":
    case "lineNo":
      return STAND_IN;
    default:
      return "";
  }
}

/**
 * Every problem of a typed line, not only its first: checkRow (the rules a file's rows obey)
 * is asked again with each wrong cell stood in for, so the form names all of them at once.
 * At most one problem per field, in the order of the fields.
 */
export function everyLineProblem(line: LineInput, context: ValidationContext, seen: SeenLines): RowProblem[] {
  const cells = SALES_FIELDS.map((f) => line[f] ?? "");
  const problems: RowProblem[] = [];
  for (let tries = 0; tries <= SALES_FIELDS.length; tries++) {
    // A stood-in invoice or line number is no line of the report: it must not make another a duplicate.
    const standingIn = cells[IN_FIELD_ORDER.invoiceNo!] === STAND_IN || cells[IN_FIELD_ORDER.lineNo!] === STAND_IN;
    const outcome = checkRow(cells, IN_FIELD_ORDER, context, standingIn ? new SeenLines() : seen);
    if (outcome.ok) break;
    problems.push({ field: outcome.field, value: outcome.value, problem: outcome.problem });
    if (outcome.field === null || outcome.problem === "sellThrough.problems.duplicateInFile") break;
    const index = IN_FIELD_ORDER[outcome.field]!;
    const replacement = standIn(outcome.field, context);
    if (cells[index] === replacement) break;
    cells[index] = replacement;
  }
  return problems;
}

/**
 * A report typed into the form: the rows with something in them become a manual submission,
 * checked, for the distributor to commit on the submission page. Every wrong cell, the month
 * and an empty form are named at once, each cell's error keyed `line-<row>-<field>` (the row
 * as shown in the form, from 0). `directSales` are reseller names of these rows the
 * distributor answered "a direct sale": remembered first, so the check accepts their rows.
 */
export async function fileManualReport(
  db: DB,
  scope: Scope,
  actor: Actor,
  input: { distributorId: number; period: string; rows: readonly LineInput[]; directSales?: readonly string[] },
): Promise<number> {
  const filled = input.rows.map((line, row) => ({ line, row })).filter((r) => !isBlankLine(r.line));
  const errors: FieldErrors = {};
  if (filled.length === 0) errors.lines = "sellThroughApi.errors.noLines";
  if (filled.length > MAX_MANUAL_LINES) errors.lines = "sellThroughApi.errors.tooManyLines";
  if (!isPeriod(input.period)) errors.period = "sellThrough.errors.period";
  await requireDistributor(db, scope, input.distributorId);
  const typedResellers = new Set(filled.map((r) => (r.line.reseller ?? "").trim().toLowerCase()));
  const directSales = readDirectSaleNames(input.directSales ?? []).filter((name) => typedResellers.has(name.toLowerCase()));
  await rememberDirectSaleNames(db, input.distributorId, actor.userId, directSales);
  if (!errors.lines) {
    // Without a month, dates are checked as dates only (against a stand-in month whose
    // "outside the month" is left out): the month's own error is already said.
    const context = await loadValidationContext(db, input.distributorId, { period: errors.period ? "1000-01" : input.period, decimalComma: false, header: [] });
    const seen = new SeenLines();
    for (const { line, row } of filled) {
      for (const p of everyLineProblem(line, context, seen)) {
        if (errors.period && p.problem === "sellThrough.problems.outsidePeriod") continue;
        errors[`line-${row}-${p.field ?? "invoiceNo"}`] ??= p.problem;
      }
    }
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const created = await createLinesSubmission(
    db,
    scope,
    actor,
    { distributorId: input.distributorId, period: input.period, source: "manual", lines: filled.map((r) => r.line) },
    { problemKey: (p) => `line-${filled[p.index].row}-${p.field ?? "invoiceNo"}` },
  );
  return created.submissionId;
}
