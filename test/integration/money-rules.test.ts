// Rules money obeys, through the module functions against the real database: a claim only
// after the activity, requests only before it, payments not dated ahead, a reviewer's
// checklist recorded (or a note saying why nothing was confirmed), co-op of a month reported
// late landing in a fund that can still be spent, an unusual sell-through month confirmed by
// the distributor and flagged for the vendor, and forms that name every wrong field at once.
// Funds here live in quarters of the 2900s and sell-through in months of the 1600s, which no
// other test file uses.
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { setClockForTests } from "~/lib/clock.server";
import { storeStream } from "~/lib/storage.server";
import { ValidationError } from "~/lib/forms";
import { allocateMdf } from "~/modules/funds/funds.server";
import { fundBalance, getFundSettings } from "~/modules/funds/ledger.server";
import { quarterEnd, quarterOf } from "~/lib/quarters";
import { approveRequest, createRequest, type RequestInput } from "~/modules/funds/requests.server";
import { approveClaim, readClaimForm, submitClaim, type CheckedProof } from "~/modules/funds/claims.server";
import { getClaim } from "~/modules/funds/read.server";
import { recordPayment } from "~/modules/funds/payments.server";
import { inviteUser } from "~/modules/users/invite.server";
import { checkLeadImport } from "~/modules/leads/create.server";
import { fileManualReport } from "~/modules/sell-through/lines.server";
import { commitSubmission } from "~/modules/sell-through/commit.server";
import { submissionFlags } from "~/modules/sell-through/unusual-months.server";
import { authenticateApiKey, createApiKey } from "~/modules/sell-through/api-keys.server";
import { postSellThrough } from "~/modules/sell-through/api.server";
import { signedIn } from "../support/client";
import { db, partnerByCode, scopeOf, uniqueCode, userByEmail } from "../support/db";

afterEach(() => setClockForTests(undefined));

const DAY_MS = 24 * 3600 * 1000;

let quarterCounter = 0;
function freshQuarter(): string {
  quarterCounter += 1;
  return `${2900 + (process.pid % 40) * 2 + Math.floor(quarterCounter / 4)}-Q${(quarterCounter % 4) + 1}`;
}

let monthCounter = 0;
/** Months of the 1600s, a block of five years per process, each test taking a run of its own. */
function freshMonths(count: number): string[] {
  const first = (1600 + (process.pid % 60) * 5) * 12 + monthCounter;
  monthCounter += count + 13;
  return Array.from({ length: count }, (_, i) => `${Math.floor((first + i) / 12)}-${String(((first + i) % 12) + 1).padStart(2, "0")}`);
}

async function as(email: string) {
  const user = await userByEmail(email);
  return { scope: await scopeOf(email), actor: { userId: user.id, email: user.email, ip: null } };
}

function day(offset: number): string {
  return new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);
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

async function pdfProof(): Promise<CheckedProof[]> {
  const stored = await storeStream(Readable.from([Buffer.from("%PDF-1.4\n%proof\n")]), "fund-proofs");
  return [{ fileName: "invoice.pdf", stored, contentType: "application/pdf" }];
}

async function mdfFund(amount = "5000.00") {
  const admin = await as("admin@example.com");
  const bps = await partnerByCode("BPS");
  const { funds } = await allocateMdf(db(), admin.scope, admin.actor, [{ partnerId: bps.id, quarter: freshQuarter(), amount, note: "" }]);
  return funds[0];
}

function requestInput(fundId: number, overrides: Partial<RequestInput> = {}): RequestInput {
  return {
    fundId,
    activityType: "webinar",
    description: "Webinar for SMB customers",
    startDate: day(20),
    endDate: day(20),
    plannedCost: "2000.00",
    requestedAmount: "1000.00",
    expectedResults: "",
    ...overrides,
  };
}

