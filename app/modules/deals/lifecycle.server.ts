// A registration's life: submit (with conflict detection), the reviewer's decision (approve
// with the tier's discount, reject, ask for more information), the partner's answer, withdraw,
// one extension, won or lost, and expiry. Each step locks the deal in one transaction and is
// written to the deal's history and the audit log.
import { sql, type Transaction } from "kysely";
import { dealFilter, type Scope } from "~/lib/scope.server";
import { recordAudit, type Actor } from "~/lib/audit.server";
import { ValidationError } from "~/lib/forms";
import { forbidden, notFound } from "~/lib/http.server";
import { requireHolder, requireReviewer, type HeldRow } from "~/lib/policy.server";
import { now } from "~/lib/clock.server";
import { retryRefused } from "~/lib/db-retry.server";
import { addAmounts, compareAmounts, discountAmount, multiplyAmount, parseAmount } from "~/lib/money";
import { getDealSettings } from "~/modules/settings/portal-settings.server";
import { managerOf, notifyUsers, partnerRecipients, type Notice } from "~/modules/notifications/notify.server";
import { systemTask, unscoped } from "~/lib/scope-guard.server";
import { requireAgreementInForce } from "~/modules/agreements/in-force.server";
import { matchKeys } from "./customer";
import type { MessageKey } from "~/lib/i18n";
import type { NoticeParams } from "~/modules/notifications/render";
import type { DB } from "~/lib/db.server";
import type { Database, DealStatus } from "../../../db/types";

type Trx = Transaction<Database>;
type Deal = Awaited<ReturnType<typeof lockDeal>>;

const DAY_MS = 24 * 3600 * 1000;
/** Registrations that hold a customer: waiting for a decision, or approved and not expired. */
export const ACTIVE_STATUSES = ["submitted", "more_info", "approved"] as const satisfies readonly DealStatus[];

export interface DealEvent {
  dealId: number;
  partnerId: number;
  event: string;
  fromStatus?: DealStatus;
  toStatus?: DealStatus;
  text?: string | null;
}

export async function recordDealEvent(trx: Trx, actor: Actor, e: DealEvent): Promise<void> {
  await trx
    .insertInto("deal_events")
    .values({
      deal_id: e.dealId,
      at: now(),
      actor_user_id: actor.userId,
      actor_email: actor.email,
      event: e.event,
      from_status: e.fromStatus ?? null,
      to_status: e.toStatus ?? null,
      text: e.text ?? null,
    })
    .execute();
  // Messages are conversation, not changes; the audit log keeps the changes.
  if (e.event === "message") return;
  await recordAudit(trx, actor, {
    action: `deal.${e.event}`,
    entityType: "deal",
    entityId: e.dealId,
    partnerId: e.partnerId,
    before: e.fromStatus ? { status: e.fromStatus } : undefined,
    after: e.toStatus || e.text ? { ...(e.toStatus ? { status: e.toStatus } : {}), ...(e.text ? { text: e.text } : {}) } : undefined,
  });
}

async function lockDeal(trx: Trx, scope: Scope, dealId: number) {
  const deal = await trx.selectFrom("deals").selectAll().where("id", "=", dealId).where(dealFilter(scope)).forUpdate().executeTakeFirst();
  if (!deal) notFound();
  return deal;
}

/** What the policy needs of a deal: who registered it, who created it, who fulfils it. */
export function heldDeal(deal: Pick<Deal, "partner_id" | "created_by" | "fulfilling_partner_id">): HeldRow {
  return { partnerId: deal.partner_id, ownerUserIds: [deal.created_by], fulfillingPartnerId: deal.fulfilling_partner_id };
}

/** The deal, locked, when the caller acts for the partner that registered it (a fulfilling distributor only reads). */
export async function lockOwnDeal(trx: Trx, scope: Scope, dealId: number): Promise<Deal> {
  const deal = await lockDeal(trx, scope, dealId);
  requireHolder(scope, heldDeal(deal));
  return deal;
}

async function lockForReview(trx: Trx, scope: Scope, dealId: number): Promise<Deal> {
  const deal = await lockDeal(trx, scope, dealId);
  requireReviewer(scope, heldDeal(deal));
  return deal;
}

