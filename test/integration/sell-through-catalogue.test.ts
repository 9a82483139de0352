// The catalogue lookup of the report forms (searchCatalogue, behind /sell-through/catalogue and
// its JSON for SKU suggestions), against the real database: SKU prefixes and words of names in
// any letter case, active products only, typed wildcards taken literally, a bounded answer.
import { beforeAll, describe, expect, it } from "vitest";
import { CATALOGUE_MATCHES, productNamesBySku, searchCatalogue } from "~/modules/sell-through/catalogue.server";
import { db, partnerByCode, uniqueCode } from "../support/db";

const prefix = uniqueCode("CAT");

beforeAll(async () => {
  const line = await db().selectFrom("product_lines").select(["id", "name"]).orderBy("id").executeTakeFirstOrThrow();
  await db()
    .insertInto("products")
    .values([
      { sku: `${prefix}-A`, name: `Quantum zebra router ${prefix}`, product_line_id: line.id, list_price: "10.00", currency: "USD", active: 1 },
      { sku: `${prefix}-B`, name: `Zebra-free ${prefix} switch`, product_line_id: line.id, list_price: "20.00", currency: "USD", active: 1 },
      { sku: `${prefix}-OLD`, name: `Quantum zebra router ${prefix} (retired)`, product_line_id: line.id, list_price: "5.00", currency: "USD", active: 0 },
    ])
    .execute();
  // More products of one SKU prefix than an answer holds.
  await db()
    .insertInto("products")
    .values(
      Array.from({ length: CATALOGUE_MATCHES + 2 }, (_, i) => ({
        sku: `${prefix}X-${String(i).padStart(2, "0")}`,
        name: `Filler ${i}`,
        product_line_id: line.id,
        list_price: "1.00",
        currency: "USD",
        active: 1,
      })),
    )
    .execute();
});

describe("searchCatalogue", () => {
  it("finds active products by the start of the SKU in any letter case, with name and product line", async () => {
    const line = await db().selectFrom("product_lines").select(["name", "name_zh"]).orderBy("id").executeTakeFirstOrThrow();
    const matches = await searchCatalogue(db(), `${prefix.toLowerCase()}-`, 5);
    expect(matches).toEqual([
      { sku: `${prefix}-A`, name: `Quantum zebra router ${prefix}`, productLine: line.name, productLineZh: line.name_zh },
      { sku: `${prefix}-B`, name: `Zebra-free ${prefix} switch`, productLine: line.name, productLineZh: line.name_zh },
    ]);
  });

  it("finds products whose name has a word starting with each word typed, in any order", async () => {
    expect((await searchCatalogue(db(), `ROUT quant ${prefix}`)).map((m) => m.sku)).toEqual([`${prefix}-A`]);
    // "antum" is inside a word, not at its start.
    expect(await searchCatalogue(db(), `antum ${prefix}`)).toEqual([]);
  });

  it("takes typed wildcards literally and answers nothing for nothing typed", async () => {
    expect(await searchCatalogue(db(), "%")).toEqual([]);
    expect(await searchCatalogue(db(), `${prefix.slice(0, -1)}_`)).toEqual([]);
    expect(await searchCatalogue(db(), "   ")).toEqual([]);
  });

  it("lists SKU matches before name matches, and never more than asked or than the bound", async () => {
    // "NET-SW" starts SKUs of the demo catalogue; the words also appear in no name.
    const bySku = await searchCatalogue(db(), "net-sw");
    expect(bySku.map((m) => m.sku)).toEqual(["NET-SW24", "NET-SW48"]);
    expect(await searchCatalogue(db(), `${prefix}-`, 1)).toHaveLength(1);
    expect(await searchCatalogue(db(), `${prefix}x`, 1000)).toHaveLength(CATALOGUE_MATCHES);
  });
});

describe("productNamesBySku", () => {
  it("names the catalogue's SKUs and the distributor's own, not another distributor's, and leaves the unknown out", async () => {
    const [northwind, pacific] = [await partnerByCode("NWD"), await partnerByCode("PCS")];
    const product = await db().selectFrom("products").select("id").where("sku", "=", `${prefix}-B`).executeTakeFirstOrThrow();
    const own = `${prefix}-OWN`;
    await db().insertInto("sku_aliases").values({ distributor_id: northwind.id, alias: own, product_id: product.id }).execute();
    const skus = [`${prefix.toLowerCase()}-a `, own, "NO-SUCH-SKU", ""];
    expect(await productNamesBySku(db(), northwind.id, skus)).toEqual({
      [`${prefix.toLowerCase()}-a`]: `Quantum zebra router ${prefix}`,
      [own]: `Zebra-free ${prefix} switch`,
    });
    expect(await productNamesBySku(db(), pacific.id, skus)).toEqual({ [`${prefix.toLowerCase()}-a`]: `Quantum zebra router ${prefix}` });
  });
});
