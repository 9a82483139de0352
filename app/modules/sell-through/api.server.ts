// The sell-through JSON API (POST /api/v1/sell-through, GET /api/v1/sell-through/:id) without
// HTTP: the body's shape, the answer of each request, and idempotency.
//
// What a request does: without "submissionId" it opens an api submission for the month; with
// it, it adds its lines to that open submission (how a month of more than 10,000 lines is sent).
// Every line is checked by the rules of an upload. Unless "commit" is false the submission is
// then committed: its accepted lines replace the month's, as a resubmitted file does. A
// request whose every line was rejected commits nothing, so a broken batch never empties a
// month; an empty "lines" with "commit": true commits what earlier requests added (or reports
// an empty month).
//
// With an Idempotency-Key the first answer is kept with a hash of the body: a retry with the
// same key and body gets that answer again and changes nothing; the same key with another body
// is refused. Only answers of requests that changed something are kept; a refused request
// changed nothing and may simply be sent again.
import { createHash } from "node:crypto";
import { z } from "zod";
import { ValidationError } from "~/lib/forms";
import { submissionFilter } from "~/lib/scope.server";
import { isMessageKey, translate } from "~/lib/i18n";
import { SALES_FIELDS, type SalesField } from "./fields";
import { addLinesToSubmission, createLinesSubmission, type LineInput, type LineProblem } from "./lines.server";
import { commitSubmission } from "./commit.server";
import type { DB } from "~/lib/db.server";
import type { ApiCaller } from "./api-keys.server";

export const MAX_LINES_PER_REQUEST = 10_000;
/** Ten thousand generous lines; more is refused before it is read into memory. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export function apiError(status: number, error: string, message: string, extra: Record<string, unknown> = {}): ApiAnswer {
  return { status, body: { error, message, ...extra } };
}

/** The HTTP response of an answer: JSON, never cached; a 401 names the scheme it wants. */
export function apiResponse(answer: ApiAnswer): Response {
  const headers: Record<string, string> = { "Cache-Control": "no-store", ...answer.headers };
  if (answer.status === 401) headers["WWW-Authenticate"] = 'Bearer realm="sell-through"';
  return Response.json(answer.body, { status: answer.status, headers });
}

export const UNAUTHORIZED = apiError(401, "unauthorized", "Send a valid, unrevoked API key as Authorization: Bearer <key>.");

const cell = z.union([z.string().max(1000), z.number().finite()]).nullish();
const lineSchema = z.object(Object.fromEntries(SALES_FIELDS.map((f) => [f, cell])) as Record<SalesField, typeof cell>).strict();
const bodySchema = z
  .object({
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "period must be a month as YYYY-MM"),
    lines: z.array(lineSchema),
    commit: z.boolean().optional().default(true),
    submissionId: z.number().int().positive().max(4294967295).optional(),
    /** The distributor confirms a month far outside its normal range (see unusual-months.ts). */
    confirmUnusual: z.boolean().optional().default(false),
  })
  .strict();

type Body = z.output<typeof bodySchema>;

function lineText(line: z.output<typeof lineSchema>): LineInput {
  return Object.fromEntries(SALES_FIELDS.map((f) => [f, line[f] == null ? "" : String(line[f])]));
}

/** Reads the body as JSON and checks its shape; an answer when it is not one we take. */
export function parseBody(raw: string): { ok: true; body: Body } | { ok: false; answer: ApiAnswer } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, answer: apiError(400, "malformed_json", "The body is not valid JSON.") };
  }
  if (
    json &&
    typeof json === "object" &&
    Array.isArray((json as { lines?: unknown }).lines) &&
    (json as { lines: unknown[] }).lines.length > MAX_LINES_PER_REQUEST
  ) {
    return {
      ok: false,
      answer: apiError(
        413,
        "too_many_lines",
        `A request takes at most ${MAX_LINES_PER_REQUEST} lines; send a larger month in several requests with "submissionId" and "commit": false, committing with the last one.`,
        {
          maxLines: MAX_LINES_PER_REQUEST,
        },
      ),
    };
  }
  const parsed = bodySchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      answer: apiError(400, "invalid_body", "The body does not have the expected shape.", {
        issues: parsed.error.issues.slice(0, 50).map((i) => ({ path: i.path.join("."), message: i.message })),
      }),
    };
  }
  return { ok: true, body: parsed.data };
}

