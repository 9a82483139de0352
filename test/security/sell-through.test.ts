// Sell-through across the partner boundary: one distributor's submissions tried by the other
// distributor, its channel manager's counterpart, resellers and reps — reading, mapping,
// committing, downloading rejected rows, uploading for another distributor. Nothing may leak
// or change.
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { storeStream } from "~/lib/storage.server";
import { receiveFile } from "~/modules/sell-through/submissions.server";
import { signedIn, type PortalClient } from "../support/client";
import { db, partnerByCode, scopeOf, userByEmail } from "../support/db";

const clients = new Map<string, PortalClient>();
let northwind: number;
let pacific: number;

async function submit(email: string, code: string): Promise<number> {
  const user = await userByEmail(email);
  const partner = await partnerByCode(code);
  const stored = await storeStream(
    Readable.from([Buffer.from("date,invoice,line,sku,qty,unit price,currency\n2001-01-05,S-1,1,NET-SW24,1,10.00,USD\n")]),
    "sell-through",
  );
  const received = await receiveFile(
    db(),
    await scopeOf(email),
    { userId: user.id, email, ip: null },
    { distributorId: partner.id, period: "2001-01", fileName: `${code}-secret.csv`, stored },
  );
  return received.submissionId;
}

async function snapshot(id: number): Promise<string> {
  return JSON.stringify(await db().selectFrom("sell_through_submissions").selectAll().where("id", "=", id).executeTakeFirst());
}

beforeAll(async () => {
  for (const email of [
    "distributor@example.com",
    "reseller@example.com",
    "rep@example.com",
    "manager@example.com",
    "other@example.com",
    "manager2@example.com",
  ]) {
    clients.set(email, await signedIn(email));
  }
  northwind = await submit("distributor@example.com", "NWD");
  pacific = await submit("other@example.com", "PCS");
});

const ATTACKS = [
  { email: "other@example.com", target: () => northwind },
  { email: "manager2@example.com", target: () => northwind },
  { email: "distributor@example.com", target: () => pacific },
  { email: "manager@example.com", target: () => pacific },
];

describe.each(ATTACKS)("$email against a submission it may not see", ({ email, target }) => {
  it("gets 404 for the page, the rejected rows and every change, and nothing changes", async () => {
    const client = clients.get(email)!;
    const id = target();
    const before = await snapshot(id);
    expect((await client.get(`/sell-through/submissions/${id}`)).status).toBe(404);
    expect((await client.get(`/sell-through/submissions/${id}/rejects.csv`)).status).toBe(404);
    const file = await client.get(`/sell-through/submissions/${id}/file`);
    expect(file.status).toBe(404);
    expect(await file.text()).not.toContain("S-1");
    for (const intent of ["map", "layout", "names", "commit"]) {
      expect([403, 404], intent).toContain(
        (await client.post(`/sell-through/submissions/${id}`, { intent, "map-transactionDate": "0", skuAlias: "X", skuProduct: "1", headerRow: "1" })).status,
      );
    }
    expect(await snapshot(id)).toBe(before);
  });

  it("does not see it in the list", async () => {
    const list = await (await clients.get(email)!.get("/sell-through")).text();
    expect(list).not.toContain(`/sell-through/submissions/${target()}"`);
  });
});

describe("reporting for a distributor", () => {
  it("is refused for another distributor, and nothing is recorded", async () => {
    const nwd = await partnerByCode("NWD");
    const count = async () => (await db().selectFrom("sell_through_submissions").select("id").where("distributor_id", "=", nwd.id).execute()).length;
    const before = await count();
    const form = new FormData();
    form.set("distributorId", String(nwd.id));
    form.set("period", "2001-02");
    form.set("file", new Blob(["date,invoice\n2001-02-01,1\n"], { type: "text/csv" }), "attack.csv");
    expect((await clients.get("other@example.com")!.post("/sell-through/upload", form)).status).toBe(404);
    expect(await count()).toBe(before);
  });

  it.each(["reseller@example.com", "rep@example.com"])("is closed to %s", async (email) => {
    expect((await clients.get(email)!.get("/sell-through/upload")).status).toBe(403);
    expect((await clients.get(email)!.get(`/sell-through/submissions/${northwind}`)).status).toBe(email === "reseller@example.com" ? 404 : 403);
  });

  it("a channel manager reads its distributors' submissions but cannot commit them", async () => {
    expect((await clients.get("manager@example.com")!.get(`/sell-through/submissions/${northwind}`)).status).toBe(200);
    expect((await clients.get("manager@example.com")!.post(`/sell-through/submissions/${northwind}`, { intent: "commit" })).status).toBe(403);
  });
});

describe("the raw file of a submission", () => {
  it("downloads byte for byte, under its own name safely encoded, for the distributor and its channel manager", async () => {
    const user = await userByEmail("distributor@example.com");
    const nwd = await partnerByCode("NWD");
    const bytes = Buffer.from("date,invoice,line,sku,qty,unit price,currency\n2001-03-05,F-1,1,NET-SW24,1,10.00,USD\n");
    const stored = await storeStream(Readable.from([bytes]), "sell-through");
    const name = '销售 "März"\r\nX-Evil: 1.csv';
    const { submissionId } = await receiveFile(
      db(),
      await scopeOf("distributor@example.com"),
      { userId: user.id, email: user.email, ip: null },
      { distributorId: nwd.id, period: "2001-03", fileName: name, stored },
    );
    for (const email of ["distributor@example.com", "manager@example.com"]) {
      const response = await clients.get(email)!.get(`/sell-through/submissions/${submissionId}/file`);
      expect(response.status, email).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(response.headers.get("x-evil")).toBeNull();
      const disposition = response.headers.get("content-disposition")!;
      expect(disposition).toMatch(/^attachment; filename="[ -~]*"; filename\*=UTF-8''/);
      expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1])).toBe(name);
      expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
    }
    for (const email of ["other@example.com", "manager2@example.com", "reseller@example.com"]) {
      expect((await clients.get(email)!.get(`/sell-through/submissions/${submissionId}/file`)).status, email).toBe(404);
    }
    expect((await clients.get("rep@example.com")!.get(`/sell-through/submissions/${submissionId}/file`)).status).toBe(403);
  });
});
