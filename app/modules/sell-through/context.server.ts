// What checking a distributor's rows needs from the database, loaded once per file: the
// catalogue's SKUs with the distributor's own aliases, the resellers it may name (by code,
// name or the distributor's alias), the names it answered "a direct sale", and the approved deal registrations its lines may follow.
import { unscoped } from "~/lib/scope-guard.server";
import { newCellMemos, type ValidationContext } from "./validate.server";
import type { DB } from "~/lib/db.server";

export async function loadValidationContext(
  db: DB,
  distributorId: number,
  options: Pick<ValidationContext, "period" | "decimalComma" | "header">,
): Promise<ValidationContext> {
  const [products, skuAliases, resellers, resellerAliases, directSales, deals] = await Promise.all([
    db.selectFrom("products").select(["id", "sku"]).execute(),
    db.selectFrom("sku_aliases").select(["alias", "product_id"]).where("distributor_id", "=", distributorId).execute(),
    db.selectFrom("partners").select(["id", "code", "name"]).where("type", "in", ["reseller", "agent"]).execute(),
    db.selectFrom("reseller_aliases").select(["alias", "reseller_id"]).where("distributor_id", "=", distributorId).execute(),
    db
      .selectFrom("sell_through_direct_sale_names")
      .select("name_key")
      .where("partner_id", "=", distributorId)
      .$call(unscoped("the distributor's own answers, for checking its rows; the caller found the distributor through the scope"))
      .execute(),
    db
      .selectFrom("deals")
      .select(["id", "partner_id", "customer_key"])
      .where("status", "in", ["approved", "won"])
      .where("customer_key", "<>", "")
      .orderBy("id")
      .$call(unscoped("lines are matched against every partner's approved registrations; nothing of them is shown"))
      .execute(),
  ]);
  const productBySku = new Map<string, number>();
  for (const p of products) productBySku.set(p.sku.toUpperCase(), p.id);
  // The distributor's own names win over the catalogue's: it mapped them on purpose.
  for (const a of skuAliases) productBySku.set(a.alias.toUpperCase(), a.product_id);
  const resellerByName = new Map<string, number>();
  for (const r of resellers) {
    resellerByName.set(r.code.toLowerCase(), r.id);
    resellerByName.set(r.name.toLowerCase(), r.id);
  }
  for (const a of resellerAliases) resellerByName.set(a.alias.toLowerCase(), a.reseller_id);
  const dealByResellerCustomer = new Map<string, number>();
  // The earliest registration of a customer is the one its sales follow.
  for (const d of deals) {
    const key = `${d.partner_id}\u0000${d.customer_key}`;
    if (!dealByResellerCustomer.has(key)) dealByResellerCustomer.set(key, d.id);
  }
  return {
    ...options,
    productBySku,
    resellerByName,
    directSaleNames: new Set(directSales.map((d) => d.name_key)),
    dealByResellerCustomer,
    customerKeys: { last: "", lastKey: "", byName: new Map() },
    cells: newCellMemos(),
  };
}
