// A claim after the activity: actual cost, results and proof of performance files, within the
// claim window of an approved request. The channel manager approves (possibly for less: the
// approved amount becomes payable and the rest of the reservation goes back to the fund),
// rejects (the whole reservation goes back) or asks for more; the partner answers, with more
// files if needed. Proof files are checked by their content, not by their name.
import { z } from "zod";
import { fundRequestFilter, type Scope } from "~/lib/scope.server";
import { field, issuesToErrors, ValidationError, type FieldErrors } from "~/lib/forms";
import { forbidden, notFound } from "~/lib/http.server";
import { requireRight, type Action } from "~/lib/policy.server";
import { now } from "~/lib/clock.server";
import { attachStoredFile, deleteStoredFile, readStart, storedFileSource, type StoredFile } from "~/lib/storage.server";
import { compareAmounts, fromCents, minAmount, parseAmount, percentOf, toCents } from "~/lib/money";
import { managerOf, notifyUsers, partnerRecipients, type Notice } from "~/modules/notifications/notify.server";
import { unscoped } from "~/lib/scope-guard.server";
import { claimWindowOpen, heldFundRow, lockRequest, recordFundEvent } from "./requests.server";
import { getFundSettings, lockFund, post, type Trx } from "./ledger.server";
import { CLAIM_CHECKLISTS } from "./constants";
import type { NoticeText } from "~/modules/notifications/render";
import type { Actor } from "~/lib/audit.server";
import type { DB } from "~/lib/db.server";
import type { ActivityType, FundClaim, FundClaimStatus } from "../../../db/types";

export const MAX_PROOF_BYTES = 20 * 1024 * 1024;
export const PROOF_FOLDER = "fund-proofs";

/** What each accepted proof type starts with, and the names it may carry. */
const PROOF_TYPES = [
  { type: "application/pdf", magic: Buffer.from("%PDF-"), extensions: ["pdf"] },
  { type: "image/png", magic: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), extensions: ["png"] },
  { type: "image/jpeg", magic: Buffer.from([0xff, 0xd8, 0xff]), extensions: ["jpg", "jpeg"] },
] as const;

export interface ProofUpload {
  fileName: string;
  stored: StoredFile;
}

export interface CheckedProof extends ProofUpload {
  contentType: string;
}

/**
 * The content type of a stored upload, read from its first bytes; an error key when it is
 * empty, not a PDF, PNG or JPEG, or not what its name says.
 */
export async function inspectProof(upload: ProofUpload): Promise<{ contentType: string } | { error: string }> {
  if (upload.stored.size === 0) return { error: "funds.errors.emptyFile" };
  const head = await readStart(storedFileSource(upload.stored.path), 8);
  const found = PROOF_TYPES.find((p) => head.subarray(0, p.magic.length).equals(p.magic));
  if (!found) return { error: "funds.errors.fileType" };
  const extension = upload.fileName.toLowerCase().split(".").pop() ?? "";
  if (!(found.extensions as readonly string[]).includes(extension)) return { error: "funds.errors.fileNotWhatItSays" };
  return { contentType: found.type };
}

/** Checks every upload; on any problem all of them are removed again and the problem thrown. */
export async function checkProofs(uploads: ProofUpload[], options: { required: boolean }): Promise<CheckedProof[]> {
  const checked: CheckedProof[] = [];
  let problem: string | null = uploads.length === 0 && options.required ? "funds.errors.proofRequired" : null;
  for (const upload of uploads) {
    if (problem) break;
    const result = await inspectProof(upload);
    if ("error" in result) problem = result.error;
    else checked.push({ ...upload, contentType: result.contentType });
  }
  if (problem) {
    await discardUploads(uploads);
    throw new ValidationError({ files: problem });
  }
  return checked;
}

export async function discardUploads(uploads: { stored: StoredFile }[]): Promise<void> {
  await Promise.all(uploads.map((u) => deleteStoredFile(u.stored.path)));
}

const countField = z.preprocess(
  (v) => (v === "" || v == null ? 0 : v),
  z.coerce.number({ invalid_type_error: "errors.wholeNumber" }).int("errors.wholeNumber").min(0, "errors.notNegative").max(10_000_000, "errors.tooLarge"),
);

export const claimSchema = z.object({
  actualCost: z.string({ required_error: "errors.required" }).transform((v, ctx) => {
    const amount = parseAmount(v);
    if (amount === null || toCents(amount) <= 0n) {
      ctx.addIssue({ code: "custom", message: v.trim() ? "funds.errors.positiveAmount" : "errors.required" });
      return z.NEVER;
    }
    return amount;
  }),
  results: field.text(2000),
  leadsCount: countField,
  attendees: countField,
});

