// The registration form starts from what the portal knows: the deal in the partner's own
// currency, and a chosen product's list price as the line's unit price (in the deal's
// currency at the latest exchange rate), which the partner may change. Without JavaScript
// the server fills a price left empty the same way.
import { describe, expect, it } from "vitest";
import { dealFormChoices, saveDealForm } from "~/modules/deals/form.server";
import { listPriceIn } from "~/modules/deals/list-price";
import { getDeal } from "~/modules/deals/read.server";
import { db, scopeOf, uniqueCode, userByEmail } from "../support/db";

async function reseller() {
  const user = await userByEmail("reseller@example.com");
  const scope = await scopeOf("reseller@example.com");
  if (scope.kind !== "partner") throw new Error("reseller@example.com is a partner user");
  return { scope, actor: { userId: user.id, email: user.email, ip: null } };
}

function form(currency: string, lines: [string, string, string][]): FormData {
  const code = uniqueCode("LP").toLowerCase();
  const data = new FormData();
  const fields = {
    name: `List price ${code}`,
    customerName: `List ${code} GmbH`,
    customerDomain: `${code}.example.de`,
    customerCountry: "DE",
    currency,
    expectedCloseDate: new Date(Date.now() + 60 * 24 * 3600 * 1000).toISOString().slice(0, 10),
    competitors: "",
    notes: "",
    intent: "draft",
  };
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  for (const [product, quantity, price] of lines) {
    data.append("lineProduct", product);
    data.append("lineQuantity", quantity);
    data.append("linePrice", price);
  }
  return data;
}

describe("the deal registration form", () => {
  it("starts in the partner's currency: a German reseller's deal is in euros", async () => {
    const { scope } = await reseller();
    expect((await dealFormChoices(db(), scope)).currency).toBe("EUR");
  });

  it("fills a price left empty with the product's list price, and keeps a price the partner typed", async () => {
    const { scope, actor } = await reseller();
    const [first, second] = await db().selectFrom("products").select(["id", "list_price", "currency"]).where("active", "=", 1).orderBy("id").limit(2).execute();
    const outcome = await saveDealForm(
      db(),
      scope,
      actor,
      form(first.currency, [
        [String(first.id), "2", ""],
        [String(second.id), "1", "12.50"],
      ]),
    );
    expect(outcome).toMatchObject({ ok: true });
    const { lines } = await getDeal(db(), scope, (outcome as { id: number }).id);
    expect(lines.map((l) => l.unit_price)).toEqual([first.list_price, "12.50"]);
  });

  it("offers each product's list price in the deal's currency at the latest exchange rate", async () => {
    const { scope } = await reseller();
    const choices = await dealFormChoices(db(), scope);
    const product = choices.products[0];
    const rate = await db().selectFrom("exchange_rates").select("rate").where("currency", "=", "EUR").orderBy("period", "desc").executeTakeFirstOrThrow();
    const inEuros = listPriceIn(product, "EUR", choices.rates);
    expect(inEuros).not.toBeNull();
    expect(Math.abs(Number(inEuros) - Number(product.list_price) / Number(rate.rate))).toBeLessThanOrEqual(0.005);
    expect(listPriceIn(product, product.currency, choices.rates)).toBe(product.list_price);
  });
});