function lineErrors(problems: LineProblem[]) {
  return problems.map((p) => ({
    line: p.index,
    field: p.field,
    value: p.value,
    problem: p.problem,
    message: isMessageKey(p.problem) ? translate("en", p.problem) : p.problem,
  }));
}

/** A submission's state as the API shows it, own distributor only. */
export async function apiSubmission(db: DB, caller: ApiCaller, submissionId: number) {
  const s = await db
    .selectFrom("sell_through_submissions")
    .select(["id", "period", "source", "status", "rows_read", "rows_accepted", "rows_rejected", "created_at", "committed_at"])
    .where("id", "=", submissionId)
    .where(submissionFilter(caller.scope))
    .executeTakeFirst();
  if (!s) return null;
  return {
    submissionId: s.id,
    period: s.period,
    source: s.source,
    status: s.status,
    counts: { lines: s.rows_read, accepted: s.rows_accepted, rejected: s.rows_rejected },
    createdAt: s.created_at.toISOString(),
    committedAt: s.committed_at ? s.committed_at.toISOString() : null,
  };
}

export async function getSubmissionAnswer(db: DB, caller: ApiCaller, submissionId: number): Promise<ApiAnswer> {
  const found = await apiSubmission(db, caller, submissionId);
  return found ? { status: 200, body: found } : apiError(404, "not_found", "No such submission.");
}

const ERROR_STATUS: Record<string, [number, string, string]> = {
  "sellThroughApi.errors.notOpen": [409, "submission_not_open", "Lines can only be added to an api submission that is checked and not yet committed."],
  "sellThroughApi.errors.periodMismatch": [422, "period_mismatch", "The period is not the submission's period."],
  "sellThrough.errors.notCheckable": [409, "submission_not_open", "Only a checked submission can be committed."],
};

async function submit(db: DB, caller: ApiCaller, body: Body): Promise<ApiAnswer> {
  const distributorId = caller.distributorId;
  const lines = body.lines.map(lineText);
  let submissionId: number;
  let staged: { accepted: number; problems: LineProblem[] };
  let unusual: Record<string, string> | null = null;
  try {
    if (body.submissionId === undefined) {
      const created = await createLinesSubmission(db, caller.scope, caller.actor, { distributorId, period: body.period, source: "api", lines });
      submissionId = created.submissionId;
      staged = created;
    } else {
      submissionId = body.submissionId;
      staged = await addLinesToSubmission(db, caller.scope, { submissionId, period: body.period, source: "api", lines });
    }
    const nothingUsable = staged.accepted === 0 && staged.problems.length > 0;
    if (body.commit && !nothingUsable) {
      try {
        await commitSubmission(db, caller.scope, caller.actor, submissionId, { confirmUnusual: body.confirmUnusual });
      } catch (error) {
        // An unusual month stays checked, not committed: the answer says why, and the same
        // submission is committed by sending it again with "confirmUnusual": true.
        if (!(error instanceof ValidationError && error.errors.confirmUnusual)) throw error;
        unusual = error.errors;
      }
    }
  } catch (error) {
    if (error instanceof Response && error.status === 404) return apiError(404, "not_found", "No such submission.");
    if (error instanceof ValidationError) {
      const known = ERROR_STATUS[Object.values(error.errors)[0] ?? ""];
      if (known) return apiError(known[0], known[1], known[2]);
    }
    throw error;
  }
  const submission = await apiSubmission(db, caller, submissionId);
  return {
    status: body.submissionId === undefined ? 201 : 200,
    body: {
      ...submission,
      committed: submission?.status === "committed",
      request: { lines: lines.length, accepted: staged.accepted, rejected: staged.problems.length },
      errors: lineErrors(staged.problems),
      ...(unusual
        ? {
            unusualMonth: {
              measure: unusual.measure,
              currency: unusual.currency || null,
              value: unusual.value,
              median: unusual.median,
              message: `Not committed: this month's ${unusual.measure === "units" ? "units" : `amount in ${unusual.currency}`} (${unusual.value}) is far from the median month (${unusual.median}). If it is right, send {"submissionId": ${submissionId}, "period": "${body.period}", "lines": [], "confirmUnusual": true}.`,
            },
          }
        : {}),
    },
  };
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,100}$/;