function requireStatus(deal: Deal, allowed: readonly DealStatus[]): void {
  if (!allowed.includes(deal.status)) throw new ValidationError({ form: "deals.errors.wrongStatus" });
}

async function setStatus(trx: Trx, actor: Actor, deal: Deal, status: DealStatus, event: string, changes: Partial<Record<string, unknown>> = {}, text?: string) {
  await trx
    .updateTable("deals")
    .set({ ...changes, status, updated_at: now() })
    .where("id", "=", deal.id)
    .$call(unscoped("the row was found and locked through the caller's scope above"))
    .execute();
  await recordDealEvent(trx, actor, { dealId: deal.id, partnerId: deal.partner_id, event, fromStatus: deal.status, toStatus: status, text });
}

/**
 * The transaction a submission runs in. READ COMMITTED, because the conflict search must see
 * registrations committed while this one waited for the customer's key lock; under MariaDB's
 * default REPEATABLE READ it would search the snapshot taken before the wait, and two partners
 * submitting at the same moment would both find nothing.
 */
export function submissionTransaction(db: DB) {
  return db.transaction().setIsolationLevel("read committed");
}

/**
 * Submits a locked draft: the customer's keys are locked first, so two partners submitting the
 * same customer at once are put in order, and the second finds the first as a conflict.
 */
export async function submitLocked(trx: Trx, actor: Actor, dealId: number): Promise<{ conflict: boolean }> {
  const deal = await trx
    .selectFrom("deals")
    .selectAll()
    .where("id", "=", dealId)
    .forUpdate()
    .$call(unscoped("the row was found and locked through the caller's scope above"))
    .executeTakeFirstOrThrow();
  await requireAgreementInForce(trx, deal.partner_id);
  const keys = matchKeys(deal);
  await trx
    .insertInto("deal_customer_keys")
    .values(keys.map((match_key) => ({ match_key })))
    .ignore()
    .execute();
  await trx.selectFrom("deal_customer_keys").select("match_key").where("match_key", "in", keys).orderBy("match_key").forUpdate().execute();

  const lines = await trx.selectFrom("deal_lines").select("product_line_id").distinct().where("deal_id", "=", dealId).execute();
  const at = now();
  const others = await trx
    .selectFrom("deals")
    .select(["id", "partner_id", "customer_key", "customer_domain"])
    .where("id", "!=", dealId)
    .where("partner_id", "!=", deal.partner_id)
    .where((eb) => eb.or([eb("customer_key", "=", deal.customer_key), ...(deal.customer_domain ? [eb("customer_domain", "=", deal.customer_domain)] : [])]))
    .where((eb) => eb.or([eb("status", "in", ["submitted", "more_info"]), eb.and([eb("status", "=", "approved"), eb("expires_at", ">", at)])]))
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("deal_lines")
          .select(sql`1`.as("one"))
          .whereRef("deal_lines.deal_id", "=", "deals.id")
          .where(
            "deal_lines.product_line_id",
            "in",
            lines.map((l) => l.product_line_id),
          ),
      ),
    )
    .$call(unscoped("conflicts are looked for across partners; a partner only learns 'already registered'"))
    .execute();
  if (others.length) {
    const matchedOn = (o: (typeof others)[number]): "name" | "domain" | "both" => {
      const name = o.customer_key === deal.customer_key;
      const domain = deal.customer_domain !== "" && o.customer_domain === deal.customer_domain;
      return name && domain ? "both" : name ? "name" : "domain";
    };
    const rows = others.flatMap((o) => [
      { deal_id: dealId, other_deal_id: o.id, matched_on: matchedOn(o), found_at: at },
      { deal_id: o.id, other_deal_id: dealId, matched_on: matchedOn(o), found_at: at },
    ]);
    await trx.insertInto("deal_conflicts").values(rows).ignore().execute();
    await trx
      .updateTable("deals")
      .set({ has_conflict: 1 })
      .where("id", "in", [dealId, ...others.map((o) => o.id)])
      .$call(unscoped("conflicting registrations of other partners are flagged for their reviewers"))
      .execute();
  }
  await setStatus(trx, actor, deal, "submitted", deal.status === "more_info" ? "resubmitted" : "submitted", { submitted_at: deal.submitted_at ?? at });
  await notifyUsers(trx, await managerOf(trx, deal.partner_id), {
    kind: "deal.submitted",
    title: {
      key: others.length ? "notifications.notice.dealSubmittedConflict" : "notifications.notice.dealSubmitted",
      params: { deal: dealId, customer: deal.customer_name },
    },
    link: `/deals/${dealId}`,
    body: { text: { key: "notifications.notice.dealSubmittedText", params: { name: deal.name } } },
  });
  return { conflict: others.length > 0 };
}

