// One partner's run of a campaign kit: invited → adopted → running → reported → closed (or
// declined). Adopting files the kit's fund request, pre-filled from the kit, in the same
// transaction, and approves it at once when the kit's budget (and the fund) has the money; the
// execution report files the claim with its photos as proof; the claim's payment closes the
// adoption. Only a partner admin of the adopting partner acts on it (the policy's holder); a
// parent distributor and the vendor see it.
import { z } from "zod";
import { fundFilter, fundRequestFilter, leadFilter, partnerFilter, type Scope } from "~/lib/scope.server";
import { recordAudit, SYSTEM_ACTOR, type Actor } from "~/lib/audit.server";
import { field, ValidationError, type FieldErrors } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import { may, requireHolder, type HeldRow } from "~/lib/policy.server";
import { now } from "~/lib/clock.server";
import { quarterAt } from "~/lib/quarters";
import { minAmount, parseAmount, percentOf, toCents } from "~/lib/money";
import { systemTask, unscoped } from "~/lib/scope-guard.server";
import { fileRequest, reserveApproved } from "~/modules/funds/requests.server";
import { fileClaim, discardUploads, type CheckedProof } from "~/modules/funds/claims.server";
import { drawFromKit, fitsBudget, lockKit } from "./budget.server";
import type { Trx } from "~/modules/funds/ledger.server";
import type { DB } from "~/lib/db.server";
import type { ActivityType, AdoptionStatus, KitActivityType } from "../../../db/types";

/** The fund request's activity for each kit activity (the agreed mapping). */
export const REQUEST_ACTIVITY: Record<KitActivityType, ActivityType> = {
  seminar: "event",
  product_promotion: "event",
  webinar: "webinar",
  trade_show: "trade_show",
  email: "digital_ads",
};

/** The states in which the partner is running the campaign: leads and feedback are taken. */
export const ACTIVE_STATUSES: readonly AdoptionStatus[] = ["adopted", "running", "reported", "closed"];

function today(): string {
  return now().toISOString().slice(0, 10);
}

/** What the policy needs of an adoption: it is its partner's; no user owns it, so only partner admins act. */
export function heldAdoption(adoption: { partner_id: number }): HeldRow {
  return { partnerId: adoption.partner_id, ownerUserIds: [] };
}

/** The adoption when the caller can see it, else not found (the route's first check). */
export async function findAdoption(db: DB, scope: Scope, adoptionId: number) {
  const adoption = await db
    .selectFrom("campaign_adoptions")
    .selectAll()
    .where("id", "=", adoptionId)
    .where(partnerFilter(scope, "campaign_adoptions.partner_id"))
    .executeTakeFirst();
  if (!adoption) notFound();
  return adoption;
}

/** The adoption when the caller can see it (else not found) and acts on it (else forbidden): the import page's check. */
export async function findHeldAdoption(db: DB, scope: Scope, adoptionId: number) {
  const adoption = await findAdoption(db, scope, adoptionId);
  requireHolder(scope, heldAdoption(adoption));
  return adoption;
}

/** The adoption, locked, when the caller can see it (else not found) and is its holder (else forbidden). */
export async function lockAdoption(trx: Trx, scope: Scope, adoptionId: number) {
  const adoption = await trx
    .selectFrom("campaign_adoptions")
    .selectAll()
    .where("id", "=", adoptionId)
    .where(partnerFilter(scope, "campaign_adoptions.partner_id"))
    .forUpdate()
    .executeTakeFirst();
  if (!adoption) notFound();
  requireHolder(scope, heldAdoption(adoption));
  return adoption;
}

function requireStatus(status: AdoptionStatus, allowed: readonly AdoptionStatus[]): void {
  if (!allowed.includes(status)) throw new ValidationError({ form: "adoptions.errors.wrongStatus" });
}

