// Stored files belong to the rows that own them (issue 15, finding 1). A storage key never
// comes from the client: a form part named like the file input but sent as text (no
// filename), whose value names another partner's stored file, must not attach that file to a
// new submission. And no storage key goes to the browser, in a page or in loader data.
// Route modules: `_app.sell-through.upload.tsx`, `sell-through.submissions.$submissionId.file.ts`,
// `_app.sell-through.submissions.$submissionId.tsx`, `_app.funds.claims.$claimId.tsx`.
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { storeStream, type StoredFile } from "~/lib/storage.server";
import { receiveFile } from "~/modules/sell-through/submissions.server";
import { signedIn, type PortalClient } from "../support/client";
import { db, partnerByCode, scopeOf, userByEmail } from "../support/db";

let attacker: PortalClient;
let victimFile: StoredFile;
let victimSubmission: number;
const secret = `NWD-confidential-${Date.now()}`;

beforeAll(async () => {
  attacker = await signedIn("other@example.com");
  const user = await userByEmail("distributor@example.com");
  const nwd = await partnerByCode("NWD");
  victimFile = await storeStream(
    Readable.from([Buffer.from(`date,invoice,line,sku,qty,unit price,currency\n2001-04-05,${secret},1,NET-SW24,1,10.00,USD\n`)]),
    "sell-through",
  );
  const received = await receiveFile(
    db(),
    await scopeOf("distributor@example.com"),
    { userId: user.id, email: user.email, ip: null },
    {
      distributorId: nwd.id,
      period: "2001-04",
      fileName: "northwind.csv",
      stored: victimFile,
    },
  );
  victimSubmission = received.submissionId;
});

async function submissionsPointingAt(path: string) {
  return db().selectFrom("sell_through_submissions").select(["id", "distributor_id"]).where("file_path", "=", path).execute();
}

describe("an upload whose file part is text naming another partner's stored file", () => {
  it("is refused as 'no file', records nothing, and the file cannot be reached", async () => {
    const pcs = await partnerByCode("PCS");
    const form = new FormData();
    form.set("distributorId", String(pcs.id));
    form.set("period", "2001-05");
    form.set("file", JSON.stringify({ path: victimFile.path, size: 1, sha256: "x" }));
    const response = await attacker.post("/sell-through/upload", form);
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain(secret);
    const pointing = await submissionsPointingAt(victimFile.path);
    expect(pointing.map((s) => s.distributor_id)).toEqual([(await partnerByCode("NWD")).id]);
    const own = await db().selectFrom("sell_through_submissions").select("id").where("distributor_id", "=", pcs.id).where("period", "=", "2001-05").execute();
    for (const { id } of own) {
      const file = await attacker.get(`/sell-through/submissions/${id}/file`);
      expect(await file.text()).not.toContain(secret);
    }
  });

  it("cannot name a claim's proof file either", async () => {
    const proof = await db().selectFrom("fund_claim_files").select("path").executeTakeFirstOrThrow();
    const pcs = await partnerByCode("PCS");
    const form = new FormData();
    form.set("distributorId", String(pcs.id));
    form.set("period", "2001-06");
    form.set("file", JSON.stringify({ path: proof.path, size: 1, sha256: "x" }));
    expect((await attacker.post("/sell-through/upload", form)).status).toBe(400);
    expect(await submissionsPointingAt(proof.path)).toEqual([]);
  });
});

describe("storage keys never reach the browser", () => {
  it("not in the submission page nor in its loader data", async () => {
    const distributor = await signedIn("distributor@example.com");
    const page = await distributor.get(`/sell-through/submissions/${victimSubmission}`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain(victimFile.path);
    const data = await distributor.get(`/sell-through/submissions/${victimSubmission}.data`);
    expect(data.status).toBe(200);
    const body = await data.text();
    expect(body).toContain("northwind.csv");
    expect(body).not.toContain(victimFile.path);
    expect(body).not.toContain("file_path");
  });

  it("not in a claim's page nor in its loader data", async () => {
    const file = await db()
      .selectFrom("fund_claim_files")
      .innerJoin("fund_claims", "fund_claims.id", "fund_claim_files.claim_id")
      .innerJoin("users", "users.partner_id", "fund_claims.partner_id")
      .select(["fund_claim_files.path", "fund_claim_files.claim_id", "users.email"])
      .where("users.role", "=", "partner_admin")
      .where("users.status", "=", "active")
      .executeTakeFirstOrThrow();
    const owner = await signedIn(file.email);
    const page = await owner.get(`/funds/claims/${file.claim_id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain(file.path);
    const data = await owner.get(`/funds/claims/${file.claim_id}.data`);
    expect(data.status).toBe(200);
    expect(await data.text()).not.toContain(file.path);
  });
});

describe("attaching a stored file to a row", () => {
  it("takes only a file this process just stored, and only once", async () => {
    const user = await userByEmail("other@example.com");
    const pcs = await partnerByCode("PCS");
    const scope = await scopeOf("other@example.com");
    const actor = { userId: user.id, email: user.email, ip: null };
    const named = { path: victimFile.path, size: victimFile.size, sha256: victimFile.sha256 };
    await expect(receiveFile(db(), scope, actor, { distributorId: pcs.id, period: "2001-07", fileName: "x.csv", stored: named })).rejects.toThrow(
      /Only a file stored/,
    );
    await expect(receiveFile(db(), scope, actor, { distributorId: pcs.id, period: "2001-07", fileName: "x.csv", stored: victimFile })).rejects.toThrow(
      /Only a file stored/,
    );
    expect(await submissionsPointingAt(victimFile.path)).toHaveLength(1);
  });
});
