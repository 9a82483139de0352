// Rights to act (issue 15, finding 6): seeing a row is not the right to act on it. A
// distributor sees the leads its resellers hold but may not add notes to them (or do anything
// else as if it held them); a reseller names only its own distributor to fulfil a deal, so an
// unrelated distributor can never be made to read it; and a fulfilling distributor never sees
// a draft.
// Route modules: `_app.leads.$leadId.tsx` (intent "note"), `_app.deals.new.tsx`, `_app.deals.$dealId.tsx`, `deals[.csv].ts`.
import { beforeAll, describe, expect, it } from "vitest";
import { ValidationError } from "~/lib/forms";
import { saveDeal, type DealInput } from "~/modules/deals/write.server";
import { signedIn, type PortalClient } from "../support/client";
import { db, partnerByCode, scopeOf, userByEmail } from "../support/db";

const clients = new Map<string, PortalClient>();

beforeAll(async () => {
  for (const email of ["distributor@example.com", "other@example.com", "reseller@example.com"]) clients.set(email, await signedIn(email));
});

async function dealInput(overrides: Partial<DealInput> = {}): Promise<DealInput> {
  const product = await db().selectFrom("products").select(["id", "list_price"]).where("sku", "=", "NET-SW24").executeTakeFirstOrThrow();
  return {
    name: "Rights test",
    customerName: `Rights Test Customer ${Date.now()}`,
    customerDomain: "",
    customerCountry: "DE",
    currency: "EUR",
    expectedCloseDate: new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10),
    competitors: "",
    notes: "",
    fulfillingPartnerId: null,
    sourceLeadId: null,
    lines: [{ productId: product.id, quantity: 1, unitPrice: "100.00" }],
    ...overrides,
  } as DealInput;
}

describe("a distributor and its reseller's lead", () => {
  it("sees it but cannot add a note to it", async () => {
    const bps = await partnerByCode("BPS");
    const lead = await db().selectFrom("leads").select("id").where("partner_id", "=", bps.id).executeTakeFirstOrThrow();
    const events = async () => (await db().selectFrom("lead_events").select("id").where("lead_id", "=", lead.id).execute()).length;
    const before = await events();
    const distributor = clients.get("distributor@example.com")!;
    expect((await distributor.get(`/leads/${lead.id}`)).status).toBe(200);
    expect((await distributor.post(`/leads/${lead.id}`, { intent: "note", note: "a distributor's note" })).status).toBe(403);
    expect(await events()).toBe(before);
  });
});

describe("the fulfilling distributor of a reseller's deal", () => {
  it("can only be the reseller's own distributor", async () => {
    const reseller = await userByEmail("reseller@example.com");
    const pacific = await partnerByCode("PCS");
    const error = await saveDeal(
      db(),
      await scopeOf("reseller@example.com"),
      { userId: reseller.id, email: reseller.email, ip: null },
      await dealInput({ fulfillingPartnerId: pacific.id }),
      { submit: false },
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual({ fulfillingPartnerId: "deals.errors.distributor" });
  });

  it("does not see a draft that names it, only what was submitted", async () => {
    const reseller = await userByEmail("reseller@example.com");
    const northwind = await partnerByCode("NWD");
    const input = await dealInput({ fulfillingPartnerId: northwind.id, name: `Draft for fulfilment ${Date.now()}` });
    const { id } = await saveDeal(db(), await scopeOf("reseller@example.com"), { userId: reseller.id, email: reseller.email, ip: null }, input, {
      submit: false,
    });
    const distributor = clients.get("distributor@example.com")!;
    expect((await distributor.get(`/deals/${id}`)).status).toBe(404);
    expect(await (await distributor.get("/deals.csv")).text()).not.toContain(input.name);
    expect((await clients.get("reseller@example.com")!.get(`/deals/${id}`)).status).toBe(200);
  });
});
