// Co-op accrual from committed sell-through (through the real commit), its correction when a
// month is sent again, idempotent re-runs, currencies without a rate; and the proof file
// checks (content, not name). Each test reports a month of its own in the 1900s, which no
// other test file uses.
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { setClockForTests } from "~/lib/clock.server";
import { storeStream, openStoredFile, FileTooLargeError, StoredFileNotFoundError } from "~/lib/storage.server";
import { checkSubmission, receiveFile, startCheck } from "~/modules/sell-through/submissions.server";
import { commitSubmission } from "~/modules/sell-through/commit.server";
import { accrueCoop, convertAmount } from "~/modules/funds/funds.server";
import { fundBalance } from "~/modules/funds/ledger.server";
import { checkProofs, inspectProof, MAX_PROOF_BYTES } from "~/modules/funds/claims.server";
import { ValidationError } from "~/lib/forms";
import { SYSTEM_ACTOR } from "~/lib/audit.server";
import { db, partnerByCode, scopeOf, userByEmail } from "../support/db";

afterEach(() => setClockForTests(undefined));

let monthCounter = 0;
function freshPeriod(): string {
  monthCounter += 1;
  const base = 1900 * 12 + (process.pid % 8) * 12 + monthCounter;
  return `${Math.floor(base / 12)}-${String((base % 12) + 1).padStart(2, "0")}`;
}

async function commitMonth(period: string, lines: string[]) {
  // Reported on time, the day after the month: a month reported after its quarter's fund
  // expired accrues elsewhere (test/integration/money-rules.test.ts).
  const [year, month] = period.split("-").map(Number);
  setClockForTests(() => new Date(Date.UTC(year, month, 1, 12)));
  const user = await userByEmail("distributor@example.com");
  const scope = await scopeOf(user.email);
  const actor = { userId: user.id, email: user.email, ip: null };
  const nwd = await partnerByCode("NWD");
  const sku = (await db().selectFrom("products").select("sku").where("active", "=", 1).orderBy("sku").executeTakeFirstOrThrow()).sku;
  const text = ["date,invoice,line,sku,qty,unit price,currency", ...lines.map((l) => l.replace("SKU", sku))].join("\n");
  const stored = await storeStream(Readable.from([Buffer.from(text)]), "sell-through");
  const received = await receiveFile(db(), scope, actor, { distributorId: nwd.id, period, fileName: "report.csv", stored });
  await startCheck(db(), scope, actor, received.submissionId, received.mapping, received.header);
  await checkSubmission(db(), received.submissionId, process.env.DATABASE_URL);
  await commitSubmission(db(), scope, actor, received.submissionId);
  return nwd.id;
}

async function accrualEntries(partnerId: number, period: string) {
  return db()
    .selectFrom("fund_ledger")
    .select(["fund_id", "amount"])
    .where("partner_id", "=", partnerId)
    .where("entry", "=", "accrual")
    .where("source_period", "=", period)
    .orderBy("id")
    .execute();
}

