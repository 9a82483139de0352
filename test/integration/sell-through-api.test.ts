// Sell-through by API and by hand through the module functions, against the real database:
// API keys (stored as a hash, revoked at once), pushed lines checked by the upload's rules with
// per-line errors, committing and replacing the month, a month sent in several requests,
// idempotent retries, refused bodies, and the manual form's all-or-nothing check.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { currentLines } from "~/modules/sell-through/stored-lines.server";
import { ValidationError } from "~/lib/forms";
import { authenticateApiKey, createApiKey, revokeApiKey, type ApiCaller } from "~/modules/sell-through/api-keys.server";
import { MAX_LINES_PER_REQUEST, postSellThrough } from "~/modules/sell-through/api.server";
import { fileManualReport } from "~/modules/sell-through/lines.server";
import { commitSubmission } from "~/modules/sell-through/commit.server";
import { db, partnerByCode, scopeOf, uniqueCode, userByEmail } from "../support/db";

let monthCounter = 0;
/** A month no other test file reports (they use 2000 on). */
function freshPeriod(): string {
  monthCounter += 1;
  const base = (1950 + (process.pid % 40)) * 12 + monthCounter;
  return `${Math.floor(base / 12)}-${String((base % 12) + 1).padStart(2, "0")}`;
}

async function as(email: string) {
  const user = await userByEmail(email);
  return { scope: await scopeOf(email), actor: { userId: user.id, email: user.email, ip: null } };
}

async function apiCaller(email = "distributor@example.com"): Promise<{ caller: ApiCaller; key: string; keyId: number }> {
  const who = await as(email);
  const created = await createApiKey(db(), who.scope, who.actor, { name: `test ${uniqueCode()}` });
  const caller = await authenticateApiKey(db(), `Bearer ${created.key}`, "203.0.113.9");
  if (!caller) throw new Error("a fresh key did not authenticate");
  return { caller, key: created.key, keyId: created.id };
}

function line(period: string, invoice: string, overrides: Record<string, string | number> = {}) {
  return {
    transactionDate: `${period}-05`,
    invoiceNo: invoice,
    lineNo: "1",
    reseller: "BPS",
    endCustomerName: "Acme GmbH",
    endCustomerCountry: "DE",
    endCustomerPostcode: "10115",
    sku: "NET-SW24",
    quantity: 2,
    unitPrice: "1290.50",
    currency: "EUR",
    ...overrides,
  };
}

async function month(distributorId: number, period: string) {
  const rows = await currentLines(db())
    .select(["l.invoice_no", "l.line_no", "l.quantity", "l.amount", "l.submission_id"])
    .where("l.distributor_id", "=", distributorId)
    .where("l.period", "=", period)
    .orderBy("l.invoice_no")
    .orderBy("l.line_no")
    .execute();
  const rollup = await db()
    .selectFrom("sell_through_monthly")
    .select([sql<string>`COALESCE(SUM(line_count), 0)`.as("lines"), sql<string>`COALESCE(SUM(amount), 0)`.as("amount")])
    .where("distributor_id", "=", distributorId)
    .where("period", "=", period)
    .executeTakeFirstOrThrow();
  return { rows, rollupLines: Number(rollup.lines), rollupAmount: String(rollup.amount) };
}