/** The status people see: an adoption whose first day has come is running, even before the job has marked it. */
export function shownStatus(adoption: { status: AdoptionStatus; starts_on: string | null }, day = today()): AdoptionStatus {
  return adoption.status === "adopted" && adoption.starts_on !== null && adoption.starts_on <= day ? "running" : adoption.status;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dayField = z.string({ required_error: "errors.required" }).trim().regex(DAY, "errors.required");
const amountField = z.string({ required_error: "errors.required" }).transform((v, ctx) => {
  const amount = parseAmount(v);
  if (amount === null || toCents(amount) <= 0n) {
    ctx.addIssue({ code: "custom", message: v.trim() ? "funds.errors.positiveAmount" : "errors.required" });
    return z.NEVER;
  }
  return amount;
});
const countField = z.coerce
  .number({ invalid_type_error: "errors.wholeNumber" })
  .int("errors.wholeNumber")
  .min(0, "errors.notNegative")
  .max(1_000_000, "errors.tooLarge");

export const adoptSchema = z.object({
  startsOn: dayField,
  endsOn: dayField,
  expectedAttendees: z.preprocess(
    (v) => (v === "" ? undefined : v),
    countField.refine((n) => n > 0, "adoptions.errors.attendees"),
  ),
  plannedCost: amountField,
  description: field.optionalText(2000),
});
export type AdoptInput = z.output<typeof adoptSchema>;

/** What the kit asks of the vendor for this planned cost: its share, at most the per-partner cap. */
export function kitRequestedAmount(kit: { vendor_share_pct: string; per_partner_cap: string }, plannedCost: string): string {
  return minAmount(percentOf(plannedCost, kit.vendor_share_pct), kit.per_partner_cap);
}

export interface AdoptResult {
  requestId: number;
  approved: boolean;
}

/**
 * Adopts the kit: checks the dates against the kit's window, files the fund request pre-filled
 * (the kit's activity and share, at most its cap) against the partner's MDF fund of this
 * quarter, and approves it at once when the kit's budget and the fund have the money; else it
 * waits for review like any request. The kit row is locked before the budget is read, so
 * parallel adoptions never spend more than the budget.
 */
export async function adoptKit(db: DB, scope: Scope, actor: Actor, adoptionId: number, input: AdoptInput): Promise<AdoptResult> {
  return db.transaction().execute(async (trx) => {
    const adoption = await lockAdoption(trx, scope, adoptionId);
    requireStatus(adoption.status, ["invited", "declined"]);
    const kit = await lockKit(trx, adoption.kit_id);
    if (kit.status !== "published" || kit.ends_on < today()) throw new ValidationError({ form: "adoptions.errors.kitClosed" });
    const errors: FieldErrors = {};
    if (input.startsOn < kit.starts_on || input.startsOn > kit.ends_on)
      Object.assign(errors, { startsOn: "adoptions.errors.outsideWindow", from: kit.starts_on, to: kit.ends_on });
    else if (input.startsOn < today()) errors.startsOn = "funds.errors.startInPast";
    if (input.endsOn < input.startsOn) errors.endsOn = "funds.errors.endBeforeStart";
    else if (input.endsOn > kit.ends_on) Object.assign(errors, { endsOn: "adoptions.errors.outsideWindow", from: kit.starts_on, to: kit.ends_on });
    if (Object.keys(errors).length) throw new ValidationError(errors);
    const fund = await trx
      .selectFrom("funds")
      .select("id")
      .where("kind", "=", "mdf")
      .where("quarter", "=", quarterAt(now()))
      .where("partner_id", "=", adoption.partner_id)
      .where(fundFilter(scope, "funds.partner_id"))
      .executeTakeFirst();
    if (!fund) throw new ValidationError({ form: "adoptions.errors.noFund", quarter: quarterAt(now()) });
    const amount = kitRequestedAmount(kit, input.plannedCost);
    let request;
    try {
      request = await fileRequest(
        trx,
        scope,
        actor,
        {
          fundId: fund.id,
          activityType: REQUEST_ACTIVITY[kit.activity_type],
          description: (input.description || kit.title).slice(0, 2000),
          startDate: input.startsOn,
          endDate: input.endsOn,
          plannedCost: input.plannedCost,
          requestedAmount: amount,
          expectedResults: `${input.expectedAttendees} attendees`,
        },
        { sharePct: kit.vendor_share_pct },
      );
    } catch (error) {
      // The amount asked is worked out from the planned cost, so a money problem is that field's;
      // the fund's own (expired) is the form's.
      if (error instanceof ValidationError && error.errors.requestedAmount)
        throw new ValidationError({ plannedCost: error.errors.requestedAmount, available: error.errors.available ?? "0.00" });
      if (error instanceof ValidationError && error.errors.fundId) throw new ValidationError({ form: error.errors.fundId });
      throw error;
    }
    // Filing checked the fund's available money under its lock; the kit's budget decides the rest.
    const approved = fitsBudget(kit, amount);
    const at = now();
    await trx
      .updateTable("campaign_adoptions")
      .set({
        status: "adopted",
        adopted_at: at,
        adopted_by: actor.userId,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        expected_attendees: input.expectedAttendees,
        fund_request_id: request.id,
        updated_at: at,
      })
      .where("id", "=", adoption.id)
      .$call(unscoped("the row was found and locked through the caller's scope above"))
      .execute();
    await recordAudit(trx, actor, {
      action: "campaign.adopted",
      entityType: "campaign_adoption",
      entityId: adoption.id,
      partnerId: adoption.partner_id,
      before: { status: adoption.status },
      after: { status: "adopted", startsOn: input.startsOn, endsOn: input.endsOn, expectedAttendees: input.expectedAttendees, requestId: request.id, amount },
    });
    if (approved) {
      await drawFromKit(trx, actor, kit, adoption, amount);
      // The approval is the kit's rule, not a reviewer's decision: the system makes it.
      await reserveApproved(trx, SYSTEM_ACTOR, request, amount, "within the campaign kit's cap and budget");
    }
    return { requestId: request.id, approved };
  });
}

/** The partner says no to the invitation; it may still adopt later while the kit is open. */
export async function declineAdoption(db: DB, scope: Scope, actor: Actor, adoptionId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const adoption = await lockAdoption(trx, scope, adoptionId);
    requireStatus(adoption.status, ["invited"]);
    await trx
      .updateTable("campaign_adoptions")
      .set({ status: "declined", updated_at: now() })
      .where("id", "=", adoption.id)
      .$call(unscoped("the row was found and locked through the caller's scope above"))
      .execute();
    await recordAudit(trx, actor, {
      action: "campaign.declined",
      entityType: "campaign_adoption",
      entityId: adoption.id,
      partnerId: adoption.partner_id,
      before: { status: adoption.status },
      after: { status: "declined" },
    });
  });
}

