// Sell-through reports across the partner boundary, over HTTP: one distributor's month (with
// an end customer and invoice found nowhere else) tried by the other distributor and by the
// other channel manager through the report, its drill-down lines and both CSV exports, with the
// distributor filter pointed at it; resellers and reps kept out of every report route; exchange
// rates edited by anyone but an admin refused, with nothing changed.
// Route modules: `_app.sell-through.reports.*` and the exports `sell-through.reports[.csv].ts`
// and `sell-through.reports.lines[.csv].ts` (/sell-through/reports.csv,
// /sell-through/reports/lines.csv, also asked for the other distributor).
import { beforeAll, describe, expect, it } from "vitest";
import { commitLines, type StagedLine } from "../../db/seed/demo-sell-through";
import { signedIn, type PortalClient } from "../support/client";
import { db, partnerByCode, scopeOf, userByEmail } from "../support/db";

const PERIOD = "1991-01";
const RANGE = `from=${PERIOD}&to=${PERIOD}`;
const clients = new Map<string, PortalClient>();
const ids: Record<string, number> = {};

async function commitSecret(email: string, code: string): Promise<void> {
  const user = await userByEmail(email);
  const product = await db().selectFrom("products").select("id").where("sku", "=", "NET-SW24").executeTakeFirstOrThrow();
  const secret = `${code}-SECRET-CUSTOMER`;
  const line: StagedLine = {
    row_no: 2,
    transaction_date: `${PERIOD}-15`,
    invoice_no: `${code}-SECRET-INVOICE`,
    line_no: "1",
    reseller_id: null,
    end_customer_name: secret,
    end_customer_key: secret.toLowerCase(),
    end_customer_country: "DE",
    end_customer_postcode: "",
    product_id: product.id,
    quantity: 7,
    unit_price: "1.00",
    currency: "USD",
    amount: "7.00",
  };
  await commitLines(
    db(),
    { scope: await scopeOf(email), actor: { userId: user.id, email, ip: null } },
    ids[code],
    PERIOD,
    [line],
    [],
    new Date(Date.UTC(1991, 1, 3)),
  );
}

beforeAll(async () => {
  for (const code of ["NWD", "PCS"]) ids[code] = (await partnerByCode(code)).id;
  for (const email of [
    "admin@example.com",
    "distributor@example.com",
    "other@example.com",
    "manager@example.com",
    "manager2@example.com",
    "reseller@example.com",
    "rep@example.com",
  ]) {
    clients.set(email, await signedIn(email));
  }
  await commitSecret("distributor@example.com", "NWD");
  await commitSecret("other@example.com", "PCS");
});

const ATTACKS = [
  { email: "other@example.com", own: "PCS", target: "NWD" },
  { email: "manager2@example.com", own: "PCS", target: "NWD" },
  { email: "distributor@example.com", own: "NWD", target: "PCS" },
  { email: "manager@example.com", own: "NWD", target: "PCS" },
];

describe.each(ATTACKS)("$email against $target's sell-through", ({ email, own, target }) => {
  it("never sees it in the report, the lines or the exports, even when filtering for it", async () => {
    const client = clients.get(email)!;
    const targetId = ids[target];
    const paths = [
      `/sell-through/reports?${RANGE}&groupBy=distributor`,
      `/sell-through/reports?${RANGE}&distributor=${target}&groupBy=reseller`,
      `/sell-through/reports?${RANGE}&distributor=${targetId}`,
      `/sell-through/reports?${RANGE}&tab=coverage&distributor=${target}`,
      `/sell-through/reports/lines?${RANGE}`,
      `/sell-through/reports/lines?${RANGE}&groupBy=distributor&key=${targetId}`,
      `/sell-through/reports/lines?${RANGE}&distributor=${target}`,
      `/sell-through/reports.csv?${RANGE}&groupBy=distributor`,
      `/sell-through/reports.csv?${RANGE}&distributor=${target}&groupBy=sku`,
      `/sell-through/reports/lines.csv?${RANGE}`,
      `/sell-through/reports/lines.csv?${RANGE}&groupBy=distributor&key=${targetId}`,
    ];
    for (const path of paths) {
      const response = await client.get(path);
      expect(response.status, path).toBe(200);
      const body = await response.text();
      expect(body, path).not.toContain(`${target}-SECRET`);
    }
    // The same screens do show its own month, so the checks above could have failed.
    const ownLines = await (await client.get(`/sell-through/reports/lines.csv?${RANGE}`)).text();
    expect(ownLines).toContain(`${own}-SECRET-CUSTOMER`);
    const grouped = await (await client.get(`/sell-through/reports.csv?${RANGE}&groupBy=distributor`)).text();
    expect(grouped.split("\r\n").filter((row) => row.startsWith(`${target},`))).toEqual([]);
    expect(grouped.split("\r\n").some((row) => row.startsWith(`${own},`))).toBe(true);
  });
});

