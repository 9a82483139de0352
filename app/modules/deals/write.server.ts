// A partner's registration as typed: validated line by line, saved as a draft or submitted.
// Totals are computed here from the lines, in exact cents, so the database and the screen
// always agree with the sum of the line items.
import { z } from "zod";
import { leadFilter, type Scope } from "~/lib/scope.server";
import { ValidationError, field, formValues, issuesToErrors, type FieldErrors, type FormValues } from "~/lib/forms";
import { forbidden } from "~/lib/http.server";
import { now } from "~/lib/clock.server";
import { addAmounts, compareAmounts, isCurrency, multiplyAmount, parseAmount } from "~/lib/money";
import { getDealSettings } from "~/modules/settings/portal-settings.server";
import { customerDomain, customerKey } from "./customer";
import { lockOwnDeal, recordDealEvent, submissionTransaction, submitLocked } from "./lifecycle.server";
import type { Transaction } from "kysely";
import type { Database } from "../../../db/types";
import type { DB } from "~/lib/db.server";
import type { Actor } from "~/lib/audit.server";

export const MAX_DEAL_LINES = 50;

export interface DealLineInput {
  productId: number;
  quantity: number;
  unitPrice: string;
}

export interface DealInput {
  name: string;
  customerName: string;
  customerDomain: string;
  customerCountry: string;
  currency: string;
  expectedCloseDate: string;
  competitors: string;
  notes: string;
  fulfillingPartnerId: number | null;
  sourceLeadId: number | null;
  lines: DealLineInput[];
}

const headerSchema = z.object({
  name: field.text(200),
  customerName: field.text(200),
  customerDomain: field.optionalText(253),
  customerCountry: field.country(),
  currency: z.string().trim().toUpperCase().refine(isCurrency, "errors.choose"),
  expectedCloseDate: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "deals.errors.date"),
  competitors: field.optionalText(500),
  notes: field.optionalText(5000),
  fulfillingPartnerId: field.optionalId(),
  sourceLeadId: field.optionalId(),
});

/** The form's repeated line fields, in order; a line left wholly empty is skipped. */
export const LINE_FIELDS = ["lineProduct", "lineQuantity", "linePrice"] as const;

export function lineErrorKey(index: number, part: "product" | "quantity" | "price"): string {
  return `line-${index}-${part}`;
}