/** An approved request for an activity that ran (or runs) on the given days from today. */
async function approvedRequest(startOffset: number, endOffset: number) {
  const reseller = await as("reseller@example.com");
  const manager = await as("manager@example.com");
  const fundId = await mdfFund();
  // Asked for before the activity, as a pre-approval is.
  setClockForTests(() => new Date(Date.now() + (startOffset - 7) * DAY_MS));
  const { id } = await createRequest(db(), reseller.scope, reseller.actor, requestInput(fundId, { startDate: day(startOffset), endDate: day(endOffset) }));
  setClockForTests(undefined);
  await approveRequest(db(), manager.scope, manager.actor, id, { amount: "1000.00", note: "" });
  return { fundId, requestId: id, reseller, manager };
}

const claimInput = { actualCost: "2000.00", results: "52 attendees", leadsCount: 4, attendees: 52 };

describe("a claim", () => {
  it("cannot be filed before the activity has taken place", async () => {
    const { requestId, reseller } = await approvedRequest(20, 21);
    expect(await errorsOf(submitClaim(db(), reseller.scope, reseller.actor, requestId, claimInput, await pdfProof()))).toMatchObject({
      form: "funds.errors.activityNotOver",
      date: day(21),
    });
  });

  it("can be filed from the activity's last day on, within the claim window", async () => {
    const { requestId, reseller } = await approvedRequest(-1, 0);
    expect((await submitClaim(db(), reseller.scope, reseller.actor, requestId, claimInput, await pdfProof())).id).toBeGreaterThan(0);
  });

  it("approved with no checklist item confirmed needs a note, and records what was confirmed", async () => {
    const { requestId, reseller, manager } = await approvedRequest(-3, -2);
    const { id } = await submitClaim(db(), reseller.scope, reseller.actor, requestId, claimInput, await pdfProof());
    expect(await errorsOf(approveClaim(db(), manager.scope, manager.actor, id, { amount: "1000.00", note: "", checklist: [] }))).toEqual({
      checked: "funds.errors.confirmOrExplain",
    });
    expect(
      await errorsOf(approveClaim(db(), manager.scope, manager.actor, id, { amount: "1000.00", note: "", checklist: ["invoice", "boothPhotos"] })),
    ).toEqual({
      checked: "funds.errors.notOnChecklist",
    });
    await approveClaim(db(), manager.scope, manager.actor, id, { amount: "1000.00", note: "", checklist: ["invoice", "attendeeList"] });
    const view = await getClaim(db(), manager.scope, id);
    expect(view.confirmed).toEqual([
      { item: "invoice", confirmed: true },
      { item: "recording", confirmed: false },
      { item: "attendeeList", confirmed: true },
    ]);
  });

  it("approved with nothing confirmed but a note says so on the claim", async () => {
    const { requestId, reseller, manager } = await approvedRequest(-3, -2);
    const { id } = await submitClaim(db(), reseller.scope, reseller.actor, requestId, claimInput, await pdfProof());
    await approveClaim(db(), manager.scope, manager.actor, id, { amount: "1000.00", note: "Checked with the venue by phone", checklist: [] });
    const view = await getClaim(db(), manager.scope, id);
    expect(view.confirmed.every((c) => !c.confirmed)).toBe(true);
    expect(view.claim.checklist_json).toBe("[]");
  });
});

describe("the claim form", () => {
  it("names the wrong fields and the missing proof at once", async () => {
    const checked = await readClaimForm({ actualCost: "", results: "", leadsCount: "1.5" }, { ok: true, uploads: [] });
    expect(checked).toEqual({
      ok: false,
      errors: { actualCost: "errors.required", results: "errors.required", leadsCount: "errors.wholeNumber", files: "funds.errors.proofRequired" },
    });
  });
});

