// A fund request (pre-approval) and its life: the partner asks (at most the program's share
// of the planned cost and at most what the fund has available), the channel manager approves
// (possibly for less; the approval reserves the money), rejects, or asks for more; the partner
// answers or withdraws (which releases a reservation). Each step locks the request and then
// its fund, and is written to the request's history and the audit log.
import { z } from "zod";
import { fundFilter, fundRequestFilter, type Scope } from "~/lib/scope.server";
import { recordAudit, SYSTEM_ACTOR, type Actor } from "~/lib/audit.server";
import { field, parseForm, ValidationError, type FieldErrors, type FormResult } from "~/lib/forms";
import { requirePartnerInGoodStanding } from "~/lib/account-state.server";
import { requireAgreementInForce } from "~/modules/agreements/in-force.server";
import { forbidden, notFound } from "~/lib/http.server";
import { requireRight, type Action, type HeldRow } from "~/lib/policy.server";
import { now } from "~/lib/clock.server";
import { compareAmounts, parseAmount, percentOf, toCents } from "~/lib/money";
import { managerOf, notifyUsers, partnerRecipients, type Notice } from "~/modules/notifications/notify.server";
import { systemTask, unscoped } from "~/lib/scope-guard.server";
import { drawKitBudget, kitRequestEnded } from "~/modules/campaigns/budget.server";
import { ACTIVITY_TYPES } from "../../../db/types";
import { fundBalance, getFundSettings, lockFund, post, type Trx } from "./ledger.server";
import type { NoticeText } from "~/modules/notifications/render";
import type { DB } from "~/lib/db.server";
import type { FundRequest, FundRequestStatus } from "../../../db/types";

const DAY_MS = 24 * 3600 * 1000;

export interface FundEvent {
  requestId: number;
  claimId?: number | null;
  partnerId: number;
  event: string;
  fromStatus?: string;
  toStatus?: string;
  amount?: string | null;
  text?: string | null;
}

export async function recordFundEvent(trx: Trx, actor: Actor, e: FundEvent): Promise<void> {
  await trx
    .insertInto("fund_events")
    .values({
      request_id: e.requestId,
      claim_id: e.claimId ?? null,
      at: now(),
      actor_user_id: actor.userId,
      actor_email: actor.email,
      event: e.event,
      from_status: e.fromStatus ?? null,
      to_status: e.toStatus ?? null,
      amount: e.amount ?? null,
      text: e.text ?? null,
    })
    .execute();
  await recordAudit(trx, actor, {
    action: `funds.${e.claimId ? "claim" : "request"}.${e.event}`,
    entityType: e.claimId ? "fund_claim" : "fund_request",
    entityId: e.claimId ?? e.requestId,
    partnerId: e.partnerId,
    before: e.fromStatus ? { status: e.fromStatus } : undefined,
    after: { ...(e.toStatus ? { status: e.toStatus } : {}), ...(e.amount ? { amount: e.amount } : {}), ...(e.text ? { text: e.text } : {}) },
  });
}

const amountField = z.string({ required_error: "errors.required" }).transform((v, ctx) => {
  const amount = parseAmount(v);
  if (amount === null) {
    ctx.addIssue({ code: "custom", message: v.trim() ? "errors.amount" : "errors.required" });
    return z.NEVER;
  }
  if (toCents(amount) <= 0n) {
    ctx.addIssue({ code: "custom", message: "funds.errors.positiveAmount" });
    return z.NEVER;
  }
  return amount;
});

const dateField = z.string({ required_error: "errors.required" }).regex(/^\d{4}-\d{2}-\d{2}$/, "errors.required");

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A request is a pre-approval: the activity must not have started (today UTC is still fine). */
function startsInPast(startDate: string): boolean {
  return startDate < now().toISOString().slice(0, 10);
}

const requestFields = z.object({
  fundId: field.id(),
  activityType: field.enumOf(ACTIVITY_TYPES),
  description: field.text(2000),
  startDate: dateField,
  endDate: dateField,
  plannedCost: amountField,
  requestedAmount: amountField,
  expectedResults: field.optionalText(2000),
});