describe("resellers and reps", () => {
  const ROUTES = [
    `/sell-through/reports?${RANGE}`,
    `/sell-through/reports?${RANGE}&tab=coverage`,
    `/sell-through/reports/lines?${RANGE}`,
    `/sell-through/reports.csv?${RANGE}`,
    `/sell-through/reports/lines.csv?${RANGE}`,
  ];

  it.each(ROUTES)("a reseller's admin finds no %s", async (path) => {
    const response = await clients.get("reseller@example.com")!.get(path);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("SECRET");
  });

  it.each(ROUTES)("a rep may not open %s", async (path) => {
    const response = await clients.get("rep@example.com")!.get(path);
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain("SECRET");
  });
});

describe("exchange rates", () => {
  const RATE_PERIOD = "1991-02";

  async function snapshot(): Promise<string> {
    const [rates, audit] = await Promise.all([
      db().selectFrom("exchange_rates").selectAll().where("period", "in", [RATE_PERIOD, "1991-03"]).orderBy("currency").execute(),
      db().selectFrom("audit_log").select("id").where("action", "=", "exchange_rates.update").execute(),
    ]);
    return JSON.stringify({ rates, audit: audit.length });
  }

  beforeAll(async () => {
    await db().insertInto("exchange_rates").values({ period: RATE_PERIOD, currency: "EUR", rate: "1.10000000" }).execute();
  });

  it.each(["manager@example.com", "manager2@example.com", "distributor@example.com", "other@example.com", "reseller@example.com", "rep@example.com"])(
    "cannot be changed by %s, and nothing changes",
    async (email) => {
      const client = clients.get(email)!;
      const before = await snapshot();
      const saved = await client.post("/settings/exchange-rates", { intent: "save", period: RATE_PERIOD, "rate-EUR": "9.99" });
      expect(saved.status).toBe(403);
      const form = new FormData();
      form.set("intent", "import");
      form.set("csv", `period,currency,rate\n${RATE_PERIOD},EUR,5\n1991-03,CNY,0.2\n`);
      expect((await client.post("/settings/exchange-rates", form)).status).toBe(403);
      expect(await snapshot()).toBe(before);
    },
  );

  it("are read by a channel manager without a form to change them, and closed to partners", async () => {
    const page = await clients.get("manager@example.com")!.get(`/settings/exchange-rates?period=${RATE_PERIOD}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("1.1");
    expect(html).not.toContain('name="rate-EUR"');
    for (const email of ["distributor@example.com", "reseller@example.com", "rep@example.com"]) {
      expect((await clients.get(email)!.get("/settings/exchange-rates")).status, email).toBe(403);
    }
  });

  it("are changed by an admin", async () => {
    const response = await clients.get("admin@example.com")!.post("/settings/exchange-rates", { intent: "save", period: RATE_PERIOD, "rate-EUR": "1.2" });
    expect(response.status).toBe(302);
    const rate = await db()
      .selectFrom("exchange_rates")
      .select("rate")
      .where("period", "=", RATE_PERIOD)
      .where("currency", "=", "EUR")
      .executeTakeFirstOrThrow();
    expect(rate.rate).toBe("1.20000000");
  });
});