describe("an API key", () => {
  it("is kept only as its SHA-256 with a prefix, works at once, records its use, and stops at once when revoked", async () => {
    const who = await as("distributor@example.com");
    const nwd = await partnerByCode("NWD");
    const created = await createApiKey(db(), who.scope, who.actor, { name: "ERP nightly" });
    expect(created.key).toMatch(/^ppk_[A-Za-z0-9_-]{32}$/);
    const row = await db().selectFrom("api_keys").selectAll().where("id", "=", created.id).executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(createHash("sha256").update(created.key).digest("hex"));
    expect(row.prefix).toBe(created.key.slice(4, 12));
    expect(JSON.stringify(row)).not.toContain(created.key);
    expect(row.partner_id).toBe(nwd.id);
    expect(row.last_used_at).toBeNull();

    const caller = await authenticateApiKey(db(), `Bearer ${created.key}`, null);
    expect(caller?.distributorId).toBe(nwd.id);
    expect((await db().selectFrom("api_keys").select("last_used_at").where("id", "=", created.id).executeTakeFirstOrThrow()).last_used_at).not.toBeNull();
    // One character changed (to one it was not: the key is random and may end in any).
    const tampered = `${created.key.slice(0, -1)}${created.key.endsWith("x") ? "y" : "x"}`;
    expect(await authenticateApiKey(db(), `Bearer ${tampered}`, null)).toBeNull();
    expect(await authenticateApiKey(db(), created.key, null)).toBeNull();

    await revokeApiKey(db(), who.scope, who.actor, created.id);
    expect(await authenticateApiKey(db(), `Bearer ${created.key}`, null)).toBeNull();
    const audit = await db()
      .selectFrom("audit_log")
      .select("action")
      .where("entity_type", "=", "api_key")
      .where("entity_id", "=", String(created.id))
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["api_key.created", "api_key.revoked"]);
  });

  it("needs a name, and only a distributor's partner admin may make one", async () => {
    const who = await as("distributor@example.com");
    await expect(createApiKey(db(), who.scope, who.actor, { name: "  " })).rejects.toBeInstanceOf(ValidationError);
    for (const email of ["reseller@example.com", "rep@example.com", "manager@example.com", "admin@example.com"]) {
      const other = await as(email);
      await expect(createApiKey(db(), other.scope, other.actor, { name: "x" }), email).rejects.toMatchObject({ status: 403 });
    }
  });
});

