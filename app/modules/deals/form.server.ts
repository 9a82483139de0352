// What the registration form needs around the module functions: the choices it offers, the
// values of a saved registration for editing, and turning a posted form into a saved deal or
// into field errors with everything that was typed.
import { ValidationError, type FieldErrors, type FormValues } from "~/lib/forms";
import { readDealForm, saveDeal } from "./write.server";
import type { DB } from "~/lib/db.server";
import type { Scope } from "~/lib/scope.server";
import type { Actor } from "~/lib/audit.server";

export async function dealFormChoices(db: DB, scope: Extract<Scope, { kind: "partner" }>) {
  const [products, partner] = await Promise.all([
    db
      .selectFrom("products")
      .innerJoin("product_lines", "product_lines.id", "products.product_line_id")
      .select(["products.id", "products.sku", "products.name", "products.list_price", "products.currency", "product_lines.name as product_line_name"])
      .where("products.active", "=", 1)
      .orderBy("product_lines.name")
      .orderBy("products.sku")
      .execute(),
    db.selectFrom("partners").select(["type", "parent_id"]).where("id", "=", scope.partnerId).executeTakeFirstOrThrow(),
  ]);
  // Only a reseller under a distributor names one to fulfil its deal (two-tier): its own.
  const distributors =
    partner.type === "reseller" && partner.parent_id !== null
      ? await db
          .selectFrom("partners")
          .select(["id", "name"])
          .where("id", "=", partner.parent_id)
          .where("type", "=", "distributor")
          .where("status", "=", "active")
          .execute()
      : [];
  return { products, distributors, parentDistributorId: partner.parent_id };
}

export type DealFormOutcome = { ok: true; id: number; submitted: boolean; conflict: boolean } | { ok: false; errors: FieldErrors; values: FormValues };

export async function saveDealForm(db: DB, scope: Scope, actor: Actor, formData: FormData, dealId?: number): Promise<DealFormOutcome> {
  const parsed = readDealForm(formData);
  if (!parsed.ok) return parsed;
  const submit = formData.get("intent") === "submit";
  try {
    const { id, conflict } = await saveDeal(db, scope, actor, parsed.data, { dealId, submit });
    return { ok: true, id, submitted: submit, conflict };
  } catch (error) {
    if (error instanceof ValidationError) return { ok: false, errors: error.errors, values: parsed.values };
    throw error;
  }
}
