// Targets against hand-built sell-through (months of 2091 and 2092, which no other file uses):
// what a partner's sell-through is, attainment and run rate to the cent, a missing rate making
// the figure unknown, who may set targets, the CSV import (all or nothing, every bad row), and
// tier progress (the next tier's minimum sell-through and won deals in 12 months).
import { beforeAll, describe, expect, it } from "vitest";
import { quarterAttainment } from "~/modules/targets/attainment.server";
import { importTargetsCsv, readTargetListQuery, setTarget, targetList } from "~/modules/targets/targets.server";
import { tierProgress, tierRequirements } from "~/modules/targets/tier-progress.server";
import { quarterDays } from "~/lib/quarters";
import { partnerSales } from "~/modules/targets/partner-sales.server";
import { fromCents, toCents } from "~/lib/money";
import { distributorMonth, makeDeal, makeManager, makePartner, partnerScope, rate, resellerMonth } from "../support/scorecards";
import { db, scopeOf } from "../support/db";

const AT = new Date("2091-02-14T12:00:00Z"); // day 45 of 90 of 2091-Q1

let manager: Awaited<ReturnType<typeof makeManager>>;
let distributor: { id: number; code: string };
let reseller: { id: number; code: string };
let agent: { id: number; code: string };
let outsider: { id: number; code: string };

beforeAll(async () => {
  manager = await makeManager();
  distributor = await makePartner({ type: "distributor", managerId: manager.id });
  reseller = await makePartner({ type: "reseller", managerId: manager.id, parentId: distributor.id });
  agent = await makePartner({ type: "agent", managerId: manager.id });
  outsider = await makePartner({ type: "reseller", managerId: null });
  // The distributor reported 10,000.00 USD in January and 1,000.00 EUR (at 1.10) in February;
  // 500.00 USD of January's lines and 100.00 GBP of March's (no rate) name the reseller.
  await rate("2091-02", "EUR", "1.10000000");
  await distributorMonth(distributor.id, "2091-01", "USD", "10000.00");
  await distributorMonth(distributor.id, "2091-02", "EUR", "1000.00");
  await resellerMonth(distributor.id, reseller.id, "2091-01", "USD", "500.00");
  await resellerMonth(distributor.id, reseller.id, "2091-03", "GBP", "100.00");
  // The agent's sales are lines naming it, whoever reported them; an outsider's too.
  await resellerMonth(distributor.id, agent.id, "2091-02", "EUR", "200.00");
  await resellerMonth(distributor.id, outsider.id, "2091-02", "USD", "999.00");
});

describe("a partner's sell-through", () => {
  it("is what a distributor reported, or the lines naming a reseller or agent, each month at its rate", async () => {
    const sales = await partnerSales(db(), manager.scope, [distributor.id, reseller.id, agent.id, outsider.id], { from: "2091-01", to: "2091-03" });
    expect(sales.get(distributor.id)!.months).toEqual([
      { period: "2091-01", amountBase: "10000.00" },
      { period: "2091-02", amountBase: "1100.00" },
      { period: "2091-03", amountBase: "0.00" },
    ]);
    expect(sales.get(distributor.id)!.total).toBe("11100.00");
    expect(sales.get(agent.id)!.total).toBe("220.00");
    // A currency without a rate: that month and the total are unknown, and the rate is named.
    expect(sales.get(reseller.id)!.months.map((m) => m.amountBase)).toEqual(["500.00", "0.00", null]);
    expect(sales.get(reseller.id)!.total).toBeNull();
    expect(sales.get(reseller.id)!.missingRates).toEqual([{ period: "2091-03", currency: "GBP" }]);
    // Outside the manager's partners: left out.
    expect(sales.has(outsider.id)).toBe(false);
  });
});

