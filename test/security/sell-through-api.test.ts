// Sell-through by API and by hand across the partner boundary, over HTTP against the running
// app: a key of one distributor never reads or writes another's submissions, a revoked key
// stops at once, the API takes no session cookie, keys are made and revoked only by a
// distributor's own partner admin, and the manual form refuses another distributor. The Origin
// check still guards forms, whatever the path pretends to be.
import http from "node:http";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { signedIn, type PortalClient } from "../support/client";
import { db, partnerByCode, uniqueCode } from "../support/db";

const baseUrl = inject("baseUrl");
const clients = new Map<string, PortalClient>();
let northwindKey: string;
let pacificKey: string;
let pacificOpen: number;

/** Creates a key through the page, as a person would, and reads it off the answer. */
async function createKey(client: PortalClient, name: string): Promise<string> {
  const response = await client.post("/settings/api-keys", { intent: "create", name });
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toContain("no-store");
  const key = /ppk_[A-Za-z0-9_-]{32}/.exec(await response.text())?.[0];
  if (!key) throw new Error("no key on the page");
  return key;
}

function api(path: string, key: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(baseUrl + path, {
    method: body === undefined ? "GET" : "POST",
    headers: { ...(key ? { Authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

function lines(period: string, invoice: string) {
  return [{ transactionDate: `${period}-02`, invoiceNo: invoice, lineNo: "1", sku: "NET-SW24", quantity: 1, unitPrice: "10.00", currency: "USD" }];
}

async function submissionSnapshot(id: number): Promise<string> {
  const [submission, staged, rejects] = await Promise.all([
    db().selectFrom("sell_through_submissions").selectAll().where("id", "=", id).executeTakeFirst(),
    db().selectFrom("sell_through_lines").select("row_no").where("submission_id", "=", id).execute(),
    db().selectFrom("sell_through_rejects").select("row_no").where("submission_id", "=", id).execute(),
  ]);
  return JSON.stringify({ submission, staged: staged.length, rejects: rejects.length });
}

async function keysOf(partnerId: number): Promise<string> {
  return JSON.stringify(await db().selectFrom("api_keys").selectAll().where("partner_id", "=", partnerId).orderBy("id").execute());
}

beforeAll(async () => {
  for (const email of ["distributor@example.com", "other@example.com", "reseller@example.com", "rep@example.com", "manager@example.com", "admin@example.com"]) {
    clients.set(email, await signedIn(email));
  }
  northwindKey = await createKey(clients.get("distributor@example.com")!, "security NWD");
  pacificKey = await createKey(clients.get("other@example.com")!, "security PCS");
  const open = await api("/api/v1/sell-through", pacificKey, { period: "1940-01", commit: false, lines: lines("1940-01", uniqueCode("PCS")) });
  expect(open.status).toBe(201);
  pacificOpen = ((await open.json()) as { submissionId: number }).submissionId;
});

describe("a distributor's API key", () => {
  it("neither reads nor adds to another distributor's submission: 404, and nothing changes", async () => {
    const before = await submissionSnapshot(pacificOpen);
    const read = await api(`/api/v1/sell-through/${pacificOpen}`, northwindKey);
    expect(read.status).toBe(404);
    expect(await read.json()).toEqual({ error: "not_found", message: "No such submission." });
    const write = await api("/api/v1/sell-through", northwindKey, { period: "1940-01", submissionId: pacificOpen, lines: lines("1940-01", uniqueCode("ATK")) });
    expect(write.status).toBe(404);
    const commit = await api("/api/v1/sell-through", northwindKey, { period: "1940-01", submissionId: pacificOpen, lines: [], commit: true });
    expect(commit.status).toBe(404);
    expect(await submissionSnapshot(pacificOpen)).toBe(before);
    // Its owner reads it.
    expect((await api(`/api/v1/sell-through/${pacificOpen}`, pacificKey)).status).toBe(200);
  });

  it("cannot name another distributor in the body: the body has no such field", async () => {
    const pcs = await partnerByCode("PCS");
    const count = async () => (await db().selectFrom("sell_through_submissions").select("id").where("distributor_id", "=", pcs.id).execute()).length;
    const before = await count();
    const response = await api("/api/v1/sell-through", northwindKey, { period: "1940-02", distributorId: pcs.id, lines: lines("1940-02", uniqueCode("ATK")) });
    expect(response.status).toBe(400);
    expect(await count()).toBe(before);
  });

  it("writes only its own distributor's lines", async () => {
    const [nwd, pcs] = [await partnerByCode("NWD"), await partnerByCode("PCS")];
    const response = await api("/api/v1/sell-through", northwindKey, { period: "1940-03", lines: lines("1940-03", uniqueCode("OWN")) });
    expect(response.status).toBe(201);
    const { submissionId } = (await response.json()) as { submissionId: number };
    expect(
      (await db().selectFrom("sell_through_submissions").select("distributor_id").where("id", "=", submissionId).executeTakeFirstOrThrow()).distributor_id,
    ).toBe(nwd.id);
    expect(
      await db().selectFrom("sell_through_lines").select("row_no").where("distributor_id", "=", pcs.id).where("period", "=", "1940-03").execute(),
    ).toHaveLength(0);
  });
});

describe("authentication of the API", () => {
  it("answers 401 in JSON to no key, a wrong key and a session cookie", async () => {
    const body = { period: "1940-04", lines: [] };
    for (const key of [null, "ppk_" + "A".repeat(32), northwindKey.slice(0, -2) + "zz", "not-a-key"]) {
      const response = await api("/api/v1/sell-through", key, body);
      expect(response.status, String(key)).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain("Bearer");
      expect(((await response.json()) as { error: string }).error).toBe("unauthorized");
    }
    // A signed-in browser's cookie is no credential here, so a cross-site page cannot use it.
    const cookie = await clients.get("distributor@example.com")!.get("/sell-through");
    expect(cookie.status).toBe(200);
    const withSession = await fetch(`${baseUrl}/api/v1/sell-through`, {
      method: "POST",
      headers: { Cookie: `portal_session=${clients.get("distributor@example.com")!.cookie("portal_session") ?? ""}` },
      body: JSON.stringify(body),
    });
    expect(withSession.status).toBe(401);
    expect((await api("/api/v1/sell-through/1", null)).status).toBe(401);
  });

  it("refuses a revoked key from the next request on", async () => {
    const client = clients.get("distributor@example.com")!;
    const key = await createKey(client, `revoke me ${uniqueCode()}`);
    expect((await api("/api/v1/sell-through", key, { period: "1940-05", lines: [] })).status).toBe(201);
    const row = await db().selectFrom("api_keys").select(["id", "last_used_at"]).where("prefix", "=", key.slice(4, 12)).executeTakeFirstOrThrow();
    expect(row.last_used_at).not.toBeNull();
    expect((await client.post("/settings/api-keys", { intent: "revoke", keyId: String(row.id) })).status).toBe(200);
    expect((await api("/api/v1/sell-through", key, { period: "1940-05", lines: [] })).status).toBe(401);
    expect((await api(`/api/v1/sell-through/${pacificOpen}`, key)).status).toBe(401);
  });

  it("needs no Origin header, while a form post without one is still refused", async () => {
    const response = await api("/api/v1/sell-through", northwindKey, { period: "1940-06", lines: [] });
    expect(response.status).toBe(201);
    const form = await clients.get("distributor@example.com")!.post("/settings/api-keys", { intent: "create", name: "no origin" }, { origin: null });
    expect(form.status).toBe(403);
    const foreign = await clients.get("distributor@example.com")!.post("/sell-through/new", { intent: "check" }, { origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
  });

  it("does not let a form path pass as the API to skip the Origin check", async () => {
    const nwd = await partnerByCode("NWD");
    const before = await keysOf(nwd.id);
    const cookie = `portal_session=${clients.get("distributor@example.com")!.cookie("portal_session") ?? ""}`;
    const url = new URL(baseUrl);
    // A raw request, because fetch would resolve the dot segments before sending.
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: "POST",
          path: "/api/%2e%2e/settings/api-keys",
          headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      request.on("error", reject);
      request.end("intent=create&name=smuggled");
    });
    expect(status).toBe(403);
    expect(await keysOf(nwd.id)).toBe(before);
  });
});

describe("API keys in the portal", () => {
  it.each(["reseller@example.com", "rep@example.com", "manager@example.com"])("are closed to %s", async (email) => {
    const nwd = await partnerByCode("NWD");
    const before = await keysOf(nwd.id);
    const client = clients.get(email)!;
    expect((await client.get("/settings/api-keys")).status).toBe(403);
    expect((await client.post("/settings/api-keys", { intent: "create", name: "attempt" })).status).toBe(403);
    expect(await keysOf(nwd.id)).toBe(before);
  });

  it("are read, not made, by an admin", async () => {
    const admin = clients.get("admin@example.com")!;
    const page = await (await admin.get("/settings/api-keys")).text();
    expect(page).toContain("security NWD");
    expect(page).toContain("security PCS");
    expect((await admin.post("/settings/api-keys", { intent: "create", name: "admin attempt" })).status).toBe(403);
  });

  it("of another partner cannot be seen or revoked: 404, and the key keeps working", async () => {
    const nwd = await partnerByCode("NWD");
    const target = await db()
      .selectFrom("api_keys")
      .select("id")
      .where("partner_id", "=", nwd.id)
      .where("revoked_at", "is", null)
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const before = await keysOf(nwd.id);
    const other = clients.get("other@example.com")!;
    expect(await (await other.get("/settings/api-keys")).text()).not.toContain("security NWD");
    expect((await other.post("/settings/api-keys", { intent: "revoke", keyId: String(target.id) })).status).toBe(404);
    expect((await other.post("/settings/api-keys", { intent: "revoke", keyId: "99999999" })).status).toBe(404);
    expect(await keysOf(nwd.id)).toBe(before);
    expect((await api(`/api/v1/sell-through/${pacificOpen}`, pacificKey)).status).toBe(200);
  });
});

describe("the manual form", () => {
  it("refuses another distributor with 404 and records nothing", async () => {
    const nwd = await partnerByCode("NWD");
    const count = async () =>
      (await db().selectFrom("sell_through_submissions").select("id").where("distributor_id", "=", nwd.id).where("period", "=", "1940-07").execute()).length;
    const response = await clients.get("other@example.com")!.post("/sell-through/new", {
      intent: "check",
      distributorId: String(nwd.id),
      period: "1940-07",
      transactionDate: "1940-07-01",
      invoiceNo: "ATTACK",
      lineNo: "1",
      sku: "NET-SW24",
      quantity: "1",
      unitPrice: "1.00",
      currency: "USD",
    });
    expect(response.status).toBe(404);
    expect(await count()).toBe(0);
  });

  it.each(["reseller@example.com", "rep@example.com", "manager@example.com"])("is closed to %s", async (email) => {
    expect((await clients.get(email)!.get("/sell-through/new")).status).toBe(403);
  });
});
