// Targets and scorecards across the partner boundary: one partner's target tried by another
// partner, the other channel manager and a rep (the list, setting, the upload, the template),
// nothing changes and nothing shows; scorecards opened with other partners' ids (404), their
// figures never showing another partner's rows, and compare refusing ids out of scope.
// Route modules: `_app.targets.tsx`, the template `targets.template[.csv].ts`
// (/targets/template.csv), `_app.partners.$partnerId_.scorecard.tsx` and
// `_app.partners.compare.tsx`.
import { beforeAll, describe, expect, it } from "vitest";
import { setTarget } from "~/modules/targets/targets.server";
import { signedIn, type PortalClient } from "../support/client";
import { db, partnerByCode, scopeOf, userByEmail } from "../support/db";

const clients = new Map<string, PortalClient>();
// A quarter of its own, far ahead.
const quarter = `${2950 + (process.pid % 40)}-Q3`;
const AMOUNTS: Record<string, string> = { BPS: "123457.89", PCS: "987653.21" };
const SHOWN: Record<string, string> = { BPS: "123,457.89", PCS: "987,653.21" };
const ids = new Map<string, number>();

async function targetRows() {
  return JSON.stringify(await db().selectFrom("sell_through_targets").selectAll().where("quarter", "=", quarter).orderBy("partner_id").execute());
}

beforeAll(async () => {
  for (const email of [
    "admin@example.com",
    "manager@example.com",
    "manager2@example.com",
    "distributor@example.com",
    "reseller@example.com",
    "rep@example.com",
    "other@example.com",
  ]) {
    clients.set(email, await signedIn(email));
  }
  const admin = await userByEmail("admin@example.com");
  const scope = await scopeOf(admin.email);
  for (const code of ["BPS", "PCS"]) {
    const partner = await partnerByCode(code);
    ids.set(code, partner.id);
    await setTarget(db(), scope, { userId: admin.id, email: admin.email, ip: null }, { partnerId: partner.id, quarter, amount: AMOUNTS[code] });
  }
});

function upload(text: string): FormData {
  const form = new FormData();
  form.set("intent", "import");
  form.set("file", new Blob([text], { type: "text/csv" }), "targets.csv");
  return form;
}

describe("targets", () => {
  it.each([
    { email: "other@example.com", own: "PCS", victim: "BPS" },
    { email: "reseller@example.com", own: "BPS", victim: "PCS" },
    { email: "manager@example.com", own: "BPS", victim: "PCS" },
    { email: "manager2@example.com", own: "PCS", victim: "BPS" },
  ])("$email sees $own's target on the list and never $victim's", async ({ email, own, victim }) => {
    const page = await (await clients.get(email)!.get(`/targets?quarter=${quarter}`)).text();
    expect(page).toContain(email.startsWith("manager") ? AMOUNTS[own] : SHOWN[own]);
    expect(page).not.toContain(SHOWN[victim]);
    expect(page).not.toContain(AMOUNTS[victim]);
  });

  it("a distributor sees its reseller's target, read-only, and not another distributor's", async () => {
    const page = await (await clients.get("distributor@example.com")!.get(`/targets?quarter=${quarter}`)).text();
    expect(page).toContain(SHOWN.BPS);
    expect(page).not.toContain(SHOWN.PCS);
    expect(page).not.toContain('name="amount"');
  });

  it("a partner rep has no targets screen", async () => {
    expect((await clients.get("rep@example.com")!.get("/targets")).status).toBe(403);
  });

  it.each(["other@example.com", "reseller@example.com", "distributor@example.com", "rep@example.com"])(
    "%s cannot set, upload or download the template; nothing changes",
    async (email) => {
      const client = clients.get(email)!;
      const before = await targetRows();
      for (const code of ["BPS", "PCS"]) {
        expect((await client.post("/targets", { intent: "set", partnerId: String(ids.get(code)), quarter, amount: "1.00" })).status).toBe(403);
      }
      expect((await client.post("/targets", upload(`partner,quarter,amount\nBPS,${quarter},1\nPCS,${quarter},1`))).status).toBe(403);
      expect((await client.get(`/targets/template.csv?quarter=${quarter}`)).status).toBe(403);
      expect(await targetRows()).toBe(before);
    },
  );

  it("a channel manager cannot set another manager's partner's target, by form or file: not found, nothing changes", async () => {
    const client = clients.get("manager@example.com")!;
    const before = await targetRows();
    expect((await client.post("/targets", { intent: "set", partnerId: String(ids.get("PCS")), quarter, amount: "1.00" })).status).toBe(404);
    const response = await client.post("/targets", upload(`partner,quarter,amount\nBPS,${quarter},1\nPCS,${quarter},1`));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("No partner of yours has this code.");
    const template = await (await client.get(`/targets/template.csv?quarter=${quarter}`)).text();
    expect(template).toContain("BPS");
    expect(template).not.toContain("PCS");
    expect(await targetRows()).toBe(before);
  });
});