/** What is wrong with the dates as typed, whatever else is wrong with the form. */
function dateIssues(raw: unknown): { path: string[]; message: string }[] {
  const { startDate, endDate } = (raw ?? {}) as Record<string, unknown>;
  const issues: { path: string[]; message: string }[] = [];
  const start = typeof startDate === "string" && DAY.test(startDate) ? startDate : null;
  const end = typeof endDate === "string" && DAY.test(endDate) ? endDate : null;
  if (start && startsInPast(start)) issues.push({ path: ["startDate"], message: "funds.errors.startInPast" });
  if (start && end && end < start) issues.push({ path: ["endDate"], message: "funds.errors.endBeforeStart" });
  return issues;
}

/**
 * The request form. The dates' rules are checked beside the fields rather than after them (a
 * refinement of the object would wait until every field is right), so one submit names every
 * wrong field.
 */
export const requestSchema = z.unknown().transform((raw, ctx): z.output<typeof requestFields> => {
  const parsed = requestFields.safeParse(raw);
  const issues = [...(parsed.success ? [] : parsed.error.issues), ...dateIssues(raw)];
  for (const issue of issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  return issues.length || !parsed.success ? z.NEVER : parsed.data;
});

export type RequestInput = z.output<typeof requestSchema>;

function partnerScope(scope: Scope): Extract<Scope, { kind: "partner" }> {
  if (scope.kind !== "partner") forbidden();
  return scope;
}

/**
 * The rules of the money asked for: the fund still open, at most the program's share of the
 * planned cost and at most what the fund has available (with the figures for the message).
 */
async function fundRuleErrors(
  db: DB | Trx,
  fund: { id: number; expires_at: Date },
  input: { plannedCost: string; requestedAmount: string },
  options: { locking: boolean; sharePct?: string },
): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (fund.expires_at <= now()) errors.fundId = "funds.errors.fundExpired";
  const sharePct = options.sharePct ?? (await getFundSettings(db)).sharePct;
  const share = percentOf(input.plannedCost, sharePct);
  const { available } = await fundBalance(db, fund.id, options);
  if (compareAmounts(input.requestedAmount, share) > 0) Object.assign(errors, { requestedAmount: "funds.errors.aboveShare", share, pct: sharePct });
  else if (compareAmounts(input.requestedAmount, available) > 0) Object.assign(errors, { requestedAmount: "funds.errors.aboveAvailable", available });
  return errors;
}

const moneyFields = requestFields.pick({ fundId: true, plannedCost: true, requestedAmount: true });

/**
 * The request form as posted, naming every problem at once: the fields' own and, when the
 * fund and the amounts are readable, the money rules too (read without locks here; the
 * request is checked again under lock when it is filed).
 */
export async function readRequestForm(db: DB, scope: Scope, formData: FormData): Promise<FormResult<RequestInput>> {
  const parsed = parseForm(requestSchema, formData);
  if (parsed.ok) return parsed;
  const money = moneyFields.safeParse(parsed.values);
  if (!money.success) return parsed;
  const fund = await db
    .selectFrom("funds")
    .select(["id", "expires_at"])
    .where("id", "=", money.data.fundId)
    .where(fundFilter(scope, "funds.partner_id"))
    .executeTakeFirst();
  const ruleErrors = fund ? await fundRuleErrors(db, fund, money.data, { locking: false }) : { fundId: "funds.errors.noSuchFund" };
  for (const [key, message] of Object.entries(ruleErrors)) parsed.errors[key] ??= message;
  return parsed;
}

/** Files a request against one of the partner's funds; nothing is reserved until approval. */
export async function createRequest(db: DB, scope: Scope, actor: Actor, input: RequestInput): Promise<{ id: number }> {
  return db.transaction().execute((trx) => fileRequest(trx, scope, actor, input));
}

/**
 * Files a request inside the caller's transaction (a campaign kit's adoption files its request
 * together with the adoption). `sharePct` is the share that applies when it is not the
 * program's: a kit's vendor share.
 */
