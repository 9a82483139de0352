// Reporting compliance and reminders against the real database, with the clock held still: a
// world of its own (a channel manager and the distributors they manage) so tests running in
// parallel never see each other's months.
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { setClockForTests } from "~/lib/clock.server";
import { storeStream } from "~/lib/storage.server";
import { scopeFor } from "~/lib/scope.server";
import { checkSubmission, receiveFile, startCheck } from "~/modules/sell-through/submissions.server";
import { commitSubmission } from "~/modules/sell-through/commit.server";
import { complianceGrid, readComplianceQuery } from "~/modules/sell-through/compliance.server";
import { remindMissingReports } from "~/modules/sell-through/reminders.server";
import { dealSellThrough } from "~/modules/sell-through/deal-sales.server";
import { customerKey } from "~/modules/deals/customer";
import { db, scopeOf, uniqueCode } from "../support/db";

afterEach(() => setClockForTests(undefined));

function at(iso: string) {
  setClockForTests(() => new Date(iso));
}

async function makeManagerWorld(distributors: number) {
  const code = uniqueCode("M");
  const manager = await db()
    .insertInto("users")
    .values({ email: `${code.toLowerCase()}@manager.example.com`, name: `Manager ${code}`, role: "channel_manager", status: "active" })
    .executeTakeFirstOrThrow();
  const managerId = Number(manager.insertId);
  const made: { id: number; code: string; name: string; adminId: number; adminEmail: string }[] = [];
  for (let i = 0; i < distributors; i++) {
    const partnerCode = uniqueCode("D");
    const name = `Distributor ${String.fromCharCode(65 + i)} ${partnerCode}`;
    const partner = await db()
      .insertInto("partners")
      .values({ code: partnerCode, name, type: "distributor", status: "active", country: "DE", channel_manager_id: managerId })
      .executeTakeFirstOrThrow();
    const adminEmail = `${partnerCode.toLowerCase()}@distributor.example.com`;
    const admin = await db()
      .insertInto("users")
      .values({ email: adminEmail, name: `Admin ${partnerCode}`, role: "partner_admin", partner_id: Number(partner.insertId), status: "active" })
      .executeTakeFirstOrThrow();
    made.push({ id: Number(partner.insertId), code: partnerCode, name, adminId: Number(admin.insertId), adminEmail });
  }
  return { managerId, scope: scopeFor({ id: managerId, role: "channel_manager", partnerId: null }), distributors: made };
}

/** A month as committed at a given moment, written the way a commit leaves it. */
async function reported(distributorId: number, period: string, firstCommittedAt: string, committedAt = firstCommittedAt) {
  const submission = await db()
    .insertInto("sell_through_submissions")
    .values({ distributor_id: distributorId, period, source: "upload", status: "committed", committed_at: new Date(committedAt) })
    .executeTakeFirstOrThrow();
  const submissionId = Number(submission.insertId);
  await db()
    .insertInto("sell_through_periods")
    .values({
      distributor_id: distributorId,
      period,
      submission_id: submissionId,
      first_committed_at: new Date(firstCommittedAt),
      committed_at: new Date(committedAt),
    })
    .execute();
  return submissionId;
}

async function commitFile(
  distributor: { id: number; adminId: number; adminEmail: string },
  period: string,
  rows: string[],
  header = "date,invoice,line,sku,qty,unit price,currency",
) {
  const scope = scopeFor({ id: distributor.adminId, role: "partner_admin", partnerId: distributor.id });
  const actor = { userId: distributor.adminId, email: distributor.adminEmail, ip: null };
  const sku = (await db().selectFrom("products").select("sku").where("active", "=", 1).orderBy("sku").executeTakeFirstOrThrow()).sku;
  const text = [header, ...rows.map((r) => r.replace("SKU", sku))].join("\n");
  const stored = await storeStream(Readable.from([Buffer.from(text)]), "sell-through");
  const received = await receiveFile(db(), scope, actor, { distributorId: distributor.id, period, fileName: "report.csv", stored });
  await startCheck(db(), scope, actor, received.submissionId, received.mapping, received.header);
  await checkSubmission(db(), received.submissionId, process.env.DATABASE_URL);
  await commitSubmission(db(), scope, actor, received.submissionId);
  return received.submissionId;
}

