// A campaign kit's budget: adoptions draw from it when their fund request is approved (at once
// on adopting, or later by a reviewer), and give the draw back when the request is rejected,
// withdrawn or lapses. Every draw and give-back locks the kit row first, so two approvals cannot
// both spend the last of it; the table's CHECK refuses an overdraw even if a path forgot that.
// Nothing here imports the funds module: the funds module calls in, inside its own transaction.
import { sql, type Transaction } from "kysely";
import { recordAudit, type Actor } from "~/lib/audit.server";
import { ValidationError } from "~/lib/forms";
import { now } from "~/lib/clock.server";
import { addAmounts, compareAmounts, fromCents, toCents } from "~/lib/money";
import { unscoped } from "~/lib/scope-guard.server";
import type { Database, FundRequest } from "../../../db/types";

type Trx = Transaction<Database>;

export interface KitBudget {
  id: number;
  budget: string | null;
  budget_used: string;
}

/** The kit row, locked: the one place budget draws wait for each other. */
export async function lockKit(trx: Trx, kitId: number) {
  return trx.selectFrom("campaign_kits").selectAll().where("id", "=", kitId).forUpdate().executeTakeFirstOrThrow();
}

/** What is left of a kit's budget; null when the kit has no budget (no limit beyond the cap). */
export function budgetLeft(kit: KitBudget): string | null {
  return kit.budget === null ? null : fromCents(toCents(kit.budget) - toCents(kit.budget_used));
}

/** Whether `amount` fits in what is left of the kit's budget. */
export function fitsBudget(kit: KitBudget, amount: string): boolean {
  const left = budgetLeft(kit);
  return left === null || compareAmounts(amount, left) <= 0;
}

/**
 * Draws `amount` from the kit (locked by the caller) for the adoption; refuses beyond the
 * budget, naming what is left.
 */
export async function drawFromKit(trx: Trx, actor: Actor, kit: KitBudget, adoption: { id: number; partner_id: number; budget_drawn: string }, amount: string) {
  if (!fitsBudget(kit, amount)) throw new ValidationError({ amount: "adoptions.errors.overBudget", left: budgetLeft(kit) ?? "0.00" });
  await trx
    .updateTable("campaign_kits")
    .set({ budget_used: sql<string>`budget_used + ${amount}`, updated_at: now() })
    .where("id", "=", kit.id)
    .execute();
  await trx
    .updateTable("campaign_adoptions")
    .set({ budget_drawn: addAmounts(adoption.budget_drawn, amount), updated_at: now() })
    .where("id", "=", adoption.id)
    .$call(unscoped("the adoption was found through the caller's scope, or through a request found so"))
    .execute();
  await recordAudit(trx, actor, {
    action: "campaign.budget_drawn",
    entityType: "campaign_adoption",
    entityId: adoption.id,
    partnerId: adoption.partner_id,
    before: { budgetUsed: kit.budget_used },
    after: { budgetUsed: addAmounts(kit.budget_used, amount), amount },
  });
}

/** The adoption that filed this request, locked; none for an ordinary request. */
async function adoptionOfRequest(trx: Trx, requestId: number) {
  return trx
    .selectFrom("campaign_adoptions")
    .selectAll()
    .where("fund_request_id", "=", requestId)
    .forUpdate()
    .$call(unscoped("the fund request was found and locked through the caller's scope"))
    .executeTakeFirst();
}

/**
 * A reviewer approves a request an adoption filed: the approved amount is drawn from the kit's
 * budget. Called before the fund is locked, in the order adopting takes (kit, then fund).
 */
export async function drawKitBudget(trx: Trx, actor: Actor, request: FundRequest, amount: string): Promise<void> {
  const adoption = await adoptionOfRequest(trx, request.id);
  if (!adoption) return;
  const kit = await lockKit(trx, adoption.kit_id);
  await drawFromKit(trx, actor, kit, adoption, amount);
}

/**
 * A request an adoption filed ends without money spent: its draw goes back to the kit. A
 * rejected or withdrawn request also hands the invitation back, so the partner may adopt again
 * with other figures; a lapsed one leaves the adoption as it was (the event took place).
 */
export async function kitRequestEnded(trx: Trx, actor: Actor, request: FundRequest, how: "rejected" | "withdrawn" | "lapsed"): Promise<void> {
  const adoption = await adoptionOfRequest(trx, request.id);
  if (!adoption) return;
  const kit = await lockKit(trx, adoption.kit_id);
  const drawn = adoption.budget_drawn;
  if (toCents(drawn) > 0n)
    await trx
      .updateTable("campaign_kits")
      .set({ budget_used: sql<string>`budget_used - ${drawn}`, updated_at: now() })
      .where("id", "=", kit.id)
      .execute();
  const reopen = how !== "lapsed";
  await trx
    .updateTable("campaign_adoptions")
    .set({
      budget_drawn: "0.00",
      updated_at: now(),
      ...(reopen ? { status: "invited" as const, fund_request_id: null, adopted_at: null, adopted_by: null } : {}),
    })
    .where("id", "=", adoption.id)
    .$call(unscoped("the fund request was found and locked through the caller's scope"))
    .execute();
  await recordAudit(trx, actor, {
    action: `campaign.request_${how}`,
    entityType: "campaign_adoption",
    entityId: adoption.id,
    partnerId: adoption.partner_id,
    before: { status: adoption.status, budgetDrawn: drawn, requestId: request.id },
    after: { status: reopen ? "invited" : adoption.status, budgetDrawn: "0.00", givenBack: drawn },
  });
}