export async function submitDeal(db: DB, scope: Scope, actor: Actor, dealId: number): Promise<{ conflict: boolean }> {
  return submissionTransaction(db).execute(async (trx) => {
    const deal = await lockOwnDeal(trx, scope, dealId);
    requireStatus(deal, ["draft", "more_info"]);
    return submitLocked(trx, actor, dealId);
  });
}

async function noticeToPartner(trx: Trx, deal: Deal, kind: Notice["kind"], title: MessageKey, body: Notice["body"] = {}, params: NoticeParams = {}) {
  await notifyUsers(trx, await partnerRecipients(trx, deal.partner_id, deal.created_by), {
    kind,
    title: { key: title, params: { deal: deal.id, customer: deal.customer_name, ...params } },
    link: `/deals/${deal.id}`,
    body,
  });
}

/**
 * Approves: protects the customer for each of the deal's product lines (a second approval of
 * the same customer and line fails on the protection's unique key, races included), applies
 * the partner's tier discount to every line and starts the protection period.
 */
export async function approveDeal(db: DB, scope: Scope, actor: Actor, dealId: number): Promise<void> {
  // The approval and its notices are one transaction: refused by the cluster, it runs again.
  await retryRefused(() =>
    db.transaction().execute(async (trx) => {
      const deal = await lockForReview(trx, scope, dealId);
      requireStatus(deal, ["submitted"]);
      const lines = await trx
        .selectFrom("deal_lines")
        .select(["id", "product_line_id", "quantity", "unit_price"])
        .where("deal_id", "=", dealId)
        .orderBy("line_no")
        .execute();
      const productLines = [...new Set(lines.map((l) => l.product_line_id))];
      const held = await trx
        .selectFrom("deal_protections")
        .select("deal_id")
        .where("match_key", "in", matchKeys(deal))
        .where("product_line_id", "in", productLines)
        .where("deal_id", "!=", dealId)
        .executeTakeFirst();
      if (held) throw new ValidationError({ form: "deals.errors.alreadyProtected", otherDealId: String(held.deal_id) });
      try {
        await trx
          .insertInto("deal_protections")
          .values(matchKeys(deal).flatMap((match_key) => productLines.map((product_line_id) => ({ match_key, product_line_id, deal_id: dealId }))))
          .execute();
      } catch (error) {
        if ((error as { code?: string }).code === "ER_DUP_ENTRY") throw new ValidationError({ form: "deals.errors.alreadyProtected" });
        throw error;
      }
      const tier = await trx
        .selectFrom("partners")
        .innerJoin("tiers", "tiers.tier", "partners.tier")
        .select("tiers.deal_discount_pct")
        .where("partners.id", "=", deal.partner_id)
        .executeTakeFirstOrThrow();
      const pct = tier.deal_discount_pct;
      const discounted: string[] = [];
      for (const line of lines) {
        const unit = discountAmount(line.unit_price, pct);
        const total = multiplyAmount(unit, line.quantity);
        discounted.push(total);
        await trx.updateTable("deal_lines").set({ discounted_unit_price: unit, discounted_total: total }).where("id", "=", line.id).execute();
      }
      const { protectionDays } = await getDealSettings(trx);
      const at = now();
      await setStatus(trx, actor, deal, "approved", "approved", {
        decided_at: at,
        decided_by: actor.userId,
        discount_pct: pct,
        discounted_total: addAmounts("0.00", ...discounted),
        expires_at: new Date(at.getTime() + protectionDays * DAY_MS),
        reason: null,
      });
      await noticeToPartner(trx, deal, "deal.decided", "notifications.notice.dealApproved", {
        text: { key: "notifications.notice.dealApprovedText", params: { days: protectionDays, pct } },
      });
    }),
  );
}