describe("quarter attainment", () => {
  it("counts the days of the quarter, today included", () => {
    expect(quarterDays("2091-Q1", AT)).toEqual({ elapsedDays: 45, quarterDays: 90 });
    expect(quarterDays("2091-Q1", new Date("2091-01-01T00:00:00Z"))).toEqual({ elapsedDays: 1, quarterDays: 90 });
    expect(quarterDays("2091-Q2", AT)).toEqual({ elapsedDays: 0, quarterDays: 91 });
    expect(quarterDays("2090-Q4", AT)).toEqual({ elapsedDays: 92, quarterDays: 92 });
  });

  it("gives attainment and run rate against the target, exactly, for partners with a target only", async () => {
    await setTarget(db(), manager.scope, manager.actor, { partnerId: distributor.id, quarter: "2091-Q1", amount: "30000.00" });
    await setTarget(db(), manager.scope, manager.actor, { partnerId: reseller.id, quarter: "2091-Q1", amount: "2000.00" });
    const result = await quarterAttainment(db(), manager.scope, { at: AT });
    expect([result.quarter, result.elapsedDays, result.quarterDays]).toEqual(["2091-Q1", 45, 90]);
    expect(result.rows.map((r) => r.partnerId).sort()).toEqual([distributor.id, reseller.id].sort());
    const d = result.rows.find((r) => r.partnerId === distributor.id)!;
    // 11,100.00 of 30,000.00 is 37.0 %; at this pace 11,100.00 / 45 × 90 = 22,200.00, 74.0 %.
    expect([d.target, d.actual, d.attainmentPct, d.runRate, d.runRatePct]).toEqual(["30000.00", "11100.00", "37.0", "22200.00", "74.0"]);
    const r = result.rows.find((x) => x.partnerId === reseller.id)!;
    expect([r.actual, r.attainmentPct, r.runRate, r.runRatePct]).toEqual([null, null, null, null]);
    expect(r.missingRates).toEqual([{ period: "2091-03", currency: "GBP" }]);
    // The total counts each sale once: the reseller's lines were reported by the distributor, so
    // the partners' sell-through together is the distributor's, against both targets.
    expect(result.total).toEqual({ target: "32000.00", actual: "11100.00", runRate: "22200.00", attainmentPct: "34.7", runRatePct: "69.4" });

    const one = await quarterAttainment(db(), manager.scope, { at: AT, partnerIds: [distributor.id] });
    expect(one.total).toEqual({ target: "30000.00", actual: "11100.00", runRate: "22200.00", attainmentPct: "37.0", runRatePct: "74.0" });
  });

  it("shows a partner its own target (a distributor also its resellers') and nobody else's", async () => {
    const own = await quarterAttainment(db(), partnerScope(distributor.id), { at: AT, quarter: "2091-Q1" });
    expect(own.rows.map((r) => r.partnerId).sort()).toEqual([distributor.id, reseller.id].sort());
    const reseller1 = await quarterAttainment(db(), partnerScope(reseller.id), { at: AT, quarter: "2091-Q1" });
    expect(reseller1.rows.map((r) => r.partnerId)).toEqual([reseller.id]);
    const other = await quarterAttainment(db(), await scopeOf("other@example.com"), { at: AT, quarter: "2091-Q1" });
    expect(other.rows).toEqual([]);
  });

  it("lists every partner of the scope for the targets screen, sorted by attainment with unknown figures last", async () => {
    const list = await targetList(db(), manager.scope, readTargetListQuery(new URLSearchParams("quarter=2091-Q1&sort=attainment&dir=desc")), AT);
    expect(list.rows.map((r) => r.partnerId)).toEqual([distributor.id, agent.id, reseller.id]);
    expect(list.rows.map((r) => r.target)).toEqual(["30000.00", null, "2000.00"]);
    expect(list.total).toBe(3);
  });
});

