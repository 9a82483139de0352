// Reading sell-through submissions within the caller's scope: the list on /sell-through, one
// submission with its counts, the first rejected rows and the mapping it uses, and every
// rejected row for the download.
import { submissionFilter, type Scope } from "~/lib/scope.server";
import { notFound } from "~/lib/http.server";
import { now } from "~/lib/clock.server";
import { readPaging, type ListPaging } from "~/lib/list-query";
import { cappedCount, countKey } from "~/lib/capped-count.server";
import { storedFileSource } from "~/lib/storage.server";
import { inspectSalesFile, type FileLayout, type SalesFileFormat, type SalesFileInspection } from "./file-reader.server";
import { REJECTS_SHOWN, type HeaderMapping } from "./fields";
import type { DB } from "~/lib/db.server";

export const SUBMISSION_SORTS = ["created_at", "period", "status"] as const;
export type SubmissionSort = (typeof SUBMISSION_SORTS)[number];

export function readSubmissionListQuery(params: URLSearchParams): ListPaging<SubmissionSort> {
  const paging = readPaging(params, SUBMISSION_SORTS, "created_at");
  // Newest first unless asked otherwise.
  return { ...paging, dir: params.get("dir") ? paging.dir : "desc" };
}

export async function listSubmissions(db: DB, scope: Scope, query: ListPaging<SubmissionSort>) {
  const base = db.selectFrom("sell_through_submissions").where(submissionFilter(scope));
  const rows = base
    .innerJoin("partners", "partners.id", "sell_through_submissions.distributor_id")
    .select([
      "sell_through_submissions.id",
      "sell_through_submissions.period",
      "sell_through_submissions.source",
      "sell_through_submissions.status",
      "sell_through_submissions.file_name",
      "sell_through_submissions.rows_read",
      "sell_through_submissions.rows_accepted",
      "sell_through_submissions.rows_rejected",
      "sell_through_submissions.created_at",
      "sell_through_submissions.committed_at",
      "partners.name as distributor_name",
    ])
    .orderBy(`sell_through_submissions.${query.sort}`, query.dir)
    .orderBy("sell_through_submissions.id", query.dir)
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [list, count] = await Promise.all([rows.execute(), cappedCount(db, base, countKey("submissions", scope, query))]);
  return { rows: list, ...count };
}

export type SubmissionRow = Awaited<ReturnType<typeof listSubmissions>>["rows"][number];

/** The submission row as stored, storage key included: for the server's own use only. */
async function storedSubmission(db: DB, scope: Scope, submissionId: number) {
  const row = await db
    .selectFrom("sell_through_submissions")
    .innerJoin("partners", "partners.id", "sell_through_submissions.distributor_id")
    .selectAll("sell_through_submissions")
    .select(["partners.name as distributor_name"])
    .where("sell_through_submissions.id", "=", submissionId)
    .where(submissionFilter(scope))
    .executeTakeFirst();
  if (!row) notFound();
  return row;
}

/**
 * A submission as its pages show it. The storage key of its file stays on the server (the
 * file is reached through this row: submissionFile, inspectSubmissionFile), and so does the
 * API's idempotency key.
 */
export async function getSubmission(db: DB, scope: Scope, submissionId: number) {
  const { file_path, idempotency_key: _idempotencyKey, ...row } = await storedSubmission(db, scope, submissionId);
  const submission = { ...row, has_file: file_path !== null };
  const [rejects, leftOut] = await Promise.all([
    db
      .selectFrom("sell_through_rejects")
      .select(["row_no", "field", "value", "problem"])
      .where("submission_id", "=", submissionId)
      .orderBy("row_no")
      .limit(REJECTS_SHOWN)
      .execute(),
    db
      .selectFrom("sell_through_left_out")
      .select(["row_no", "reason", "cells_json"])
      .where("submission_id", "=", submissionId)
      .orderBy("row_no")
      .limit(REJECTS_SHOWN)
      .execute(),
  ]);
  return {
    submission,
    rejects,
    leftOut: leftOut.map(({ cells_json, ...row }) => ({
      ...row,
      cells: (JSON.parse(cells_json) as string[]).filter((cell) => cell.trim() !== "").slice(0, 6),
    })),
    format: submission.format_json ? (JSON.parse(submission.format_json) as SalesFileFormat) : null,
    mapping: submission.mapping_json ? (JSON.parse(submission.mapping_json) as HeaderMapping) : null,
  };
}

/** Every rejected row with its cells, for the CSV the distributor fixes and sends again. */
export async function rejectedRows(db: DB, scope: Scope, submissionId: number) {
  await getSubmission(db, scope, submissionId);
  return db
    .selectFrom("sell_through_rejects")
    .select(["row_no", "field", "value", "problem", "cells_json"])
    .where("submission_id", "=", submissionId)
    .orderBy("row_no")
    .execute();
}

/** What a report form offers: the distributors the caller reports for, and the month to propose. */
export async function reportingChoices(db: DB, scope: Scope) {
  const distributors = await db
    .selectFrom("partners")
    .select(["id", "name"])
    .where("type", "=", "distributor")
    .where(submissionFilter(scope, "partners.id"))
    .orderBy("name")
    .execute();
  // Reports are for the month just ended, as a rule.
  const lastMonth = new Date(Date.UTC(now().getUTCFullYear(), now().getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  return { distributors, lastMonth };
}

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The file as the distributor sent it, for those who may see the submission. */
export async function submissionFile(db: DB, scope: Scope, submissionId: number): Promise<{ path: string; fileName: string; contentType: string }> {
  const submission = await storedSubmission(db, scope, submissionId);
  if (!submission.file_path) notFound();
  const format = submission.format_json ? (JSON.parse(submission.format_json) as SalesFileFormat) : null;
  const fileName = submission.file_name || `sell-through-${submission.id}`;
  const contentType =
    format?.kind === "xlsx"
      ? XLSX_TYPE
      : format?.kind === "csv"
        ? `text/csv; charset=${format.encoding === "gb18030" ? "gb18030" : "utf-8"}`
        : "application/octet-stream";
  return { path: submission.file_path, fileName, contentType };
}

/** Where a submission's table starts, as stored with its format: what inspecting its file again must follow. */
export function layoutOf(format: SalesFileFormat | null): FileLayout {
  return { sheet: format?.sheet ?? null, headerRow: format?.headerRow ?? null };
}

/** The header and first rows of a submission's stored file, where its table starts (as chosen), for the mapping step; null when it has no file. */
export async function inspectSubmissionFile(db: DB, scope: Scope, submissionId: number): Promise<SalesFileInspection | null> {
  const submission = await storedSubmission(db, scope, submissionId);
  const format = submission.format_json ? (JSON.parse(submission.format_json) as SalesFileFormat) : null;
  return submission.file_path ? inspectSalesFile(storedFileSource(submission.file_path), layoutOf(format)) : null;
}