export async function fileRequest(trx: Trx, scope: Scope, actor: Actor, input: RequestInput, options: { sharePct?: string } = {}): Promise<FundRequest> {
  const partner = partnerScope(scope);
  const owned = await trx.selectFrom("funds").select("id").where("id", "=", input.fundId).where(fundFilter(scope, "funds.partner_id")).executeTakeFirst();
  if (!owned) throw new ValidationError({ fundId: "funds.errors.noSuchFund" });
  const fund = await lockFund(trx, input.fundId);
  await requirePartnerInGoodStanding(trx, fund.partner_id);
  await requireAgreementInForce(trx, fund.partner_id);
  const sharePct = options.sharePct ?? (await getFundSettings(trx)).sharePct;
  // Every rule is checked before any is reported, so the partner fixes them in one go.
  const errors: FieldErrors = await fundRuleErrors(trx, fund, input, { locking: true, sharePct });
  if (startsInPast(input.startDate)) errors.startDate = "funds.errors.startInPast";
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const at = now();
  const inserted = await trx
    .insertInto("fund_requests")
    .values({
      partner_id: partner.partnerId,
      fund_id: fund.id,
      created_by: actor.userId!,
      activity_type: input.activityType,
      description: input.description,
      start_date: input.startDate,
      end_date: input.endDate,
      planned_cost: input.plannedCost,
      share_pct: sharePct,
      requested_amount: input.requestedAmount,
      expected_results: input.expectedResults,
      status: "submitted",
      submitted_at: at,
      created_at: at,
    })
    .executeTakeFirstOrThrow();
  const id = Number(inserted.insertId);
  await recordFundEvent(trx, actor, {
    requestId: id,
    partnerId: partner.partnerId,
    event: "submitted",
    toStatus: "submitted",
    amount: input.requestedAmount,
    text: input.description,
  });
  await notifyUsers(trx, await managerOf(trx, partner.partnerId), {
    kind: "funds.request_submitted",
    title: { key: "notifications.notice.requestSubmitted", params: { request: id, amount: input.requestedAmount, currency: fund.currency } },
    link: `/funds/requests/${id}`,
    body: { note: input.description },
  });
  return trx
    .selectFrom("fund_requests")
    .selectAll()
    .where("id", "=", id)
    .$call(unscoped("the request was inserted just now for the caller's partner"))
    .executeTakeFirstOrThrow();
}

/** What the policy needs of a request or claim: the partner it is for, and who filed it. */
export function heldFundRow(row: { partner_id: number; created_by: number | null }): HeldRow {
  return { partnerId: row.partner_id, ownerUserIds: [row.created_by] };
}

/** The request, locked, when the caller can see it (else not found) and may act on it so (else forbidden). */
export async function lockRequest(trx: Trx, scope: Scope, requestId: number, action: Action): Promise<FundRequest> {
  const request = await trx
    .selectFrom("fund_requests")
    .selectAll()
    .where("id", "=", requestId)
    .where(fundRequestFilter(scope, "fund_requests.partner_id", "fund_requests.created_by"))
    .forUpdate()
    .executeTakeFirst();
  if (!request) notFound();
  requireRight(scope, action, heldFundRow(request));
  return request;
}

function requireStatus(status: string, allowed: readonly string[]): void {
  if (!allowed.includes(status)) throw new ValidationError({ form: "funds.errors.wrongStatus" });
}

async function setRequestStatus(
  trx: Trx,
  actor: Actor,
  request: FundRequest,
  status: FundRequestStatus,
  event: string,
  extra: { amount?: string | null; text?: string | null; decided?: boolean } = {},
) {
  await trx
    .updateTable("fund_requests")
    .set({
      status,
      updated_at: now(),
      ...(extra.decided ? { decided_at: now(), decided_by: actor.userId } : {}),
      ...(event === "approved" ? { approved_amount: extra.amount ?? null } : {}),
    })
    .where("id", "=", request.id)
    .$call(unscoped("the row was found and locked through the caller's scope above"))
    .execute();
  await recordFundEvent(trx, actor, {
    requestId: request.id,
    partnerId: request.partner_id,
    event,
    fromStatus: request.status,
    toStatus: status,
    amount: extra.amount,
    text: extra.text,
  });
}