// These cases look at the six-month view; the grid opens on twelve, as the scorecard counts "on time".
const query = (params = "") => readComplianceQuery(new URLSearchParams(params.includes("months=") ? params : `months=6&${params}`));

describe("the compliance grid", () => {
  it("shows each month on time, late, missing or not yet due, and puts the worst reporters first", async () => {
    const world = await makeManagerWorld(3);
    const [good, latecomer, silent] = world.distributors;
    // Reported on time, then corrected weeks after the due day: still on time.
    at("2031-02-03T09:00:00Z");
    const first = await commitFile(good, "2031-01", ["2031-01-05,G-1,1,SKU,1,10.00,USD"]);
    at("2031-03-20T09:00:00Z");
    const corrected = await commitFile(good, "2031-01", ["2031-01-05,G-1,1,SKU,2,10.00,USD"]);
    for (const period of ["2030-10", "2030-11", "2030-12", "2031-02"]) await reported(good.id, period, `${period}-28T12:00:00Z`);
    // The last minute of the due day is on time; the first of the next day is late.
    await reported(latecomer.id, "2031-01", "2031-02-10T23:59:59.999Z");
    await reported(latecomer.id, "2031-02", "2031-03-11T00:00:00Z", "2031-03-12T00:00:00Z");

    at("2031-04-05T12:00:00Z");
    const grid = await complianceGrid(db(), world.scope, query());
    expect(grid.periods).toEqual(["2030-10", "2030-11", "2030-12", "2031-01", "2031-02", "2031-03"]);
    expect(grid.total).toBe(3);
    expect(grid.rows.map((r) => [r.id, r.onTime, r.late, r.missing, r.counted])).toEqual([
      [silent.id, 0, 0, 5, 5],
      [latecomer.id, 1, 1, 3, 5],
      [good.id, 5, 0, 0, 5],
    ]);
    const cells = (id: number) => grid.rows.find((r) => r.id === id)!.cells.map((c) => c.state);
    expect(cells(good.id)).toEqual(["onTime", "onTime", "onTime", "onTime", "onTime", "notDue"]);
    expect(cells(latecomer.id)).toEqual(["missing", "missing", "missing", "onTime", "late", "notDue"]);
    // Each month links to the submission that counts now, not the first one.
    const january = grid.rows.find((r) => r.id === good.id)!.cells[3];
    expect(january.submissionId).toBe(corrected);
    expect(corrected).not.toBe(first);

    // After the due day the last month is missing for whoever has not sent it.
    at("2031-04-11T00:00:00Z");
    const later = await complianceGrid(db(), world.scope, query());
    expect(later.rows.find((r) => r.id === good.id)!.cells[5].state).toBe("missing");
  });

  it("is paged, searched and filtered on the server, and sorted best first on request", async () => {
    const world = await makeManagerWorld(4);
    const [a, b, c, d] = world.distributors;
    at("2031-08-20T00:00:00Z");
    for (const period of ["2031-02", "2031-03", "2031-04", "2031-05", "2031-06", "2031-07"]) {
      await reported(a.id, period, `${period}-20T00:00:00Z`);
      await reported(b.id, period, `${period}-20T00:00:00Z`);
    }
    await reported(c.id, "2031-07", "2031-08-15T00:00:00Z");

    const firstPage = await complianceGrid(db(), world.scope, { ...query(), pageSize: 2 });
    expect(firstPage.total).toBe(4);
    expect(firstPage.rows.map((r) => r.id)).toEqual([d.id, c.id]);
    const secondPage = await complianceGrid(db(), world.scope, { ...query("page=2"), pageSize: 2 });
    expect(secondPage.rows.map((r) => r.id)).toEqual([a.id, b.id]);

    const problems = await complianceGrid(db(), world.scope, query("problems=1"));
    expect(problems.rows.map((r) => r.id)).toEqual([d.id, c.id]);
    expect(problems.total).toBe(2);
    const searched = await complianceGrid(db(), world.scope, query(`q=${c.code}`));
    expect(searched.rows.map((r) => r.id)).toEqual([c.id]);
    const best = await complianceGrid(db(), world.scope, query("dir=desc"));
    expect(best.rows.map((r) => r.id)).toEqual([a.id, b.id, c.id, d.id]);
    const twelve = await complianceGrid(db(), world.scope, query("months=12"));
    expect(twelve.rows.find((r) => r.id === a.id)).toMatchObject({ onTime: 6, late: 0, missing: 6 });
    const opened = await complianceGrid(db(), world.scope, readComplianceQuery(new URLSearchParams()));
    expect(opened.rows.find((r) => r.id === a.id)).toMatchObject({ onTime: 6, late: 0, missing: 6 });
  });

  it("shows a channel manager only the distributors they manage, and a distributor only itself", async () => {
    const world = await makeManagerWorld(1);
    const other = await complianceGrid(db(), await scopeOf("manager@example.com"), query("pageSize=100"));
    expect(other.rows.map((r) => r.id)).not.toContain(world.distributors[0].id);
    const own = await complianceGrid(db(), await scopeOf("distributor@example.com"), query());
    expect(own.rows.map((r) => r.code)).toEqual(["NWD"]);
    const rep = await complianceGrid(db(), await scopeOf("rep@example.com"), query());
    expect(rep.total).toBe(0);
  });
});

