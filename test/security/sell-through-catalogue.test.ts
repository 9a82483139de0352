// The catalogue lookup (app/routes/_app.sell-through.catalogue.tsx and
// app/routes/sell-through.catalogue[.json].ts): only for people signed in, and nothing of any
// partner in its answers: a distributor's own SKU names (aliases) are not the catalogue, and
// what a product costs is not part of a suggestion.
import { beforeAll, describe, expect, it } from "vitest";
import { PortalClient, signedIn } from "../support/client";
import { db, partnerByCode, uniqueCode } from "../support/db";

const alias = uniqueCode("SECRETALIAS");

beforeAll(async () => {
  const pacific = await partnerByCode("PCS");
  const product = await db().selectFrom("products").select("id").where("sku", "=", "NET-SW24").executeTakeFirstOrThrow();
  await db().insertInto("sku_aliases").values({ distributor_id: pacific.id, alias, product_id: product.id }).execute();
});

describe("the catalogue lookup", () => {
  it.each(["/sell-through/catalogue.json?q=NET", "/sell-through/catalogue?q=NET"])("sends anonymous visitors of %s to sign in", async (path) => {
    const response = await new PortalClient().get(path);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/login/);
    expect(await response.text()).not.toContain("NET-SW24");
  });

  it.each(["distributor@example.com", "reseller@example.com", "rep@example.com", "manager@example.com"])(
    "answers %s with the catalogue's SKU, name and product line only",
    async (email) => {
      const client = await signedIn(email);
      const response = await client.get("/sell-through/catalogue.json?q=net-sw24");
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toContain("no-store");
      const answer = (await response.json()) as { matches: Record<string, unknown>[] };
      expect(answer.matches).toEqual([{ sku: "NET-SW24", name: "Access switch 24-port PoE", productLine: "Networking", productLineZh: "网络" }]);
    },
  );

  it.each(["other@example.com", "distributor@example.com"])("does not find a distributor's own SKU names for %s", async (email) => {
    const client = await signedIn(email);
    const json = await client.get(`/sell-through/catalogue.json?q=${alias}`);
    expect(await json.json()).toEqual({ matches: [] });
    const page = await client.get(`/sell-through/catalogue?q=${alias}`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain("Access switch 24-port PoE");
  });
});