async function tellPartner(trx: Trx, request: FundRequest, kind: Notice["kind"], title: NoticeText, body: Notice["body"]) {
  await notifyUsers(trx, await partnerRecipients(trx, request.partner_id, request.created_by), { kind, title, link: `/funds/requests/${request.id}`, body });
}

/**
 * Approves, for the amount asked or less; reserves that amount in the fund. A request filed by
 * a campaign kit's adoption also draws the kit's budget, and is refused beyond what is left.
 */
export async function approveRequest(db: DB, scope: Scope, actor: Actor, requestId: number, input: { amount: string; note: string }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const request = await lockRequest(trx, scope, requestId, "act_as_reviewer");
    requireStatus(request.status, ["submitted"]);
    const amount = parseAmount(input.amount);
    if (amount === null || toCents(amount) <= 0n) throw new ValidationError({ amount: "funds.errors.positiveAmount" });
    if (compareAmounts(amount, request.requested_amount) > 0)
      throw new ValidationError({ amount: "funds.errors.aboveRequested", requested: request.requested_amount });
    const less = compareAmounts(amount, request.requested_amount) < 0;
    if (less && !input.note.trim()) throw new ValidationError({ note: "funds.errors.noteForLess" });
    await drawKitBudget(trx, actor, request, amount);
    await reserveApproved(trx, actor, request, amount, input.note);
  });
}

/** The approval itself, on a request the caller has locked and checked: reserve, record, tell the partner. */
export async function reserveApproved(trx: Trx, actor: Actor, request: FundRequest, amount: string, note: string): Promise<void> {
  const fund = await lockFund(trx, request.fund_id);
  await post(trx, fund, { entry: "reservation", amount, requestId: request.id, note, userId: actor.userId });
  await setRequestStatus(trx, actor, request, "approved", "approved", { amount, text: note.trim() || null, decided: true });
  await tellPartner(
    trx,
    request,
    "funds.request_approved",
    { key: "notifications.notice.requestApproved", params: { request: request.id, amount, currency: fund.currency } },
    note.trim() ? { note } : { text: { key: "notifications.notice.requestApprovedText" } },
  );
}

export async function rejectRequest(db: DB, scope: Scope, actor: Actor, requestId: number, reason: string): Promise<void> {
  if (!reason.trim()) throw new ValidationError({ reason: "errors.required" });
  await db.transaction().execute(async (trx) => {
    const request = await lockRequest(trx, scope, requestId, "act_as_reviewer");
    requireStatus(request.status, ["submitted", "more_info"]);
    await kitRequestEnded(trx, actor, request, "rejected");
    await setRequestStatus(trx, actor, request, "rejected", "rejected", { text: reason.trim(), decided: true });
    await tellPartner(
      trx,
      request,
      "funds.request_rejected",
      { key: "notifications.notice.requestRejected", params: { request: requestId } },
      { note: reason },
    );
  });
}

export async function askRequestInfo(db: DB, scope: Scope, actor: Actor, requestId: number, question: string): Promise<void> {
  if (!question.trim()) throw new ValidationError({ question: "errors.required" });
  await db.transaction().execute(async (trx) => {
    const request = await lockRequest(trx, scope, requestId, "act_as_reviewer");
    requireStatus(request.status, ["submitted"]);
    await setRequestStatus(trx, actor, request, "more_info", "more_info", { text: question.trim() });
    await tellPartner(
      trx,
      request,
      "funds.request_more_info",
      { key: "notifications.notice.requestQuestion", params: { request: requestId } },
      { note: question },
    );
  });
}

export async function answerRequest(db: DB, scope: Scope, actor: Actor, requestId: number, answer: string): Promise<void> {
  if (!answer.trim()) throw new ValidationError({ answer: "errors.required" });
  await db.transaction().execute(async (trx) => {
    const request = await lockRequest(trx, scope, requestId, "act_as_holder");
    requireStatus(request.status, ["more_info"]);
    await setRequestStatus(trx, actor, request, "submitted", "answered", { text: answer.trim() });
    await notifyUsers(trx, await managerOf(trx, request.partner_id), {
      kind: "funds.request_answered",
      title: { key: "notifications.notice.requestAnswered", params: { request: requestId } },
      link: `/funds/requests/${requestId}`,
      body: { note: answer },
    });
  });
}

