// Sell-through reports through the module functions, against the real database: exact sums in
// the line currencies and in the base currency at each month's rate, a missing rate named
// instead of a wrong total, every grouping, the lines behind a group, scoping by who asks,
// and the exchange-rate editing rules. The months reported here (1990) belong to this file.
import { beforeAll, describe, expect, it } from "vitest";
import { ValidationError } from "~/lib/forms";
import { importRatesCsv, ratesForPeriod, saveMonthRates } from "~/modules/sell-through/exchange-rates.server";
import {
  readLinesQuery,
  readReportQuery,
  regionalCoverage,
  reportLines,
  requireReportReader,
  resolveDistributor,
  sellThroughReport,
} from "~/modules/sell-through/reports.server";
import { commitLines, type StagedLine } from "../../db/seed/demo-sell-through";
import { db, partnerByCode, scopeOf, userByEmail } from "../support/db";
import type { Scope } from "~/lib/scope.server";

const P1 = "1990-01";
const P2 = "1990-02";
const RANGE = `from=${P1}&to=${P2}`;

async function as(email: string) {
  const user = await userByEmail(email);
  return { scope: await scopeOf(email), actor: { userId: user.id, email: user.email, ip: null } };
}

const ids: Record<string, number> = {};
const products: Record<string, number> = {};

function line(
  period: string,
  n: number,
  reseller: string | null,
  sku: string,
  quantity: number,
  unitPrice: string,
  amount: string,
  currency: string,
): StagedLine {
  return {
    row_no: n + 1,
    transaction_date: `${period}-1${n}`,
    invoice_no: `R-${period}-${n}`,
    line_no: "1",
    reseller_id: reseller ? ids[reseller] : null,
    end_customer_name: `Customer ${n}`,
    end_customer_key: `customer ${n}`,
    end_customer_country: "DE",
    end_customer_postcode: "",
    product_id: products[sku],
    quantity,
    unit_price: unitPrice,
    currency,
    amount,
  };
}

async function report(scope: Scope, search: string) {
  return sellThroughReport(db(), scope, await resolveDistributor(db(), scope, readReportQuery(new URLSearchParams(search))));
}

beforeAll(async () => {
  for (const code of ["NWD", "PCS", "BPS", "ALP", "MLN"]) ids[code] = (await partnerByCode(code)).id;
  for (const p of await db().selectFrom("products").select(["id", "sku"]).where("sku", "in", ["NET-SW24", "STO-NAS4"]).execute()) products[p.sku] = p.id;
  const northwind = await as("distributor@example.com");
  const pacific = await as("other@example.com");
  const at = new Date(Date.UTC(1990, 2, 5));
  await commitLines(
    db(),
    northwind,
    ids.NWD,
    P1,
    [
      line(P1, 1, "BPS", "NET-SW24", 2, "617.28", "1234.56", "EUR"),
      line(P1, 2, null, "STO-NAS4", -1, "0.05", "-0.05", "EUR"),
      line(P1, 3, "ALP", "NET-SW24", 3, "3.33", "9.99", "USD"),
    ],
    [],
    at,
  );
  await commitLines(
    db(),
    northwind,
    ids.NWD,
    P2,
    [line(P2, 1, "BPS", "NET-SW24", 1, "100.00", "100.00", "CNY"), line(P2, 2, "ALP", "STO-NAS4", 1, "10.00", "10.00", "EUR")],
    [],
    at,
  );
  await commitLines(db(), pacific, ids.PCS, P1, [line(P1, 4, "MLN", "NET-SW24", 5, "20.00", "100.00", "USD")], [], at);
  await db()
    .insertInto("exchange_rates")
    .values([
      { period: P1, currency: "EUR", rate: "1.08333333" },
      { period: P2, currency: "EUR", rate: "1.10000000" },
    ])
    .execute();
});