describe("a fund request", () => {
  it("is refused for an activity that has already started, next to the start date", async () => {
    const reseller = await as("reseller@example.com");
    const fundId = await mdfFund();
    expect(await errorsOf(createRequest(db(), reseller.scope, reseller.actor, requestInput(fundId, { startDate: day(-1), endDate: day(3) })))).toEqual({
      startDate: "funds.errors.startInPast",
    });
  });

  it("names every broken rule at once", async () => {
    const reseller = await as("reseller@example.com");
    const fundId = await mdfFund("100.00");
    const errors = await errorsOf(
      createRequest(
        db(),
        reseller.scope,
        reseller.actor,
        requestInput(fundId, { startDate: day(-2), endDate: day(1), plannedCost: "1000.00", requestedAmount: "900.00" }),
      ),
    );
    expect(
      Object.keys(errors)
        .filter((k) => ["startDate", "requestedAmount"].includes(k))
        .sort(),
    ).toEqual(["requestedAmount", "startDate"]);
  });
});

describe("a payment", () => {
  it("dated in the future is refused next to its date", async () => {
    const admin = await as("admin@example.com");
    const bps = await partnerByCode("BPS");
    expect(
      await errorsOf(
        recordPayment(db(), admin.scope, admin.actor, { partnerId: bps.id, claimIds: [2147483000], reference: "PAY-FUTURE", paidOn: day(2), amount: "10.00" }),
      ),
    ).toEqual({ paidOn: "funds.errors.paidInFuture" });
  });
});

describe("inviting", () => {
  it("a channel manager with a partner selected is refused next to the partner", async () => {
    const admin = await as("admin@example.com");
    const bps = await partnerByCode("BPS");
    const input = { email: `cm-${process.pid}-${Date.now()}@example.com`, name: "New Manager", role: "channel_manager" as const, partnerId: bps.id };
    expect(await errorsOf(inviteUser(db(), admin.scope, admin.actor, input, "http://localhost"))).toEqual({ partnerId: "users.errors.noPartnerForVendorRole" });
  });
});

describe("importing leads", () => {
  it("reports an unknown country code on its row", async () => {
    const line = await db().selectFrom("product_lines").select("code").orderBy("id").executeTakeFirstOrThrow();
    const check = await checkLeadImport(
      db(),
      [
        ["Acme GmbH", "DE", line.code],
        ["Nowhere Ltd", "ZZ", line.code],
      ],
      { company: 0, country: 1, productLine: 2 },
    );
    expect(check.rows[0].errors).toEqual([]);
    expect(check.rows[1].errors).toContain("country:errors.country");
    expect(check.good).toHaveLength(1);
  });
});

async function nwdReporter() {
  const distributor = await as("distributor@example.com");
  const nwd = await partnerByCode("NWD");
  const sku = (await db().selectFrom("products").select("sku").where("active", "=", 1).orderBy("sku").executeTakeFirstOrThrow()).sku;
  return { ...distributor, nwd, sku };
}

/** Files and commits a month of one line of `units` at 10.00 USD, the clock a day after the month. */
async function reportMonth(period: string, units: number, options: { confirmUnusual?: boolean } = {}) {
  const who = await nwdReporter();
  const [year, month] = period.split("-").map(Number);
  setClockForTests(() => new Date(Date.UTC(year, month, 1, 12)));
  const submissionId = await fileManualReport(db(), who.scope, who.actor, {
    distributorId: who.nwd.id,
    period,
    rows: [
      { transactionDate: `${period}-15`, invoiceNo: `MR-${period}`, lineNo: "1", sku: who.sku, quantity: String(units), unitPrice: "10.00", currency: "USD" },
    ],
  });
  await commitSubmission(db(), who.scope, who.actor, submissionId, options);
  return { submissionId, nwd: who.nwd };
}