describe("scorecards", () => {
  const scorecard = (code: string) => `/partners/${ids.get(code)}/scorecard`;

  beforeAll(async () => {
    for (const code of ["NWD"]) ids.set(code, (await partnerByCode(code)).id);
  });

  it.each([
    { email: "reseller@example.com", own: "BPS", others: ["PCS", "NWD"] },
    { email: "other@example.com", own: "PCS", others: ["BPS", "NWD"] },
    // A distributor sees its own scorecard, not its reseller's (their funds and deals are between the vendor and the reseller).
    { email: "distributor@example.com", own: "NWD", others: ["BPS", "PCS"] },
    { email: "manager@example.com", own: "BPS", others: ["PCS"] },
    { email: "manager2@example.com", own: "PCS", others: ["BPS", "NWD"] },
  ])("$email opens $own's scorecard and gets 404 for $others", async ({ email, own, others }) => {
    const client = clients.get(email)!;
    expect((await client.get(scorecard(own))).status).toBe(200);
    for (const code of others) expect((await client.get(scorecard(code))).status, code).toBe(404);
  });

  it("a partner rep has no scorecard, not even its own partner's", async () => {
    expect((await clients.get("rep@example.com")!.get(scorecard("BPS"))).status).toBe(403);
  });

  it("a scorecard's funded activities are the partner's own, whoever looks", async () => {
    const requestIds = (page: string) => [...page.matchAll(/\/funds\/requests\/(\d+)"/g)].map((m) => Number(m[1]));
    for (const [email, code] of [
      ["reseller@example.com", "BPS"],
      ["manager@example.com", "BPS"],
      ["other@example.com", "PCS"],
      ["manager2@example.com", "PCS"],
      ["distributor@example.com", "NWD"],
    ] as const) {
      const shown = requestIds(await (await clients.get(email)!.get(scorecard(code))).text());
      if (code !== "NWD") expect(shown.length, email).toBeGreaterThan(0);
      const owners = shown.length ? await db().selectFrom("fund_requests").select("partner_id").distinct().where("id", "in", shown).execute() : [];
      expect(
        owners.map((o) => o.partner_id),
        email,
      ).toEqual(shown.length ? [ids.get(code)] : []);
    }
  });

  it("compare refuses a partner outside the scope and is for vendor users only", async () => {
    const both = `/partners/compare?partner=${ids.get("BPS")}&partner=${ids.get("PCS")}`;
    expect((await clients.get("admin@example.com")!.get(both)).status).toBe(200);
    expect((await clients.get("manager@example.com")!.get(both)).status).toBe(404);
    expect((await clients.get("manager2@example.com")!.get(both)).status).toBe(404);
    expect((await clients.get("manager@example.com")!.get(`/partners/compare?partner=BPS&partner=PCS`)).status).toBe(404);
    for (const email of ["reseller@example.com", "other@example.com", "distributor@example.com", "rep@example.com"]) {
      expect((await clients.get(email)!.get(both)).status, email).toBe(403);
    }
  });
});
