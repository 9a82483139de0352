// The product catalogue: SKU, name, product line, list price (exact decimal) and currency.
// Admins add and edit products one at a time or import a CSV; an import checks every row
// first and writes nothing unless all rows are good, reporting each bad row.
import { sql } from "kysely";
import { z } from "zod";
import { changedFields, recordAudit, type Actor } from "~/lib/audit.server";
import { forbidden, notFound } from "~/lib/http.server";
import { withUniqueChecks } from "~/lib/unique.server";
import { ValidationError, issuesToErrors, field } from "~/lib/forms";
import { now } from "~/lib/clock.server";
import { isCurrency, parseAmount } from "~/lib/money";
import { readImportCsv } from "~/lib/csv.server";
import { likePattern } from "~/lib/list-query";
import { forgetFilterChoices } from "./choices.server";
import type { Scope } from "~/lib/scope.server";
import type { DB } from "~/lib/db.server";

export const productSchema = z.object({
  sku: z
    .string({ required_error: "errors.required" })
    .trim()
    .min(1, "errors.required")
    .max(64, "errors.tooLong")
    .regex(/^[A-Za-z0-9][A-Za-z0-9._\/-]*$/, "errors.sku"),
  name: field.text(200),
  productLineId: field.id(),
  listPrice: z.string({ required_error: "errors.required" }).transform((v, ctx) => {
    const amount = parseAmount(v);
    if (amount === null || amount.startsWith("-")) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "errors.amount" });
      return z.NEVER;
    }
    return amount;
  }),
  currency: z.string().trim().toUpperCase().refine(isCurrency, "errors.currency"),
  active: z.preprocess((v) => v === "on" || v === "true" || v === "1" || v === true, z.boolean()).default(false),
});
export type ProductInput = z.output<typeof productSchema>;

