// The vendor's catalogue as a distributor looks it up while reporting: active products whose
// SKU starts with what was typed, or whose name has a word starting with each word typed, in
// any letter case. The catalogue is the vendor's and every signed-in user may read it; no
// partner's data (aliases, lines, prices agreed) is part of an answer.
import { sql } from "kysely";
import type { DB } from "~/lib/db.server";

/** At most this many matches: suggestions while typing, not a listing of the catalogue. */
export const CATALOGUE_MATCHES = 20;
/** The words of a query looked at; more would only narrow an already narrow search. */
const MAX_WORDS = 5;
const MAX_QUERY = 100;

export interface CatalogueMatch {
  sku: string;
  name: string;
  productLine: string;
  /** The product line's Chinese name, when the admin entered one (shown through referenceName). */
  productLineZh: string | null;
}

/** LIKE's wildcards in typed text taken literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => "\\" + c);
}

/** Matching active products, those whose SKU starts with the query first, then by SKU. */
export async function searchCatalogue(db: DB, query: string, limit: number = CATALOGUE_MATCHES): Promise<CatalogueMatch[]> {
  const text = query.trim().slice(0, MAX_QUERY);
  if (!text) return [];
  const words = text.split(/\s+/).slice(0, MAX_WORDS).map(escapeLike);
  const skuPrefix = `${escapeLike(text)}%`;
  // The column's collation (utf8mb4_unicode_ci) makes LIKE ignore letter case.
  return db
    .selectFrom("products")
    .innerJoin("product_lines", "product_lines.id", "products.product_line_id")
    .select(["products.sku", "products.name", "product_lines.name as productLine", "product_lines.name_zh as productLineZh"])
    .where("products.active", "=", 1)
    .where((eb) =>
      eb.or([
        eb("products.sku", "like", skuPrefix),
        eb.and(words.map((word) => eb.or([eb("products.name", "like", `${word}%`), eb("products.name", "like", `% ${word}%`)]))),
      ]),
    )
    .orderBy(sql`products.sku LIKE ${skuPrefix}`, "desc")
    .orderBy("products.sku")
    .limit(Math.max(1, Math.min(limit, CATALOGUE_MATCHES)))
    .execute();
}

/**
 * The product names of SKUs as the distributor writes them (the catalogue's SKUs and its own
 * aliases, which win, as in the check), by the SKU as given; SKUs nobody knows are left out.
 * For showing a file's lines beside what they are; the caller found the distributor through the scope.
 */
export async function productNamesBySku(db: DB, distributorId: number, skus: readonly string[]): Promise<Record<string, string>> {
  const wanted = [...new Set(skus.map((sku) => sku.trim()).filter(Boolean))];
  if (wanted.length === 0) return {};
  const [products, aliases] = await Promise.all([
    db.selectFrom("products").select(["sku", "name"]).where("sku", "in", wanted).execute(),
    db
      .selectFrom("sku_aliases")
      .innerJoin("products", "products.id", "sku_aliases.product_id")
      .select(["sku_aliases.alias as sku", "products.name"])
      .where("sku_aliases.distributor_id", "=", distributorId)
      .where("sku_aliases.alias", "in", wanted)
      .execute(),
  ]);
  const byKey = new Map<string, string>();
  for (const row of [...products, ...aliases]) byKey.set(row.sku.toUpperCase(), row.name);
  return Object.fromEntries(wanted.filter((sku) => byKey.has(sku.toUpperCase())).map((sku) => [sku, byKey.get(sku.toUpperCase())!]));
}