export type ClaimInput = z.output<typeof claimSchema>;

/**
 * The claim form as posted: its fields and its proof files checked together, so one submit
 * names every problem. On any problem the uploads are removed again.
 */
export async function readClaimForm(
  values: Record<string, string>,
  upload: { ok: true; uploads: ProofUpload[] } | { ok: false; error: string },
): Promise<{ ok: true; input: ClaimInput; proofs: CheckedProof[] } | { ok: false; errors: FieldErrors }> {
  const parsed = claimSchema.safeParse(values);
  const errors: FieldErrors = parsed.success ? {} : issuesToErrors(parsed.error.issues);
  let proofs: CheckedProof[] = [];
  if (!upload.ok) errors.files = upload.error;
  else {
    try {
      proofs = await checkProofs(upload.uploads, { required: true });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      Object.assign(errors, error.errors);
    }
  }
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, input: parsed.data, proofs };
  await discardUploads(proofs);
  return { ok: false, errors };
}

async function insertProofs(trx: Trx, actor: Actor, claim: { id: number; partner_id: number }, proofs: CheckedProof[]): Promise<void> {
  if (proofs.length === 0) return;
  await trx
    .insertInto("fund_claim_files")
    .values(
      proofs.map((p) => ({
        claim_id: claim.id,
        partner_id: claim.partner_id,
        file_name: p.fileName.slice(0, 255),
        content_type: p.contentType,
        size: p.stored.size,
        path: attachStoredFile(p.stored).path,
        sha256: p.stored.sha256,
        uploaded_by: actor.userId!,
      })),
    )
    .$call(unscoped("the row was found and locked through the caller's scope above"))
    .execute();
}

/**
 * Files the claim of an approved request. The files are already stored and checked; if the
 * claim is refused they are removed, so nothing is left half-way.
 */
export async function submitClaim(db: DB, scope: Scope, actor: Actor, requestId: number, input: ClaimInput, proofs: CheckedProof[]): Promise<{ id: number }> {
  try {
    return await db.transaction().execute((trx) => fileClaim(trx, scope, actor, requestId, input, proofs));
  } catch (error) {
    await discardUploads(proofs);
    throw error;
  }
}

/**
 * The claim, filed inside the caller's transaction (a campaign's execution report files it
 * together with the adoption's change). The caller removes the files if the transaction fails.
 */
export async function fileClaim(trx: Trx, scope: Scope, actor: Actor, requestId: number, input: ClaimInput, proofs: CheckedProof[]): Promise<{ id: number }> {
  if (scope.kind !== "partner") forbidden();
  const request = await lockRequest(trx, scope, requestId, "act_as_holder");
  if (request.status !== "approved" || !request.approved_amount) throw new ValidationError({ form: "funds.errors.notClaimable" });
  // Reimbursement is for what took place: from the activity's last day on (UTC).
  if (request.end_date > now().toISOString().slice(0, 10)) throw new ValidationError({ form: "funds.errors.activityNotOver", date: request.end_date });
  const { claimDays } = await getFundSettings(trx);
  if (!claimWindowOpen(request.end_date, claimDays)) throw new ValidationError({ form: "funds.errors.claimTooLate" });
  if (proofs.length === 0) throw new ValidationError({ files: "funds.errors.proofRequired" });
  const claimed = minAmount(request.approved_amount, percentOf(input.actualCost, request.share_pct));
  const at = now();
  const inserted = await trx
    .insertInto("fund_claims")
    .values({
      request_id: requestId,
      partner_id: request.partner_id,
      fund_id: request.fund_id,
      created_by: actor.userId!,
      actual_cost: input.actualCost,
      claimed_amount: claimed,
      results: input.results,
      leads_count: input.leadsCount,
      attendees: input.attendees,
      status: "submitted",
      submitted_at: at,
      created_at: at,
    })
    .executeTakeFirstOrThrow();
  const id = Number(inserted.insertId);
  await insertProofs(trx, actor, { id, partner_id: request.partner_id }, proofs);
  await trx
    .updateTable("fund_requests")
    .set({ status: "claimed", updated_at: at })
    .where("id", "=", requestId)
    .$call(unscoped("the row was found and locked through the caller's scope above"))
    .execute();
  await recordFundEvent(trx, actor, {
    requestId,
    claimId: id,
    partnerId: request.partner_id,
    event: "claim_submitted",
    fromStatus: "approved",
    toStatus: "submitted",
    amount: claimed,
    text: input.results,
  });
  const fund = await trx
    .selectFrom("funds")
    .select("currency")
    .where("id", "=", request.fund_id)
    .$call(unscoped("the row was found and locked through the caller's scope above"))
    .executeTakeFirstOrThrow();
  await notifyUsers(trx, await managerOf(trx, request.partner_id), {
    kind: "funds.claim_submitted",
    title: { key: "notifications.notice.claimSubmitted", params: { claim: id, amount: claimed, currency: fund.currency, request: requestId } },
    link: `/funds/claims/${id}`,
    body: { note: input.results },
  });
  return { id };
}

