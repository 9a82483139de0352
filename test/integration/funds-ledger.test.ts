// The funds ledger through the module functions, against the real database: allocation,
// reservation on approval (for less), release on withdrawal and rejection, a claim approved
// for less (the rest released), payment, expiry, and 100 approvals racing for one fund on
// real parallel connections. Each test works in a quarter of its own, far in the future, so
// tests running side by side never share a fund.
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { setClockForTests } from "~/lib/clock.server";
import { storeStream } from "~/lib/storage.server";
import { ValidationError } from "~/lib/forms";
import { allocateMdf, checkAllocationCsv, expireFunds } from "~/modules/funds/funds.server";
import { fundBalance } from "~/modules/funds/ledger.server";
import { quarterEnd } from "~/lib/quarters";
import { approveRequest, askRequestInfo, answerRequest, rejectRequest, withdrawRequest, type RequestInput } from "~/modules/funds/requests.server";
import { approveClaim, submitClaim, type CheckedProof } from "~/modules/funds/claims.server";
import { recordPayment } from "~/modules/funds/payments.server";
import { requestBeforeActivity } from "../support/funds";
import { db, partnerByCode, scopeOf, userByEmail } from "../support/db";

afterEach(() => setClockForTests(undefined));

let quarterCounter = 0;
/** A quarter no other test uses: years from 2200 on, by process, so forks never collide. */
function freshQuarter(): string {
  quarterCounter += 1;
  return `${2200 + (process.pid % 400) * 2 + Math.floor(quarterCounter / 4)}-Q${(quarterCounter % 4) + 1}`;
}

async function as(email: string) {
  const user = await userByEmail(email);
  return { scope: await scopeOf(email), actor: { userId: user.id, email: user.email, ip: null } };
}

async function fundWith(code: string, amount: string) {
  const admin = await as("admin@example.com");
  const partner = await partnerByCode(code);
  const quarter = freshQuarter();
  const { funds } = await allocateMdf(db(), admin.scope, admin.actor, [{ partnerId: partner.id, quarter, amount, note: "test" }]);
  return { fundId: funds[0], partnerId: partner.id, quarter };
}

function today(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

function requestInput(fundId: number, overrides: Partial<RequestInput> = {}): RequestInput {
  return {
    fundId,
    activityType: "webinar",
    description: "Security webinar for SMB customers",
    startDate: today(-10),
    endDate: today(-5),
    plannedCost: "2000.00",
    requestedAmount: "1000.00",
    expectedResults: "40 attendees, 10 leads",
    ...overrides,
  };
}

async function errorsOf(promise: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ValidationError) return error.errors;
    throw error;
  }
  throw new Error("expected a ValidationError");
}

async function ledgerOf(fundId: number) {
  return db().selectFrom("fund_ledger").select(["entry", "amount"]).where("fund_id", "=", fundId).orderBy("id").execute();
}

async function storedProof(): Promise<CheckedProof[]> {
  const stored = await storeStream(Readable.from([Buffer.from("%PDF-1.4\n% proof\n")]), "fund-proofs");
  return [{ fileName: "invoice.pdf", stored, contentType: "application/pdf" }];
}

describe("allocating MDF", () => {
  it("posts one allocation per partner, all in one go, and the partners' funds show it as available", async () => {
    const admin = await as("admin@example.com");
    const quarter = freshQuarter();
    const [bps, alp] = [await partnerByCode("BPS"), await partnerByCode("ALP")];
    const { funds } = await allocateMdf(db(), admin.scope, admin.actor, [
      { partnerId: bps.id, quarter, amount: "10000.00", note: "Q plan" },
      { partnerId: alp.id, quarter, amount: "2500.55", note: "Q plan" },
    ]);
    expect(funds).toHaveLength(2);
    const balances = await Promise.all(funds.map((id) => fundBalance(db(), id)));
    expect(balances.map((b) => [b.allocated, b.available])).toEqual([
      ["10000.00", "10000.00"],
      ["2500.55", "2500.55"],
    ]);
    const fund = await db().selectFrom("funds").selectAll().where("id", "=", funds[0]).executeTakeFirstOrThrow();
    // The quarter's end plus the default grace period of 90 days.
    expect(fund.expires_at.getTime()).toBe(quarterEnd(quarter).getTime() + 90 * 24 * 3600 * 1000);
  });

  it("is for the vendor admin only", async () => {
    const manager = await as("manager@example.com");
    const bps = await partnerByCode("BPS");
    await expect(
      allocateMdf(db(), manager.scope, manager.actor, [{ partnerId: bps.id, quarter: freshQuarter(), amount: "1.00", note: "" }]),
    ).rejects.toMatchObject({ status: 403 });
  });

  it("from a CSV reports each bad row and keeps the good ones", async () => {
    const csv = "partner,amount,quarter\nBPS,1500.00,\nNOPE,10.00,\nALP,-5,\nPCS,10.00,2026-Q9\n";
    const { good, problems } = await checkAllocationCsv(db(), csv, "2031-Q2");
    expect(good).toEqual([{ partnerId: (await partnerByCode("BPS")).id, quarter: "2031-Q2", amount: "1500.00", note: "" }]);
    expect(problems).toEqual([
      { row: 3, field: "partner", message: "funds.errors.unknownPartner" },
      { row: 4, field: "amount", message: "funds.errors.positiveAmount" },
      { row: 5, field: "quarter", message: "funds.errors.quarter" },
    ]);
  });
});

