// Claims and deadlines through the module functions and the claim form over HTTP: a rejected
// claim gives the whole reservation back, "more information" goes back and forth with more
// files, the claim-window job reminds once and then lapses unclaimed requests (releasing their
// money), and bad proof uploads (wrong type, empty, over 20 MB) are refused next to the field
// with nothing stored.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { setClockForTests } from "~/lib/clock.server";
import { storeStream } from "~/lib/storage.server";
import { allocateMdf } from "~/modules/funds/funds.server";
import { fundBalance } from "~/modules/funds/ledger.server";
import { approveRequest, runClaimWindows } from "~/modules/funds/requests.server";
import { answerClaim, askClaimInfo, rejectClaim, submitClaim, type CheckedProof } from "~/modules/funds/claims.server";
import { requestBeforeActivity } from "../support/funds";
import { db, partnerByCode, scopeOf, userByEmail } from "../support/db";
import { signedIn, type PortalClient } from "../support/client";

afterEach(() => setClockForTests(undefined));

let counter = 0;
function freshQuarter(): string {
  counter += 1;
  return `${2700 + (process.pid % 90) * 2 + Math.floor(counter / 4)}-Q${(counter % 4) + 1}`;
}

async function as(email: string) {
  const user = await userByEmail(email);
  return { scope: await scopeOf(email), actor: { userId: user.id, email: user.email, ip: null } };
}

