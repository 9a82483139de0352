// Reseller names a distributor answers "a direct sale, not one of our partners", through the
// module functions against the real database: before the answer such rows are rejected; after
// it they are accepted with no reseller and the name as written, the rollup counts them as sold
// direct and no reseller's figures include them, and the answer holds for the distributor's
// next file and typed lines, never for another distributor.
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { storeStream } from "~/lib/storage.server";
import { ValidationError } from "~/lib/forms";
import { checkSubmission, mapUnknownNames, receiveFile, startCheck, unknownNames } from "~/modules/sell-through/submissions.server";
import { commitSubmission } from "~/modules/sell-through/commit.server";
import { fileManualReport } from "~/modules/sell-through/lines.server";
import { readLinesQuery, reportLines } from "~/modules/sell-through/reports.server";
import { db, partnerByCode, scopeOf, userByEmail } from "../support/db";

let monthCounter = 0;
/** A month no other test in this run reports (other files start theirs elsewhere in the far past). */
function freshPeriod(): string {
  monthCounter += 1;
  const base = 1990 * 12 + (process.pid % 100) * 12 + monthCounter;
  return `${Math.floor(base / 12)}-${String((base % 12) + 1).padStart(2, "0")}`;
}

async function as(email: string) {
  const user = await userByEmail(email);
  return { scope: await scopeOf(email), actor: { userId: user.id, email: user.email, ip: null } };
}

/** A file of two lines for the month: one sold through BPS, one naming `reseller`. */
function report(period: string, reseller: string, invoice: string): string {
  return [
    "date,invoice,line,reseller,sku,qty,unit price,currency",
    `${period}-01,${invoice},1,BPS,NET-SW24,2,10.00,USD`,
    `${period}-02,${invoice},2,${reseller},NET-AP6,3,5.00,USD`,
  ].join("\n");
}

/** Uploads and checks the file as the user for their distributor. */
async function checkFile(email: string, distributorCode: string, period: string, text: string) {
  const who = await as(email);
  const distributor = await partnerByCode(distributorCode);
  const stored = await storeStream(Readable.from([Buffer.from(text, "utf8")]), "sell-through");
  const received = await receiveFile(db(), who.scope, who.actor, { distributorId: distributor.id, period, fileName: "report.csv", stored });
  await startCheck(db(), who.scope, who.actor, received.submissionId, received.mapping, received.header);
  await checkSubmission(db(), received.submissionId, process.env.DATABASE_URL);
  return { ...who, distributor, submissionId: received.submissionId };
}

async function counts(submissionId: number) {
  return db()
    .selectFrom("sell_through_submissions")
    .select(["status", "rows_accepted", "rows_rejected"])
    .where("id", "=", submissionId)
    .executeTakeFirstOrThrow();
}