describe("a request", () => {
  it("above the program's share of the cost, or above the available balance, is refused and nothing is stored", async () => {
    const { fundId } = await fundWith("BPS", "800.00");
    const reseller = await as("reseller@example.com");
    const count = async () => (await db().selectFrom("fund_requests").select("id").where("fund_id", "=", fundId).execute()).length;
    expect(
      await errorsOf(requestBeforeActivity(db(), reseller.scope, reseller.actor, requestInput(fundId, { plannedCost: "1000.00", requestedAmount: "500.01" }))),
    ).toEqual({
      requestedAmount: "funds.errors.aboveShare",
      share: "500.00",
      pct: "50.00",
    });
    expect(
      await errorsOf(requestBeforeActivity(db(), reseller.scope, reseller.actor, requestInput(fundId, { plannedCost: "4000.00", requestedAmount: "800.01" }))),
    ).toEqual({
      requestedAmount: "funds.errors.aboveAvailable",
      available: "800.00",
    });
    expect(await count()).toBe(0);
    expect(await ledgerOf(fundId)).toEqual([{ entry: "allocation", amount: "800.00" }]);
  });

  it("approved for less reserves what was approved; withdrawn, it gives the reservation back", async () => {
    const { fundId } = await fundWith("BPS", "5000.00");
    const reseller = await as("reseller@example.com");
    const manager = await as("manager@example.com");
    const { id } = await requestBeforeActivity(db(), reseller.scope, reseller.actor, requestInput(fundId));
    expect(await errorsOf(approveRequest(db(), manager.scope, manager.actor, id, { amount: "750.00", note: "" }))).toEqual({
      note: "funds.errors.noteForLess",
    });
    await approveRequest(db(), manager.scope, manager.actor, id, { amount: "750.00", note: "Print costs are not covered" });
    expect(await fundBalance(db(), fundId)).toMatchObject({ reserved: "750.00", available: "4250.00" });
    const request = await db().selectFrom("fund_requests").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect([request.status, request.approved_amount]).toEqual(["approved", "750.00"]);

    await withdrawRequest(db(), reseller.scope, reseller.actor, id);
    expect(await fundBalance(db(), fundId)).toMatchObject({ reserved: "0.00", available: "5000.00" });
    expect((await ledgerOf(fundId)).map((l) => `${l.entry} ${l.amount}`)).toEqual(["allocation 5000.00", "reservation 750.00", "release 750.00"]);
  });

  it("goes back and forth with questions, and a rejection reserves nothing", async () => {
    const { fundId } = await fundWith("BPS", "5000.00");
    const reseller = await as("reseller@example.com");
    const manager = await as("manager@example.com");
    const { id } = await requestBeforeActivity(db(), reseller.scope, reseller.actor, requestInput(fundId));
    await askRequestInfo(db(), manager.scope, manager.actor, id, "Which audience?");
    expect(await errorsOf(approveRequest(db(), manager.scope, manager.actor, id, { amount: "1000.00", note: "" }))).toEqual({
      form: "funds.errors.wrongStatus",
    });
    await answerRequest(db(), reseller.scope, reseller.actor, id, "IT managers of 50-500 seat companies");
    await rejectRequest(db(), manager.scope, manager.actor, id, "Outside this quarter's focus");
    const events = await db().selectFrom("fund_events").select(["event", "text"]).where("request_id", "=", id).orderBy("id").execute();
    expect(events.map((e) => e.event)).toEqual(["submitted", "more_info", "answered", "rejected"]);
    expect(await ledgerOf(fundId)).toEqual([{ entry: "allocation", amount: "5000.00" }]);
  });

  it("of another partner's fund is refused as if the fund did not exist", async () => {
    const { fundId } = await fundWith("PCS", "5000.00");
    const reseller = await as("reseller@example.com");
    expect(await errorsOf(requestBeforeActivity(db(), reseller.scope, reseller.actor, requestInput(fundId)))).toEqual({ fundId: "funds.errors.noSuchFund" });
  });
});

