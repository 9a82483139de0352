// Co-marketing funds across the partner boundary: one partner's fund, request, claim and proof
// file tried by another partner, the other channel manager, the reseller's own distributor and
// a rep who did not create them — pages, every state change, the claim upload, the download,
// the list and the export. Everything answers 404 (or 403 for a role that may not act) and
// nothing changes.
// Route modules: `_app.funds.*` (the list of all requests `_app.funds.requests._index.tsx` included), the proof download and the export `funds[.csv].ts`
// (/funds.csv, also asked by partner id).
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { storeStream } from "~/lib/storage.server";
import { allocateMdf } from "~/modules/funds/funds.server";
import { approveRequest } from "~/modules/funds/requests.server";
import { approveClaim, submitClaim } from "~/modules/funds/claims.server";
import { requestBeforeActivity } from "../support/funds";
import { db, partnerByCode, scopeOf, userByEmail } from "../support/db";
import { signedIn, type PortalClient } from "../support/client";

interface Target {
  fundId: number;
  requestId: number;
  claimId: number;
  fileId: number;
  secret: string;
}

const clients = new Map<string, PortalClient>();
const targets = new Map<string, Target>();

async function as(email: string) {
  const user = await userByEmail(email);
  return { scope: await scopeOf(email), actor: { userId: user.id, email: user.email, ip: null } };
}