describe("the sell-through report", () => {
  it("sums quantity and amounts exactly, and converts each month at its own rate, to the cent", async () => {
    const admin = await as("admin@example.com");
    const result = await report(admin.scope, `from=${P1}&to=${P1}&distributor=NWD`);
    expect(result.base).toBe("USD");
    expect(result.totals).toEqual({
      quantity: "4",
      line_count: "3",
      amount_base: "1347.38",
      amounts: [
        { currency: "EUR", amount: "1234.51" },
        { currency: "USD", amount: "9.99" },
      ],
    });
    expect(result.missingRates).toEqual([]);
    expect(result.rows).toEqual([
      {
        key: P1,
        code: P1,
        name: null,
        name_zh: null,
        quantity: "4",
        line_count: "3",
        amount_base: "1347.38",
        amounts: [
          { currency: "EUR", amount: "1234.51" },
          { currency: "USD", amount: "9.99" },
        ],
      },
    ]);
  });

  it("names the month and currency without a rate and shows no base total that would be wrong", async () => {
    const admin = await as("admin@example.com");
    const result = await report(admin.scope, `${RANGE}&distributor=NWD`);
    expect(result.missingRates).toEqual([{ period: P2, currency: "CNY" }]);
    expect(result.totals.amount_base).toBeNull();
    expect(result.rows.map((r) => [r.key, r.amount_base])).toEqual([
      [P1, "1347.38"],
      [P2, null],
    ]);
    expect(result.series.find((s) => s.period === P2)?.amount_base).toBeNull();

    // Once the rate is there, the total is whole again.
    await db().insertInto("exchange_rates").values({ period: P2, currency: "CNY", rate: "0.125" }).execute();
    try {
      const fixed = await report(admin.scope, `${RANGE}&distributor=NWD`);
      expect(fixed.missingRates).toEqual([]);
      expect(fixed.totals.amount_base).toBe("1370.88"); // 1347.38 + 100 CNY × 0.125 + 10 EUR × 1.1
    } finally {
      await db().deleteFrom("exchange_rates").where("period", "=", P2).where("currency", "=", "CNY").execute();
    }
  });

  it("groups by reseller (direct sales as their own group), SKU, product line, region and distributor", async () => {
    const admin = await as("admin@example.com");
    const by = async (groupBy: string) =>
      (await report(admin.scope, `from=${P1}&to=${P1}&distributor=NWD&groupBy=${groupBy}&sort=label&dir=asc`)).rows.map((r) => [
        r.code,
        r.quantity,
        r.amount_base,
      ]);
    // Direct sales have no name: they sort first.
    expect(await by("reseller")).toEqual([
      [null, "-1", "-0.05"],
      ["ALP", "3", "9.99"],
      ["BPS", "2", "1337.44"],
    ]);
    expect(await by("sku")).toEqual([
      ["NET-SW24", "5", "1347.43"],
      ["STO-NAS4", "-1", "-0.05"],
    ]);
    expect(await by("product_line")).toEqual([
      ["NET", "5", "1347.43"],
      ["STO", "-1", "-0.05"],
    ]);
    expect(await by("region")).toEqual([["EMEA", "4", "1347.38"]]);
    const distributors = (await report(admin.scope, `from=${P1}&to=${P1}&groupBy=distributor&sort=label&dir=asc`)).rows.filter((r) =>
      ["NWD", "PCS"].includes(r.code ?? ""),
    );
    expect(distributors.map((r) => [r.code, r.quantity, r.amount_base])).toEqual([
      ["NWD", "4", "1347.38"],
      ["PCS", "5", "100.00"],
    ]);
  });

  it("filters by product line, region and currency", async () => {
    const admin = await as("admin@example.com");
    const net = (await db().selectFrom("product_lines").select("id").where("code", "=", "NET").executeTakeFirstOrThrow()).id;
    const apac = (await db().selectFrom("regions").select("id").where("code", "=", "APAC").executeTakeFirstOrThrow()).id;
    expect((await report(admin.scope, `from=${P1}&to=${P1}&distributor=NWD&line=${net}`)).totals.quantity).toBe("5");
    expect((await report(admin.scope, `from=${P1}&to=${P1}&distributor=NWD&currency=USD`)).totals.amounts).toEqual([{ currency: "USD", amount: "9.99" }]);
    expect((await report(admin.scope, `from=${P1}&to=${P1}&distributor=NWD&region=${apac}`)).totals.quantity).toBe("0");
    expect((await report(admin.scope, `from=${P1}&to=${P1}&region=${apac}&groupBy=reseller`)).rows.map((r) => r.code)).toEqual(["MLN"]);
  });

  it("shows each caller only the distributors it may see", async () => {
    const totalsOf = async (email: string) => {
      const { scope } = await as(email);
      const result = await report(scope, `from=${P1}&to=${P1}&groupBy=distributor`);
      return result.rows.filter((r) => ["NWD", "PCS"].includes(r.code ?? "")).map((r) => r.code);
    };
    expect(await totalsOf("manager@example.com")).toEqual(["NWD"]);
    expect(await totalsOf("manager2@example.com")).toEqual(["PCS"]);
    expect(await totalsOf("distributor@example.com")).toEqual(["NWD"]);
    expect(await totalsOf("other@example.com")).toEqual(["PCS"]);
    // A distributor's picker cannot widen its own scope.
    const pacific = await as("other@example.com");
    const widened = await report(pacific.scope, `from=${P1}&to=${P1}&distributor=NWD`);
    expect(widened.totals).toMatchObject({ quantity: "5", amounts: [{ currency: "USD", amount: "100.00" }] });
    // A channel manager naming another manager's distributor gets nothing, not that distributor.
    const manager = await as("manager@example.com");
    expect((await report(manager.scope, `from=${P1}&to=${P1}&distributor=PCS`)).totals.quantity).toBe("0");
  });

  it("is closed to resellers and reps", async () => {
    for (const email of ["reseller@example.com", "rep@example.com"]) {
      const { scope } = await as(email);
      expect(() => requireReportReader(scope, "reseller")).toThrow(expect.objectContaining({ status: 404 }));
    }
    const distributor = await as("distributor@example.com");
    expect(() => requireReportReader(distributor.scope, "distributor")).not.toThrow();
  });
});