describe("from approval to payment", () => {
  it("a claim approved for less makes that payable, releases the rest, and one payment settles two claims", async () => {
    const { fundId, partnerId } = await fundWith("BPS", "5000.00");
    const reseller = await as("reseller@example.com");
    const manager = await as("manager@example.com");
    const admin = await as("admin@example.com");
    const first = await requestBeforeActivity(db(), reseller.scope, reseller.actor, requestInput(fundId));
    const second = await requestBeforeActivity(
      db(),
      reseller.scope,
      reseller.actor,
      requestInput(fundId, { activityType: "event", plannedCost: "600.00", requestedAmount: "300.00" }),
    );
    await approveRequest(db(), manager.scope, manager.actor, first.id, { amount: "1000.00", note: "" });
    await approveRequest(db(), manager.scope, manager.actor, second.id, { amount: "300.00", note: "" });

    // Actual cost 1,500.00 at a 50% share: 750.00 can be claimed of the 1,000.00 reserved.
    const claimA = await submitClaim(
      db(),
      reseller.scope,
      reseller.actor,
      first.id,
      { actualCost: "1500.00", results: "35 attendees", leadsCount: 8, attendees: 35 },
      await storedProof(),
    );
    const claimB = await submitClaim(
      db(),
      reseller.scope,
      reseller.actor,
      second.id,
      { actualCost: "600.00", results: "Booth", leadsCount: 3, attendees: 0 },
      await storedProof(),
    );
    const claimRow = await db().selectFrom("fund_claims").selectAll().where("id", "=", claimA.id).executeTakeFirstOrThrow();
    expect(claimRow.claimed_amount).toBe("750.00");
    expect(await errorsOf(approveClaim(db(), manager.scope, manager.actor, claimA.id, { amount: "750.01", note: "", checklist: ["invoice"] }))).toEqual({
      amount: "funds.errors.aboveClaimed",
      claimed: "750.00",
    });
    await approveClaim(db(), manager.scope, manager.actor, claimA.id, {
      amount: "700.00",
      note: "One invoice is for catering",
      checklist: ["invoice", "attendeeList"],
    });
    await approveClaim(db(), manager.scope, manager.actor, claimB.id, { amount: "300.00", note: "", checklist: ["invoice"] });
    expect(await fundBalance(db(), fundId)).toMatchObject({ reserved: "0.00", payable: "1000.00", paid: "0.00", available: "4000.00" });

    expect(
      await errorsOf(
        recordPayment(db(), admin.scope, admin.actor, { partnerId, claimIds: [claimA.id, claimB.id], reference: "PAY-1", paidOn: today(), amount: "999.99" }),
      ),
    ).toEqual({
      amount: "funds.errors.paymentSum",
      total: "1000.00",
    });
    const { id: paymentId } = await recordPayment(db(), admin.scope, admin.actor, {
      partnerId,
      claimIds: [claimA.id, claimB.id],
      reference: "PAY-1",
      paidOn: today(),
      amount: "1000.00",
    });
    const balance = await fundBalance(db(), fundId);
    expect(balance).toMatchObject({ allocated: "5000.00", reserved: "0.00", payable: "0.00", paid: "1000.00", available: "4000.00" });
    const claims = await db().selectFrom("fund_claims").select(["status", "payment_id"]).where("id", "in", [claimA.id, claimB.id]).execute();
    expect(claims).toEqual([
      { status: "paid", payment_id: paymentId },
      { status: "paid", payment_id: paymentId },
    ]);
    // Paying them again is refused.
    expect(
      await errorsOf(
        recordPayment(db(), admin.scope, admin.actor, { partnerId, claimIds: [claimA.id], reference: "PAY-2", paidOn: today(), amount: "700.00" }),
      ),
    ).toEqual({ claimIds: "funds.errors.claimsNotPayable" });
  });

  it("a claim after the claim window is refused", async () => {
    const { fundId } = await fundWith("BPS", "5000.00");
    const reseller = await as("reseller@example.com");
    const manager = await as("manager@example.com");
    const { id } = await requestBeforeActivity(db(), reseller.scope, reseller.actor, requestInput(fundId, { startDate: "2020-01-01", endDate: "2020-01-10" }));
    await approveRequest(db(), manager.scope, manager.actor, id, { amount: "1000.00", note: "" });
    setClockForTests(() => new Date("2020-03-10T23:59:00Z"));
    const proofs = await storedProof();
    const lastDay = submitClaim(db(), reseller.scope, reseller.actor, id, { actualCost: "2000.00", results: "ok", leadsCount: 0, attendees: 0 }, proofs);
    await expect(lastDay).resolves.toMatchObject({ id: expect.any(Number) });
    const other = await requestBeforeActivity(db(), reseller.scope, reseller.actor, requestInput(fundId, { startDate: "2020-01-01", endDate: "2020-01-09" }));
    await approveRequest(db(), manager.scope, manager.actor, other.id, { amount: "1000.00", note: "" });
    expect(
      await errorsOf(
        submitClaim(db(), reseller.scope, reseller.actor, other.id, { actualCost: "2000.00", results: "ok", leadsCount: 0, attendees: 0 }, await storedProof()),
      ),
    ).toEqual({ form: "funds.errors.claimTooLate" });
  });
});