/** The claim, locked, when the caller can see it (else not found) and may act on it so (else forbidden). */
export async function lockClaim(trx: Trx, scope: Scope, claimId: number, action: Action): Promise<FundClaim> {
  const claim = await trx
    .selectFrom("fund_claims")
    .selectAll()
    .where("id", "=", claimId)
    .where(fundRequestFilter(scope, "fund_claims.partner_id", "fund_claims.created_by"))
    .forUpdate()
    .executeTakeFirst();
  if (!claim) notFound();
  requireRight(scope, action, heldFundRow(claim));
  return claim;
}

async function setClaimStatus(
  trx: Trx,
  actor: Actor,
  claim: FundClaim,
  status: FundClaimStatus,
  event: string,
  extra: { amount?: string | null; text?: string | null; decided?: boolean; checklist?: string[] } = {},
) {
  await trx
    .updateTable("fund_claims")
    .set({
      status,
      updated_at: now(),
      ...(extra.decided ? { decided_at: now(), decided_by: actor.userId } : {}),
      ...(event === "approved" ? { approved_amount: extra.amount ?? null } : {}),
      ...(extra.checklist ? { checklist_json: JSON.stringify(extra.checklist) } : {}),
    })
    .where("id", "=", claim.id)
    .$call(unscoped("the row was found and locked through the caller's scope above"))
    .execute();
  await recordFundEvent(trx, actor, {
    requestId: claim.request_id,
    claimId: claim.id,
    partnerId: claim.partner_id,
    event: `claim_${event}`,
    fromStatus: claim.status,
    toStatus: status,
    amount: extra.amount,
    text: extra.text,
  });
}

async function tellClaimant(trx: Trx, claim: FundClaim, kind: Notice["kind"], title: NoticeText, body: Notice["body"]) {
  await notifyUsers(trx, await partnerRecipients(trx, claim.partner_id, claim.created_by), { kind, title, link: `/funds/claims/${claim.id}`, body });
}

async function reservationOf(trx: Trx, requestId: number): Promise<string> {
  const request = await trx
    .selectFrom("fund_requests")
    .select("approved_amount")
    .where("id", "=", requestId)
    .$call(unscoped("the row was found and locked through the caller's scope above"))
    .executeTakeFirstOrThrow();
  return request.approved_amount ?? "0.00";
}

/**
 * What is wrong with the reviewer's checklist: items not on the activity's list, or nothing
 * confirmed without a note saying why the claim is approved anyway.
 */
function checklistProblem(activityType: ActivityType, checked: readonly string[], note: string): FieldErrors {
  const items = CLAIM_CHECKLISTS[activityType];
  if (checked.some((c) => !items.includes(c))) return { checked: "funds.errors.notOnChecklist" };
  if (checked.length === 0 && !note.trim()) return { checked: "funds.errors.confirmOrExplain" };
  return {};
}

/** Each checklist item of the activity and whether the reviewer confirmed it; empty before a decision. */
export function confirmedItems(activityType: ActivityType, checklistJson: string | null): { item: string; confirmed: boolean }[] {
  if (checklistJson === null) return [];
  const checked = new Set(JSON.parse(checklistJson) as string[]);
  return CLAIM_CHECKLISTS[activityType].map((item) => ({ item, confirmed: checked.has(item) }));
}