describe("POST /api/v1/sell-through", () => {
  it("checks every line by the upload's rules, answers each bad one, and commits the good ones into the month", async () => {
    const { caller } = await apiCaller();
    const nwd = await partnerByCode("NWD");
    const period = freshPeriod();
    const inv = uniqueCode("API");
    // The distributor's own SKU, taught once, is known to the API as to uploads.
    await db()
      .insertInto("sku_aliases")
      .values({
        distributor_id: nwd.id,
        alias: `OWN-${inv}`,
        product_id: (await db().selectFrom("products").select("id").where("sku", "=", "NET-AP6").executeTakeFirstOrThrow()).id,
      })
      .execute();
    const body = {
      period,
      lines: [
        line(period, inv),
        line(period, inv, { lineNo: "2", sku: `OWN-${inv}`, quantity: -1, unitPrice: 99 }),
        line(period, inv, { lineNo: "3", sku: "NOPE-1" }),
        line(period, inv, { lineNo: "4", transactionDate: "1901-01-01" }),
        line(period, inv, { lineNo: "1", endCustomerName: "Again" }),
        line(period, inv, { lineNo: "5", quantity: "1.5" }),
        line(period, inv, { lineNo: "6", reseller: "Nobody Reseller" }),
      ],
    };
    const answer = await postSellThrough(db(), caller, JSON.stringify(body), null);
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      period,
      source: "api",
      status: "committed",
      committed: true,
      request: { lines: 7, accepted: 2, rejected: 5 },
      counts: { lines: 7, accepted: 2, rejected: 5 },
    });
    expect(answer.body.errors).toEqual([
      { line: 2, field: "sku", value: "NOPE-1", problem: "sellThrough.problems.unknownSku", message: "Unknown SKU." },
      {
        line: 3,
        field: "transactionDate",
        value: "1901-01-01",
        problem: "sellThrough.problems.outsidePeriod",
        message: "The date is outside the month of the report.",
      },
      {
        line: 4,
        field: "lineNo",
        value: `${inv} / 1`,
        problem: "sellThrough.problems.duplicateInFile",
        message: "This invoice line appears twice in the file.",
      },
      { line: 5, field: "quantity", value: "1.5", problem: "sellThrough.problems.notWholeQuantity", message: "The quantity must be a whole number." },
      { line: 6, field: "reseller", value: "Nobody Reseller", problem: "sellThrough.problems.unknownReseller", message: "Unknown reseller." },
    ]);
    const committed = await month(nwd.id, period);
    expect(committed.rows.map((r) => [r.line_no, r.quantity, r.amount])).toEqual([
      ["1", 2, "2581.00"],
      ["2", -1, "-99.00"],
    ]);
    expect(committed.rollupLines).toBe(2);
    expect(committed.rollupAmount).toBe("2482.00");
    const submission = await db()
      .selectFrom("sell_through_submissions")
      .selectAll()
      .where("id", "=", answer.body.submissionId as number)
      .executeTakeFirstOrThrow();
    expect(submission).toMatchObject({ source: "api", distributor_id: nwd.id, status: "committed" });
    // The rejected lines are there for the submission page and its download, as for a file.
    expect(await db().selectFrom("sell_through_rejects").select("row_no").where("submission_id", "=", submission.id).execute()).toHaveLength(5);
  });

  it("replaces the month when sent again, keeping the earlier submission in history", async () => {
    const { caller } = await apiCaller();
    const nwd = await partnerByCode("NWD");
    const period = freshPeriod();
    const inv = uniqueCode("REP");
    const first = await postSellThrough(db(), caller, JSON.stringify({ period, lines: [line(period, inv), line(period, inv, { lineNo: "2" })] }), null);
    const second = await postSellThrough(db(), caller, JSON.stringify({ period, lines: [line(period, inv, { quantity: 7 })] }), null);
    expect(second.body.status).toBe("committed");
    const committed = await month(nwd.id, period);
    expect(committed.rows.map((r) => [r.line_no, r.quantity, r.submission_id])).toEqual([["1", 7, second.body.submissionId]]);
    expect(
      (
        await db()
          .selectFrom("sell_through_submissions")
          .select("status")
          .where("id", "=", first.body.submissionId as number)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe("superseded");
  });

  it("never empties a month with a request whose every line is wrong", async () => {
    const { caller } = await apiCaller();
    const nwd = await partnerByCode("NWD");
    const period = freshPeriod();
    const inv = uniqueCode("KEEP");
    await postSellThrough(db(), caller, JSON.stringify({ period, lines: [line(period, inv)] }), null);
    const broken = await postSellThrough(db(), caller, JSON.stringify({ period, lines: [line(period, inv, { sku: "NOPE" })] }), null);
    expect(broken.body).toMatchObject({ status: "checked", committed: false, request: { accepted: 0, rejected: 1 } });
    expect((await month(nwd.id, period)).rows).toHaveLength(1);
  });

  it("takes a month in several requests on one submission and commits it with the last", async () => {
    const { caller } = await apiCaller();
    const nwd = await partnerByCode("NWD");
    const period = freshPeriod();
    const inv = uniqueCode("BIG");
    const first = await postSellThrough(
      db(),
      caller,
      JSON.stringify({ period, commit: false, lines: [line(period, inv), line(period, inv, { lineNo: "2" })] }),
      null,
    );
    expect(first.body).toMatchObject({ status: "checked", committed: false });
    const submissionId = first.body.submissionId as number;
    expect((await month(nwd.id, period)).rows).toHaveLength(0);

    const second = await postSellThrough(
      db(),
      caller,
      JSON.stringify({ period, submissionId, commit: false, lines: [line(period, inv, { lineNo: "3" }), line(period, inv, { lineNo: "1" })] }),
      null,
    );
    expect(second.status).toBe(200);
    // A line the first request already sent is a duplicate, as within one file.
    expect(second.body.errors).toEqual([expect.objectContaining({ line: 1, problem: "sellThrough.problems.duplicateInFile" })]);
    expect(second.body).toMatchObject({ counts: { lines: 4, accepted: 3, rejected: 1 } });

    const wrongMonth = await postSellThrough(db(), caller, JSON.stringify({ period: "1949-01", submissionId, lines: [] }), null);
    expect(wrongMonth.status).toBe(422);

    const last = await postSellThrough(db(), caller, JSON.stringify({ period, submissionId, lines: [line(period, inv, { lineNo: "4" })] }), null);
    expect(last.body).toMatchObject({ status: "committed", counts: { lines: 5, accepted: 4, rejected: 1 } });
    expect((await month(nwd.id, period)).rows.map((r) => r.line_no)).toEqual(["1", "2", "3", "4"]);
    const rows = await db().selectFrom("sell_through_rejects").select("row_no").where("submission_id", "=", submissionId).execute();
    expect(rows.map((r) => r.row_no)).toEqual([4]);

    const closed = await postSellThrough(db(), caller, JSON.stringify({ period, submissionId, lines: [line(period, inv, { lineNo: "9" })] }), null);
    expect(closed).toMatchObject({ status: 409, body: { error: "submission_not_open" } });
  });

  it("answers a retry with the same Idempotency-Key with the first answer and changes nothing; another body with that key is refused", async () => {
    const { caller } = await apiCaller();
    const nwd = await partnerByCode("NWD");
    const period = freshPeriod();
    const inv = uniqueCode("IDEM");
    const key = `retry-${inv}`;
    const raw = JSON.stringify({ period, lines: [line(period, inv), line(period, inv, { lineNo: "2", sku: "NOPE" })] });
    const count = async () =>
      (await db().selectFrom("sell_through_submissions").select("id").where("distributor_id", "=", nwd.id).where("period", "=", period).execute()).length;
    const first = await postSellThrough(db(), caller, raw, key);
    expect(first.status).toBe(201);
    const again = await postSellThrough(db(), caller, raw, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers?.["Idempotent-Replayed"]).toBe("true");
    expect(await count()).toBe(1);

    const other = await postSellThrough(db(), caller, JSON.stringify({ period, lines: [line(period, inv, { quantity: 9 })] }), key);
    expect(other).toMatchObject({ status: 422, body: { error: "idempotency_key_reused" } });
    expect(await count()).toBe(1);
    expect((await month(nwd.id, period)).rows.map((r) => r.quantity)).toEqual([2]);

    // The key is per distributor: another distributor's request with it is its own.
    const pacific = await apiCaller("other@example.com");
    expect((await postSellThrough(db(), pacific.caller, JSON.stringify({ period, lines: [] }), key)).status).toBe(201);
  });

  it("refuses malformed JSON, a body of the wrong shape and more than 10,000 lines, recording nothing", async () => {
    const { caller } = await apiCaller();
    const nwd = await partnerByCode("NWD");
    const period = freshPeriod();
    const count = async () =>
      (await db().selectFrom("sell_through_submissions").select("id").where("distributor_id", "=", nwd.id).where("period", "=", period).execute()).length;
    expect(await postSellThrough(db(), caller, "{not json", null)).toMatchObject({ status: 400, body: { error: "malformed_json" } });
    expect(await postSellThrough(db(), caller, JSON.stringify({ period: "2026-13", lines: [] }), null)).toMatchObject({
      status: 400,
      body: { error: "invalid_body" },
    });
    const typo = await postSellThrough(db(), caller, JSON.stringify({ period, lines: [{ ...line(period, "X"), qty: 3 }] }), null);
    expect(typo).toMatchObject({ status: 400, body: { error: "invalid_body" } });
    expect(JSON.stringify(typo.body)).toContain("lines.0");
    const many = Array.from({ length: MAX_LINES_PER_REQUEST + 1 }, (_, i) => line(period, `MANY-${i}`));
    expect(await postSellThrough(db(), caller, JSON.stringify({ period, lines: many }), "too-many")).toMatchObject({
      status: 413,
      body: { error: "too_many_lines" },
    });
    expect(await count()).toBe(0);
  });

  it("takes exactly 10,000 lines in one request", async () => {
    const { caller } = await apiCaller();
    const nwd = await partnerByCode("NWD");
    const period = freshPeriod();
    const inv = uniqueCode("TENK");
    const lines = Array.from({ length: MAX_LINES_PER_REQUEST }, (_, i) => line(period, inv, { lineNo: String(i + 1), quantity: 1, unitPrice: "0.01" }));
    // 10,000 units in a month is far from this file's other months: the caller confirms it.
    const answer = await postSellThrough(db(), caller, JSON.stringify({ period, lines, confirmUnusual: true }), null);
    expect(answer.body).toMatchObject({ status: "committed", request: { accepted: 10_000, rejected: 0 } });
    expect((await month(nwd.id, period)).rollupAmount).toBe("100.00");
  });
});