describe("the reminder job", () => {
  it("from the due day on reminds each missing distributor's admins and its manager once", async () => {
    const world = await makeManagerWorld(3);
    const [sent, missingOne, missingTwo] = world.distributors;
    await reported(sent.id, "2032-05", "2032-06-02T00:00:00Z");
    const noticesOf = (userId: number) =>
      db().selectFrom("notifications").select(["kind", "title", "link"]).where("user_id", "=", userId).orderBy("id").execute();
    const mailsTo = (email: string) => db().selectFrom("email_outbox").select(["subject", "body_text"]).where("to_address", "=", email).execute();

    at("2032-06-09T23:00:00Z");
    await remindMissingReports(db());
    expect(await noticesOf(missingOne.adminId)).toEqual([]);

    // Two workers reaching the due day at once still send each reminder once.
    at("2032-06-10T08:00:00Z");
    const runs = await Promise.all([remindMissingReports(db()), remindMissingReports(db())]);
    expect(runs.map((r) => r.period)).toEqual(["2032-05", "2032-05"]);
    expect(await noticesOf(sent.adminId)).toEqual([]);
    for (const d of [missingOne, missingTwo]) {
      expect(await noticesOf(d.adminId)).toEqual([
        { kind: "sellThrough.missing", title: "Sell-through for 2032-05 is not reported yet (due by 2032-06-10)", link: "/sell-through/upload" },
      ]);
      expect((await mailsTo(d.adminEmail)).map((m) => m.subject)).toEqual(["Sell-through for 2032-05 is not reported yet (due by 2032-06-10)"]);
    }
    const managerNotices = await noticesOf(world.managerId);
    expect(managerNotices).toHaveLength(1);
    expect(managerNotices[0].title).toBe("2 of your distributors have not reported sell-through for 2032-05 (due by 2032-06-10)");
    const managerEmail = (await db().selectFrom("users").select("email").where("id", "=", world.managerId).executeTakeFirstOrThrow()).email;
    const [managerMail] = await mailsTo(managerEmail);
    expect(managerMail.body_text).toContain(`${missingOne.code} — ${missingOne.name}`);
    expect(managerMail.body_text).toContain(`${missingTwo.code} — ${missingTwo.name}`);
    expect(managerMail.body_text).not.toContain(sent.code);

    // Running again, the same day or days later, sends nothing new.
    await remindMissingReports(db());
    at("2032-06-14T08:00:00Z");
    await remindMissingReports(db());
    expect(await noticesOf(missingOne.adminId)).toHaveLength(1);
    expect(await noticesOf(world.managerId)).toHaveLength(1);
    expect(await mailsTo(missingTwo.adminEmail)).toHaveLength(1);
  });
});

