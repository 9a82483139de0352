// Certifications across the partner boundary. Route modules: `_app.certifications._index.tsx`
// (the list and the upload), `_app.certifications.$awardId.tsx` (approve, reject),
// `certifications.$awardId.file.ts` (the certificate), `certifications[.csv].ts`,
// `_app.certifications.import.tsx`, `_app.settings.certifications.tsx` and
// `settings.certifications[.csv].ts`. One side of the demo (Pacific Channel Supply and its
// manager) tries the other side's (Brightpath's) award ids and user ids: nothing is seen or
// changed, a partner never decides an award, and only the vendor imports.
import { beforeAll, describe, expect, it } from "vitest";
import { signedIn } from "../support/client";
import { db, partnerByCode, userByEmail } from "../support/db";

let victimAward: number;
let repId: number;

async function awardSnapshot(id: number): Promise<string> {
  const [award, audit] = await Promise.all([
    db().selectFrom("user_certifications").selectAll().where("id", "=", id).executeTakeFirst(),
    db().selectFrom("audit_log").select("id").where("entity_type", "=", "user_certification").where("entity_id", "=", String(id)).execute(),
  ]);
  return JSON.stringify({ award, audit: audit.length });
}

function certificateForm(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  form.set("certificate", new Blob([Buffer.from("%PDF-1.4\n% forged\n%%EOF\n")], { type: "application/pdf" }), "forged.pdf");
  return form;
}

beforeAll(async () => {
  const bps = await partnerByCode("BPS");
  // The demo's certificate sent by Brightpath's rep, waiting for the check, with its file.
  const pending = await db()
    .selectFrom("user_certifications")
    .select("id")
    .where("partner_id", "=", bps.id)
    .where("status", "=", "pending")
    .where("file_key", "is not", null)
    .orderBy("id")
    .executeTakeFirstOrThrow();
  victimAward = pending.id;
  repId = (await userByEmail("rep@example.com")).id;
});

describe("another partner's award", () => {
  it.each(["other@example.com", "manager2@example.com"])("%s gets 404 for its page, its file and its decision, and nothing changes", async (email) => {
    const client = await signedIn(email);
    const before = await awardSnapshot(victimAward);
    expect((await client.get(`/certifications/${victimAward}`)).status).toBe(404);
    expect((await client.get(`/certifications/${victimAward}/file`)).status).toBe(404);
    const approve = await client.post(`/certifications/${victimAward}`, { intent: "approve" });
    const reject = await client.post(`/certifications/${victimAward}`, { intent: "reject", reason: "no" });
    expect([approve.status, reject.status]).toEqual(email === "other@example.com" ? [403, 403] : [404, 404]);
    expect(await awardSnapshot(victimAward)).toBe(before);
  });

  it("is not in another partner's list nor its export", async () => {
    const other = await signedIn("other@example.com");
    const page = await other.get("/certifications?pageSize=100");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Olivia Other");
    expect(html).not.toContain("Ravi Rep");
    const csv = await other.get("/certifications.csv");
    expect(csv.status).toBe(200);
    expect(await csv.text()).not.toContain("rep@example.com");
  });
});

describe("deciding an award", () => {
  it("the partner holding it cannot approve or reject its own certificate", async () => {
    const before = await awardSnapshot(victimAward);
    for (const email of ["reseller@example.com", "rep@example.com"]) {
      const client = await signedIn(email);
      expect((await client.post(`/certifications/${victimAward}`, { intent: "approve" })).status).toBe(403);
      expect((await client.post(`/certifications/${victimAward}`, { intent: "reject", reason: "x" })).status).toBe(403);
    }
    expect(await awardSnapshot(victimAward)).toBe(before);
  });
});

describe("sending a certificate", () => {
  it("for a user of another partner, by a forged user id, is not found and stores no award", async () => {
    const other = await signedIn("other@example.com");
    const certification = await db().selectFrom("certifications").select("id").where("active", "=", 1).executeTakeFirstOrThrow();
    const before = await db().selectFrom("user_certifications").select("id").where("user_id", "=", repId).execute();
    const response = await other.post(
      "/certifications",
      certificateForm({ intent: "upload", userId: String(repId), certificationId: String(certification.id), earnedOn: "2026-01-05" }),
    );
    expect(response.status).toBe(404);
    expect(await db().selectFrom("user_certifications").select("id").where("user_id", "=", repId).execute()).toEqual(before);
  });

  it("is for partner users only: a channel manager's upload is refused", async () => {
    const manager = await signedIn("manager@example.com");
    const certification = await db().selectFrom("certifications").select("id").where("active", "=", 1).executeTakeFirstOrThrow();
    const response = await manager.post(
      "/certifications",
      certificateForm({ intent: "upload", userId: String(repId), certificationId: String(certification.id), earnedOn: "2026-01-05" }),
    );
    expect(response.status).toBe(403);
  });
});

describe("the vendor's side", () => {
  it("only the vendor imports from the training system", async () => {
    const certification = await db().selectFrom("certifications").select(["id", "code"]).where("active", "=", 1).executeTakeFirstOrThrow();
    const form = () => {
      const data = new FormData();
      data.set(
        "file",
        new Blob([`email,certification_code,earned_on,external_ref\nrep@example.com,${certification.code},2026-01-05,FORGED-1`], { type: "text/csv" }),
        "awards.csv",
      );
      return data;
    };
    for (const email of ["reseller@example.com", "rep@example.com", "other@example.com"]) {
      const client = await signedIn(email);
      expect((await client.get("/certifications/import")).status).toBe(403);
      expect((await client.post("/certifications/import", form())).status).toBe(403);
    }
    expect(await db().selectFrom("user_certifications").select("id").where("external_ref", "=", "FORGED-1").execute()).toEqual([]);
  });

  it("only the admin changes the catalogue; partners do not see its settings page", async () => {
    const certification = await db().selectFrom("certifications").selectAll().where("active", "=", 1).executeTakeFirstOrThrow();
    for (const email of ["manager@example.com", "reseller@example.com"]) {
      const client = await signedIn(email);
      const response = await client.post("/settings/certifications", {
        intent: "save",
        certificationId: String(certification.id),
        code: certification.code,
        name: "Hacked",
        level: "expert",
        validityMonths: "120",
      });
      expect(response.status).toBe(403);
    }
    expect((await (await signedIn("reseller@example.com")).get("/settings/certifications")).status).toBe(403);
    expect((await (await signedIn("rep@example.com")).get("/settings/certifications.csv")).status).toBe(403);
    expect(await db().selectFrom("certifications").selectAll().where("id", "=", certification.id).executeTakeFirstOrThrow()).toEqual(certification);
  });
});
