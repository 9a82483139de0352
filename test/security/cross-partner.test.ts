// The first promise: no partner reaches another partner's rows. Two unrelated sides of the
// demo (Northwind with its resellers and their channel manager; Pacific Channel Supply with
// its own manager) try every route that takes an id with the other side's ids.
// Route modules include the export `partners[.csv].ts` (/partners.csv, also searched by the
// other side's code).
import { beforeAll, describe, expect, it } from "vitest";
import { signedIn, type PortalClient } from "../support/client";
import { db, partnerByCode, userByEmail } from "../support/db";
import { partnerSnapshot, userSnapshot } from "./support";

const SIDE_A = ["distributor@example.com", "reseller@example.com", "manager@example.com"];
const SIDE_B = ["other@example.com", "manager2@example.com"];

const clients = new Map<string, PortalClient>();
let aPartners: number[];
let bPartners: number[];
let aUsers: number[];
let bUsers: number[];

beforeAll(async () => {
  for (const email of [...SIDE_A, ...SIDE_B]) clients.set(email, await signedIn(email));
  aPartners = await Promise.all(["NWD", "BPS", "ALP"].map(async (c) => (await partnerByCode(c)).id));
  bPartners = await Promise.all(["PCS", "MLN"].map(async (c) => (await partnerByCode(c)).id));
  aUsers = await Promise.all(
    ["distributor@example.com", "reseller@example.com", "rep@example.com", "ops@northwind.example.com"].map(async (e) => (await userByEmail(e)).id),
  );
  bUsers = await Promise.all(["other@example.com", "sales@pacific.example.com"].map(async (e) => (await userByEmail(e)).id));
});

function attacks() {
  return [
    ...SIDE_A.map((email) => ({ email, partners: () => bPartners, users: () => bUsers })),
    ...SIDE_B.map((email) => ({ email, partners: () => aPartners, users: () => aUsers })),
  ];
}

const PARTNER_WRITES: Record<string, string>[] = [
  { intent: "update", code: "HACKED", name: "Hacked", type: "reseller", tier: "platinum", country: "DE", capacity: "1" },
  { intent: "status", status: "suspended" },
  { intent: "status", status: "active" },
];

describe.each(attacks())("$email against the other side", ({ email, partners, users }) => {
  it("cannot read another side's partner page", async () => {
    for (const id of partners()) {
      const response = await clients.get(email)!.get(`/partners/${id}`);
      expect(response.status, `/partners/${id}`).toBe(404);
      const body = await response.text();
      const partner = await db().selectFrom("partners").select("name").where("id", "=", id).executeTakeFirstOrThrow();
      expect(body).not.toContain(partner.name);
    }
  });

  it("cannot edit or change the status of another side's partner", async () => {
    for (const id of partners()) {
      const before = await partnerSnapshot(id);
      for (const fields of PARTNER_WRITES) {
        const response = await clients.get(email)!.post(`/partners/${id}`, fields);
        expect(response.status, `${fields.intent} /partners/${id}`).toBe(404);
      }
      expect(await partnerSnapshot(id)).toBe(before);
    }
  });

  it("cannot read, deactivate or re-invite another side's users", async () => {
    for (const id of users()) {
      const before = await userSnapshot(id);
      expect((await clients.get(email)!.get(`/users/${id}`)).status).toBeOneOf([403, 404]);
      for (const intent of ["deactivate", "reactivate", "resend"]) {
        expect((await clients.get(email)!.post(`/users/${id}`, { intent })).status).toBeOneOf([403, 404]);
      }
      expect(await userSnapshot(id)).toBe(before);
    }
  });

  it("sees none of the other side's partners in the list, the export or the home page", async () => {
    const client = clients.get(email)!;
    const names = await Promise.all(
      partners().map(async (id) => await db().selectFrom("partners").select(["name", "code"]).where("id", "=", id).executeTakeFirstOrThrow()),
    );
    const list = await (await client.get("/partners?pageSize=100")).text();
    const csv = await (await client.get("/partners.csv")).text();
    const home = await (await client.get("/")).text();
    for (const { name, code } of names) {
      expect(list).not.toContain(name);
      expect(csv).not.toContain(name);
      expect(csv).not.toMatch(new RegExp(`^${code},`, "m"));
      expect(home).not.toContain(name);
      // Searched for by its code, the export still holds nothing of it.
      const searched = await (await client.get(`/partners.csv?q=${encodeURIComponent(code)}`)).text();
      expect(searched).not.toContain(name);
    }
  });
});

describe("partner admins and users", () => {
  it("a partner admin's user list holds only their own partner's users", async () => {
    const body = await (await clients.get("other@example.com")!.get("/users?pageSize=100")).text();
    expect(body).toContain("sales@pacific.example.com");
    for (const email of ["distributor@example.com", "reseller@example.com", "rep@example.com", "admin@example.com"]) expect(body).not.toContain(email);
  });

  it("a partner admin cannot invite a user into another partner by posting its id", async () => {
    const email = `intruder-${Date.now()}@example.com`;
    const response = await clients
      .get("other@example.com")!
      .post("/users/invite", { email, name: "Intruder", role: "partner_admin", partnerId: String(aPartners[0]) });
    expect(response.status).toBe(302);
    const created = await userByEmail(email);
    expect(created.partner_id).toBe(bPartners[0]);
  });

  it("a partner admin cannot invite vendor staff", async () => {
    const email = `fake-admin-${Date.now()}@example.com`;
    const response = await clients.get("other@example.com")!.post("/users/invite", { email, name: "Fake admin", role: "admin" });
    expect(response.status).toBe(400);
    expect(await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirst()).toBeUndefined();
  });

  it("a distributor sees its resellers but not their users", async () => {
    const client = clients.get("distributor@example.com")!;
    const bps = aPartners[1];
    expect((await client.get(`/partners/${bps}`)).status).toBe(200);
    const rep = await userByEmail("rep@example.com");
    expect((await client.get(`/users/${rep.id}`)).status).toBe(404);
  });

  it("a reseller cannot see its parent distributor's page", async () => {
    const response = await clients.get("reseller@example.com")!.get(`/partners/${aPartners[0]}`);
    expect(response.status).toBe(404);
  });
});
