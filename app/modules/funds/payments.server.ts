// One payment settles several approved claims of one partner: its amount is their sum (the
// admin types it, and a mismatch is pointed out rather than guessed), each claim's payable
// becomes paid in its fund, and the claims become `paid`.
import { z } from "zod";
import { fundFilter, type Scope } from "~/lib/scope.server";
import { recordAudit, type Actor } from "~/lib/audit.server";
import { ValidationError, type FieldErrors } from "~/lib/forms";
import { forbidden } from "~/lib/http.server";
import { now } from "~/lib/clock.server";
import { addAmounts, compareAmounts, parseAmount } from "~/lib/money";
import { notifyUsers, partnerAdmins } from "~/modules/notifications/notify.server";
import { unscoped } from "~/lib/scope-guard.server";
import { closePaidAdoption } from "~/modules/campaigns/adoptions.server";
import { recordFundEvent } from "./requests.server";
import { getFundSettings, lockFund, post } from "./ledger.server";
import type { DB } from "~/lib/db.server";

export interface PaymentInput {
  partnerId: number;
  claimIds: number[];
  reference: string;
  paidOn: string;
  amount: string;
}

const typed = z.string().optional().default("");

/** The payment form read as typed; whether it may be recorded is recordPayment's to say. */
export const paymentFormSchema = z.object({
  partnerId: typed.transform(Number),
  claimIds: z.array(z.string()).transform((ids) => ids.map(Number).filter((n) => Number.isInteger(n) && n > 0)),
  reference: typed,
  paidOn: typed,
  amount: typed,
}) satisfies z.ZodType<PaymentInput, z.ZodTypeDef, unknown>;

/** Approved claims waiting for payment, of the partners the scope sees. */
export async function payableClaims(db: DB, scope: Scope, partnerId?: number | null) {
  return db
    .selectFrom("fund_claims")
    .innerJoin("fund_requests", "fund_requests.id", "fund_claims.request_id")
    .innerJoin("partners", "partners.id", "fund_claims.partner_id")
    .innerJoin("funds", "funds.id", "fund_claims.fund_id")
    .select([
      "fund_claims.id",
      "fund_claims.partner_id",
      "partners.name as partner_name",
      "fund_claims.approved_amount",
      "fund_claims.decided_at",
      "fund_requests.id as request_id",
      "fund_requests.activity_type",
      "fund_requests.description",
      "funds.kind",
      "funds.quarter",
      "funds.currency",
    ])
    .where("fund_claims.status", "=", "approved")
    .where(fundFilter(scope, "fund_claims.partner_id"))
    .$if(partnerId != null, (q) => q.where("fund_claims.partner_id", "=", partnerId!))
    .orderBy("partners.name")
    .orderBy("fund_claims.decided_at")
    .execute();
}

export async function recordPayment(db: DB, scope: Scope, actor: Actor, input: PaymentInput): Promise<{ id: number }> {
  if (scope.kind !== "admin") forbidden();
  const errors: FieldErrors = {};
  const amount = parseAmount(input.amount);
  if (input.claimIds.length === 0) errors.claimIds = "funds.errors.noClaimsPicked";
  if (!input.reference.trim()) errors.reference = "errors.required";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.paidOn)) errors.paidOn = "errors.required";
  // A payment is recorded once the money has gone out (today UTC at the latest), never ahead.
  else if (input.paidOn > now().toISOString().slice(0, 10)) errors.paidOn = "funds.errors.paidInFuture";
  if (amount === null) errors.amount = "errors.amount";
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return db.transaction().execute(async (trx) => {
    const claims = await trx
      .selectFrom("fund_claims")
      .selectAll()
      .where("id", "in", input.claimIds)
      .where("partner_id", "=", input.partnerId)
      .orderBy("id")
      .forUpdate()
      .$call(unscoped("payments are the admin's, across partners"))
      .execute();
    if (claims.length !== new Set(input.claimIds).size || claims.some((c) => c.status !== "approved"))
      throw new ValidationError({ claimIds: "funds.errors.claimsNotPayable" });
    const total = addAmounts("0.00", ...claims.map((c) => c.approved_amount ?? "0.00"));
    if (compareAmounts(total, amount!) !== 0) throw new ValidationError({ amount: "funds.errors.paymentSum", total });
    const { baseCurrency } = await getFundSettings(trx);
    const inserted = await trx
      .insertInto("fund_payments")
      .values({
        partner_id: input.partnerId,
        reference: input.reference.trim().slice(0, 100),
        paid_on: input.paidOn,
        amount: total,
        currency: baseCurrency,
        created_by: actor.userId!,
      })
      .executeTakeFirstOrThrow();
    const paymentId = Number(inserted.insertId);
    // Funds locked in id order, so two payment runs cannot deadlock on them.
    const byFund = [...claims].sort((a, b) => a.fund_id - b.fund_id || a.id - b.id);
    for (const claim of byFund) {
      const fund = await lockFund(trx, claim.fund_id);
      await post(trx, fund, {
        entry: "payment",
        amount: claim.approved_amount!,
        requestId: claim.request_id,
        claimId: claim.id,
        paymentId,
        note: input.reference.trim(),
        userId: actor.userId,
      });
      await trx
        .updateTable("fund_claims")
        .set({ status: "paid", payment_id: paymentId, updated_at: now() })
        .where("id", "=", claim.id)
        .$call(unscoped("the row was found and locked through the caller's scope above"))
        .execute();
      await recordFundEvent(trx, actor, {
        requestId: claim.request_id,
        claimId: claim.id,
        partnerId: claim.partner_id,
        event: "claim_paid",
        fromStatus: "approved",
        toStatus: "paid",
        amount: claim.approved_amount,
        text: input.reference.trim(),
      });
      await closePaidAdoption(trx, actor, claim.request_id);
    }
    await recordAudit(trx, actor, {
      action: "funds.payment_recorded",
      entityType: "fund_payment",
      entityId: paymentId,
      partnerId: input.partnerId,
      after: { reference: input.reference.trim(), paidOn: input.paidOn, amount: total, claims: claims.map((c) => c.id) },
    });
    const admins = await partnerAdmins(trx, [input.partnerId]);
    await notifyUsers(trx, admins.get(input.partnerId) ?? [], {
      kind: "funds.paid",
      title: { key: "notifications.notice.paid", params: { reference: input.reference.trim(), amount: total, currency: baseCurrency, count: claims.length } },
      link: "/funds",
      body: { text: { key: "notifications.notice.paidText", params: { date: input.paidOn } } },
    });
    return { id: paymentId };
  });
}