function day(offset: number, from = Date.now()): string {
  return new Date(from + offset * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

async function pdfProof(name = "invoice.pdf"): Promise<CheckedProof[]> {
  const stored = await storeStream(Readable.from([Buffer.from("%PDF-1.4\n%proof\n")]), "fund-proofs");
  return [{ fileName: name, stored, contentType: "application/pdf" }];
}

/** An approved request of Brightpath for 1,000.00 on a fresh fund of 5,000.00. */
async function approved(endOffset = -2) {
  const admin = await as("admin@example.com");
  const reseller = await as("reseller@example.com");
  const manager = await as("manager@example.com");
  const bps = await partnerByCode("BPS");
  const { funds } = await allocateMdf(db(), admin.scope, admin.actor, [{ partnerId: bps.id, quarter: freshQuarter(), amount: "5000.00", note: "" }]);
  const { id } = await requestBeforeActivity(db(), reseller.scope, reseller.actor, {
    fundId: funds[0],
    activityType: "trade_show",
    description: "Booth",
    startDate: day(endOffset - 1),
    endDate: day(endOffset),
    plannedCost: "2000.00",
    requestedAmount: "1000.00",
    expectedResults: "",
  });
  await approveRequest(db(), manager.scope, manager.actor, id, { amount: "1000.00", note: "" });
  return { fundId: funds[0], requestId: id, reseller, manager };
}

/** The reseller's claim for the booth: 2,000.00 spent, one PDF as proof. */
async function boothClaim(reseller: Awaited<ReturnType<typeof as>>, requestId: number) {
  return submitClaim(
    db(),
    reseller.scope,
    reseller.actor,
    requestId,
    { actualCost: "2000.00", results: "Booth", leadsCount: 3, attendees: 0 },
    await pdfProof(),
  );
}

describe("a claim", () => {
  it("rejected gives the whole reservation back to the fund", async () => {
    const { fundId, requestId, reseller, manager } = await approved();
    const { id } = await boothClaim(reseller, requestId);
    expect(await fundBalance(db(), fundId)).toMatchObject({ reserved: "1000.00", available: "4000.00" });
    await rejectClaim(db(), manager.scope, manager.actor, id, "The invoice is for another event");
    expect(await fundBalance(db(), fundId)).toMatchObject({ reserved: "0.00", payable: "0.00", available: "5000.00" });
    const claim = await db().selectFrom("fund_claims").select("status").where("id", "=", id).executeTakeFirstOrThrow();
    expect(claim.status).toBe("rejected");
  });

  it("asked for more information comes back with the answer and another file", async () => {
    const { requestId, reseller, manager } = await approved();
    const { id } = await boothClaim(reseller, requestId);
    await askClaimInfo(db(), manager.scope, manager.actor, id, "Please add the photos of the booth");
    await answerClaim(db(), reseller.scope, reseller.actor, id, "Attached", await pdfProof("photos.pdf"));
    const claim = await db().selectFrom("fund_claims").select("status").where("id", "=", id).executeTakeFirstOrThrow();
    const files = await db().selectFrom("fund_claim_files").select("file_name").where("claim_id", "=", id).orderBy("id").execute();
    expect(claim.status).toBe("submitted");
    expect(files.map((f) => f.file_name)).toEqual(["invoice.pdf", "photos.pdf"]);
    const events = await db().selectFrom("fund_events").select("event").where("claim_id", "=", id).orderBy("id").execute();
    expect(events.map((e) => e.event)).toEqual(["claim_submitted", "claim_more_info", "claim_answered"]);
  });

  it("tells the channel manager its amount as money in the fund's currency", async () => {
    const { requestId, reseller } = await approved();
    const { id } = await boothClaim(reseller, requestId);
    const manager = await userByEmail("manager@example.com");
    const notice = await db()
      .selectFrom("notifications")
      .select("title")
      .where("user_id", "=", manager.id)
      .where("kind", "=", "funds.claim_submitted")
      .where("link", "=", `/funds/claims/${id}`)
      .executeTakeFirstOrThrow();
    expect(notice.title).toBe(`Claim #${id} ($1,000.00) for fund request #${requestId} waits for your review`);
  });

  it("by a second claim on the same request is refused", async () => {
    const { requestId, reseller } = await approved();
    await boothClaim(reseller, requestId);
    await expect(
      submitClaim(db(), reseller.scope, reseller.actor, requestId, { actualCost: "2000.00", results: "Again", leadsCount: 0, attendees: 0 }, await pdfProof()),
    ).rejects.toMatchObject({
      errors: { form: "funds.errors.notClaimable" },
    });
  });
});

describe("the claim window job", () => {
  it("reminds once when 14 days are left, then lapses the request and releases its money", async () => {
    const { fundId, requestId } = await approved(-2);
    const reseller = await userByEmail("reseller@example.com");
    const reminders = async () =>
      (
        await db()
          .selectFrom("notifications")
          .select("id")
          .where("user_id", "=", reseller.id)
          .where("kind", "=", "funds.claim_reminder")
          .where("title", "like", `Fund request #${requestId}:%`)
          .execute()
      ).length;
    const ends = Date.parse(`${day(-2)}T12:00:00Z`);
    setClockForTests(() => new Date(ends + 47 * 24 * 3600 * 1000));
    await runClaimWindows(db());
    expect(await reminders()).toBe(1);
    setClockForTests(() => new Date(ends + 50 * 24 * 3600 * 1000));
    await runClaimWindows(db());
    expect(await reminders()).toBe(1);
    expect(await fundBalance(db(), fundId)).toMatchObject({ reserved: "1000.00" });
    setClockForTests(() => new Date(ends + 61 * 24 * 3600 * 1000));
    await runClaimWindows(db());
    const request = await db().selectFrom("fund_requests").select("status").where("id", "=", requestId).executeTakeFirstOrThrow();
    expect(request.status).toBe("lapsed");
    expect(await fundBalance(db(), fundId)).toMatchObject({ reserved: "0.00", available: "5000.00" });
  });
});

const MARKER = `bad-upload-${process.pid}`;

describe("the claim form over HTTP", () => {
  let reseller: PortalClient;
  beforeAll(async () => {
    reseller = await signedIn("reseller@example.com");
  });

  /** Proof files in storage that start with the marker, or are empty (other tests store theirs alongside). */
  async function proofFiles(marker: string): Promise<number> {
    const root = path.join(process.env.STORAGE_DIR!, "fund-proofs");
    let found = 0;
    for (const month of await readdir(root).catch(() => [])) {
      for (const name of await readdir(path.join(root, month))) {
        const head = (await readFile(path.join(root, month, name))).subarray(0, 64).toString("latin1");
        if (head.length === 0 || head.includes(marker)) found++;
      }
    }
    return found;
  }

  function form(file: { bytes: Buffer; name: string; type: string }) {
    const body = new FormData();
    body.set("actualCost", "1500.00");
    body.set("results", "Booth with 50 visitors");
    body.set("files", new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
    return body;
  }

  it.each([
    {
      case: "a text file named .pdf",
      file: { bytes: Buffer.from(`hello ${MARKER}`), name: "invoice.pdf", type: "application/pdf" },
      text: "Only PDF, PNG and JPEG files are accepted.",
    },
    {
      case: "a PDF named .png",
      file: { bytes: Buffer.from(`%PDF-1.4 ${MARKER}`), name: "photo.png", type: "image/png" },
      text: "A file is not what its name says",
    },
    { case: "an empty file", file: { bytes: Buffer.alloc(0), name: "empty.pdf", type: "application/pdf" }, text: "A file is empty." },
    {
      case: "a file over 20 MB",
      file: { bytes: Buffer.concat([Buffer.from(`%PDF-1.4 ${MARKER}\n`), Buffer.alloc(21 * 1024 * 1024, 32)]), name: "huge.pdf", type: "application/pdf" },
      text: "A file is larger than 20 MB.",
    },
  ])("refuses $case next to the field, keeps what was typed and stores nothing", async ({ file, text }) => {
    const { requestId } = await approved();
    const before = await proofFiles(MARKER);
    const response = await reseller.post(`/funds/requests/${requestId}/claim`, form(file));
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain(text);
    expect(page).toContain('value="1500.00"');
    expect(await proofFiles(MARKER)).toBe(before);
    expect(await db().selectFrom("fund_claims").select("id").where("request_id", "=", requestId).executeTakeFirst()).toBeUndefined();
  });

  it("takes a real PDF and files the claim", async () => {
    const { requestId } = await approved();
    const response = await reseller.post(
      `/funds/requests/${requestId}/claim`,
      form({ bytes: Buffer.from("%PDF-1.4\n%ok\n"), name: "invoice.pdf", type: "application/pdf" }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/funds\/claims\/\d+\?notice=claimed$/);
  });
});
