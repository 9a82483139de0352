// Agreements and partner profiles across the partner boundary. Only a partner admin accepts,
// and only the version in force for its own partner, with the text's own hash; the vendor's
// agreement pages and exports are closed to partners; a partner's logo is served only to those
// who may see the partner; the profile page changes the caller's partner whatever the form says.
// Route modules: `_app.agreement.tsx`, `_app.partner-profile.tsx`, `partners.$partnerId.logo.ts`,
// `_app.settings.agreements._index.tsx`, `_app.settings.agreements.$versionId.tsx`,
// `settings.agreements[.csv].ts` and `settings.agreements.$versionId[.csv].ts`.
import { beforeAll, describe, expect, it } from "vitest";
import { unscoped } from "~/lib/scope-guard.server";
import { signedIn, type PortalClient } from "../support/client";
import { db, partnerByCode } from "../support/db";

const clients = new Map<string, PortalClient>();
const read = unscoped("the test compares the rows an attack aimed at");

async function snapshot(): Promise<string> {
  const versions = await db().selectFrom("agreement_versions").select(["id", "status", "accept_by", "sha256"]).orderBy("id").execute();
  const acceptances = await db().selectFrom("agreement_acceptances").select(["id", "partner_id", "version_id"]).orderBy("id").$call(read).execute();
  const partners = await db()
    .selectFrom("partners")
    .select(["id", "legal_name", "contact_email", "contact_phone", "address", "website", "logo_key"])
    .orderBy("id")
    .execute();
  return JSON.stringify({ versions, acceptances, partners });
}

async function versionFor(type: "distributor" | "reseller") {
  return db()
    .selectFrom("agreement_versions")
    .select(["id", "sha256"])
    .where("status", "=", "published")
    .where("partner_type", "=", type)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  for (const email of ["admin@example.com", "distributor@example.com", "reseller@example.com", "rep@example.com", "other@example.com"]) {
    clients.set(email, await signedIn(email));
  }
});

describe("the vendor's agreement pages", () => {
  it("are closed to partner users, and their posts change nothing", async () => {
    const version = await versionFor("distributor");
    const before = await snapshot();
    for (const email of ["distributor@example.com", "reseller@example.com", "rep@example.com", "other@example.com"]) {
      const client = clients.get(email)!;
      for (const path of ["/settings/agreements", `/settings/agreements/${version.id}`, "/settings/agreements.csv", `/settings/agreements/${version.id}.csv`]) {
        expect([403, 404], `${email} GET ${path}`).toContain((await client.get(path)).status);
      }
      expect([403, 404]).toContain((await client.post(`/settings/agreements/${version.id}`, { intent: "retire" })).status);
      expect([403, 404]).toContain((await client.post(`/settings/agreements/${version.id}`, { intent: "publish", acceptBy: "2099-01-01" })).status);
      expect([403, 404]).toContain(
        (
          await client.post("/settings/agreements", {
            intent: "draft",
            partnerType: "distributor",
            versionLabel: "X",
            title: "X",
            titleZh: "X",
            body: "X",
            bodyZh: "X",
          })
        ).status,
      );
    }
    expect(await snapshot()).toBe(before);
  });
});

describe("accepting an agreement", () => {
  it("is refused to a partner rep", async () => {
    const version = await versionFor("reseller");
    const before = await snapshot();
    const response = await clients.get("rep@example.com")!.post("/agreement", { intent: "accept", versionId: String(version.id), sha256: version.sha256 });
    expect([403, 404]).toContain(response.status);
    expect(await snapshot()).toBe(before);
  });

  it("of a version that does not concern the caller's partner records nothing", async () => {
    // other@ is a distributor: the reseller agreement is not its to accept.
    const version = await versionFor("reseller");
    const before = await snapshot();
    const response = await clients.get("other@example.com")!.post("/agreement", { intent: "accept", versionId: String(version.id), sha256: version.sha256 });
    expect([400, 403, 404]).toContain(response.status);
    expect(await snapshot()).toBe(before);
  });

  it("with a hash other than the published text's records nothing", async () => {
    const version = await versionFor("distributor");
    const before = await snapshot();
    const response = await clients.get("other@example.com")!.post("/agreement", { intent: "accept", versionId: String(version.id), sha256: "0".repeat(64) });
    expect(response.status).toBe(400);
    expect(await snapshot()).toBe(before);
  });
});

describe("a partner's logo", () => {
  it("is served to its own people and the vendor, and is not found for another partner", async () => {
    const northwind = await partnerByCode("NWD");
    expect(northwind.logo_key).not.toBeNull();
    expect((await clients.get("distributor@example.com")!.get(`/partners/${northwind.id}/logo`)).status).toBe(200);
    expect((await clients.get("admin@example.com")!.get(`/partners/${northwind.id}/logo`)).status).toBe(200);
    expect((await clients.get("other@example.com")!.get(`/partners/${northwind.id}/logo`)).status).toBe(404);
  });
});

describe("the profile page", () => {
  it("is closed to a partner rep and to the vendor", async () => {
    expect([403, 404]).toContain((await clients.get("rep@example.com")!.get("/partner-profile")).status);
    expect([403, 404]).toContain((await clients.get("admin@example.com")!.get("/partner-profile")).status);
  });

  it("changes nothing of another partner whatever ids the form carries", async () => {
    const pacific = await partnerByCode("PCS");
    const before = await db().selectFrom("partners").select(["legal_name", "contact_email"]).where("id", "=", pacific.id).executeTakeFirstOrThrow();
    await clients.get("distributor@example.com")!.post("/partner-profile", {
      intent: "profile",
      partnerId: String(pacific.id),
      id: String(pacific.id),
      legalName: "Hijacked Ltd",
      website: "https://hijack.example",
      contactEmail: "hijack@example.com",
      contactPhone: "+1 555 0100",
      address: "Nowhere 1",
    });
    const after = await db().selectFrom("partners").select(["legal_name", "contact_email"]).where("id", "=", pacific.id).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });
});
