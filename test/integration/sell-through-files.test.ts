// Files as distributors really send them, through the portal: a workbook whose lines sit on its
// second sheet under a title and blank rows maps itself on first upload; rows that are not
// lines are left out and counted apart; lot numbers and expiry dates are kept; the table's
// place and the header names are remembered, and names one distributor confirmed are proposed
// to another.
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { storeStream } from "~/lib/storage.server";
import { proposeMapping, receiveFile, startCheck } from "~/modules/sell-through/submissions.server";
import { missingFields } from "~/modules/sell-through/fields";
import { signedIn, type PortalClient } from "../support/client";
import { db, partnerByCode, scopeOf, uniqueCode, userByEmail } from "../support/db";
import { CHINESE_HEADER, pharmaWorkbook, reportFile } from "../support/sell-through-files";

const marker = uniqueCode("F");
let client: PortalClient;

beforeAll(async () => {
  client = await signedIn("distributor@example.com");
});

describe("a workbook with its lines on the second sheet, under a title and blank rows", () => {
  it("maps itself on first upload, keeps lots and expiry dates, and leaves the total and the note out", async () => {
    const period = "2039-03";
    const bytes = await pharmaWorkbook(period, [
      { invoice: `${marker}-1`, customer: "上海第一医院", lot: `${marker}-LOT`, expiry: "2049-06" },
      { invoice: `${marker}-2`, customer: "杭州药房", lot: `${marker}-LOT`, expiry: "2049-06-15", quantity: 4 },
    ]);
    const { received } = await reportFile("distributor@example.com", "NWD", period, bytes, "流向.xlsx", { commit: false });
    expect(received.format).toMatchObject({ kind: "xlsx", sheet: "明细", headerRow: 5 });
    expect(received.header).toEqual(CHINESE_HEADER);
    expect(missingFields(received.mapping)).toEqual([]);

    const submission = await db().selectFrom("sell_through_submissions").selectAll().where("id", "=", received.submissionId).executeTakeFirstOrThrow();
    expect([submission.status, submission.rows_read, submission.rows_accepted, submission.rows_rejected, submission.rows_left_out]).toEqual([
      "checked",
      2,
      2,
      0,
      2,
    ]);
    const lines = await db()
      .selectFrom("sell_through_lines")
      .select(["invoice_no", "lot_no", "expiry_date", "quantity"])
      .where("submission_id", "=", received.submissionId)
      .orderBy("row_no")
      .execute();
    expect(lines.map((l) => [l.invoice_no, l.lot_no, String(l.expiry_date).slice(0, 10), l.quantity])).toEqual([
      [`${marker}-1`, `${marker}-LOT`, "2049-06-30", 1],
      [`${marker}-2`, `${marker}-LOT`, "2049-06-15", 4],
    ]);
    const leftOut = await db()
      .selectFrom("sell_through_left_out")
      .select(["row_no", "reason"])
      .where("submission_id", "=", received.submissionId)
      .orderBy("row_no")
      .execute();
    expect(leftOut).toEqual([
      { row_no: 8, reason: "sellThrough.leftOut.totalRow" },
      { row_no: 9, reason: "sellThrough.leftOut.noteRow" },
    ]);
    const page = await (await client.get(`/sell-through/submissions/${received.submissionId}`)).text();
    expect(page).toContain("Rows left out");
    expect(page).toContain("A total row");
    expect(page).toContain("制表人：王芳");

    // The distributor's sheet and header row are remembered with its mapping.
    const nwd = await partnerByCode("NWD");
    const remembered = await db()
      .selectFrom("sell_through_header_mappings")
      .select("layout_json")
      .where("distributor_id", "=", nwd.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(remembered.layout_json!)).toEqual({ sheet: "明细", headerRow: 5 });
  });
});

describe("picking another header row on the mapping page", () => {
  it("reads the file from the row chosen, and refuses a row of data with the reason next to the field", async () => {
    const nwd = await partnerByCode("NWD");
    const user = await userByEmail("distributor@example.com");
    const text = "Sales,by month\nDate,Invoice,Line,SKU,Qty,Price,Currency\n2039-04-05,X,1,NET-SW24,1,2.00,EUR\n";
    const stored = await storeStream(Readable.from([Buffer.from(text)]), "sell-through");
    const received = await receiveFile(
      db(),
      await scopeOf("distributor@example.com"),
      { userId: user.id, email: user.email, ip: null },
      { distributorId: nwd.id, period: "2039-04", fileName: "pick.csv", stored },
    );
    expect(received.format.headerRow).toBe(2);
    const page = await (await client.get(`/sell-through/submissions/${received.submissionId}`)).text();
    expect(page).toContain("Row 1: Sales · by month");

    expect((await client.post(`/sell-through/submissions/${received.submissionId}`, { intent: "layout", headerRow: "1" })).status).toBe(302);
    const after = await db().selectFrom("sell_through_submissions").select("format_json").where("id", "=", received.submissionId).executeTakeFirstOrThrow();
    expect(JSON.parse(after.format_json!).headerRow).toBe(1);

    const refused = await client.post(`/sell-through/submissions/${received.submissionId}`, { intent: "layout", headerRow: "9" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Choose a row of the list that holds column names");
  });
});

describe("header names learned from one distributor", () => {
  it("are proposed to another distributor whose file uses them, without anything of the first one's data", async () => {
    const nwd = await partnerByCode("NWD");
    const pcs = await partnerByCode("PCS");
    const user = await userByEmail("distributor@example.com");
    const header = ["Buchungstag", "Belegnr", "Zeile", "Teil", "Stk", "VK", "Währung"];
    expect(missingFields(await proposeMapping(db(), pcs.id, header))).toContain("transactionDate");

    const text = `${header.join(",")}\n2039-05-05,${marker}-L,1,NET-SW24,1,2.00,EUR\n`;
    const stored = await storeStream(Readable.from([Buffer.from(text)]), "sell-through");
    const scope = await scopeOf("distributor@example.com");
    const actor = { userId: user.id, email: user.email, ip: null };
    const received = await receiveFile(db(), scope, actor, { distributorId: nwd.id, period: "2039-05", fileName: "learn.csv", stored });
    // Northwind maps its columns by hand once.
    await startCheck(
      db(),
      scope,
      actor,
      received.submissionId,
      { ...received.mapping, transactionDate: 0, sku: 3, quantity: 4, unitPrice: 5 },
      received.header,
    );

    const proposed = await proposeMapping(db(), pcs.id, ["buchungstag", "BELEGNR", "Zeile", "Teil", "Stk.", "VK", "Währung"]);
    expect(proposed).toMatchObject({ transactionDate: 0, invoiceNo: 1, lineNo: 2, sku: 3, quantity: 4, unitPrice: 5, currency: 6 });
    expect(missingFields(proposed)).toEqual([]);
  });
});