describe("co-op accrual", () => {
  it("accrues the tier's rate of a committed month in base currency, and a resubmission posts only the correction", async () => {
    const period = freshPeriod();
    await db().insertInto("exchange_rates").values({ period, currency: "EUR", rate: "1.10000000" }).execute();
    // Northwind is platinum: 4% of 500.00 USD + 1,000.00 EUR × 1.10 = 1,600.00 → 64.00.
    const nwd = await commitMonth(period, [`${period}-02,FA${period}-1,1,SKU,5,100.00,USD`, `${period}-03,FA${period}-2,1,SKU,1,1000.00,EUR`]);
    const first = await accrualEntries(nwd, period);
    expect(first.map((e) => e.amount)).toEqual(["64.00"]);
    const fund = await db().selectFrom("funds").selectAll().where("id", "=", first[0].fund_id).executeTakeFirstOrThrow();
    expect([fund.kind, fund.quarter]).toEqual(["coop", `${period.slice(0, 4)}-Q${Math.floor((Number(period.slice(5)) - 1) / 3) + 1}`]);

    // Sent again without the EUR line: 4% of 500.00 = 20.00, so −44.00 corrects it.
    await commitMonth(period, [`${period}-02,FA${period}-1,1,SKU,5,100.00,USD`]);
    expect((await accrualEntries(nwd, period)).map((e) => e.amount)).toEqual(["64.00", "-44.00"]);
    expect((await fundBalance(db(), fund.id)).accrued).toBe("20.00");

    // A re-run of the same month changes nothing.
    await db()
      .transaction()
      .execute((trx) => accrueCoop(trx, SYSTEM_ACTOR, nwd, period));
    expect(await accrualEntries(nwd, period)).toHaveLength(2);
  });

  it("leaves out lines in a currency without a rate that month, and says which", async () => {
    const period = freshPeriod();
    const nwd = await commitMonth(period, [`${period}-02,FB${period}-1,1,SKU,1,250.00,USD`, `${period}-03,FB${period}-2,1,SKU,1,999.00,GBP`]);
    expect((await accrualEntries(nwd, period)).map((e) => e.amount)).toEqual(["10.00"]);
    const accrual = await db().selectFrom("fund_accruals").selectAll().where("partner_id", "=", nwd).where("period", "=", period).executeTakeFirstOrThrow();
    expect([accrual.sales_base, accrual.accrual_pct, accrual.accrued_amount, accrual.missing_currencies]).toEqual(["250.00", "4.00", "10.00", "GBP"]);

    // Once the rate is there, the next run posts the difference: 999.00 × 1.25 = 1,248.75 → +49.95.
    await db().insertInto("exchange_rates").values({ period, currency: "GBP", rate: "1.25000000" }).execute();
    await db()
      .transaction()
      .execute((trx) => accrueCoop(trx, SYSTEM_ACTOR, nwd, period));
    expect((await accrualEntries(nwd, period)).map((e) => e.amount)).toEqual(["10.00", "49.95"]);
  });

  it("converts exactly, rounding half up to the cent", () => {
    expect(convertAmount("0.01", "0.50000000")).toBe("0.01");
    expect(convertAmount("0.01", "0.49999999")).toBe("0.00");
    expect(convertAmount("123456789.99", "7.12345678")).toBe("879439107.69");
  });
});

// A folder of its own: the claim form tests count what lands in the real proof folder.
async function stored(bytes: Buffer) {
  return storeStream(Readable.from([bytes]), "test-proofs");
}

const PDF = Buffer.from("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n");
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);

describe("proof files", () => {
  it("are recognised by their first bytes", async () => {
    expect(await inspectProof({ fileName: "invoice.PDF", stored: await stored(PDF) })).toEqual({ contentType: "application/pdf" });
    expect(await inspectProof({ fileName: "booth.png", stored: await stored(PNG) })).toEqual({ contentType: "image/png" });
    expect(await inspectProof({ fileName: "crowd.jpeg", stored: await stored(JPEG) })).toEqual({ contentType: "image/jpeg" });
  });

  it("that are not what their name says, not a PDF or image, or empty are refused, and every file of the upload is removed", async () => {
    expect(await inspectProof({ fileName: "invoice.pdf", stored: await stored(PNG) })).toEqual({ error: "funds.errors.fileNotWhatItSays" });
    expect(await inspectProof({ fileName: "invoice.pdf", stored: await stored(Buffer.from("MZ\x90\x00 not a pdf")) })).toEqual({
      error: "funds.errors.fileType",
    });
    expect(await inspectProof({ fileName: "empty.pdf", stored: await stored(Buffer.alloc(0)) })).toEqual({ error: "funds.errors.emptyFile" });

    const good = { fileName: "ok.pdf", stored: await stored(PDF) };
    const bad = { fileName: "fake.jpg", stored: await stored(PDF) };
    const failure = await checkProofs([good, bad], { required: true }).catch((e) => e);
    expect(failure).toBeInstanceOf(ValidationError);
    expect(failure.errors).toEqual({ files: "funds.errors.fileNotWhatItSays" });
    await expect(openStoredFile(good.stored.path)).rejects.toBeInstanceOf(StoredFileNotFoundError);
  });

  it("larger than 20 MB stop streaming at the limit and leave no file", async () => {
    const chunk = Buffer.alloc(1024 * 1024, 1);
    async function* big() {
      yield PDF;
      for (let i = 0; i < 25; i++) yield chunk;
    }
    await expect(storeStream(big(), "test-proofs", { maxBytes: MAX_PROOF_BYTES })).rejects.toBeInstanceOf(FileTooLargeError);
  });
});
