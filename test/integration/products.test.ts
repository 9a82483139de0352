// The product catalogue import: every bad row is reported with its row number, and nothing is
// saved unless every row is good.
import { describe, expect, it } from "vitest";
import { importProducts } from "~/modules/settings/products.server";
import { db, scopeOf, uniqueCode, userByEmail } from "../support/db";

async function admin() {
  const user = await userByEmail("admin@example.com");
  return { scope: await scopeOf("admin@example.com"), actor: { userId: user.id, email: user.email, ip: null } };
}

describe("product CSV import", () => {
  it("creates and updates products from a semicolon CSV with a BOM, keeping prices exact", async () => {
    const { scope, actor } = await admin();
    const sku = uniqueCode("SKU");
    const csv = `\uFEFFsku;name;product_line;list_price;currency\r\n${sku};Fibre patch kit;NET;1234567.89;EUR\r\nNET-SW24;Access switch 24-port PoE;Networking;1290.00;USD\r\n`;
    const result = await importProducts(db(), scope, actor, csv);
    expect(result).toMatchObject({ ok: true, created: 1 });
    const product = await db().selectFrom("products").selectAll().where("sku", "=", sku).executeTakeFirstOrThrow();
    expect(product.list_price).toBe("1234567.89");
    expect(product.currency).toBe("EUR");
  });

  it("reports each bad row and saves nothing", async () => {
    const { scope, actor } = await admin();
    const good = uniqueCode("OK");
    const csv = [
      "sku,name,product_line,list_price,currency",
      `${good},Good one,STO,10.00,USD`,
      `,No SKU,STO,10.00,USD`,
      `${uniqueCode("B")},Bad price,STO,12.345,USD`,
      `${uniqueCode("C")},Bad line,NOPE,1.00,USD`,
      `${good},Twice,STO,1.00,XXX`,
    ].join("\n");
    const result = await importProducts(db(), scope, actor, csv);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rowErrors.map((r) => r.row)).toEqual([3, 4, 5, 6]);
    expect(result.rowErrors[0].errors).toContain("sku:errors.required");
    expect(result.rowErrors[1].errors).toContain("listPrice:errors.amount");
    expect(result.rowErrors[2].errors).toContain("product_line:errors.unknownProductLine");
    expect(result.rowErrors[3].errors).toEqual(expect.arrayContaining(["currency:errors.currency", "sku:errors.duplicateInFile:2"]));
    expect(await db().selectFrom("products").select("id").where("sku", "=", good).executeTakeFirst()).toBeUndefined();
  });

  it("says which columns a file lacks", async () => {
    const { scope, actor } = await admin();
    expect(await importProducts(db(), scope, actor, "sku,name\nA,B\n")).toEqual({
      ok: false,
      fileError: "errors.importColumns:product_line, list_price, currency",
      rowErrors: [],
    });
    expect(await importProducts(db(), scope, actor, "sku,name,product_line,list_price,currency\n")).toEqual({
      ok: false,
      fileError: "errors.importEmpty",
      rowErrors: [],
    });
  });
});
