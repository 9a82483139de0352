// Deal registration through the module functions, against the real database. Every test uses
// customers of its own (uniqueCode), so tests running in parallel never conflict by accident.
import { afterEach, describe, expect, it } from "vitest";
import { readDealForm, saveDeal, type DealInput } from "~/modules/deals/write.server";
import {
  answerAndResubmit,
  approveDeal,
  askForMoreInfo,
  closeDeal,
  expireDeals,
  extendDeal,
  rejectDeal,
  remindExpiringDeals,
  submitDeal,
  withdrawDeal,
} from "~/modules/deals/lifecycle.server";
import { getDeal, listDeals, readDealListQuery } from "~/modules/deals/read.server";
import { setClockForTests } from "~/lib/clock.server";
import { ValidationError } from "~/lib/forms";
import { db, partnerByCode, scopeOf, uniqueCode, userByEmail } from "../support/db";

afterEach(() => setClockForTests(undefined));

async function actorOf(email: string) {
  const user = await userByEmail(email);
  return { userId: user.id, email: user.email, ip: null };
}

async function as(email: string) {
  return { scope: await scopeOf(email), actor: await actorOf(email) };
}

async function products() {
  const rows = await db().selectFrom("products").select(["id", "sku", "list_price", "product_line_id"]).where("active", "=", 1).orderBy("id").execute();
  const byLine = new Map<number, typeof rows>();
  for (const r of rows) byLine.set(r.product_line_id, [...(byLine.get(r.product_line_id) ?? []), r]);
  return { all: rows, lines: [...byLine.values()] };
}