export async function rejectDeal(db: DB, scope: Scope, actor: Actor, dealId: number, reason: string): Promise<void> {
  if (!reason.trim()) throw new ValidationError({ reason: "errors.required" });
  await db.transaction().execute(async (trx) => {
    const deal = await lockForReview(trx, scope, dealId);
    requireStatus(deal, ["submitted", "more_info"]);
    await setStatus(trx, actor, deal, "rejected", "rejected", { decided_at: now(), decided_by: actor.userId, reason }, reason);
    await noticeToPartner(trx, deal, "deal.decided", "notifications.notice.dealRejected", { note: reason });
  });
}

export async function askForMoreInfo(db: DB, scope: Scope, actor: Actor, dealId: number, question: string): Promise<void> {
  if (!question.trim()) throw new ValidationError({ question: "errors.required" });
  await db.transaction().execute(async (trx) => {
    const deal = await lockForReview(trx, scope, dealId);
    requireStatus(deal, ["submitted"]);
    await setStatus(trx, actor, deal, "more_info", "more_info", {}, question);
    await noticeToPartner(trx, deal, "deal.more_info", "notifications.notice.dealQuestion", { note: question });
  });
}

/** The partner answers the reviewer's question and submits again. */
export async function answerAndResubmit(db: DB, scope: Scope, actor: Actor, dealId: number, answer: string): Promise<{ conflict: boolean }> {
  if (!answer.trim()) throw new ValidationError({ answer: "errors.required" });
  return submissionTransaction(db).execute(async (trx) => {
    const deal = await lockOwnDeal(trx, scope, dealId);
    requireStatus(deal, ["more_info"]);
    await recordDealEvent(trx, actor, { dealId, partnerId: deal.partner_id, event: "message", text: answer });
    return submitLocked(trx, actor, dealId);
  });
}

export async function addDealMessage(db: DB, scope: Scope, actor: Actor, dealId: number, text: string): Promise<void> {
  if (!text.trim()) throw new ValidationError({ message: "errors.required" });
  await db.transaction().execute(async (trx) => {
    const deal = await lockDeal(trx, scope, dealId);
    if (scope.kind === "partner" && deal.partner_id !== scope.partnerId) forbidden();
    await recordDealEvent(trx, actor, { dealId, partnerId: deal.partner_id, event: "message", text });
  });
}

export async function withdrawDeal(db: DB, scope: Scope, actor: Actor, dealId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const deal = await lockOwnDeal(trx, scope, dealId);
    requireStatus(deal, ["draft", "submitted", "more_info"]);
    await setStatus(trx, actor, deal, "withdrawn", "withdrawn");
  });
}

/** Once per registration, while it is approved: the protection runs on by the extension days. */
export async function extendDeal(db: DB, scope: Scope, actor: Actor, dealId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const deal = await lockOwnDeal(trx, scope, dealId);
    requireStatus(deal, ["approved"]);
    if (deal.extension_requested_at) throw new ValidationError({ form: "deals.errors.extendedAlready" });
    const { extensionDays } = await getDealSettings(trx);
    const expires = new Date(deal.expires_at!.getTime() + extensionDays * DAY_MS);
    await trx
      .updateTable("deals")
      .set({ extension_requested_at: now(), expires_at: expires, reminded_14_at: null, reminded_3_at: null, updated_at: now() })
      .where("id", "=", dealId)
      .$call(unscoped("the row was found and locked through the caller's scope above"))
      .execute();
    await recordDealEvent(trx, actor, {
      dealId,
      partnerId: deal.partner_id,
      event: "extended",
      text: `Protected until ${expires.toISOString().slice(0, 10)} (+${extensionDays} days).`,
    });
    await notifyUsers(trx, await managerOf(trx, deal.partner_id), {
      kind: "deal.extended",
      title: { key: "notifications.notice.dealExtended", params: { deal: dealId, customer: deal.customer_name, days: extensionDays } },
      link: `/deals/${dealId}`,
    });
  });
}