/** POST /api/v1/sell-through for an authenticated caller, with the raw body as sent. */
export async function postSellThrough(db: DB, caller: ApiCaller, raw: string, idempotencyKey: string | null): Promise<ApiAnswer> {
  const parsed = parseBody(raw);
  if (!parsed.ok) return parsed.answer;
  if (idempotencyKey === null) return submit(db, caller, parsed.body);
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) return apiError(400, "invalid_idempotency_key", "An Idempotency-Key is 1 to 100 printable ASCII characters.");

  const distributorId = caller.distributorId;
  const bodyHash = createHash("sha256").update(raw).digest("hex");
  const claimed = await db
    .insertInto("sell_through_api_requests")
    .values({ distributor_id: distributorId, idempotency_key: idempotencyKey, body_sha256: bodyHash, api_key_id: caller.keyId })
    .ignore()
    .executeTakeFirst();
  if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) {
    const first = await db
      .selectFrom("sell_through_api_requests")
      .select(["body_sha256", "status_code", "response_json"])
      .where("distributor_id", "=", distributorId)
      .where("idempotency_key", "=", idempotencyKey)
      .executeTakeFirstOrThrow();
    if (first.body_sha256 !== bodyHash) return apiError(422, "idempotency_key_reused", "This Idempotency-Key was used for a request with another body.");
    if (first.status_code === null || first.response_json === null)
      return apiError(409, "request_in_progress", "A request with this Idempotency-Key is still being processed; retry shortly.");
    return { status: first.status_code, body: JSON.parse(first.response_json) as Record<string, unknown>, headers: { "Idempotent-Replayed": "true" } };
  }
  const release = () =>
    db.deleteFrom("sell_through_api_requests").where("distributor_id", "=", distributorId).where("idempotency_key", "=", idempotencyKey).execute();
  let answer: ApiAnswer;
  try {
    answer = await submit(db, caller, parsed.body);
  } catch (error) {
    await release();
    throw error;
  }
  if (answer.status >= 300) {
    await release();
    return answer;
  }
  await db
    .updateTable("sell_through_api_requests")
    .set({ status_code: answer.status, response_json: JSON.stringify(answer.body), submission_id: (answer.body.submissionId as number | undefined) ?? null })
    .where("distributor_id", "=", distributorId)
    .where("idempotency_key", "=", idempotencyKey)
    .execute();
  return answer;
}

/** Past the limit, this much more is read and thrown away so the client can read the 413. */
const DISCARD_AFTER_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * The body as text, or null when it is longer than `maxBytes` (checked as it arrives). An
 * oversized body is still read to its end (up to a bound) rather than abandoned: abandoning
 * the stream destroys the socket, and the client, still sending, sees a reset instead of 413.
 */
export async function readBodyText(request: Request, maxBytes = MAX_BODY_BYTES): Promise<string | null> {
  if (Number(request.headers.get("Content-Length") ?? 0) > maxBytes + DISCARD_AFTER_LIMIT_BYTES) return null;
  if (!request.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes + DISCARD_AFTER_LIMIT_BYTES) break;
    if (size <= maxBytes) chunks.push(chunk);
  }
  return size > maxBytes ? null : Buffer.concat(chunks).toString("utf8");
}
