// Compliance and the closed loop across the partner boundary, over HTTP: a channel manager's
// compliance grid holds only their distributors; the sell-through shown on a deal never names
// another distributor's invoices, and a partner that may not see the deal gets 404.
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { storeStream } from "~/lib/storage.server";
import { customerKey } from "~/modules/deals/customer";
import { checkSubmission, receiveFile, startCheck } from "~/modules/sell-through/submissions.server";
import { commitSubmission } from "~/modules/sell-through/commit.server";
import { db, partnerByCode, scopeOf, uniqueCode, userByEmail } from "../support/db";
import { signedIn, type PortalClient } from "../support/client";

const clients = new Map<string, PortalClient>();
let dealId: number;
const marker = uniqueCode("X");
const northwindInvoice = `NWINV-${marker}`;
const pacificInvoice = `PCINV-${marker}`;

async function commitFor(email: string, code: string, period: string, row: string) {
  const user = await userByEmail(email);
  const scope = await scopeOf(email);
  const actor = { userId: user.id, email, ip: null };
  const partner = await partnerByCode(code);
  const stored = await storeStream(
    Readable.from([Buffer.from(`date,invoice,line,reseller,end customer,sku,qty,unit price,currency\n${row}\n`)]),
    "sell-through",
  );
  const received = await receiveFile(db(), scope, actor, { distributorId: partner.id, period, fileName: "loop.csv", stored });
  await startCheck(db(), scope, actor, received.submissionId, received.mapping, received.header);
  await checkSubmission(db(), received.submissionId, process.env.DATABASE_URL);
  await commitSubmission(db(), scope, actor, received.submissionId);
}

beforeAll(async () => {
  for (const email of [
    "admin@example.com",
    "manager@example.com",
    "manager2@example.com",
    "distributor@example.com",
    "other@example.com",
    "reseller@example.com",
  ]) {
    clients.set(email, await signedIn(email));
  }
  const bps = await partnerByCode("BPS");
  const nwd = await partnerByCode("NWD");
  const resellerAdmin = await userByEmail("reseller@example.com");
  const customer = `Closed Loop ${marker} GmbH`;
  const deal = await db()
    .insertInto("deals")
    .values({
      partner_id: bps.id,
      created_by: resellerAdmin.id,
      fulfilling_partner_id: nwd.id,
      name: "Loop",
      customer_name: customer,
      customer_key: customerKey(customer),
      customer_country: "DE",
      currency: "EUR",
      expected_close_date: "2034-03-01",
      status: "approved",
    })
    .executeTakeFirstOrThrow();
  dealId = Number(deal.insertId);
  // Both distributors sell to Brightpath for this customer; months far from other tests'.
  await commitFor("distributor@example.com", "NWD", "2034-01", `2034-01-10,${northwindInvoice},1,BPS,${customer},NET-SW24,3,100.00,EUR`);
  await commitFor("other@example.com", "PCS", "2034-01", `2034-01-11,${pacificInvoice},1,BPS,${customer},NET-AP6,2,50.00,EUR`);
});

describe("sell-through on a deal", () => {
  it("shows the vendor every line with its invoice", async () => {
    const page = await (await clients.get("admin@example.com")!.get(`/deals/${dealId}`)).text();
    expect(page).toContain(northwindInvoice);
    expect(page).toContain(pacificInvoice);
  });

  it("shows the reseller its deal's totals but no distributor's invoice numbers", async () => {
    const response = await clients.get("reseller@example.com")!.get(`/deals/${dealId}`);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain("Sell-through that followed");
    expect(page).toContain("€400.00");
    expect(page).not.toContain(northwindInvoice);
    expect(page).not.toContain(pacificInvoice);
  });

  it("shows the fulfilling distributor only the lines it reported", async () => {
    const page = await (await clients.get("distributor@example.com")!.get(`/deals/${dealId}`)).text();
    expect(page).toContain(northwindInvoice);
    expect(page).not.toContain(pacificInvoice);
    expect(page).toContain("€300.00");
    expect(page).not.toContain("€400.00");
  });

  it.each(["other@example.com", "manager2@example.com"])("answers %s, who may not see the deal, with 404 and nothing of its lines", async (email) => {
    const response = await clients.get(email)!.get(`/deals/${dealId}`);
    expect(response.status).toBe(404);
    const page = await response.text();
    expect(page).not.toContain(northwindInvoice);
    expect(page).not.toContain(pacificInvoice);
  });
});

describe("the compliance grid", () => {
  it("lists only the channel manager's own distributors", async () => {
    const mine = await (await clients.get("manager@example.com")!.get("/sell-through?view=compliance&pageSize=100")).text();
    expect(mine).toContain("Northwind Distribution");
    expect(mine).not.toContain("Pacific Channel Supply");
    const theirs = await (await clients.get("manager2@example.com")!.get("/sell-through?view=compliance&pageSize=100")).text();
    expect(theirs).toContain("Pacific Channel Supply");
    expect(theirs).not.toContain("Northwind Distribution");
  });

  it("is not offered to a distributor, who gets its own submissions instead", async () => {
    const page = await (await clients.get("other@example.com")!.get("/sell-through?view=compliance")).text();
    expect(page).not.toContain("Reporting compliance");
    expect(page).not.toContain("Northwind Distribution");
  });
});