describe("co-op of a month reported late", () => {
  it("goes to the fund of the quarter it is posted in when its own quarter's fund has expired, and says why", async () => {
    const [period] = freshMonths(1);
    const { graceDays } = await getFundSettings(db());
    const who = await nwdReporter();
    const expiredAt = new Date(quarterEnd(quarterOf(period)).getTime() + graceDays * DAY_MS);
    const late = new Date(expiredAt.getTime() + 5 * DAY_MS);
    setClockForTests(() => late);
    const submissionId = await fileManualReport(db(), who.scope, who.actor, {
      distributorId: who.nwd.id,
      period,
      rows: [
        { transactionDate: `${period}-10`, invoiceNo: `LATE-${period}`, lineNo: "1", sku: who.sku, quantity: "100", unitPrice: "250.00", currency: "USD" },
      ],
    });
    await commitSubmission(db(), who.scope, who.actor, submissionId);
    const entries = await db()
      .selectFrom("fund_ledger")
      .innerJoin("funds", "funds.id", "fund_ledger.fund_id")
      .select(["funds.quarter", "funds.expires_at", "fund_ledger.amount", "fund_ledger.note", "fund_ledger.fund_id"])
      .where("fund_ledger.partner_id", "=", who.nwd.id)
      .where("fund_ledger.entry", "=", "accrual")
      .where("fund_ledger.source_period", "=", period)
      .execute();
    // Northwind is platinum: 4% of 25,000.00.
    expect(entries.map((e) => [e.quarter, e.amount])).toEqual([[quarterOf(late.toISOString().slice(0, 7)), "1000.00"]]);
    expect(entries[0].expires_at.getTime()).toBeGreaterThan(late.getTime());
    expect(entries[0].note).toContain(`reported after the ${quarterOf(period)} fund expired`);
    expect((await fundBalance(db(), entries[0].fund_id)).available).not.toBe("0.00");
    const ownFund = await db()
      .selectFrom("funds")
      .select("id")
      .where("partner_id", "=", who.nwd.id)
      .where("kind", "=", "coop")
      .where("quarter", "=", quarterOf(period))
      .executeTakeFirst();
    expect(ownFund).toBeUndefined();
  });

  it("still goes to its own quarter's fund while that fund can be spent", async () => {
    const [period] = freshMonths(1);
    await reportMonth(period, 10);
    const entry = await db()
      .selectFrom("fund_ledger")
      .innerJoin("funds", "funds.id", "fund_ledger.fund_id")
      .select("funds.quarter")
      .where("fund_ledger.entry", "=", "accrual")
      .where("fund_ledger.source_period", "=", period)
      .executeTakeFirstOrThrow();
    expect(entry.quarter).toBe(quarterOf(period));
  });
});