describe("expiry", () => {
  it("at the quarter's end plus the grace period takes what is left available, keeps reservations, and a second run changes nothing", async () => {
    const { fundId, quarter } = await fundWith("BPS", "3000.00");
    const reseller = await as("reseller@example.com");
    const manager = await as("manager@example.com");
    const { id } = await requestBeforeActivity(db(), reseller.scope, reseller.actor, requestInput(fundId));
    await approveRequest(db(), manager.scope, manager.actor, id, { amount: "1000.00", note: "" });
    const expires = quarterEnd(quarter).getTime() + 90 * 24 * 3600 * 1000;
    setClockForTests(() => new Date(expires - 1000));
    await expireFunds(db());
    expect(await fundBalance(db(), fundId)).toMatchObject({ expired: "0.00", available: "2000.00" });
    setClockForTests(() => new Date(expires + 1000));
    await expireFunds(db());
    await expireFunds(db());
    expect(await fundBalance(db(), fundId)).toMatchObject({ reserved: "1000.00", expired: "2000.00", available: "0.00" });
    expect((await ledgerOf(fundId)).filter((l) => l.entry === "expiry")).toHaveLength(1);
  });
});

describe("100 at once against one fund", () => {
  it("approvals on parallel connections never overdraw it and every cent is accounted for", async () => {
    const { fundId } = await fundWith("BPS", "500.00");
    const reseller = await as("reseller@example.com");
    const manager = await as("manager@example.com");
    const ids: number[] = [];
    for (let i = 0; i < 100; i++)
      ids.push(
        (await requestBeforeActivity(db(), reseller.scope, reseller.actor, requestInput(fundId, { plannedCost: "20.02", requestedAmount: "10.01" }))).id,
      );
    const results = await Promise.allSettled(ids.map((id) => approveRequest(db(), manager.scope, manager.actor, id, { amount: "10.01", note: "" })));
    const approved = results.filter((r) => r.status === "fulfilled").length;
    const refused = results.filter((r) => r.status === "rejected");
    // 49 × 10.01 = 490.49 fits in 500.00; a 50th would not.
    expect(approved).toBe(49);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ValidationError);
    const balance = await fundBalance(db(), fundId);
    expect(balance).toMatchObject({ reserved: "490.49", available: "9.51" });
    const { rows } = await sql<{
      n: number;
      total: string;
    }>`SELECT COUNT(*) AS n, SUM(amount) AS total FROM fund_ledger WHERE fund_id = ${fundId} AND entry = 'reservation'`.execute(db());
    expect([Number(rows[0].n), rows[0].total]).toEqual([49, "490.49"]);
    const statuses = await db().selectFrom("fund_requests").select("status").where("id", "in", ids).execute();
    expect(statuses.filter((s) => s.status === "approved")).toHaveLength(49);
  });

  it("allocations and requests racing with approvals lose no cent", async () => {
    const { fundId, partnerId, quarter } = await fundWith("BPS", "100.00");
    const admin = await as("admin@example.com");
    const reseller = await as("reseller@example.com");
    const manager = await as("manager@example.com");
    const ids: number[] = [];
    for (let i = 0; i < 50; i++)
      ids.push((await requestBeforeActivity(db(), reseller.scope, reseller.actor, requestInput(fundId, { plannedCost: "10.00", requestedAmount: "5.00" }))).id);
    const work = [
      ...Array.from({ length: 50 }, () => allocateMdf(db(), admin.scope, admin.actor, [{ partnerId, quarter, amount: "0.03", note: "" }])),
      ...ids.map((id) => approveRequest(db(), manager.scope, manager.actor, id, { amount: "5.00", note: "" })),
    ];
    const results = await Promise.allSettled(work);
    const approvals = results.slice(50).filter((r) => r.status === "fulfilled").length;
    expect(results.slice(0, 50).every((r) => r.status === "fulfilled")).toBe(true);
    // Whatever the order, 20 approvals of 5.00 fit in 100.00 to 101.50, and a 21st never does.
    expect(approvals).toBe(20);
    expect(await fundBalance(db(), fundId)).toMatchObject({ allocated: "101.50", reserved: "100.00", available: "1.50" });
  });
});
