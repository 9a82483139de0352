// Sell-through from file to committed lines through the module functions, against the real
// database: receiving and mapping a file, the check job with its rejections, committing, a
// resubmission that replaces the month without double counting, and a commit that dies
// half-way leaving the old lines. Each test reports for a month of its own.
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { storeStream } from "~/lib/storage.server";
import { ValidationError } from "~/lib/forms";
import { checkSubmission, mapUnknownNames, receiveFile, startCheck, unknownNames } from "~/modules/sell-through/submissions.server";
import { alreadyReportedLines, commitSubmission, purgeSupersededLines } from "~/modules/sell-through/commit.server";
import { customerKey } from "~/modules/deals/customer";
import { currentLines } from "~/modules/sell-through/stored-lines.server";
import { db, partnerByCode, scopeOf, userByEmail } from "../support/db";

/** The months of this file vary in size at will: the distributor stands by each (the normal-range check is tested in money-rules.test.ts). */
const CONFIRMED = { confirmUnusual: true };

let monthCounter = 0;
/** A month no other test in this run reports, far in the past so dates are never "in the future". */
function freshPeriod(): string {
  monthCounter += 1;
  const base = 2000 * 12 + (process.pid % 200) * 12 + monthCounter;
  return `${Math.floor(base / 12)}-${String((base % 12) + 1).padStart(2, "0")}`;
}

async function as(email: string) {
  const user = await userByEmail(email);
  return { scope: await scopeOf(email), actor: { userId: user.id, email: user.email, ip: null } };
}

async function skus(count: number): Promise<string[]> {
  return (await db().selectFrom("products").select("sku").where("active", "=", 1).orderBy("sku").limit(count).execute()).map((p) => p.sku);
}

async function upload(period: string, text: string, name = "report.csv") {
  const distributor = await as("distributor@example.com");
  const nwd = await partnerByCode("NWD");
  const stored = await storeStream(Readable.from([Buffer.from(text, "utf8")]), "sell-through");
  const received = await receiveFile(db(), distributor.scope, distributor.actor, { distributorId: nwd.id, period, fileName: name, stored });
  return { ...received, distributor, nwd };
}

async function checkAndCommit(period: string, text: string) {
  const received = await upload(period, text);
  await startCheck(db(), received.distributor.scope, received.distributor.actor, received.submissionId, received.mapping, received.header);
  await checkSubmission(db(), received.submissionId, process.env.DATABASE_URL);
  const committed = await commitSubmission(db(), received.distributor.scope, received.distributor.actor, received.submissionId, CONFIRMED);
  return { ...received, committed };
}

async function monthTotals(distributorId: number, period: string) {
  const lines = await currentLines(db())
    .select([sql<string>`COUNT(*)`.as("lines"), sql<string>`COALESCE(SUM(l.quantity), 0)`.as("quantity"), sql<string>`COALESCE(SUM(l.amount), 0)`.as("amount")])
    .where("l.distributor_id", "=", distributorId)
    .where("l.period", "=", period)
    .executeTakeFirstOrThrow();
  const rollup = await db()
    .selectFrom("sell_through_monthly")
    .select([
      sql<string>`COALESCE(SUM(line_count), 0)`.as("lines"),
      sql<string>`COALESCE(SUM(quantity), 0)`.as("quantity"),
      sql<string>`COALESCE(SUM(amount), 0)`.as("amount"),
    ])
    .where("distributor_id", "=", distributorId)
    .where("period", "=", period)
    .executeTakeFirstOrThrow();
  return {
    lines: { lines: Number(lines.lines), quantity: Number(lines.quantity), amount: String(lines.amount) },
    rollup: { lines: Number(rollup.lines), quantity: Number(rollup.quantity), amount: String(rollup.amount) },
  };
}