describe("the lines behind a group", () => {
  const linesOf = async (email: string, search: string) => {
    const { scope } = await as(email);
    return reportLines(db(), scope, await resolveDistributor(db(), scope, readLinesQuery(new URLSearchParams(search))));
  };

  it("are the committed lines of that group, with their base amounts", async () => {
    const direct = await linesOf("admin@example.com", `from=${P1}&to=${P1}&distributor=NWD&groupBy=reseller&key=0`);
    expect(direct.total).toBe(1);
    expect(direct.rows[0]).toMatchObject({
      invoice_no: `R-${P1}-2`,
      reseller_code: null,
      quantity: -1,
      amount: "-0.05",
      currency: "EUR",
      amount_base: "-0.05",
    });
    const bps = await linesOf("admin@example.com", `from=${P1}&to=${P2}&distributor=NWD&groupBy=reseller&key=${ids.BPS}`);
    expect(bps.rows.map((r) => [r.invoice_no, r.amount_base])).toEqual([
      [`R-${P1}-1`, "1337.44"],
      [`R-${P2}-1`, null],
    ]);
  });

  it("never include another distributor's lines", async () => {
    const pacific = await linesOf("other@example.com", `from=${P1}&to=${P2}`);
    expect(pacific.rows.filter((r) => r.period.startsWith("1990")).map((r) => r.distributor_code)).toEqual(["PCS"]);
    const manager = await linesOf("manager@example.com", `from=${P1}&to=${P1}&groupBy=distributor&key=${ids.PCS}`);
    expect(manager.total).toBe(0);
  });

  it("show only a month's current submission after it is sent again", async () => {
    const northwind = await as("distributor@example.com");
    const P3 = "1990-03";
    await commitLines(db(), northwind, ids.NWD, P3, [line(P3, 1, "BPS", "NET-SW24", 4, "10.00", "40.00", "USD")], [], new Date(Date.UTC(1990, 3, 2)));
    await commitLines(
      db(),
      northwind,
      ids.NWD,
      P3,
      [line(P3, 1, "BPS", "NET-SW24", 1, "10.00", "10.00", "USD"), line(P3, 2, null, "NET-SW24", 1, "5.00", "5.00", "USD")],
      [],
      new Date(Date.UTC(1990, 3, 3)),
    );
    const result = await report(northwind.scope, `from=${P3}&to=${P3}`);
    expect(result.totals).toMatchObject({ quantity: "2", line_count: "2", amount_base: "15.00" });
    const lines = await linesOf("distributor@example.com", `from=${P3}&to=${P3}`);
    expect(lines.rows.map((r) => r.amount)).toEqual(["10.00", "5.00"]);
  });
});