describe("sell-through that followed a deal", () => {
  it("totals the deal's lines per currency for whoever sees the deal, naming invoices only to the vendor and to the distributor that reported them", async () => {
    const world = await makeManagerWorld(3);
    const [fulfilling, competitor, outsider] = world.distributors;
    const resellerCode = uniqueCode("R");
    const reseller = await db()
      .insertInto("partners")
      .values({ code: resellerCode, name: `Reseller ${resellerCode}`, type: "reseller", status: "active", country: "DE", channel_manager_id: world.managerId })
      .executeTakeFirstOrThrow();
    const resellerId = Number(reseller.insertId);
    const resellerAdmin = await db()
      .insertInto("users")
      .values({
        email: `${resellerCode.toLowerCase()}@reseller.example.com`,
        name: "Reseller admin",
        role: "partner_admin",
        partner_id: resellerId,
        status: "active",
      })
      .executeTakeFirstOrThrow();
    const customer = `Loop Kunde ${resellerCode} GmbH`;
    const deal = await db()
      .insertInto("deals")
      .values({
        partner_id: resellerId,
        created_by: Number(resellerAdmin.insertId),
        fulfilling_partner_id: fulfilling.id,
        name: "Loop",
        customer_name: customer,
        customer_key: customerKey(customer),
        customer_country: "DE",
        currency: "EUR",
        expected_close_date: "2033-03-01",
        status: "approved",
      })
      .executeTakeFirstOrThrow();
    const dealId = Number(deal.insertId);

    const header = "date,invoice,line,reseller,end customer,sku,qty,unit price,currency";
    await commitFile(
      fulfilling,
      "2033-01",
      [
        `2033-01-10,FUL-1,1,${resellerCode},${customer},SKU,5,100.00,EUR`,
        `2033-01-11,FUL-1,2,${resellerCode},${customer},SKU,1,9.99,USD`,
        `2033-01-12,FUL-2,1,${resellerCode},Someone Else AG,SKU,7,1.00,EUR`,
      ],
      header,
    );
    // Sent again: the month's new lines replace the old, nothing is counted twice.
    await commitFile(
      fulfilling,
      "2033-01",
      [`2033-01-10,FUL-1,1,${resellerCode},${customer},SKU,4,100.00,EUR`, `2033-01-11,FUL-1,2,${resellerCode},${customer},SKU,1,9.99,USD`],
      header,
    );
    await commitFile(competitor, "2033-02", [`2033-02-03,COMP-9,1,${resellerCode},${customer},SKU,2,50.00,EUR`], header);
    // A line of another reseller pointed at this deal is not the deal's sell-through.
    const stray = await commitFile(outsider, "2033-02", [`2033-02-04,OUT-1,1,BPS,${customer},SKU,3,10.00,EUR`], header);
    await db().updateTable("sell_through_lines").set({ deal_id: dealId }).where("submission_id", "=", stray).execute();

    const admin = await dealSellThrough(db(), await scopeOf("admin@example.com"), dealId);
    expect(admin.totals).toEqual([
      { currency: "EUR", quantity: 6, amount: "500.00", lines: 2 },
      { currency: "USD", quantity: 1, amount: "9.99", lines: 1 },
    ]);
    expect(admin.latest.map((l) => [l.transactionDate, l.invoiceNo, l.lineNo, l.distributorName])).toEqual([
      ["2033-02-03", "COMP-9", "1", competitor.name],
      ["2033-01-11", "FUL-1", "2", fulfilling.name],
      ["2033-01-10", "FUL-1", "1", fulfilling.name],
    ]);
    expect((await dealSellThrough(db(), world.scope, dealId)).totals).toEqual(admin.totals);

    const own = await dealSellThrough(db(), scopeFor({ id: Number(resellerAdmin.insertId), role: "partner_admin", partnerId: resellerId }), dealId);
    expect(own.totals).toEqual(admin.totals);
    expect(own.latest.map((l) => [l.invoiceNo, l.lineNo, l.distributorName])).toEqual([
      [null, null, null],
      [null, null, null],
      [null, null, null],
    ]);

    const fulfiller = await dealSellThrough(db(), scopeFor({ id: fulfilling.adminId, role: "partner_admin", partnerId: fulfilling.id }), dealId);
    expect(fulfiller.totals).toEqual([
      { currency: "EUR", quantity: 4, amount: "400.00", lines: 1 },
      { currency: "USD", quantity: 1, amount: "9.99", lines: 1 },
    ]);
    expect(fulfiller.latest.map((l) => l.invoiceNo)).toEqual(["FUL-1", "FUL-1"]);

    for (const scope of [
      scopeFor({ id: competitor.adminId, role: "partner_admin", partnerId: competitor.id }),
      await scopeOf("manager2@example.com"),
      await scopeOf("distributor@example.com"),
    ]) {
      await expect(dealSellThrough(db(), scope, dealId)).rejects.toMatchObject({ status: 404 });
    }
  });
});