describe("a sell-through file", () => {
  it("is mapped from its headers, checked row by row, and committed into lines and the month's rollup", async () => {
    const period = freshPeriod();
    const [a, b] = await skus(2);
    const csv = [
      "Date;Invoice No;Line;Reseller;End customer;Country;SKU;Qty;Unit price;Currency",
      `${period}-03;INV-1;1;BPS;Acme GmbH;DE;${a};10;1.234,50;EUR`,
      `${period}-04;INV-1;2;Alpine IT Solutions;Beta AG;AT;${b};-2;99,00;EUR`,
      `${period}-05;INV-2;1;;Direct Kunde;DE;${a};1;10,00;EUR`,
      `2001-01-01;INV-3;1;BPS;Old Kunde;DE;${a};1;10,00;EUR`,
      `${period}-06;INV-4;1;Nobody Reseller;X;DE;${a};1;10,00;EUR`,
      `${period}-07;INV-5;1;BPS;X;DE;UNKNOWN-SKU;1;10,00;EUR`,
      `${period}-08;INV-1;1;BPS;Again;DE;${a};1;10,00;EUR`,
      `${period}-09;INV-6;1;BPS;X;DE;${a};1,5;10,00;EUR`,
    ].join("\n");
    const { committed, submissionId, nwd, mapping } = await checkAndCommit(period, csv);
    expect(mapping.unitPrice).toBe(8);
    expect(committed.lines).toBe(3);
    const submission = await db().selectFrom("sell_through_submissions").selectAll().where("id", "=", submissionId).executeTakeFirstOrThrow();
    expect([submission.status, submission.rows_read, submission.rows_accepted, submission.rows_rejected]).toEqual(["committed", 8, 3, 5]);
    const rejects = await db()
      .selectFrom("sell_through_rejects")
      .select(["row_no", "field", "problem"])
      .where("submission_id", "=", submissionId)
      .orderBy("row_no")
      .execute();
    expect(rejects).toEqual([
      { row_no: 5, field: "transactionDate", problem: "sellThrough.problems.outsidePeriod" },
      { row_no: 6, field: "reseller", problem: "sellThrough.problems.unknownReseller" },
      { row_no: 7, field: "sku", problem: "sellThrough.problems.unknownSku" },
      { row_no: 8, field: "lineNo", problem: "sellThrough.problems.duplicateInFile" },
      { row_no: 9, field: "quantity", problem: "sellThrough.problems.notWholeQuantity" },
    ]);
    const totals = await monthTotals(nwd.id, period);
    expect(totals.lines).toEqual({ lines: 3, quantity: 9, amount: "12157.00" });
    expect(totals.rollup).toEqual(totals.lines);
  });

  it("sent again for the same month replaces it and never counts a line twice", async () => {
    const period = freshPeriod();
    const [a] = await skus(1);
    const first = await checkAndCommit(
      period,
      ["date,invoice,line,sku,qty,unit price,currency", `${period}-01,A-1,1,${a},5,100.00,USD`, `${period}-02,A-1,2,${a},5,100.00,USD`].join("\n"),
    );
    const again = await checkAndCommit(
      period,
      ["date,invoice,line,sku,qty,unit price,currency", `${period}-01,A-1,1,${a},5,100.00,USD`, `${period}-03,A-2,1,${a},1,100.00,USD`].join("\n"),
    );
    expect((await monthTotals(first.nwd.id, period)).lines).toEqual({ lines: 2, quantity: 6, amount: "600.00" });
    const statuses = await db()
      .selectFrom("sell_through_submissions")
      .select(["id", "status"])
      .where("id", "in", [first.submissionId, again.submissionId])
      .orderBy("id")
      .execute();
    expect(statuses.map((s) => s.status)).toEqual(["superseded", "committed"]);
  });

  it("rejects a line another month already holds", async () => {
    const period = freshPeriod();
    const next = freshPeriod();
    const [a] = await skus(1);
    await checkAndCommit(period, ["date,invoice,line,sku,qty,unit price,currency", `${period}-01,DUP-1,1,${a},5,100.00,USD`].join("\n"));
    const later = await checkAndCommit(
      next,
      ["date,invoice,line,sku,qty,unit price,currency", `${next}-01,DUP-1,1,${a},5,100.00,USD`, `${next}-02,DUP-2,1,${a},1,100.00,USD`].join("\n"),
    );
    expect(later.committed.lines).toBe(1);
    const rejects = await db().selectFrom("sell_through_rejects").select(["problem"]).where("submission_id", "=", later.submissionId).execute();
    expect(rejects).toEqual([{ problem: "sellThrough.problems.alreadyReported" }]);
  });

  it("looks up each line's invoice key to find it in other months, never reading those months' lines again per line", async () => {
    const [a] = await skus(1);
    const months = [freshPeriod(), freshPeriod(), freshPeriod()];
    const committed = [];
    for (const [m, period] of months.entries()) {
      const rows = Array.from({ length: 40 }, (_, i) => `${period}-02,PLAN-${m}-${i},1,${a},1,1.00,USD`);
      committed.push(await checkAndCommit(period, ["date,invoice,line,sku,qty,unit price,currency", ...rows].join("\n")));
    }
    const [latest, ...others] = committed.map((c) => c.submissionId).reverse();
    const fromSubmission = await sql<{ table: string; key: string | null }>`EXPLAIN ${alreadyReportedLines(latest, others, "submission")}`.execute(db());
    expect(fromSubmission.rows.find((row) => row.table === "o")?.key).toBe("sell_through_lines_invoice");
    const fromOthers = await sql<{ table: string; key: string | null }>`EXPLAIN ${alreadyReportedLines(latest, others, "others")}`.execute(db());
    expect(fromOthers.rows.map((row) => [row.table, row.key])).toEqual([
      ["o", "PRIMARY"],
      ["n", "sell_through_lines_invoice"],
    ]);
  });

  it("finds the same lines another month holds whichever side it reads first", async () => {
    const period = freshPeriod();
    const next = freshPeriod();
    const [a] = await skus(1);
    // Checked before the other month is committed, so its lines still hold what that month holds.
    const waiting = await upload(
      next,
      [
        "date,invoice,line,sku,qty,unit price,currency",
        `${next}-01,SIDE-1,1,${a},1,10.00,USD`,
        `${next}-01,SIDE-1,2,${a},1,10.00,USD`,
        `${next}-02,SIDE-2,1,${a},1,10.00,USD`,
      ].join("\n"),
    );
    await startCheck(db(), waiting.distributor.scope, waiting.distributor.actor, waiting.submissionId, waiting.mapping, waiting.header);
    await checkSubmission(db(), waiting.submissionId, process.env.DATABASE_URL);
    const other = await checkAndCommit(
      period,
      [
        "date,invoice,line,sku,qty,unit price,currency",
        `${period}-01,SIDE-1,2,${a},1,10.00,USD`,
        `${period}-01,SIDE-2,1,${a},1,10.00,USD`,
        `${period}-01,SIDE-3,1,${a},1,10.00,USD`,
      ].join("\n"),
    );
    for (const from of ["submission", "others"] as const) {
      const found = await sql<Record<string, unknown>>`${alreadyReportedLines(waiting.submissionId, [other.submissionId], from)}`.execute(db());
      const lines = found.rows.map((row) => [Number(row.row_no), Object.values(row)[3]]).sort((x, y) => Number(x[0]) - Number(y[0]));
      expect({ from, lines }).toEqual({
        from,
        lines: [
          [3, "SIDE-1 / 2"],
          [4, "SIDE-2 / 1"],
        ],
      });
    }
  });

  it("rejects at its commit a line that another month committed after this file was checked", async () => {
    const period = freshPeriod();
    const next = freshPeriod();
    const [a] = await skus(1);
    const waiting = await upload(
      next,
      ["date,invoice,line,sku,qty,unit price,currency", `${next}-01,RACE-1,1,${a},5,100.00,USD`, `${next}-02,RACE-2,1,${a},1,100.00,USD`].join("\n"),
    );
    await startCheck(db(), waiting.distributor.scope, waiting.distributor.actor, waiting.submissionId, waiting.mapping, waiting.header);
    await checkSubmission(db(), waiting.submissionId, process.env.DATABASE_URL);
    await checkAndCommit(period, ["date,invoice,line,sku,qty,unit price,currency", `${period}-01,RACE-1,1,${a},5,100.00,USD`].join("\n"));

    const committed = await commitSubmission(db(), waiting.distributor.scope, waiting.distributor.actor, waiting.submissionId, CONFIRMED);
    expect(committed).toEqual({ lines: 1, movedToRejects: 1 });
    const totals = await monthTotals(waiting.nwd.id, next);
    expect(totals.lines).toEqual({ lines: 1, quantity: 1, amount: "100.00" });
    expect(totals.rollup).toEqual(totals.lines);
  });

  it("links lines to the approved deal registration of their reseller and end customer, approved before the check or before the commit", async () => {
    const period = freshPeriod();
    const [a] = await skus(1);
    const bps = await partnerByCode("BPS");
    const reseller = await userByEmail("reseller@example.com");
    const customer = `Loop Customer ${process.pid} ${period}`;
    const insertDeal = async (name: string, status: "approved" | "submitted") =>
      Number(
        (
          await db()
            .insertInto("deals")
            .values({
              partner_id: bps.id,
              created_by: reseller.id,
              name,
              customer_name: name,
              customer_key: customerKey(name),
              customer_country: "DE",
              currency: "EUR",
              expected_close_date: `${period}-28`,
              status,
            })
            .executeTakeFirstOrThrow()
        ).insertId,
      );
    const before = await insertDeal(`${customer} Early`, "approved");
    const later = await insertDeal(`${customer} Late`, "submitted");
    const received = await upload(
      period,
      [
        "date,invoice,line,reseller,end customer,sku,qty,unit price,currency",
        `${period}-01,LOOP-1,1,BPS,${customer} Early GmbH,${a},1,10.00,EUR`,
        `${period}-01,LOOP-1,2,BPS,${customer} Late,${a},1,10.00,EUR`,
        `${period}-01,LOOP-1,3,,${customer} Early,${a},1,10.00,EUR`,
      ].join("\n"),
    );
    await startCheck(db(), received.distributor.scope, received.distributor.actor, received.submissionId, received.mapping, received.header);
    await checkSubmission(db(), received.submissionId, process.env.DATABASE_URL);
    await db().updateTable("deals").set({ status: "approved", updated_at: new Date() }).where("id", "=", later).execute();
    await commitSubmission(db(), received.distributor.scope, received.distributor.actor, received.submissionId, CONFIRMED);
    const links = await db()
      .selectFrom("sell_through_lines")
      .select(["line_no", "deal_id"])
      .where("submission_id", "=", received.submissionId)
      .orderBy("line_no")
      .execute();
    // A line sold direct (no reseller) follows no partner's registration.
    expect(links).toEqual([
      { line_no: "1", deal_id: before },
      { line_no: "2", deal_id: later },
      { line_no: "3", deal_id: null },
    ]);
  });

  it("leaves the replaced submission's lines to a purge that never touches a month's current lines", async () => {
    const period = freshPeriod();
    const [a] = await skus(1);
    const file = ["date,invoice,line,sku,qty,unit price,currency", `${period}-01,P-1,1,${a},2,10.00,USD`].join("\n");
    const first = await checkAndCommit(period, file);
    const again = await checkAndCommit(period, file);
    const count = async (submissionId: number) =>
      Number(
        (
          await db()
            .selectFrom("sell_through_lines")
            .select(sql<string>`COUNT(*)`.as("n"))
            .where("submission_id", "=", submissionId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await purgeSupersededLines(db(), again.submissionId)).toBe(0);
    expect(await purgeSupersededLines(db(), first.submissionId)).toBe(1);
    expect([await count(first.submissionId), await count(again.submissionId)]).toEqual([0, 1]);
    expect((await monthTotals(first.nwd.id, period)).lines).toEqual({ lines: 1, quantity: 2, amount: "20.00" });
  });

  it("that dies half-way through its commit leaves the month's old lines, and can be committed again", async () => {
    const period = freshPeriod();
    const [a] = await skus(1);
    const first = await checkAndCommit(period, ["date,invoice,line,sku,qty,unit price,currency", `${period}-01,C-1,1,${a},7,10.00,USD`].join("\n"));
    const second = await upload(
      period,
      ["date,invoice,line,sku,qty,unit price,currency", `${period}-01,C-1,1,${a},1,10.00,USD`, `${period}-02,C-2,1,${a},1,10.00,USD`].join("\n"),
    );
    await startCheck(db(), second.distributor.scope, second.distributor.actor, second.submissionId, second.mapping, second.header);
    await checkSubmission(db(), second.submissionId, process.env.DATABASE_URL);
    // The rollup table goes missing under the commit: it fails after the lines were replaced.
    await sql`RENAME TABLE sell_through_monthly TO sell_through_monthly_away`.execute(db());
    try {
      await expect(commitSubmission(db(), second.distributor.scope, second.distributor.actor, second.submissionId, CONFIRMED)).rejects.toThrow();
    } finally {
      await sql`RENAME TABLE sell_through_monthly_away TO sell_through_monthly`.execute(db());
    }
    expect((await monthTotals(first.nwd.id, period)).lines).toEqual({ lines: 1, quantity: 7, amount: "70.00" });
    await commitSubmission(db(), second.distributor.scope, second.distributor.actor, second.submissionId, CONFIRMED);
    expect((await monthTotals(first.nwd.id, period)).lines).toEqual({ lines: 2, quantity: 2, amount: "20.00" });
  });

  it("learns the distributor's own SKUs and reseller names once, and knows them in the next report", async () => {
    const period = freshPeriod();
    const [a] = await skus(1);
    const own = `OWN-${process.pid}-${period}`;
    const text = [
      "date,invoice,line,reseller,sku,qty,unit price,currency",
      `${period}-01,N-1,1,BPS,${own},2,5.00,USD`,
      `${period}-02,N-1,2,Brightpath GmbH,${a},1,5.00,USD`,
    ].join("\n");
    const received = await upload(period, text);
    await startCheck(db(), received.distributor.scope, received.distributor.actor, received.submissionId, received.mapping, received.header);
    await checkSubmission(db(), received.submissionId, process.env.DATABASE_URL);
    expect(await unknownNames(db(), received.submissionId)).toEqual({ skus: [{ name: own, rows: 1 }], resellers: [{ name: "Brightpath GmbH", rows: 1 }] });

    // A reseller the distributor may not see cannot be chosen.
    const pacificReseller = await partnerByCode("MLN");
    await expect(
      mapUnknownNames(db(), received.distributor.scope, received.distributor.actor, received.submissionId, {
        skus: {},
        resellers: { "Brightpath GmbH": pacificReseller.id },
      }),
    ).rejects.toThrow(ValidationError);

    const bps = await partnerByCode("BPS");
    const product = await db().selectFrom("products").select("id").where("sku", "=", a).executeTakeFirstOrThrow();
    await mapUnknownNames(db(), received.distributor.scope, received.distributor.actor, received.submissionId, {
      skus: { [own]: product.id },
      resellers: { "Brightpath GmbH": bps.id },
    });
    await checkSubmission(db(), received.submissionId, process.env.DATABASE_URL);
    const checked = await db()
      .selectFrom("sell_through_submissions")
      .select(["status", "rows_accepted", "rows_rejected"])
      .where("id", "=", received.submissionId)
      .executeTakeFirstOrThrow();
    expect(checked).toEqual({ status: "checked", rows_accepted: 2, rows_rejected: 0 });
  });

  it("that cannot be read is recorded as failed, with the reason", async () => {
    const error = await upload(freshPeriod(), "").catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.file).toBe("sellThrough.fileProblems.empty");
    const failed = await db()
      .selectFrom("sell_through_submissions")
      .select(["status", "problem_code"])
      .where("id", "=", Number((error as ValidationError).errors.submissionId))
      .executeTakeFirstOrThrow();
    expect(failed).toEqual({ status: "failed", problem_code: "empty" });
  });

  it("needs a column for every required field", async () => {
    const received = await upload(freshPeriod(), "date,invoice,sku\n2001-01-01,1,X");
    const error = await startCheck(
      db(),
      received.distributor.scope,
      received.distributor.actor,
      received.submissionId,
      received.mapping,
      received.header,
    ).catch((e) => e);
    expect(Object.keys((error as ValidationError).errors).sort()).toEqual(["map-currency", "map-lineNo", "map-quantity", "map-unitPrice"]);
  });
});

describe("who may report", () => {
  it("a reseller, a rep and a channel manager cannot report for a distributor", async () => {
    const nwd = await partnerByCode("NWD");
    for (const email of ["reseller@example.com", "rep@example.com", "manager@example.com", "other@example.com"]) {
      const who = await as(email);
      const stored = await storeStream(Readable.from([Buffer.from("date,invoice\n")]), "sell-through");
      const error = await receiveFile(db(), who.scope, who.actor, { distributorId: nwd.id, period: "2001-01", fileName: "x.csv", stored }).catch((e) => e);
      expect([403, 404], email).toContain((error as Response).status);
    }
  });
});