/** Withdraws a request not yet claimed; an approved one gives its reservation back. */
export async function withdrawRequest(db: DB, scope: Scope, actor: Actor, requestId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const request = await lockRequest(trx, scope, requestId, "act_as_holder");
    requireStatus(request.status, ["submitted", "more_info", "approved"]);
    await kitRequestEnded(trx, actor, request, "withdrawn");
    if (request.status === "approved" && request.approved_amount) {
      const fund = await lockFund(trx, request.fund_id);
      await post(trx, fund, { entry: "release", amount: request.approved_amount, requestId, note: "withdrawn by the partner", userId: actor.userId });
    }
    await setRequestStatus(trx, actor, request, "withdrawn", "withdrawn", { amount: request.approved_amount });
  });
}

/** The last day a claim may be filed for an activity ending on `endDate` ("YYYY-MM-DD"). */
export function claimDeadline(endDate: string, claimDays: number): string {
  return new Date(Date.parse(`${endDate}T00:00:00Z`) + claimDays * DAY_MS).toISOString().slice(0, 10);
}

export function claimWindowOpen(endDate: string, claimDays: number, at: Date = now()): boolean {
  return at.toISOString().slice(0, 10) <= claimDeadline(endDate, claimDays);
}

/**
 * Approved requests whose claim window closed without a claim: their reservation is released
 * and they lapse. Those with 14 days or less left are reminded once.
 */
export const runClaimWindows = systemTask(
  "claim windows: every partner's approved requests",
  async function runClaimWindows(db: DB, actor: Actor = SYSTEM_ACTOR): Promise<{ lapsed: number; reminded: number }> {
    const { claimDays } = await getFundSettings(db);
    const today = now().toISOString().slice(0, 10);
    const lastEnd = new Date(Date.parse(`${today}T00:00:00Z`) - (claimDays + 1) * DAY_MS).toISOString().slice(0, 10);
    const overdue = await db.selectFrom("fund_requests").select("id").where("status", "=", "approved").where("end_date", "<=", lastEnd).execute();
    for (const { id } of overdue) {
      await db.transaction().execute(async (trx) => {
        const request = await trx.selectFrom("fund_requests").selectAll().where("id", "=", id).forUpdate().executeTakeFirstOrThrow();
        if (request.status !== "approved") return;
        await kitRequestEnded(trx, actor, request, "lapsed");
        const fund = await lockFund(trx, request.fund_id);
        await post(trx, fund, {
          entry: "release",
          amount: request.approved_amount ?? "0.00",
          requestId: id,
          note: "no claim within the claim window",
          userId: actor.userId,
        });
        await setRequestStatus(trx, actor, request, "lapsed", "lapsed", { amount: request.approved_amount });
        await tellPartner(
          trx,
          request,
          "funds.request_lapsed",
          { key: "notifications.notice.requestLapsed", params: { request: id } },
          { text: { key: "notifications.notice.requestLapsedText" } },
        );
      });
    }
    const remindFrom = new Date(Date.parse(`${today}T00:00:00Z`) - (claimDays - 14) * DAY_MS).toISOString().slice(0, 10);
    const due = await db
      .selectFrom("fund_requests")
      .selectAll()
      .where("status", "=", "approved")
      .where("end_date", "<=", remindFrom)
      .where("end_date", ">", lastEnd)
      .where("claim_reminded_at", "is", null)
      .execute();
    for (const request of due) {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable("fund_requests").set({ claim_reminded_at: now() }).where("id", "=", request.id).execute();
        await tellPartner(
          trx,
          request,
          "funds.claim_reminder",
          { key: "notifications.notice.claimReminder", params: { request: request.id, date: claimDeadline(request.end_date, claimDays) } },
          { text: { key: "notifications.notice.claimReminderText" } },
        );
      });
    }
    return { lapsed: overdue.length, reminded: due.length };
  },
);