/** Won (with the final amount) or lost (with a reason): the customer is free again. */
export async function closeDeal(
  db: DB,
  scope: Scope,
  actor: Actor,
  dealId: number,
  outcome: { won: true; finalAmount: string } | { won: false; reason: string },
): Promise<void> {
  if (outcome.won) {
    const amount = parseAmount(outcome.finalAmount);
    if (amount === null || compareAmounts(amount, "0.00") <= 0) throw new ValidationError({ finalAmount: "deals.errors.finalAmount" });
    outcome = { won: true, finalAmount: amount };
  } else if (!outcome.reason.trim()) throw new ValidationError({ lostReason: "errors.required" });
  await db.transaction().execute(async (trx) => {
    const deal = await lockOwnDeal(trx, scope, dealId);
    requireStatus(deal, ["approved"]);
    await trx.deleteFrom("deal_protections").where("deal_id", "=", dealId).execute();
    if (outcome.won) await setStatus(trx, actor, deal, "won", "won", { final_amount: outcome.finalAmount }, outcome.finalAmount);
    else await setStatus(trx, actor, deal, "lost", "lost", { reason: outcome.reason }, outcome.reason);
  });
}

/** Limits a deadline run to some deals (tests that move the clock touch only their own). */
interface DeadlineOptions {
  dealIds?: number[];
}

/** The deadlines job: approved registrations past their protection expire and free the customer. */
export const expireDeals = systemTask(
  "deal deadlines: every partner's registrations",
  async function expireDeals(db: DB, actor: Actor, options: DeadlineOptions = {}): Promise<number> {
    const due = await db
      .selectFrom("deals")
      .select("id")
      .where("status", "=", "approved")
      .where("expires_at", "<=", now())
      .$if(options.dealIds !== undefined, (q) => q.where("id", "in", options.dealIds!.length ? options.dealIds! : [0]))
      .limit(500)
      .$call(unscoped("the row was found and locked through the caller's scope above"))
      .execute();
    for (const { id } of due) {
      await db.transaction().execute(async (trx) => {
        const deal = await trx.selectFrom("deals").selectAll().where("id", "=", id).forUpdate().executeTakeFirstOrThrow();
        if (deal.status !== "approved" || deal.expires_at! > now()) return;
        await trx.deleteFrom("deal_protections").where("deal_id", "=", id).execute();
        await setStatus(trx, actor, deal, "expired", "expired");
        await noticeToPartner(trx, deal, "deal.expired", "notifications.notice.dealExpired", { text: { key: "notifications.notice.dealExpiredText" } });
      });
    }
    return due.length;
  },
);

/** Reminds owners 14 and 3 days before their protection ends, once each. */
export const remindExpiringDeals = systemTask(
  "deal deadlines: every partner's registrations",
  async function remindExpiringDeals(db: DB, options: DeadlineOptions = {}): Promise<number> {
    let sent = 0;
    for (const days of [3, 14] as const) {
      const column = days === 14 ? "reminded_14_at" : "reminded_3_at";
      const due = await db
        .selectFrom("deals")
        .selectAll()
        .where("status", "=", "approved")
        .where(column, "is", null)
        .where("expires_at", ">", now())
        .where("expires_at", "<=", new Date(now().getTime() + days * DAY_MS))
        .$if(options.dealIds !== undefined, (q) => q.where("id", "in", options.dealIds!.length ? options.dealIds! : [0]))
        .limit(500)
        .execute();
      for (const deal of due) {
        await db.transaction().execute(async (trx) => {
          const claimed = await trx
            .updateTable("deals")
            .set({ [column]: now(), ...(days === 3 ? { reminded_14_at: deal.reminded_14_at ?? now() } : {}) })
            .where("id", "=", deal.id)
            .where(column, "is", null)
            .executeTakeFirst();
          if (Number(claimed.numUpdatedRows) === 0) return;
          const date = deal.expires_at!.toISOString().slice(0, 10);
          await noticeToPartner(
            trx,
            deal,
            "deal.expiring",
            "notifications.notice.dealExpiring",
            { text: { key: "notifications.notice.dealExpiringText", params: { date } } },
            { date },
          );
          sent++;
        });
      }
    }
    return sent;
  },
);