function isCalendarDay(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Reads the deal form; every problem comes back keyed by its field, with what was typed. */
export function readDealForm(formData: FormData): { ok: true; data: DealInput; values: FormValues } | { ok: false; errors: FieldErrors; values: FormValues } {
  const values = formValues(formData, LINE_FIELDS);
  const errors: FieldErrors = {};
  const header = headerSchema.safeParse(values);
  if (!header.success) Object.assign(errors, issuesToErrors(header.error.issues));
  const domain = customerDomain(String(values.customerDomain ?? ""));
  if (domain === null) errors.customerDomain = "deals.errors.domain";
  const close = String(values.expectedCloseDate ?? "").trim();
  if (!errors.expectedCloseDate && !isCalendarDay(close)) errors.expectedCloseDate = "deals.errors.date";
  else if (!errors.expectedCloseDate && close < now().toISOString().slice(0, 10)) errors.expectedCloseDate = "deals.errors.closeInPast";

  const products = values.lineProduct as string[];
  const quantities = values.lineQuantity as string[];
  const prices = values.linePrice as string[];
  const lines: DealLineInput[] = [];
  for (let i = 0; i < Math.max(products.length, quantities.length, prices.length); i++) {
    const product = (products[i] ?? "").trim();
    const quantity = (quantities[i] ?? "").trim();
    const price = (prices[i] ?? "").trim();
    if (!product && !quantity && !price) continue;
    const productId = Number(product);
    if (!product || !Number.isInteger(productId) || productId <= 0) errors[lineErrorKey(i, "product")] = "deals.errors.product";
    const qty = Number(quantity);
    if (!/^-?\d+$/.test(quantity)) errors[lineErrorKey(i, "quantity")] = "errors.wholeNumber";
    else if (qty <= 0) errors[lineErrorKey(i, "quantity")] = "deals.errors.quantity";
    else if (qty > 1_000_000) errors[lineErrorKey(i, "quantity")] = "errors.tooLarge";
    const unitPrice = parseAmount(price);
    if (unitPrice === null) errors[lineErrorKey(i, "price")] = "errors.amount";
    else if (compareAmounts(unitPrice, "0.00") < 0) errors[lineErrorKey(i, "price")] = "deals.errors.negativePrice";
    lines.push({ productId, quantity: qty, unitPrice: unitPrice ?? "0.00" });
  }
  if (lines.length === 0) errors.lines = "deals.errors.noLines";
  if (lines.length > MAX_DEAL_LINES) errors.lines = "deals.errors.tooManyLines";
  if (Object.keys(errors).length > 0 || !header.success) return { ok: false, errors, values };
  return { ok: true, values, data: { ...header.data, customerDomain: domain ?? "", lines } };
}

function requirePartner(scope: Scope): asserts scope is Extract<Scope, { kind: "partner" }> {
  if (scope.kind !== "partner") forbidden();
}

/** Checks what only the database knows: products, the fulfilling distributor, the lead. */
async function checkReferences(trx: Transaction<Database>, scope: Extract<Scope, { kind: "partner" }>, input: DealInput) {
  const errors: FieldErrors = {};
  const partner = await trx.selectFrom("partners").select(["status", "parent_id"]).where("id", "=", scope.partnerId).executeTakeFirstOrThrow();
  if (partner.status !== "active") throw new ValidationError({ form: "deals.errors.partnerNotActive" });
  const ids = [...new Set(input.lines.map((l) => l.productId))];
  const products = await trx.selectFrom("products").select(["id", "product_line_id"]).where("id", "in", ids).where("active", "=", 1).execute();
  const lineOf = new Map(products.map((p) => [p.id, p.product_line_id]));
  input.lines.forEach((l, i) => {
    if (!lineOf.has(l.productId)) errors[lineErrorKey(i, "product")] = "deals.errors.product";
  });
  // Only the reseller's own distributor fulfils its deals (two-tier): naming any other would
  // let an unrelated distributor read the registration.
  if (input.fulfillingPartnerId !== null) {
    const distributor = await trx
      .selectFrom("partners")
      .select("id")
      .where("id", "=", input.fulfillingPartnerId)
      .where("id", "=", partner.parent_id ?? 0)
      .where("type", "=", "distributor")
      .where("status", "=", "active")
      .executeTakeFirst();
    if (!distributor) errors.fulfillingPartnerId = "deals.errors.distributor";
  }
  if (input.sourceLeadId !== null) {
    const lead = await trx
      .selectFrom("leads")
      .select("id")
      .where("id", "=", input.sourceLeadId)
      .where("partner_id", "=", scope.partnerId)
      .where(leadFilter(scope))
      .executeTakeFirst();
    if (!lead) errors.sourceLeadId = "deals.errors.lead";
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return lineOf;
}

/**
 * Saves a new registration or a draft / returned one being edited, and submits it when asked.
 * Everything happens in one transaction: a bad line leaves nothing saved.
 */
export async function saveDeal(
  db: DB,
  scope: Scope,
  actor: Actor,
  input: DealInput,
  options: { dealId?: number; submit: boolean },
): Promise<{ id: number; conflict: boolean }> {
  requirePartner(scope);
  const domain = customerDomain(input.customerDomain);
  if (domain === null) throw new ValidationError({ customerDomain: "deals.errors.domain" });
  const lineTotals = input.lines.map((l) => multiplyAmount(l.unitPrice, l.quantity));
  const total = addAmounts("0.00", ...lineTotals);
  if (options.submit) {
    const { minValue } = await getDealSettings(db);
    if (compareAmounts(total, minValue) < 0) throw new ValidationError({ lines: "deals.errors.belowMinimum", minValue });
  }
  return submissionTransaction(db).execute(async (trx) => {
    const lineOf = await checkReferences(trx, scope, input);
    const at = now();
    const columns = {
      name: input.name,
      customer_name: input.customerName,
      customer_key: customerKey(input.customerName),
      customer_domain: domain,
      customer_country: input.customerCountry,
      currency: input.currency,
      total_amount: total,
      expected_close_date: input.expectedCloseDate,
      competitors: input.competitors,
      notes: input.notes || null,
      fulfilling_partner_id: input.fulfillingPartnerId,
      source_lead_id: input.sourceLeadId,
      updated_at: at,
    };
    let id: number;
    if (options.dealId) {
      const deal = await lockOwnDeal(trx, scope, options.dealId);
      if (deal.status !== "draft" && deal.status !== "more_info") throw new ValidationError({ form: "deals.errors.notEditable" });
      id = deal.id;
      await trx.updateTable("deals").set(columns).where("id", "=", id).execute();
      await trx.deleteFrom("deal_lines").where("deal_id", "=", id).execute();
      await recordDealEvent(trx, actor, { dealId: id, partnerId: scope.partnerId, event: "edited" });
    } else {
      const result = await trx
        .insertInto("deals")
        .values({ ...columns, partner_id: scope.partnerId, created_by: scope.userId, status: "draft", created_at: now() })
        .executeTakeFirstOrThrow();
      id = Number(result.insertId);
      await recordDealEvent(trx, actor, { dealId: id, partnerId: scope.partnerId, event: "created", toStatus: "draft" });
    }
    await trx
      .insertInto("deal_lines")
      .values(
        input.lines.map((l, i) => ({
          deal_id: id,
          line_no: i + 1,
          product_id: l.productId,
          product_line_id: lineOf.get(l.productId)!,
          quantity: l.quantity,
          unit_price: l.unitPrice,
          line_total: lineTotals[i],
        })),
      )
      .execute();
    if (!options.submit) return { id, conflict: false };
    const { conflict } = await submitLocked(trx, actor, id);
    return { id, conflict };
  });
}