function day(offset: number): string {
  return new Date(Date.now() + offset * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

/** A fund with an approved request and a submitted claim with one proof file, of a partner. */
async function target(code: string, partnerEmail: string, managerEmail: string, quarter: string): Promise<Target> {
  const admin = await as("admin@example.com");
  const owner = await as(partnerEmail);
  const manager = await as(managerEmail);
  const partner = await partnerByCode(code);
  const { funds } = await allocateMdf(db(), admin.scope, admin.actor, [{ partnerId: partner.id, quarter, amount: "9000.00", note: "" }]);
  const secret = `${code}-secret-campaign-${Date.now()}`;
  const request = await requestBeforeActivity(db(), owner.scope, owner.actor, {
    fundId: funds[0],
    activityType: "event",
    description: secret,
    startDate: day(-9),
    endDate: day(-8),
    plannedCost: "2000.00",
    requestedAmount: "1000.00",
    expectedResults: "",
  });
  await approveRequest(db(), manager.scope, manager.actor, request.id, { amount: "1000.00", note: "" });
  const stored = await storeStream(Readable.from([Buffer.from(`%PDF-1.4 ${secret}`)]), "fund-proofs");
  const claim = await submitClaim(db(), owner.scope, owner.actor, request.id, { actualCost: "2000.00", results: secret, leadsCount: 1, attendees: 1 }, [
    { fileName: "invoice.pdf", stored, contentType: "application/pdf" },
  ]);
  const file = await db().selectFrom("fund_claim_files").select("id").where("claim_id", "=", claim.id).executeTakeFirstOrThrow();
  return { fundId: funds[0], requestId: request.id, claimId: claim.id, fileId: file.id, secret };
}

async function snapshot(t: Target): Promise<string> {
  const [ledger, request, claim, files, events] = await Promise.all([
    db().selectFrom("fund_ledger").select(["id", "entry", "amount"]).where("fund_id", "=", t.fundId).orderBy("id").execute(),
    db().selectFrom("fund_requests").selectAll().where("id", "=", t.requestId).executeTakeFirst(),
    db().selectFrom("fund_claims").selectAll().where("id", "=", t.claimId).executeTakeFirst(),
    db().selectFrom("fund_claim_files").select(["id", "path"]).where("claim_id", "=", t.claimId).execute(),
    db().selectFrom("fund_events").select("id").where("request_id", "=", t.requestId).execute(),
  ]);
  return JSON.stringify({ ledger, request, claim, files, events: events.length });
}

beforeAll(async () => {
  for (const email of [
    "admin@example.com",
    "manager@example.com",
    "manager2@example.com",
    "distributor@example.com",
    "reseller@example.com",
    "rep@example.com",
    "other@example.com",
  ]) {
    clients.set(email, await signedIn(email));
  }
  const year = 2900 + (process.pid % 90);
  targets.set("BPS", await target("BPS", "reseller@example.com", "manager@example.com", `${year}-Q1`));
  targets.set("PCS", await target("PCS", "other@example.com", "manager2@example.com", `${year}-Q2`));
});

const ATTACKS = [
  { email: "other@example.com", victim: "BPS" },
  { email: "manager2@example.com", victim: "BPS" },
  // A distributor does not see its resellers' funds.
  { email: "distributor@example.com", victim: "BPS" },
  { email: "reseller@example.com", victim: "PCS" },
  { email: "manager@example.com", victim: "PCS" },
];

describe.each(ATTACKS)("$email against $victim's funds", ({ email, victim }) => {
  it("gets 404 for the fund, request, claim and proof file, and for every change; nothing changes", async () => {
    const client = clients.get(email)!;
    const t = targets.get(victim)!;
    const before = await snapshot(t);
    for (const path of [
      `/funds/${t.fundId}`,
      `/funds/requests/${t.requestId}`,
      `/funds/claims/${t.claimId}`,
      `/funds/claims/${t.claimId}/files/${t.fileId}`,
      `/funds/requests/${t.requestId}/claim`,
    ]) {
      expect([403, 404], path).toContain((await client.get(path)).status);
    }
    const download = await client.get(`/funds/claims/${t.claimId}/files/${t.fileId}`);
    expect(download.status).toBe(404);
    expect(await download.text()).not.toContain(t.secret);
    for (const intent of ["approve", "reject", "moreInfo", "answer", "withdraw"]) {
      const fields = { intent, amount: "1.00", note: "x", reason: "x", question: "x", answer: "x" };
      expect([403, 404], `request ${intent}`).toContain((await client.post(`/funds/requests/${t.requestId}`, fields)).status);
      expect([403, 404], `claim ${intent}`).toContain((await client.post(`/funds/claims/${t.claimId}`, fields)).status);
    }
    const upload = new FormData();
    upload.set("actualCost", "10.00");
    upload.set("results", "x");
    upload.set("files", new Blob([Buffer.from("%PDF-1.4 attack")], { type: "application/pdf" }), "attack.pdf");
    expect([403, 404]).toContain((await client.post(`/funds/requests/${t.requestId}/claim`, upload)).status);
    expect(await snapshot(t)).toBe(before);
  });

  it("does not see them in the lists, the review queue, the reports or the export", async () => {
    const client = clients.get(email)!;
    const t = targets.get(victim)!;
    const list = await (await client.get("/funds")).text();
    expect(list).not.toContain(`/funds/${t.fundId}"`);
    expect(list).not.toContain(t.secret);
    for (const path of ["/funds/review", "/funds/reports"]) {
      const response = await client.get(path);
      // Partners are refused the vendor's pages; an error page would hide a leak, so it fails.
      expect([200, 403], path).toContain(response.status);
      expect(await response.text(), path).not.toContain(t.secret);
    }
    // The list of all requests, as it opens, filtered to the target's status and sorted.
    for (const path of ["/funds/requests", "/funds/requests?status=claimed", "/funds/requests?status=claimed&sort=requested_amount&dir=desc&pageSize=100"]) {
      const response = await client.get(path);
      expect(response.status, path).toBe(200);
      const page = await response.text();
      expect(page, path).not.toContain(`/funds/requests/${t.requestId}"`);
      expect(page, path).not.toContain(t.secret);
    }
    const victimId = (await db().selectFrom("funds").select("partner_id").where("id", "=", t.fundId).executeTakeFirstOrThrow()).partner_id;
    // Unfiltered, and filtered for the victim by id as a link to its funds would be.
    for (const path of ["/funds.csv", `/funds.csv?partner=${victimId}`]) {
      const csv = await (await client.get(path)).text();
      expect(
        csv.split("\n").some((line) => line.startsWith(`${t.fundId},`)),
        path,
      ).toBe(false);
    }
  });
});

describe.each(ATTACKS)("$email requesting money from $victim's fund", ({ email, victim }) => {
  it("is not offered the fund, and a request naming it is refused and changes nothing", async () => {
    const client = clients.get(email)!;
    const t = targets.get(victim)!;
    const before = await snapshot(t);
    const requestsBefore = await db().selectFrom("fund_requests").select("id").where("fund_id", "=", t.fundId).execute();
    const form = await client.get("/funds/requests/new");
    if (form.status === 200) expect(await form.text()).not.toContain(`value="${t.fundId}"`);
    else expect(form.status).toBe(403);
    const response = await client.post("/funds/requests/new", {
      fundId: String(t.fundId),
      activityType: "event",
      description: "Attack on another partner's fund",
      startDate: day(5),
      endDate: day(6),
      plannedCost: "200.00",
      requestedAmount: "100.00",
      expectedResults: "",
    });
    // A partner is told the fund is not one of its own, next to the field (or, with no fund of
    // its own to choose, that none has money); the vendor side may not request at all.
    expect([400, 403]).toContain(response.status);
    if (response.status === 400) expect(await response.text()).toMatch(/Choose one of your funds\.|None of your funds has money available right now\./);
    expect(await db().selectFrom("fund_requests").select("id").where("fund_id", "=", t.fundId).execute()).toEqual(requestsBefore);
    expect(await snapshot(t)).toBe(before);
  });
});

describe("a partner rep", () => {
  it("sees the partner's funds but not requests, claims or proofs a colleague created", async () => {
    const rep = clients.get("rep@example.com")!;
    const t = targets.get("BPS")!;
    const before = await snapshot(t);
    expect((await rep.get(`/funds/${t.fundId}`)).status).toBe(200);
    expect((await rep.get(`/funds/requests/${t.requestId}`)).status).toBe(404);
    expect((await rep.get(`/funds/claims/${t.claimId}`)).status).toBe(404);
    expect((await rep.get(`/funds/claims/${t.claimId}/files/${t.fileId}`)).status).toBe(404);
    expect((await rep.post(`/funds/requests/${t.requestId}`, { intent: "withdraw" })).status).toBe(404);
    expect(await snapshot(t)).toBe(before);
  });
});

describe("the owner and its manager", () => {
  it("find the request in the list of all requests, which the rep who did not create it does not", async () => {
    const t = targets.get("BPS")!;
    for (const email of ["reseller@example.com", "manager@example.com", "admin@example.com"]) {
      const page = await (await clients.get(email)!.get("/funds/requests?status=claimed&pageSize=100")).text();
      expect(page, email).toContain(`/funds/requests/${t.requestId}"`);
      expect(page, email).toContain(t.secret);
    }
    const rep = await (await clients.get("rep@example.com")!.get("/funds/requests?status=claimed&pageSize=100")).text();
    expect(rep).not.toContain(t.secret);
  });

  it("download the proof with its checked type, inline, under its name, never sniffed", async () => {
    const t = targets.get("BPS")!;
    for (const email of ["reseller@example.com", "manager@example.com", "admin@example.com"]) {
      const response = await clients.get(email)!.get(`/funds/claims/${t.claimId}/files/${t.fileId}`);
      expect(response.status, email).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/pdf");
      expect(response.headers.get("content-disposition")).toMatch(/^inline; filename="invoice.pdf"/);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(await response.text()).toContain(t.secret);
    }
  });
});

describe("vendor-only and admin-only screens", () => {
  it.each(["reseller@example.com", "rep@example.com", "other@example.com"])("are closed to %s", async (email) => {
    for (const path of ["/funds/allocate", "/funds/payments", "/funds/review", "/funds/reports"])
      expect((await clients.get(email)!.get(path)).status, path).toBe(403);
  });

  it("a channel manager may review but neither allocate nor pay, and nothing is posted", async () => {
    const manager = clients.get("manager@example.com")!;
    const t = targets.get("BPS")!;
    const bps = await partnerByCode("BPS");
    const before = await snapshot(t);
    expect((await manager.get("/funds/allocate")).status).toBe(403);
    expect(
      (await manager.post("/funds/allocate", { intent: "form", partnerIds: String(bps.id), quarter: "2999-Q4", amount: "1000000.00", note: "" })).status,
    ).toBe(403);
    expect(
      (
        await manager.post("/funds/payments", {
          partnerId: String(bps.id),
          claimIds: String(t.claimId),
          reference: "X",
          paidOn: "2026-01-01",
          amount: "1000.00",
        })
      ).status,
    ).toBe(403);
    expect(await snapshot(t)).toBe(before);
    expect(await db().selectFrom("funds").select("id").where("quarter", "=", "2999-Q4").where("partner_id", "=", bps.id).executeTakeFirst()).toBeUndefined();
  });

  it("a partner cannot approve its own claim", async () => {
    const t = targets.get("BPS")!;
    const before = await snapshot(t);
    expect((await clients.get("reseller@example.com")!.post(`/funds/claims/${t.claimId}`, { intent: "approve", amount: "1000.00", note: "" })).status).toBe(
      403,
    );
    expect(await snapshot(t)).toBe(before);
  });
});

describe("an approved claim", () => {
  it("cannot be paid to another partner", async () => {
    const manager2 = await as("manager2@example.com");
    const t = targets.get("PCS")!;
    await approveClaim(db(), manager2.scope, manager2.actor, t.claimId, { amount: "1000.00", note: "", checklist: ["invoice"] });
    const before = await snapshot(t);
    const bps = await partnerByCode("BPS");
    const response = await clients
      .get("admin@example.com")!
      .post("/funds/payments", { partnerId: String(bps.id), claimIds: String(t.claimId), reference: "WRONG", paidOn: "2026-01-01", amount: "1000.00" });
    expect(response.status).toBe(400);
    expect(await snapshot(t)).toBe(before);
  });
});