/** Adopted campaigns whose first day has come are running (the `campaigns.startAdoptions` job; safe to repeat). */
export const startDueAdoptions = systemTask(
  "campaign start dates: every partner's adoptions",
  async function startDueAdoptions(db: DB, actor: Actor = SYSTEM_ACTOR): Promise<number> {
    const due = await db
      .selectFrom("campaign_adoptions")
      .select(["id", "partner_id"])
      .where("status", "=", "adopted")
      .where("starts_on", "<=", today())
      .execute();
    for (const { id, partner_id: partnerId } of due) {
      await db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable("campaign_adoptions")
          .set({ status: "running", updated_at: now() })
          .where("id", "=", id)
          .where("status", "=", "adopted")
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) return;
        await recordAudit(trx, actor, {
          action: "campaign.running",
          entityType: "campaign_adoption",
          entityId: id,
          partnerId,
          before: { status: "adopted" },
          after: { status: "running" },
        });
      });
    }
    return due.length;
  },
);

/** How many leads were entered or imported against the adoption: the report's and the page's figure. */
export async function adoptionLeadCount(db: DB, adoptionId: number): Promise<number> {
  const row = await db
    .selectFrom("leads")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("campaign_adoption_id", "=", adoptionId)
    .$call(unscoped("the adoption was found through the caller's scope; its leads are all its partner's"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export const reportSchema = z.object({
  actualAttendees: z.preprocess((v) => (v === "" || v == null ? undefined : v), countField),
  actualCost: amountField,
  results: field.text(2000),
});
export type ReportInput = z.output<typeof reportSchema>;

/**
 * The execution report: files the claim of the adoption's approved request with the photos and
 * files as its proof (its leads counted from those entered against the campaign), and the
 * adoption is reported. The files are removed again if anything refuses.
 */
export async function reportAdoption(
  db: DB,
  scope: Scope,
  actor: Actor,
  adoptionId: number,
  input: ReportInput,
  proofs: CheckedProof[],
): Promise<{ claimId: number }> {
  try {
    return await db.transaction().execute(async (trx) => {
      const adoption = await lockAdoption(trx, scope, adoptionId);
      requireStatus(shownStatus(adoption), ["running"]);
      if (!adoption.fund_request_id) throw new ValidationError({ form: "adoptions.errors.noRequest" });
      const { id: claimId } = await fileClaim(
        trx,
        scope,
        actor,
        adoption.fund_request_id,
        { actualCost: input.actualCost, results: input.results, leadsCount: await adoptionLeadCount(trx, adoption.id), attendees: input.actualAttendees },
        proofs,
      );
      const at = now();
      await trx
        .updateTable("campaign_adoptions")
        .set({ status: "reported", actual_attendees: input.actualAttendees, reported_at: at, updated_at: at })
        .where("id", "=", adoption.id)
        .$call(unscoped("the row was found and locked through the caller's scope above"))
        .execute();
      await recordAudit(trx, actor, {
        action: "campaign.reported",
        entityType: "campaign_adoption",
        entityId: adoption.id,
        partnerId: adoption.partner_id,
        before: { status: adoption.status },
        after: { status: "reported", actualAttendees: input.actualAttendees, claimId },
      });
      return { claimId };
    });
  } catch (error) {
    await discardUploads(proofs);
    throw error;
  }
}

/** The claim of an adoption's request is paid (inside the payment's transaction): the adoption is closed. */
export async function closePaidAdoption(trx: Trx, actor: Actor, requestId: number): Promise<void> {
  const adoption = await trx
    .selectFrom("campaign_adoptions")
    .select(["id", "partner_id", "status"])
    .where("fund_request_id", "=", requestId)
    .forUpdate()
    .$call(unscoped("the payment locked the claim of this request as the admin"))
    .executeTakeFirst();
  if (!adoption || adoption.status === "closed") return;
  const at = now();
  await trx
    .updateTable("campaign_adoptions")
    .set({ status: "closed", closed_at: at, updated_at: at })
    .where("id", "=", adoption.id)
    .$call(unscoped("the payment locked the claim of this request as the admin"))
    .execute();
  await recordAudit(trx, actor, {
    action: "campaign.closed",
    entityType: "campaign_adoption",
    entityId: adoption.id,
    partnerId: adoption.partner_id,
    before: { status: adoption.status },
    after: { status: "closed" },
  });
}

/** The adoption page: the kit's brief, the dates, the fund request and claim, the leads and the feedback. */
export async function getAdoption(db: DB, scope: Scope, adoptionId: number) {
  const adoption = await db
    .selectFrom("campaign_adoptions")
    .innerJoin("partners", "partners.id", "campaign_adoptions.partner_id")
    .innerJoin("campaign_kits as k", "k.id", "campaign_adoptions.kit_id")
    .selectAll("campaign_adoptions")
    .select([
      "partners.name as partner_name",
      "k.title",
      "k.title_zh",
      "k.goal",
      "k.goal_zh",
      "k.audience",
      "k.audience_zh",
      "k.activity_type",
      "k.starts_on as kit_starts_on",
      "k.ends_on as kit_ends_on",
      "k.vendor_share_pct",
      "k.per_partner_cap",
      "k.currency",
      "k.status as kit_status",
    ])
    .where("campaign_adoptions.id", "=", adoptionId)
    .where(partnerFilter(scope, "campaign_adoptions.partner_id"))
    .executeTakeFirst();
  if (!adoption) notFound();
  const [request, claim, leads, feedback] = await Promise.all([
    adoption.fund_request_id === null
      ? null
      : db
          .selectFrom("fund_requests")
          .select(["id", "status", "requested_amount", "approved_amount", "start_date", "end_date", "planned_cost", "share_pct"])
          .where("id", "=", adoption.fund_request_id)
          .where(fundRequestFilter(scope, "fund_requests.partner_id", "fund_requests.created_by"))
          .executeTakeFirst(),
    adoption.fund_request_id === null
      ? null
      : db
          .selectFrom("fund_claims")
          .select(["id", "status", "claimed_amount", "approved_amount", "attendees", "leads_count"])
          .where("request_id", "=", adoption.fund_request_id)
          .where(fundRequestFilter(scope, "fund_claims.partner_id", "fund_claims.created_by"))
          .orderBy("id", "desc")
          .executeTakeFirst(),
    adoptionLeads(db, scope, adoptionId),
    db
      .selectFrom("campaign_feedback as f")
      .innerJoin("users", "users.id", "f.user_id")
      .select(["f.id", "f.user_id", "f.rating", "f.comments", "f.what_worked", "f.updated_at", "users.name as user_name"])
      .where("f.adoption_id", "=", adoptionId)
      .where(partnerFilter(scope, "f.partner_id"))
      .orderBy("f.updated_at", "desc")
      .execute(),
  ]);
  const status = shownStatus(adoption);
  const canAct = may(scope, "act_as_holder", heldAdoption(adoption));
  return {
    adoption: { ...adoption, status },
    request: request ?? null,
    claim: claim ?? null,
    leads,
    feedback,
    myFeedback: feedback.find((f) => f.user_id === scope.userId) ?? null,
    canAct,
    canGiveFeedback: scope.kind === "partner" && scope.partnerId === adoption.partner_id && ACTIVE_STATUSES.includes(status),
    today: today(),
  };
}

/** The leads entered or imported against the adoption, as the caller may see them (the page and its CSV). */
export async function adoptionLeads(db: DB, scope: Scope, adoptionId: number) {
  return db
    .selectFrom("leads")
    .leftJoin("product_lines", "product_lines.id", "leads.product_line_id")
    .select([
      "leads.id",
      "leads.company",
      "leads.contact_name",
      "leads.contact_email",
      "leads.contact_phone",
      "leads.country",
      "leads.status",
      "leads.estimated_value",
      "leads.currency",
      "leads.created_at",
      "product_lines.name as product_line",
      "product_lines.name_zh as product_line_zh",
    ])
    .where("leads.campaign_adoption_id", "=", adoptionId)
    .where(leadFilter(scope))
    .orderBy("leads.id")
    .execute();
}

/** A kit's title in both languages, for a page about one of its adoptions. */
export async function kitTitle(db: DB, kitId: number) {
  return db.selectFrom("campaign_kits").select(["title", "title_zh"]).where("id", "=", kitId).executeTakeFirstOrThrow();
}

/**
 * The partner home page's kit inbox: invitations waiting for an answer (kit published and still
 * open) and the campaigns running now.
 */
export async function kitInbox(db: DB, scope: Extract<Scope, { kind: "partner" }>) {
  const rows = await db
    .selectFrom("campaign_adoptions as a")
    .innerJoin("campaign_kits as k", "k.id", "a.kit_id")
    .select(["a.id", "a.status", "a.starts_on", "a.ends_on", "k.title", "k.title_zh", "k.activity_type", "k.ends_on as kit_ends_on"])
    .where("a.partner_id", "=", scope.partnerId)
    .where(partnerFilter(scope, "a.partner_id"))
    .where("k.status", "=", "published")
    .where((eb) => eb.or([eb.and([eb("a.status", "=", "invited"), eb("k.ends_on", ">=", today())]), eb("a.status", "in", ["adopted", "running"])]))
    .orderBy("k.ends_on")
    .execute();
  const withStatus = rows.map((r) => ({ ...r, status: shownStatus(r) }));
  return {
    invited: withStatus.filter((r) => r.status === "invited"),
    running: withStatus.filter((r) => r.status === "adopted" || r.status === "running"),
  };
}