/** Approves the claim for its amount or less; the rest of the reservation is released. */
export async function approveClaim(
  db: DB,
  scope: Scope,
  actor: Actor,
  claimId: number,
  input: { amount: string; note: string; checklist: string[] },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const claim = await lockClaim(trx, scope, claimId, "act_as_reviewer");
    if (claim.status !== "submitted") throw new ValidationError({ form: "funds.errors.wrongStatus" });
    const { activity_type: activityType } = await trx
      .selectFrom("fund_requests")
      .select("activity_type")
      .where("id", "=", claim.request_id)
      .$call(unscoped("the claim was found and locked through the caller's scope above"))
      .executeTakeFirstOrThrow();
    const errors: FieldErrors = { ...checklistProblem(activityType, input.checklist, input.note) };
    const amount = parseAmount(input.amount);
    if (amount === null || toCents(amount) <= 0n) errors.amount = "funds.errors.positiveAmount";
    else if (compareAmounts(amount, claim.claimed_amount) > 0) Object.assign(errors, { amount: "funds.errors.aboveClaimed", claimed: claim.claimed_amount });
    else if (compareAmounts(amount, claim.claimed_amount) < 0 && !input.note.trim()) errors.note = "funds.errors.noteForLess";
    if (Object.keys(errors).length || amount === null) throw new ValidationError(errors);
    const reserved = await reservationOf(trx, claim.request_id);
    const fund = await lockFund(trx, claim.fund_id);
    await post(trx, fund, { entry: "payable", amount, requestId: claim.request_id, claimId, note: input.note, userId: actor.userId });
    const remainder = fromCents(toCents(reserved) - toCents(amount));
    if (toCents(remainder) > 0n)
      await post(trx, fund, {
        entry: "release",
        amount: remainder,
        requestId: claim.request_id,
        claimId,
        note: "unclaimed remainder of the reservation",
        userId: actor.userId,
      });
    await setClaimStatus(trx, actor, claim, "approved", "approved", {
      amount,
      text: input.note.trim() || null,
      decided: true,
      checklist: CLAIM_CHECKLISTS[activityType].filter((item) => input.checklist.includes(item)),
    });
    await tellClaimant(
      trx,
      claim,
      "funds.claim_approved",
      { key: "notifications.notice.claimApproved", params: { claim: claimId, amount, currency: fund.currency } },
      input.note.trim() ? { note: input.note } : { text: { key: "notifications.notice.claimApprovedText" } },
    );
  });
}

export async function rejectClaim(db: DB, scope: Scope, actor: Actor, claimId: number, reason: string): Promise<void> {
  if (!reason.trim()) throw new ValidationError({ reason: "errors.required" });
  await db.transaction().execute(async (trx) => {
    const claim = await lockClaim(trx, scope, claimId, "act_as_reviewer");
    if (!["submitted", "more_info"].includes(claim.status)) throw new ValidationError({ form: "funds.errors.wrongStatus" });
    const fund = await lockFund(trx, claim.fund_id);
    await post(trx, fund, {
      entry: "release",
      amount: await reservationOf(trx, claim.request_id),
      requestId: claim.request_id,
      claimId,
      note: "claim rejected",
      userId: actor.userId,
    });
    await setClaimStatus(trx, actor, claim, "rejected", "rejected", { text: reason.trim(), decided: true });
    await tellClaimant(trx, claim, "funds.claim_rejected", { key: "notifications.notice.claimRejected", params: { claim: claimId } }, { note: reason });
  });
}

export async function askClaimInfo(db: DB, scope: Scope, actor: Actor, claimId: number, question: string): Promise<void> {
  if (!question.trim()) throw new ValidationError({ question: "errors.required" });
  await db.transaction().execute(async (trx) => {
    const claim = await lockClaim(trx, scope, claimId, "act_as_reviewer");
    if (claim.status !== "submitted") throw new ValidationError({ form: "funds.errors.wrongStatus" });
    await setClaimStatus(trx, actor, claim, "more_info", "more_info", { text: question.trim() });
    await tellClaimant(trx, claim, "funds.claim_more_info", { key: "notifications.notice.claimQuestion", params: { claim: claimId } }, { note: question });
  });
}

/** The partner's answer, with more proof files if asked for; the claim goes back for review. */
export async function answerClaim(db: DB, scope: Scope, actor: Actor, claimId: number, answer: string, proofs: CheckedProof[]): Promise<void> {
  try {
    if (!answer.trim()) throw new ValidationError({ answer: "errors.required" });
    await db.transaction().execute(async (trx) => {
      const claim = await lockClaim(trx, scope, claimId, "act_as_holder");
      if (claim.status !== "more_info") throw new ValidationError({ form: "funds.errors.wrongStatus" });
      await insertProofs(trx, actor, claim, proofs);
      await setClaimStatus(trx, actor, claim, "submitted", "answered", { text: answer.trim() });
      await notifyUsers(trx, await managerOf(trx, claim.partner_id), {
        kind: "funds.claim_answered",
        title: { key: "notifications.notice.claimAnswered", params: { claim: claimId } },
        link: `/funds/claims/${claimId}`,
        body: { note: answer },
      });
    });
  } catch (error) {
    await discardUploads(proofs);
    throw error;
  }
}