describe("a reseller name answered as a direct sale", () => {
  it("is rejected until answered, then accepted as sold direct, and remembered for the distributor's next file only", async () => {
    const period = freshPeriod();
    const name = `Corner Shop ${process.pid} ${period}`;
    const first = await checkFile("distributor@example.com", "NWD", period, report(period, name, "DS-1"));
    expect(await counts(first.submissionId)).toEqual({ status: "checked", rows_accepted: 1, rows_rejected: 1 });
    expect((await unknownNames(db(), first.submissionId)).resellers).toEqual([{ name, rows: 1 }]);

    await mapUnknownNames(db(), first.scope, first.actor, first.submissionId, { skus: {}, resellers: {}, directSales: [name] });
    await checkSubmission(db(), first.submissionId, process.env.DATABASE_URL);
    expect(await counts(first.submissionId)).toEqual({ status: "checked", rows_accepted: 2, rows_rejected: 0 });
    const direct = await db()
      .selectFrom("sell_through_lines")
      .select(["reseller_id", "reseller_name", "quantity"])
      .where("submission_id", "=", first.submissionId)
      .where("invoice_no", "=", "DS-1")
      .orderBy("line_no")
      .execute();
    expect(direct).toEqual([
      { reseller_id: (await partnerByCode("BPS")).id, reseller_name: "", quantity: 2 },
      { reseller_id: null, reseller_name: name, quantity: 3 },
    ]);

    // The vendor's figures count the line as sold direct (reseller 0); BPS keeps only its own.
    await commitSubmission(db(), first.scope, first.actor, first.submissionId, { confirmUnusual: true });
    const rollup = await db()
      .selectFrom("sell_through_monthly")
      .select(["reseller_id", "quantity", "amount"])
      .where("distributor_id", "=", first.distributor.id)
      .where("period", "=", period)
      .orderBy("reseller_id")
      .execute();
    expect(rollup.map((r) => ({ reseller_id: r.reseller_id, quantity: Number(r.quantity), amount: String(r.amount) }))).toEqual([
      { reseller_id: 0, quantity: 3, amount: "15.00" },
      { reseller_id: (await partnerByCode("BPS")).id, quantity: 2, amount: "20.00" },
    ]);

    // The lines behind "direct sales" show the name as the distributor wrote it.
    const directLines = await reportLines(db(), first.scope, readLinesQuery(new URLSearchParams({ from: period, to: period, groupBy: "reseller", key: "0" })));
    expect(directLines.rows.map((l) => ({ invoice: l.invoice_no, reseller: l.reseller_name, written: l.reseller_as_written }))).toEqual([
      { invoice: "DS-1", reseller: null, written: name },
    ]);

    // The next file names it again, in other letters: not asked again.
    const next = freshPeriod();
    const second = await checkFile("distributor@example.com", "NWD", next, report(next, name.toUpperCase(), "DS-2"));
    expect(await counts(second.submissionId)).toEqual({ status: "checked", rows_accepted: 2, rows_rejected: 0 });

    // Another distributor's file with that name is still asked about.
    const other = await checkFile("other@example.com", "PCS", next, report(next, name, "DS-3").replace(",BPS,", ",,"));
    expect(await counts(other.submissionId)).toEqual({ status: "checked", rows_accepted: 1, rows_rejected: 1 });
    expect((await unknownNames(db(), other.submissionId)).resellers).toEqual([{ name, rows: 1 }]);
  });

  it("can be given only for names the file's rows were rejected for, and only by the submission's distributor", async () => {
    const period = freshPeriod();
    const name = `Kiosk ${process.pid} ${period}`;
    const checked = await checkFile("distributor@example.com", "NWD", period, report(period, name, "DS-4"));
    const notAsked = await mapUnknownNames(db(), checked.scope, checked.actor, checked.submissionId, {
      skus: {},
      resellers: {},
      directSales: [`Someone else ${period}`],
    }).catch((e) => e);
    expect(notAsked).toBeInstanceOf(ValidationError);
    expect((notAsked as ValidationError).errors).toEqual({ form: "sellThroughCatalogue.errors.directSaleNotAsked" });

    const other = await as("other@example.com");
    const refused = await mapUnknownNames(db(), other.scope, other.actor, checked.submissionId, { skus: {}, resellers: {}, directSales: [name] }).catch(
      (e) => e,
    );
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(404);

    const answers = await db()
      .selectFrom("sell_through_direct_sale_names")
      .select("partner_id")
      .where("name_key", "in", [name.toLowerCase(), `someone else ${period}`])
      .execute();
    expect(answers).toEqual([]);
    expect(await counts(checked.submissionId)).toEqual({ status: "checked", rows_accepted: 1, rows_rejected: 1 });
  });

  it("is asked next to the cell of the manual form, and the typed report is accepted once answered", async () => {
    const period = freshPeriod();
    const name = `Market Stall ${process.pid} ${period}`;
    const { scope, actor } = await as("distributor@example.com");
    const nwd = await partnerByCode("NWD");
    const rows = [
      {
        transactionDate: `${period}-03`,
        invoiceNo: "DS-5",
        lineNo: "1",
        reseller: name,
        sku: "NET-SW24",
        quantity: "1",
        unitPrice: "10.00",
        currency: "USD",
      },
    ];
    const before = await fileManualReport(db(), scope, actor, { distributorId: nwd.id, period, rows }).catch((e) => e);
    expect(before).toBeInstanceOf(ValidationError);
    expect((before as ValidationError).errors).toEqual({ "line-0-reseller": "sellThrough.problems.unknownReseller" });

    const submissionId = await fileManualReport(db(), scope, actor, { distributorId: nwd.id, period, rows, directSales: [name] });
    const line = await db()
      .selectFrom("sell_through_lines")
      .select(["reseller_id", "reseller_name"])
      .where("submission_id", "=", submissionId)
      .executeTakeFirstOrThrow();
    expect(line).toEqual({ reseller_id: null, reseller_name: name });
  });
});