describe("the manual form", () => {
  function row(period: string, invoice: string, overrides: Record<string, string> = {}) {
    return Object.fromEntries(Object.entries(line(period, invoice, overrides)).map(([k, v]) => [k, String(v)]));
  }

  it("answers every wrong cell by its row and records nothing; once right it is a checked manual submission to commit", async () => {
    const who = await as("distributor@example.com");
    const nwd = await partnerByCode("NWD");
    const period = freshPeriod();
    const inv = uniqueCode("MAN");
    const blank = {};
    const rows = [row(period, inv), blank, row(period, inv, { lineNo: "2", sku: "NOT-A-SKU" }), row(period, inv, { lineNo: "3", unitPrice: "12,5x" })];
    const count = async () =>
      (await db().selectFrom("sell_through_submissions").select("id").where("distributor_id", "=", nwd.id).where("period", "=", period).execute()).length;
    const error = await fileManualReport(db(), who.scope, who.actor, { distributorId: nwd.id, period, rows }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual({
      "line-2-sku": "sellThrough.problems.unknownSku",
      "line-3-unitPrice": "sellThrough.problems.badAmount",
    });
    expect(await count()).toBe(0);

    rows[2] = row(period, inv, { lineNo: "2", sku: "NET-AP6" });
    rows[3] = row(period, inv, { lineNo: "3", unitPrice: "12.50" });
    const submissionId = await fileManualReport(db(), who.scope, who.actor, { distributorId: nwd.id, period, rows });
    const submission = await db().selectFrom("sell_through_submissions").selectAll().where("id", "=", submissionId).executeTakeFirstOrThrow();
    expect(submission).toMatchObject({ source: "manual", status: "checked", rows_read: 3, rows_accepted: 3, rows_rejected: 0 });
    expect((await month(nwd.id, period)).rows).toHaveLength(0);
    await commitSubmission(db(), who.scope, who.actor, submissionId);
    expect((await month(nwd.id, period)).rows.map((r) => [r.line_no, r.amount])).toEqual([
      ["1", "2581.00"],
      ["2", "2581.00"],
      ["3", "25.00"],
    ]);
  });

  it("refuses an invoice line another month already holds, and an empty form", async () => {
    const who = await as("distributor@example.com");
    const nwd = await partnerByCode("NWD");
    const [earlier, later] = [freshPeriod(), freshPeriod()];
    const inv = uniqueCode("TWICE");
    const first = await fileManualReport(db(), who.scope, who.actor, { distributorId: nwd.id, period: earlier, rows: [row(earlier, inv)] });
    await commitSubmission(db(), who.scope, who.actor, first);
    const error = await fileManualReport(db(), who.scope, who.actor, { distributorId: nwd.id, period: later, rows: [{}, row(later, inv)] }).catch(
      (e: unknown) => e,
    );
    expect((error as ValidationError).errors).toEqual({ "line-1-lineNo": "sellThrough.problems.alreadyReported" });
    expect(
      (await db().selectFrom("sell_through_submissions").select("id").where("period", "=", later).where("distributor_id", "=", nwd.id).execute()).length,
    ).toBe(0);
    const empty = await fileManualReport(db(), who.scope, who.actor, { distributorId: nwd.id, period: later, rows: [{}, {}] }).catch((e: unknown) => e);
    expect((empty as ValidationError).errors).toEqual({ lines: "sellThroughApi.errors.noLines" });
  });

  it("is filed by an admin on a distributor's behalf, and not by another distributor", async () => {
    const admin = await as("admin@example.com");
    const other = await as("other@example.com");
    const nwd = await partnerByCode("NWD");
    const period = freshPeriod();
    const inv = uniqueCode("ADM");
    const id = await fileManualReport(db(), admin.scope, admin.actor, { distributorId: nwd.id, period, rows: [row(period, inv)] });
    expect(await db().selectFrom("sell_through_submissions").select(["distributor_id", "created_by"]).where("id", "=", id).executeTakeFirstOrThrow()).toEqual({
      distributor_id: nwd.id,
      created_by: admin.actor.userId,
    });
    await expect(
      fileManualReport(db(), other.scope, other.actor, { distributorId: nwd.id, period, rows: [row(period, uniqueCode("X"))] }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