function inFuture(days: number): string {
  return new Date(Date.now() + days * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

async function dealInput(overrides: Partial<DealInput> = {}): Promise<DealInput> {
  const { lines } = await products();
  const code = uniqueCode("C").toLowerCase();
  return {
    name: `Network refresh ${code}`,
    customerName: `Acme ${code} Corp.`,
    customerDomain: `${code}-corp.com`,
    customerCountry: "DE",
    currency: "EUR",
    expectedCloseDate: inFuture(60),
    competitors: "Contoso",
    notes: "",
    fulfillingPartnerId: null,
    sourceLeadId: null,
    lines: [
      { productId: lines[0][0].id, quantity: 3, unitPrice: "1999.99" },
      { productId: lines[0][1].id, quantity: 7, unitPrice: "0.10" },
    ],
    ...overrides,
  };
}

async function dealRow(id: number) {
  return db().selectFrom("deals").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

describe("registering", () => {
  it("saves a draft whose total is the exact sum of its lines, then submits it for review", async () => {
    const reseller = await as("reseller@example.com");
    const { id, conflict } = await saveDeal(db(), reseller.scope, reseller.actor, await dealInput(), { submit: false });
    expect(conflict).toBe(false);
    const draft = await dealRow(id);
    expect(draft.status).toBe("draft");
    expect(draft.total_amount).toBe("6000.67");
    const lines = await db().selectFrom("deal_lines").select(["line_total"]).where("deal_id", "=", id).orderBy("line_no").execute();
    expect(lines.map((l) => l.line_total)).toEqual(["5999.97", "0.70"]);

    await submitDeal(db(), reseller.scope, reseller.actor, id);
    expect((await dealRow(id)).status).toBe("submitted");
    const manager = await userByEmail("manager@example.com");
    const notices = await db().selectFrom("notifications").select("title").where("user_id", "=", manager.id).where("link", "=", `/deals/${id}`).execute();
    expect(notices).toHaveLength(1);
  });

  it("approves with the tier's discount on every line and protects the customer for the protection days", async () => {
    const reseller = await as("reseller@example.com");
    const manager = await as("manager@example.com");
    const { id } = await saveDeal(db(), reseller.scope, reseller.actor, await dealInput(), { submit: true });
    const before = Date.now();
    await approveDeal(db(), manager.scope, manager.actor, id);
    const deal = await dealRow(id);
    expect(deal.status).toBe("approved");
    expect(deal.discount_pct).toBe("15.00"); // Brightpath is gold
    const lines = await db()
      .selectFrom("deal_lines")
      .select(["discounted_unit_price", "discounted_total"])
      .where("deal_id", "=", id)
      .orderBy("line_no")
      .execute();
    expect(lines).toEqual([
      { discounted_unit_price: "1699.99", discounted_total: "5099.97" },
      { discounted_unit_price: "0.09", discounted_total: "0.63" },
    ]);
    expect(deal.discounted_total).toBe("5100.60");
    const days = (deal.expires_at!.getTime() - before) / (24 * 3600 * 1000);
    expect(Math.round(days)).toBe(90);
    const audit = await db()
      .selectFrom("audit_log")
      .select("action")
      .where("entity_type", "=", "deal")
      .where("entity_id", "=", String(id))
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["deal.created", "deal.submitted", "deal.approved"]);
  });

  it("rejects bad input field by field and saves nothing", async () => {
    const form = new FormData();
    for (const [k, v] of Object.entries({
      name: "X",
      customerName: "Y",
      customerDomain: "not a domain",
      customerCountry: "DE",
      currency: "EUR",
      expectedCloseDate: "2020-01-01",
    }))
      form.set(k, v);
    for (const [product, qty, price] of [
      ["999999", "0", "10"],
      ["", "-2", "abc"],
    ]) {
      form.append("lineProduct", product);
      form.append("lineQuantity", qty);
      form.append("linePrice", price);
    }
    const result = readDealForm(form);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toMatchObject({
      customerDomain: "deals.errors.domain",
      expectedCloseDate: "deals.errors.closeInPast",
      "line-0-quantity": "deals.errors.quantity",
      "line-1-product": "deals.errors.product",
      "line-1-quantity": "deals.errors.quantity",
      "line-1-price": "errors.amount",
    });
    expect(result.values.customerDomain).toBe("not a domain");

    const reseller = await as("reseller@example.com");
    const input = await dealInput();
    const error = await saveDeal(
      db(),
      reseller.scope,
      reseller.actor,
      { ...input, lines: [...input.lines, { productId: 999999, quantity: 1, unitPrice: "1.00" }] },
      { submit: true },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual({ "line-2-product": "deals.errors.product" });
    expect(await db().selectFrom("deals").select("id").where("name", "=", input.name).execute()).toEqual([]);
  });
});

describe("conflicts", () => {
  it("flags the second partner's registration of the same customer, shows the reviewer both, and refuses a second approval", async () => {
    const reseller = await as("reseller@example.com");
    const other = await as("other@example.com");
    const admin = await as("admin@example.com");
    const code = uniqueCode("A").toLowerCase();
    const first = await saveDeal(db(), reseller.scope, reseller.actor, await dealInput({ customerName: `ACME ${code} Corp.`, customerDomain: `${code}.com` }), {
      submit: true,
    });
    const second = await saveDeal(db(), other.scope, other.actor, await dealInput({ customerName: `acme ${code} corp`, customerDomain: `www.${code}.com` }), {
      submit: true,
    });
    expect(first.conflict).toBe(false);
    expect(second.conflict).toBe(true);

    const review = await getDeal(db(), admin.scope, second.id);
    expect(review.conflicts.map((c) => [c.id, c.partner_name, c.matched_on])).toEqual([[first.id, "Brightpath Systems", "both"]]);
    const partnerView = await getDeal(db(), other.scope, second.id);
    expect(partnerView.alreadyRegistered).toBe(true);
    expect(partnerView.conflicts).toEqual([]);
    expect(JSON.stringify(partnerView)).not.toContain("Brightpath");

    await approveDeal(db(), admin.scope, admin.actor, first.id);
    const refused = await approveDeal(db(), admin.scope, admin.actor, second.id).catch((e) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).errors.form).toBe("deals.errors.alreadyProtected");
    expect((await dealRow(second.id)).status).toBe("submitted");
  });

  it("puts two partners submitting the same customer at the same moment in order: exactly one is flagged", async () => {
    const reseller = await as("reseller@example.com");
    const other = await as("other@example.com");
    const code = uniqueCode("R").toLowerCase();
    const a = await saveDeal(db(), reseller.scope, reseller.actor, await dealInput({ customerName: `Race ${code} GmbH`, customerDomain: `${code}.de` }), {
      submit: false,
    });
    const b = await saveDeal(db(), other.scope, other.actor, await dealInput({ customerName: `Race ${code}`, customerDomain: `shop.${code}.de` }), {
      submit: false,
    });
    const results = await Promise.all([submitDeal(db(), reseller.scope, reseller.actor, a.id), submitDeal(db(), other.scope, other.actor, b.id)]);
    expect(results.map((r) => r.conflict).sort()).toEqual([false, true]);

    // Registered and submitted in one step each, as the form does.
    const again = uniqueCode("R").toLowerCase();
    const direct = await Promise.all([
      saveDeal(db(), reseller.scope, reseller.actor, await dealInput({ customerName: `Rush ${again} GmbH` }), { submit: true }),
      saveDeal(db(), other.scope, other.actor, await dealInput({ customerName: `rush ${again}` }), { submit: true }),
    ]);
    expect(direct.map((r) => r.conflict).sort()).toEqual([false, true]);
  });

  it("lets exactly one of two simultaneous approvals of the same customer through", async () => {
    const reseller = await as("reseller@example.com");
    const other = await as("other@example.com");
    const manager = await as("manager@example.com");
    const manager2 = await as("manager2@example.com");
    const code = uniqueCode("P").toLowerCase();
    const a = await saveDeal(db(), reseller.scope, reseller.actor, await dealInput({ customerName: `Twice ${code} Ltd` }), { submit: true });
    const b = await saveDeal(db(), other.scope, other.actor, await dealInput({ customerName: `twice ${code}` }), { submit: true });
    const outcomes = await Promise.allSettled([approveDeal(db(), manager.scope, manager.actor, a.id), approveDeal(db(), manager2.scope, manager2.actor, b.id)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ValidationError);
    const statuses = [(await dealRow(a.id)).status, (await dealRow(b.id)).status].sort();
    expect(statuses).toEqual(["approved", "submitted"]);
  });

  it("refuses to submit a registration below the minimum deal value, and keeps it as it was", async () => {
    const reseller = await as("reseller@example.com");
    const { lines } = await products();
    await db().updateTable("portal_settings").set({ value: "500.00" }).where("name", "=", "deal_min_value").execute();
    try {
      const input = await dealInput({ lines: [{ productId: lines[0][0].id, quantity: 1, unitPrice: "499.99" }] });
      const error = await saveDeal(db(), reseller.scope, reseller.actor, input, { submit: true }).catch((e) => e);
      expect((error as ValidationError).errors).toEqual({ lines: "deals.errors.belowMinimum", minValue: "500.00" });
      expect(await db().selectFrom("deals").select("id").where("name", "=", input.name).execute()).toEqual([]);
      const draft = await saveDeal(db(), reseller.scope, reseller.actor, input, { submit: false });
      expect((await dealRow(draft.id)).status).toBe("draft");
    } finally {
      await db().updateTable("portal_settings").set({ value: "0.00" }).where("name", "=", "deal_min_value").execute();
    }
  });

  it("ignores other product lines and expired registrations", async () => {
    const reseller = await as("reseller@example.com");
    const other = await as("other@example.com");
    const admin = await as("admin@example.com");
    const { lines } = await products();
    const code = uniqueCode("L").toLowerCase();
    const first = await saveDeal(
      db(),
      reseller.scope,
      reseller.actor,
      await dealInput({ customerName: `Lines ${code}`, lines: [{ productId: lines[0][0].id, quantity: 1, unitPrice: "100.00" }] }),
      { submit: true },
    );
    const otherLine = await saveDeal(
      db(),
      other.scope,
      other.actor,
      await dealInput({ customerName: `Lines ${code}`, lines: [{ productId: lines[1][0].id, quantity: 1, unitPrice: "100.00" }] }),
      { submit: true },
    );
    expect(otherLine.conflict).toBe(false);

    await approveDeal(db(), admin.scope, admin.actor, first.id);
    const at = new Date(Date.now() + 91 * 24 * 3600 * 1000);
    setClockForTests(() => at);
    expect(await expireDeals(db(), admin.actor, { dealIds: [first.id] })).toBe(1);
    expect((await dealRow(first.id)).status).toBe("expired");
    const later = await saveDeal(
      db(),
      other.scope,
      other.actor,
      await dealInput({
        customerName: `Lines ${code}`,
        expectedCloseDate: new Date(Date.now() + 120 * 24 * 3600 * 1000).toISOString().slice(0, 10),
        lines: [{ productId: lines[0][0].id, quantity: 1, unitPrice: "100.00" }],
      }),
      { submit: true },
    );
    expect(later.conflict).toBe(false);
    await approveDeal(db(), admin.scope, admin.actor, later.id);
    expect((await dealRow(later.id)).status).toBe("approved");
  });
});

describe("after submission", () => {
  it("goes to more_info, is answered and resubmitted, and can be withdrawn before a decision", async () => {
    const reseller = await as("reseller@example.com");
    const manager = await as("manager@example.com");
    const { id } = await saveDeal(db(), reseller.scope, reseller.actor, await dealInput(), { submit: true });
    await askForMoreInfo(db(), manager.scope, manager.actor, id, "Who is the economic buyer?");
    expect((await dealRow(id)).status).toBe("more_info");
    await answerAndResubmit(db(), reseller.scope, reseller.actor, id, "The CIO, Ms Weber.");
    expect((await dealRow(id)).status).toBe("submitted");
    await withdrawDeal(db(), reseller.scope, reseller.actor, id);
    expect((await dealRow(id)).status).toBe("withdrawn");
    const { events } = await getDeal(db(), reseller.scope, id);
    expect(events.map((e) => e.event)).toEqual(["created", "submitted", "more_info", "message", "resubmitted", "withdrawn"]);
    expect(events.find((e) => e.event === "message")?.text).toBe("The CIO, Ms Weber.");
  });

  it("is extended once, reminded before it ends, and marked won with the final amount", async () => {
    const reseller = await as("reseller@example.com");
    const manager = await as("manager@example.com");
    const { id } = await saveDeal(db(), reseller.scope, reseller.actor, await dealInput(), { submit: true });
    await approveDeal(db(), manager.scope, manager.actor, id);
    const approved = await dealRow(id);
    await extendDeal(db(), reseller.scope, reseller.actor, id);
    expect((await dealRow(id)).expires_at!.getTime() - approved.expires_at!.getTime()).toBe(30 * 24 * 3600 * 1000);
    await expect(extendDeal(db(), reseller.scope, reseller.actor, id)).rejects.toThrow(ValidationError);

    const at = new Date((await dealRow(id)).expires_at!.getTime() - 10 * 24 * 3600 * 1000);
    setClockForTests(() => at);
    expect(await remindExpiringDeals(db(), { dealIds: [id] })).toBe(1);
    expect(await remindExpiringDeals(db(), { dealIds: [id] })).toBe(0);
    setClockForTests(undefined);

    await expect(closeDeal(db(), reseller.scope, reseller.actor, id, { won: true, finalAmount: "-5" })).rejects.toThrow(ValidationError);
    await closeDeal(db(), reseller.scope, reseller.actor, id, { won: true, finalAmount: "5,400.50" });
    const won = await dealRow(id);
    expect([won.status, won.final_amount]).toEqual(["won", "5400.50"]);
    expect(await db().selectFrom("deal_protections").select("deal_id").where("deal_id", "=", id).execute()).toEqual([]);
  });

  it("is rejected only with a reason", async () => {
    const reseller = await as("reseller@example.com");
    const manager = await as("manager@example.com");
    const { id } = await saveDeal(db(), reseller.scope, reseller.actor, await dealInput(), { submit: true });
    await expect(rejectDeal(db(), manager.scope, manager.actor, id, " ")).rejects.toThrow(ValidationError);
    await rejectDeal(db(), manager.scope, manager.actor, id, "Customer is a named account.");
    expect((await dealRow(id)).reason).toBe("Customer is a named account.");
  });
});

describe("who sees what", () => {
  it("shows a distributor its resellers' deals only where it is named to fulfil them, and a rep only their own", async () => {
    const reseller = await as("reseller@example.com");
    const rep = await as("rep@example.com");
    const distributor = await as("distributor@example.com");
    const other = await as("other@example.com");
    const nwd = await partnerByCode("NWD");
    const named = await saveDeal(db(), reseller.scope, reseller.actor, await dealInput({ fulfillingPartnerId: nwd.id }), { submit: true });
    const direct = await saveDeal(db(), reseller.scope, reseller.actor, await dealInput(), { submit: true });
    const byRep = await saveDeal(db(), rep.scope, rep.actor, await dealInput(), { submit: false });

    const ids = async (email: string) => {
      const { scope } = await as(email);
      const { rows } = await listDeals(db(), scope, readDealListQuery(new URLSearchParams("pageSize=100")));
      return rows.map((r) => r.id);
    };
    expect(await ids("distributor@example.com")).toContain(named.id);
    expect(await ids("distributor@example.com")).not.toContain(direct.id);
    expect(await ids("rep@example.com")).toContain(byRep.id);
    expect(await ids("rep@example.com")).not.toContain(direct.id);
    expect(await ids("reseller@example.com")).toEqual(expect.arrayContaining([named.id, direct.id, byRep.id]));
    expect(await ids("other@example.com")).not.toContain(named.id);

    await expect(getDeal(db(), other.scope, named.id)).rejects.toMatchObject({ status: 404 });
    await expect(withdrawDeal(db(), distributor.scope, distributor.actor, named.id)).rejects.toMatchObject({ status: 403 });
    await expect(submitDeal(db(), rep.scope, rep.actor, direct.id)).rejects.toMatchObject({ status: 404 });
  });
});