describe("an unusual sell-through month", () => {
  it("asks the distributor whether it is right before commit, and is flagged for the vendor once confirmed", async () => {
    const months = freshMonths(4);
    for (const [i, units] of [100, 120, 90].entries()) await reportMonth(months[i], units);
    const who = await nwdReporter();
    const [year, month] = months[3].split("-").map(Number);
    setClockForTests(() => new Date(Date.UTC(year, month, 1, 12)));
    const submissionId = await fileManualReport(db(), who.scope, who.actor, {
      distributorId: who.nwd.id,
      period: months[3],
      rows: [
        { transactionDate: `${months[3]}-15`, invoiceNo: `MR-${months[3]}`, lineNo: "1", sku: who.sku, quantity: "1000", unitPrice: "10.00", currency: "USD" },
      ],
    });
    expect(await errorsOf(commitSubmission(db(), who.scope, who.actor, submissionId))).toMatchObject({
      confirmUnusual: "sellThrough.errors.unusualMonth",
      median: "100",
    });
    const before = await db().selectFrom("sell_through_submissions").select("status").where("id", "=", submissionId).executeTakeFirstOrThrow();
    expect(before.status).toBe("checked");

    await commitSubmission(db(), who.scope, who.actor, submissionId, { confirmUnusual: true });
    const admin = await as("admin@example.com");
    const flags = await submissionFlags(db(), admin.scope, [submissionId]);
    expect(flags.get(submissionId)).toMatchObject({ measure: "units", value: "1000", median: "100", confirmedBy: "distributor@example.com" });
  });

  it("sent through the API stays uncommitted with the figures, until sent again confirmed", async () => {
    const months = freshMonths(4);
    for (const [i, units] of [100, 120, 90].entries()) await reportMonth(months[i], units);
    const who = await nwdReporter();
    const created = await createApiKey(db(), who.scope, who.actor, { name: `money rules ${uniqueCode()}` });
    const caller = (await authenticateApiKey(db(), `Bearer ${created.key}`, "203.0.113.9"))!;
    const period = months[3];
    const lines = [
      { transactionDate: `${period}-15`, invoiceNo: `API-${period}`, lineNo: "1", sku: who.sku, quantity: 5, unitPrice: "10.00", currency: "USD" },
    ];
    const first = await postSellThrough(db(), caller, JSON.stringify({ period, lines }), null);
    expect(first.body).toMatchObject({ status: "checked", committed: false, unusualMonth: { measure: "units", value: "5", median: "100" } });
    const submissionId = (first.body as { submissionId: number }).submissionId;
    const second = await postSellThrough(db(), caller, JSON.stringify({ period, submissionId, lines: [], confirmUnusual: true }), null);
    expect(second.body).toMatchObject({ status: "committed", committed: true });
    expect((await submissionFlags(db(), (await as("admin@example.com")).scope, [submissionId])).get(submissionId)).toMatchObject({ value: "5" });
  });

  it("asks on the submission page, next to the commit button, and commits once confirmed", async () => {
    const months = freshMonths(4);
    for (const [i, units] of [100, 120, 90].entries()) await reportMonth(months[i], units);
    setClockForTests(undefined);
    const who = await nwdReporter();
    const submissionId = await fileManualReport(db(), who.scope, who.actor, {
      distributorId: who.nwd.id,
      period: months[3],
      rows: [
        { transactionDate: `${months[3]}-15`, invoiceNo: `WEB-${months[3]}`, lineNo: "1", sku: who.sku, quantity: "5", unitPrice: "10.00", currency: "USD" },
      ],
    });
    const client = await signedIn("distributor@example.com");
    const asked = await client.post(`/sell-through/submissions/${submissionId}`, { intent: "commit" });
    expect([asked.status, asked.headers.get("location")]).toEqual([302, `/sell-through/submissions/${submissionId}?unusual=1`]);
    const page = await (await client.get(`/sell-through/submissions/${submissionId}?unusual=1`)).text();
    expect(page).toContain("Is this right?");
    expect(page).toContain('name="confirmUnusual"');
    const confirmed = await client.post(`/sell-through/submissions/${submissionId}`, { intent: "commit", confirmUnusual: "yes" });
    expect(confirmed.status).toBe(302);
    const admin = await signedIn("admin@example.com");
    expect(await (await admin.get(`/sell-through/submissions/${submissionId}`)).text()).toContain('data-testid="unusual-flag"');
  });

  it("within the normal range commits without a question", async () => {
    const months = freshMonths(4);
    let last = 0;
    for (const [i, units] of [100, 120, 90, 300].entries()) last = (await reportMonth(months[i], units)).submissionId;
    const flags = await submissionFlags(db(), (await as("admin@example.com")).scope, [last]);
    expect(flags.has(last)).toBe(false);
  });
});

describe("the manual sell-through form", () => {
  it("names every wrong cell of a line and the month at once", async () => {
    const who = await nwdReporter();
    const errors = await errorsOf(
      fileManualReport(db(), who.scope, who.actor, {
        distributorId: who.nwd.id,
        period: "not a month",
        rows: [{ transactionDate: "2020-01-01", invoiceNo: "", lineNo: "1", sku: "NO-SUCH-SKU", quantity: "1.5", unitPrice: "10.00", currency: "USD" }],
      }),
    );
    expect(errors).toMatchObject({
      period: "sellThrough.errors.period",
      "line-0-invoiceNo": "sellThrough.problems.missing",
      "line-0-quantity": "sellThrough.problems.notWholeQuantity",
      "line-0-sku": "sellThrough.problems.unknownSku",
    });
  });
});
