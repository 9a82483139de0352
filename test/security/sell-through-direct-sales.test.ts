// Reseller names answered "a direct sale" (intent "names" with resellerDirect on
// app/routes/_app.sell-through.submissions.$submissionId.tsx, and directSale on
// app/routes/_app.sell-through.new.tsx) across the partner boundary: another distributor or
// its channel manager cannot answer for a submission they may not see, and one distributor's
// answers neither apply to nor show through another's report.
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { storeStream } from "~/lib/storage.server";
import { checkSubmission, mapUnknownNames, receiveFile, startCheck } from "~/modules/sell-through/submissions.server";
import { signedIn } from "../support/client";
import { db, partnerByCode, scopeOf, userByEmail } from "../support/db";

const period = "2001-09";
const name = `Back Room Traders ${process.pid}`;
let northwindSubmission: number;

async function checkedFile(email: string, code: string, reseller: string): Promise<number> {
  const user = await userByEmail(email);
  const scope = await scopeOf(email);
  const actor = { userId: user.id, email, ip: null };
  const partner = await partnerByCode(code);
  const stored = await storeStream(
    Readable.from([Buffer.from(`date,invoice,line,reseller,sku,qty,unit price,currency\n${period}-05,DSX-1,1,${reseller},NET-SW24,1,10.00,USD\n`)]),
    "sell-through",
  );
  const received = await receiveFile(db(), scope, actor, { distributorId: partner.id, period, fileName: "direct.csv", stored });
  await startCheck(db(), scope, actor, received.submissionId, received.mapping, received.header);
  await checkSubmission(db(), received.submissionId, process.env.DATABASE_URL);
  return received.submissionId;
}

async function answers(): Promise<string> {
  return JSON.stringify(await db().selectFrom("sell_through_direct_sale_names").selectAll().where("name_key", "=", name.toLowerCase()).execute());
}

beforeAll(async () => {
  northwindSubmission = await checkedFile("distributor@example.com", "NWD", name);
});

describe("answering a reseller name as a direct sale", () => {
  it.each(["other@example.com", "manager2@example.com", "reseller@example.com", "rep@example.com"])(
    "is refused to %s for another distributor's submission, and nothing changes",
    async (email) => {
      const client = await signedIn(email);
      const before = JSON.stringify(await db().selectFrom("sell_through_submissions").selectAll().where("id", "=", northwindSubmission).executeTakeFirst());
      const response = await client.post(`/sell-through/submissions/${northwindSubmission}`, { intent: "names", resellerDirect: name });
      expect([403, 404]).toContain(response.status);
      expect(await response.text()).not.toContain(name);
      expect(await answers()).toBe("[]");
      expect(JSON.stringify(await db().selectFrom("sell_through_submissions").selectAll().where("id", "=", northwindSubmission).executeTakeFirst())).toBe(
        before,
      );
    },
  );

  it("given by one distributor, neither applies to nor shows in another distributor's report", async () => {
    const northwind = await userByEmail("distributor@example.com");
    await mapUnknownNames(db(), await scopeOf("distributor@example.com"), { userId: northwind.id, email: northwind.email, ip: null }, northwindSubmission, {
      skus: {},
      resellers: {},
      directSales: [name],
    });
    const other = await signedIn("other@example.com");
    const pacific = await partnerByCode("PCS");
    const response = await other.post("/sell-through/new", {
      intent: "check",
      distributorId: String(pacific.id),
      period,
      transactionDate: `${period}-06`,
      invoiceNo: "DSX-2",
      lineNo: "1",
      reseller: name,
      sku: "NET-SW24",
      quantity: "1",
      unitPrice: "10.00",
      currency: "USD",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Unknown reseller.");
    // Pacific's own file with that name is still asked about.
    const pacificSubmission = await checkedFile("other@example.com", "PCS", name);
    const checked = await db()
      .selectFrom("sell_through_submissions")
      .select(["rows_accepted", "rows_rejected"])
      .where("id", "=", pacificSubmission)
      .executeTakeFirstOrThrow();
    expect(checked).toEqual({ rows_accepted: 0, rows_rejected: 1 });
  });
});