describe("regional coverage", () => {
  it("lists regions with their active partners and what was sold there", async () => {
    const manager2 = await as("manager2@example.com");
    const { regions } = await regionalCoverage(db(), manager2.scope, readReportQuery(new URLSearchParams(`from=${P1}&to=${P1}`)));
    const apac = regions.find((r) => r.code === "APAC")!;
    const emea = regions.find((r) => r.code === "EMEA")!;
    expect(apac).toMatchObject({ quantity: "5", amount_base: "100.00", sellers: 1 });
    expect(apac.partners).toBeGreaterThan(0);
    // manager2's one EMEA partner (Thames) reported nothing through its distributors.
    expect(emea).toMatchObject({ partners: 1, quantity: "0", line_count: "0" });
  });
});

describe("exchange rates", () => {
  it("are edited by an admin only, exactly, with the change audited", async () => {
    const admin = await as("admin@example.com");
    const manager = await as("manager@example.com");
    const period = "1990-06";
    await expect(saveMonthRates(db(), manager.scope, manager.actor, period, { "rate-EUR": "2" })).rejects.toMatchObject({ status: 403 });
    expect(await saveMonthRates(db(), admin.scope, admin.actor, period, { "rate-EUR": "1.12345678", "rate-CNY": "" })).toBe(1);
    expect((await ratesForPeriod(db(), period)).rates.find((r) => r.currency === "EUR")?.rate).toBe("1.12345678");
    const audit = await db()
      .selectFrom("audit_log")
      .select(["before_json", "after_json"])
      .where("action", "=", "exchange_rates.update")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!)).toEqual({ [`${period} EUR`]: "1.12345678" });
    expect(JSON.parse(audit.before_json!)).toEqual({ [`${period} EUR`]: null });
  });

  it("refuse a bad rate next to its field and save nothing of that form", async () => {
    const admin = await as("admin@example.com");
    const period = "1990-07";
    const error = await saveMonthRates(db(), admin.scope, admin.actor, period, { "rate-EUR": "1.1", "rate-CNY": "0.123456789" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.errors).toEqual({ "rate-CNY": "sellThroughReports.errors.rate" });
    expect(await db().selectFrom("exchange_rates").select("currency").where("period", "=", period).execute()).toEqual([]);
  });

  it("import from CSV all or nothing, each bad row reported", async () => {
    const admin = await as("admin@example.com");
    const bad = await importRatesCsv(
      db(),
      admin.scope,
      admin.actor,
      "period,currency,rate\n1990-08,EUR,1.2\n1990-13,EUR,1\n1990-08,XXX,1\n1990-08,USD,1\n1990-08,EUR,-1\n",
    );
    expect(bad).toEqual({
      ok: false,
      rowErrors: [
        { row: 3, errors: ["period:sellThroughReports.errors.period"] },
        { row: 4, errors: ["currency:errors.currency"] },
        { row: 5, errors: ["currency:sellThroughReports.errors.baseCurrency"] },
        { row: 6, errors: ["rate:sellThroughReports.errors.rate", "period:sellThroughReports.errors.rateTwice:2"] },
      ],
    });
    expect(await db().selectFrom("exchange_rates").select("currency").where("period", "=", "1990-08").execute()).toEqual([]);
    expect(await importRatesCsv(db(), admin.scope, admin.actor, "Period;Currency;Rate\n1990-08;EUR;1,2\n1990-09;cny;0.14\n")).toEqual({ ok: true, changed: 2 });
    const rows = await db()
      .selectFrom("exchange_rates")
      .select(["period", "currency", "rate"])
      .where("period", "in", ["1990-08", "1990-09"])
      .orderBy("period")
      .execute();
    expect(rows).toEqual([
      { period: "1990-08", currency: "EUR", rate: "1.20000000" },
      { period: "1990-09", currency: "CNY", rate: "0.14000000" },
    ]);
  });
});