export async function listProducts(db: DB, query: { q: string; productLineId: number | null; page: number; pageSize: number }) {
  let base = db.selectFrom("products").innerJoin("product_lines", "product_lines.id", "products.product_line_id");
  if (query.q) base = base.where((eb) => eb.or([eb("products.sku", "like", likePattern(query.q)), eb("products.name", "like", likePattern(query.q))]));
  if (query.productLineId) base = base.where("products.product_line_id", "=", query.productLineId);
  const [rows, total] = await Promise.all([
    base
      .select([
        "products.id",
        "products.sku",
        "products.name",
        "products.list_price",
        "products.currency",
        "products.active",
        "products.product_line_id",
        "product_lines.name as product_line_name",
        "product_lines.name_zh as product_line_name_zh",
      ])
      .orderBy("products.sku")
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    base.select(sql<number>`COUNT(*)`.as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export const productLineSchema = z.object({
  code: field.code(),
  name: field.text(100),
  nameZh: field.optionalText(100),
});
export type ProductLineInput = z.output<typeof productLineSchema>;

/** One product of the catalogue, for its edit page; 404 when there is none. */
export async function getProduct(db: DB, productId: number) {
  const product = await db.selectFrom("products").selectAll().where("id", "=", productId).executeTakeFirst();
  if (!product) notFound();
  return product;
}

export function listProductLines(db: DB) {
  return db.selectFrom("product_lines").select(["id", "code", "name", "name_zh"]).orderBy("name").execute();
}

/** Creates a product line (productLineId null) or renames one; its code stays unique. */
export async function saveProductLine(db: DB, scope: Scope, actor: Actor, productLineId: number | null, input: ProductLineInput): Promise<number> {
  if (scope.kind !== "admin") forbidden();
  const values = { code: input.code, name: input.name, name_zh: input.nameZh || null };
  const id = await withUniqueChecks(
    () =>
      db.transaction().execute(async (trx) => {
        const sameCode = await trx.selectFrom("product_lines").select("id").where("code", "=", input.code).executeTakeFirst();
        if (sameCode && sameCode.id !== productLineId) throw new ValidationError({ code: "errors.codeTaken" });
        if (productLineId === null) {
          const result = await trx.insertInto("product_lines").values(values).executeTakeFirstOrThrow();
          const id = Number(result.insertId);
          await recordAudit(trx, actor, { action: "product_line.create", entityType: "product_line", entityId: id, after: values });
          return id;
        }
        const current = await trx.selectFrom("product_lines").selectAll().where("id", "=", productLineId).forUpdate().executeTakeFirst();
        if (!current) notFound();
        await trx.updateTable("product_lines").set(values).where("id", "=", productLineId).execute();
        await recordAudit(trx, actor, {
          action: "product_line.update",
          entityType: "product_line",
          entityId: productLineId,
          ...changedFields(current, values),
        });
        return productLineId;
      }),
    { product_lines_code: { code: "errors.codeTaken" } },
  );
  forgetFilterChoices();
  return id;
}

function columns(input: ProductInput) {
  return {
    sku: input.sku,
    name: input.name,
    product_line_id: input.productLineId,
    list_price: input.listPrice,
    currency: input.currency,
    active: input.active ? 1 : 0,
  };
}

export async function saveProduct(db: DB, scope: Scope, actor: Actor, productId: number | null, input: ProductInput): Promise<number> {
  if (scope.kind !== "admin") forbidden();
  return withUniqueChecks(
    () =>
      db.transaction().execute(async (trx) => {
        const line = await trx.selectFrom("product_lines").select("id").where("id", "=", input.productLineId).executeTakeFirst();
        if (!line) throw new ValidationError({ productLineId: "errors.invalid" });
        const sameSku = await trx.selectFrom("products").select("id").where("sku", "=", input.sku).executeTakeFirst();
        if (sameSku && sameSku.id !== productId) throw new ValidationError({ sku: "errors.skuTaken" });
        const values = columns(input);
        if (productId === null) {
          const result = await trx.insertInto("products").values(values).executeTakeFirstOrThrow();
          const id = Number(result.insertId);
          await recordAudit(trx, actor, { action: "product.create", entityType: "product", entityId: id, after: values });
          return id;
        }
        const current = await trx.selectFrom("products").selectAll().where("id", "=", productId).forUpdate().executeTakeFirst();
        if (!current) notFound();
        await trx
          .updateTable("products")
          .set({ ...values, updated_at: now() })
          .where("id", "=", productId)
          .execute();
        await recordAudit(trx, actor, { action: "product.update", entityType: "product", entityId: productId, ...changedFields(current, values) });
        return productId;
      }),
    { products_sku: { sku: "errors.skuTaken" } },
  );
}

export interface ImportRowError {
  row: number;
  errors: string[];
}

export type ImportResult = { ok: true; created: number; updated: number } | { ok: false; fileError?: string; rowErrors: ImportRowError[] };

const REQUIRED_COLUMNS = ["sku", "name", "product_line", "list_price", "currency"];

/**
 * Imports products from CSV with columns sku, name, product_line (code, or English or Chinese name), list_price,
 * currency and optionally active. Existing SKUs are updated. All or nothing.
 */
export async function importProducts(db: DB, scope: Scope, actor: Actor, csvText: string): Promise<ImportResult> {
  if (scope.kind !== "admin") forbidden();
  const parsed = readImportCsv(csvText, REQUIRED_COLUMNS);
  if (!parsed.ok) return { ok: false, fileError: parsed.fileError, rowErrors: [] };

  const lines = await listProductLines(db);
  const lineByKey = new Map<string, number>();
  for (const l of lines) {
    lineByKey.set(l.code.toLowerCase(), l.id);
    lineByKey.set(l.name.toLowerCase(), l.id);
    if (l.name_zh) lineByKey.set(l.name_zh.toLowerCase(), l.id);
  }
  const rowErrors: ImportRowError[] = [];
  const inputs: ProductInput[] = [];
  const seen = new Map<string, number>();
  parsed.records.forEach((record, index) => {
    const rowNumber = index + 2; // the header is row 1
    const result = productSchema.safeParse({
      sku: record.sku,
      name: record.name,
      productLineId: lineByKey.get((record.product_line ?? "").toLowerCase()) ?? "",
      listPrice: record.list_price,
      currency: record.currency,
      active: record.active === undefined || record.active === "" ? "true" : record.active.toLowerCase(),
    });
    const lineName = (record.product_line ?? "").trim();
    const errors = result.success
      ? []
      : Object.entries(issuesToErrors(result.error.issues)).map(([f, m]) =>
          f === "productLineId" && lineName ? "product_line:errors.unknownProductLine" : `${f}:${m}`,
        );
    const skuKey = (record.sku ?? "").trim().toLowerCase();
    if (skuKey && seen.has(skuKey)) errors.push(`sku:errors.duplicateInFile:${seen.get(skuKey)}`);
    else if (skuKey) seen.set(skuKey, rowNumber);
    if (errors.length) rowErrors.push({ row: rowNumber, errors });
    else if (result.success) inputs.push(result.data);
  });
  if (rowErrors.length) return { ok: false, rowErrors };

  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom("products")
      .selectAll()
      .where(
        "sku",
        "in",
        inputs.map((i) => i.sku),
      )
      .forUpdate()
      .execute();
    const bySku = new Map(existing.map((p) => [p.sku.toLowerCase(), p]));
    let created = 0;
    let updated = 0;
    for (const input of inputs) {
      const values = columns(input);
      const current = bySku.get(input.sku.toLowerCase());
      if (current) {
        const diff = changedFields(current, values);
        if (Object.keys(diff.after).length === 0) continue;
        await trx
          .updateTable("products")
          .set({ ...values, updated_at: now() })
          .where("id", "=", current.id)
          .execute();
        await recordAudit(trx, actor, { action: "product.update", entityType: "product", entityId: current.id, ...diff });
        updated++;
      } else {
        const result = await trx.insertInto("products").values(values).executeTakeFirstOrThrow();
        await recordAudit(trx, actor, { action: "product.create", entityType: "product", entityId: Number(result.insertId), after: values });
        created++;
      }
    }
    await recordAudit(trx, actor, { action: "product.import", entityType: "product", after: { rows: inputs.length, created, updated } });
    return { ok: true as const, created, updated };
  });
}
