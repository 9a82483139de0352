// What the registration form needs around the module functions: the choices it offers, the
// values of a saved registration for editing, and turning a posted form into a saved deal or
// into field errors with everything that was typed.
import { data, redirect } from "@remix-run/node";
import { ValidationError, type FieldErrors, type FormValues } from "~/lib/forms";
import { currencyOfCountry } from "~/lib/money";
import { baseCurrency } from "~/modules/sell-through/exchange-rates.server";
import { listPriceIn, type LatestRates } from "./list-price";
import { readDealForm, saveDeal } from "./write.server";
import type { DB } from "~/lib/db.server";
import type { Scope } from "~/lib/scope.server";
import type { Actor } from "~/lib/audit.server";
import type { FormActionInput } from "~/lib/row-action.server";

export async function dealFormChoices(db: DB, scope: Extract<Scope, { kind: "partner" }>) {
  const [products, partner, rates, base] = await Promise.all([
    db
      .selectFrom("products")
      .innerJoin("product_lines", "product_lines.id", "products.product_line_id")
      .select([
        "products.id",
        "products.sku",
        "products.name",
        "products.list_price",
        "products.currency",
        "product_lines.name as product_line_name",
        "product_lines.name_zh as product_line_name_zh",
      ])
      .where("products.active", "=", 1)
      .orderBy("product_lines.name")
      .orderBy("products.sku")
      .execute(),
    db.selectFrom("partners").select(["type", "parent_id", "country"]).where("id", "=", scope.partnerId).executeTakeFirstOrThrow(),
    latestRates(db),
    baseCurrency(db),
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
  // A new deal starts in the partner's own currency, that of its country, else the vendor's.
  const currency = currencyOfCountry(partner.country) ?? base;
  return { products, distributors, parentDistributorId: partner.parent_id, currency, rates };
}

/** Each currency's most recent exchange rate, and the base currency's own (1). */
async function latestRates(db: DB): Promise<LatestRates> {
  const [rows, base] = await Promise.all([db.selectFrom("exchange_rates").select(["currency", "rate"]).orderBy("period", "desc").execute(), baseCurrency(db)]);
  const rates: LatestRates = { [base]: "1" };
  for (const row of rows) rates[row.currency] ??= String(row.rate);
  return rates;
}

/**
 * The form as posted, with each line that names a product but no price given the product's
 * list price in the deal's currency: what the form's script fills in, for a browser without it.
 */
async function withListPrices(db: DB, formData: FormData): Promise<FormData> {
  const products = formData.getAll("lineProduct").map(String);
  const prices = formData.getAll("linePrice").map(String);
  const wanted = products.map(Number).filter((id, i) => Number.isInteger(id) && id > 0 && !(prices[i] ?? "").trim());
  if (wanted.length === 0) return formData;
  const [catalogue, rates] = await Promise.all([
    db.selectFrom("products").select(["id", "list_price", "currency"]).where("id", "in", wanted).where("active", "=", 1).execute(),
    latestRates(db),
  ]);
  const byId = new Map(catalogue.map((p) => [String(p.id), p]));
  const currency = String(formData.get("currency") ?? "");
  const filled = new FormData();
  for (const [name, value] of formData) if (name !== "linePrice") filled.append(name, value);
  for (let i = 0; i < Math.max(products.length, prices.length); i++) {
    const typed = prices[i] ?? "";
    const listed = byId.get((products[i] ?? "").trim());
    filled.append("linePrice", !typed.trim() && listed ? (listPriceIn(listed, currency, rates) ?? "") : typed);
  }
  return filled;
}

export type DealFormOutcome = { ok: true; id: number; submitted: boolean; conflict: boolean } | { ok: false; errors: FieldErrors; values: FormValues };

export async function saveDealForm(db: DB, scope: Scope, actor: Actor, formData: FormData, dealId?: number): Promise<DealFormOutcome> {
  const parsed = readDealForm(await withListPrices(db, formData));
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

/**
 * The action of the registration form, new (no `dealId`) or saved: the deal's page, or the
 * form again with its errors, everything typed and the list prices filled in.
 */
export async function answerDealForm({ db, scope, actor, form, intent }: FormActionInput, dealId?: number) {
  const outcome = await saveDealForm(db, scope, actor, form, dealId);
  if (!outcome.ok) return data({ intent, errors: outcome.errors, values: outcome.values }, { status: 400 });
  return redirect(`/deals/${outcome.id}?${outcome.submitted ? (outcome.conflict ? "submitted=conflict" : "submitted=1") : "saved=1"}`);
}