describe("setting targets", () => {
  it("is for the vendor: a partner may not, and a channel manager only for their partners", async () => {
    await expect(
      setTarget(db(), partnerScope(distributor.id), manager.actor, { partnerId: distributor.id, quarter: "2091-Q2", amount: "1.00" }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(setTarget(db(), manager.scope, manager.actor, { partnerId: outsider.id, quarter: "2091-Q2", amount: "1.00" })).rejects.toMatchObject({
      status: 404,
    });
    expect(
      await db()
        .selectFrom("sell_through_targets")
        .select("id")
        .where("partner_id", "in", [distributor.id, outsider.id])
        .where("quarter", "=", "2091-Q2")
        .execute(),
    ).toEqual([]);
  });

  it("changes a target in place, removes it with no amount, and audits each change", async () => {
    await setTarget(db(), manager.scope, manager.actor, { partnerId: agent.id, quarter: "2091-Q2", amount: "100.00" });
    await setTarget(db(), manager.scope, manager.actor, { partnerId: agent.id, quarter: "2091-Q2", amount: "150.00" });
    expect(await setTarget(db(), manager.scope, manager.actor, { partnerId: agent.id, quarter: "2091-Q2", amount: "150.00" })).toBe(false);
    const row = await db().selectFrom("sell_through_targets").selectAll().where("partner_id", "=", agent.id).where("quarter", "=", "2091-Q2").execute();
    expect(row.map((r) => [r.amount, r.set_by])).toEqual([["150.00", manager.id]]);
    await setTarget(db(), manager.scope, manager.actor, { partnerId: agent.id, quarter: "2091-Q2", amount: null });
    expect(await db().selectFrom("sell_through_targets").select("id").where("partner_id", "=", agent.id).where("quarter", "=", "2091-Q2").execute()).toEqual(
      [],
    );
    const audit = await db()
      .selectFrom("audit_log")
      .select(["before_json", "after_json"])
      .where("entity_type", "=", "sell_through_target")
      .where("entity_id", "=", `${agent.id}:2091-Q2`)
      .orderBy("id")
      .execute();
    expect(audit.map((a) => [JSON.parse(a.before_json!).amount, JSON.parse(a.after_json!).amount])).toEqual([
      [null, "100.00"],
      ["100.00", "150.00"],
      ["150.00", null],
    ]);
  });
});

describe("the targets CSV", () => {
  it("saves nothing when a row is wrong, and lists every bad row", async () => {
    const text = [
      "partner,quarter,amount",
      `${agent.code},2091-Q3,5000`,
      `${outsider.code},2091-Q3,100.00`,
      `NOPE,2091-Q3,1`,
      `${distributor.code},2091-Q5,1`,
      `${reseller.code},2091-Q3,-5`,
      `${agent.code},2091-q3,7`,
    ].join("\n");
    const result = await importTargetsCsv(db(), manager.scope, manager.actor, text);
    expect(result).toEqual({
      ok: false,
      rowErrors: [
        { row: 3, errors: ["partner:targets.errors.unknownPartner"] },
        { row: 4, errors: ["partner:targets.errors.unknownPartner"] },
        { row: 5, errors: ["quarter:targets.errors.quarter"] },
        { row: 6, errors: ["amount:targets.errors.amount"] },
        { row: 7, errors: ["partner:targets.errors.twice:2"] },
      ],
    });
    expect(await db().selectFrom("sell_through_targets").select("id").where("quarter", "=", "2091-Q3").execute()).toEqual([]);
  });

  it("refuses a file without the columns, and saves every row of a good one", async () => {
    expect(await importTargetsCsv(db(), manager.scope, manager.actor, "partner,amount\nX,1")).toEqual({
      ok: false,
      fileError: "errors.importColumns:quarter",
      rowErrors: [],
    });
    const result = await importTargetsCsv(
      db(),
      manager.scope,
      manager.actor,
      `partner,quarter,amount\n${agent.code},2091-Q3,"5,000.50"\n${reseller.code},2091-q3,0`,
    );
    expect(result).toEqual({ ok: true, changed: 2 });
    const rows = await db()
      .selectFrom("sell_through_targets")
      .select(["partner_id", "amount"])
      .where("quarter", "=", "2091-Q3")
      .orderBy("partner_id")
      .execute();
    expect(rows).toEqual(
      [
        { partner_id: reseller.id, amount: "0.00" },
        { partner_id: agent.id, amount: "5000.50" },
      ].sort((a, b) => a.partner_id - b.partner_id),
    );
  });
});

describe("tier progress", () => {
  const at = new Date("2092-07-10T08:00:00Z"); // the last twelve complete months: 2091-07 to 2092-06

  it("names the next tier, what it asks, and the gap in sell-through and won deals", async () => {
    const ladder = await tierRequirements(db());
    const gold = ladder.find((r) => r.tier === "gold")!;
    const partner = await makePartner({ type: "distributor", tier: "silver", managerId: manager.id });
    await distributorMonth(partner.id, "2091-06", "USD", "99999.00"); // before the window
    await distributorMonth(partner.id, "2091-07", "USD", "1000.00");
    await distributorMonth(partner.id, "2092-06", "USD", "234.56");
    await makeDeal(partner.id, "won", { created: new Date("2091-05-01T00:00:00Z"), closed: new Date("2091-06-30T23:59:00Z") }); // closed before
    await makeDeal(partner.id, "won", { created: new Date("2091-05-01T00:00:00Z"), closed: new Date("2091-07-01T00:00:00Z") });
    await makeDeal(partner.id, "lost", { created: new Date("2091-05-01T00:00:00Z"), closed: new Date("2091-08-01T00:00:00Z") });

    const progress = await tierProgress(db(), manager.scope, partner.id, at);
    expect(progress).toMatchObject({
      tier: "silver",
      nextTier: "gold",
      window: { from: "2091-07", to: "2092-06" },
      since: "2091-07-01",
      trailing12m: "1234.56",
      wonDeals12m: 1,
    });
    expect(progress!.requirement).toEqual(gold);
    const needed =
      gold.minSellThrough12m === null ? null : toCents(gold.minSellThrough12m) > 123456n ? fromCents(toCents(gold.minSellThrough12m) - 123456n) : "0.00";
    expect(progress!.gap).toBe(needed);
    expect(progress!.dealsGap).toBe(gold.minWonDeals12m === null ? null : Math.max(0, gold.minWonDeals12m - 1));
  });

  it("meets the next tier once its sell-through is there, and has no next tier at the top", async () => {
    const silver = (await tierRequirements(db())).find((r) => r.tier === "silver")!;
    const partner = await makePartner({ type: "distributor", tier: "registered", managerId: manager.id });
    await distributorMonth(partner.id, "2092-01", "USD", silver.minSellThrough12m ?? "1.00");
    const progress = await tierProgress(db(), manager.scope, partner.id, at);
    expect([progress!.nextTier, progress!.gap ?? "0.00", progress!.meetsNext]).toEqual(["silver", "0.00", silver.minWonDeals12m ? false : true]);

    const top = await tierProgress(db(), manager.scope, (await makePartner({ type: "agent", tier: "platinum", managerId: manager.id })).id, at);
    expect([top!.nextTier, top!.requirement, top!.gap, top!.meetsNext]).toEqual([null, null, null, null]);
  });

  it("is null for a partner outside the scope", async () => {
    expect(await tierProgress(db(), manager.scope, outsider.id, at)).toBeNull();
    expect(await tierProgress(db(), partnerScope(reseller.id), distributor.id, at)).toBeNull();
  });
});
