// Files that are not what they should be, and a check that dies half-way. Each bad file is
// uploaded through the portal as a distributor would, and the page must say what is wrong
// while nothing of the file reaches the staged rows or the lines. (What the file reader says
// about each kind of file is in test/unit/sell-through-file.test.ts.)
import { spawn } from "node:child_process";
import { createWriteStream, openAsBlob } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { MAX_LINE_BYTES } from "~/modules/sell-through/file-reader.server";
import { commitSubmission } from "~/modules/sell-through/commit.server";
import { checkSubmission, receiveFile, startCheck } from "~/modules/sell-through/submissions.server";
import { storeStream } from "~/lib/storage.server";
import { currentLines } from "~/modules/sell-through/stored-lines.server";
import { db, partnerByCode, scopeOf, uniqueCode, userByEmail } from "../support/db";
import { signedIn, type PortalClient } from "../support/client";

const marker = uniqueCode("B");
const HEADER = "date,invoice,line,sku,qty,unit price,currency";
let client: PortalClient;
let dir: string;
let monthCounter = 0;

/** A month of its own for each test, in a year no other test file reports. */
function period(): string {
  monthCounter += 1;
  return `2037-${String(monthCounter).padStart(2, "0")}`;
}

beforeAll(async () => {
  client = await signedIn("distributor@example.com");
  dir = await mkdtemp(path.join(tmpdir(), "sell-through-bad-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function distributor() {
  const user = await userByEmail("distributor@example.com");
  return { scope: await scopeOf("distributor@example.com"), actor: { userId: user.id, email: user.email, ip: null }, nwd: await partnerByCode("NWD") };
}

async function uploadOverHttp(fileName: string, file: Blob, month: string) {
  const { nwd } = await distributor();
  const form = new FormData();
  form.set("distributorId", String(nwd.id));
  form.set("period", month);
  form.set("file", file, fileName);
  const response = await client.post("/sell-through/upload", form);
  const submission = await db()
    .selectFrom("sell_through_submissions")
    .selectAll()
    .where("distributor_id", "=", nwd.id)
    .where("file_name", "=", fileName)
    .executeTakeFirst();
  return { response, page: await response.text(), submission };
}

/** What a submission left: lines written by its check, rejected rows, and lines that are some month's current ones. */
async function leftovers(submissionId: number) {
  const [written, rejects, current] = await Promise.all([
    db()
      .selectFrom("sell_through_lines")
      .select(sql<string>`COUNT(*)`.as("n"))
      .where("submission_id", "=", submissionId)
      .executeTakeFirstOrThrow(),
    db()
      .selectFrom("sell_through_rejects")
      .select(sql<string>`COUNT(*)`.as("n"))
      .where("submission_id", "=", submissionId)
      .executeTakeFirstOrThrow(),
    currentLines(db())
      .select(sql<string>`COUNT(*)`.as("n"))
      .where("l.submission_id", "=", submissionId)
      .executeTakeFirstOrThrow(),
  ]);
  return { staged: Number(written.n) - Number(current.n), rejects: Number(rejects.n), lines: Number(current.n) };
}

/** One line of about 100 MB, written as it is generated: the test never holds it in memory. */
async function hundredMegabytesInOneLine(): Promise<string> {
  const file = path.join(dir, "one-line.csv");
  const chunk = Buffer.from("x,".repeat(512 * 1024));
  async function* chunks() {
    for (let i = 0; i < 100; i++) yield chunk;
  }
  await pipeline(Readable.from(chunks()), createWriteStream(file));
  return file;
}

describe("a bad file uploaded", () => {
  const cases: { name: string; content: () => Promise<Blob>; code: string; says: string }[] = [
    { name: "empty.csv", content: async () => new Blob([]), code: "empty", says: "The file is empty." },
    {
      name: "photo.csv",
      content: async () => new Blob([Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex"), Buffer.alloc(3000, 0)]),
      code: "binary",
      says: "This is not a CSV or XLSX file.",
    },
    { name: "header-only.csv", content: async () => new Blob([`${HEADER}\r\n`]), code: "noRows", says: "The file has a header but no rows of sales." },
    { name: "no-rows.csv", content: async () => new Blob([`${HEADER}\n,,,,,,\n\n   \n`]), code: "noRows", says: "The file has a header but no rows of sales." },
    {
      name: "latin1.csv",
      content: async () => new Blob([Buffer.from(`${HEADER}\n2037-01-05,`), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from(",1,NET-SW24,1,1.00,EUR\n")]),
      code: "unreadableEncoding",
      says: "text encoding is not readable",
    },
    {
      name: "one-line.csv",
      content: async () => openAsBlob(await hundredMegabytesInOneLine()),
      code: "lineTooLong",
      says: `longer than ${MAX_LINE_BYTES / 1024 / 1024} MB`,
    },
  ];

  it.each(cases)("($name) is refused on the upload form with a clear message, and nothing of it is imported", async ({ name, content, code, says }) => {
    const fileName = `${marker}-${name}`;
    const { response, page, submission } = await uploadOverHttp(fileName, await content(), period());
    expect(response.status).toBe(400);
    expect(page).toContain(says);
    expect(page).toContain('class="field-error"');
    expect(submission).toMatchObject({ status: "failed", problem_code: code });
    expect(await leftovers(submission!.id)).toEqual({ staged: 0, rejects: 0, lines: 0 });
  });
});

describe("a file that goes bad past its start", () => {
  it("is refused whole by the check, says why on its page, and keeps no row of it", async () => {
    const month = period();
    const good = Array.from({ length: 3000 }, (_, i) => `${month}-05,${marker}-E${i},1,NET-SW24,1,1.00,EUR\n`).join("");
    const bytes = Buffer.concat([Buffer.from(`${HEADER}\n${good}${month}-06,`), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from(",1,NET-SW24,1,1.00,EUR\n")]);
    const { scope, actor, nwd } = await distributor();
    const stored = await storeStream(Readable.from([bytes]), "sell-through");
    const received = await receiveFile(db(), scope, actor, { distributorId: nwd.id, period: month, fileName: "bad-later.csv", stored });
    await startCheck(db(), scope, actor, received.submissionId, received.mapping, received.header);
    await checkSubmission(db(), received.submissionId, process.env.DATABASE_URL);
    const submission = await db().selectFrom("sell_through_submissions").selectAll().where("id", "=", received.submissionId).executeTakeFirstOrThrow();
    expect([submission.status, submission.problem_code, submission.rows_accepted]).toEqual(["failed", "unreadableEncoding", 0]);
    expect(await leftovers(received.submissionId)).toEqual({ staged: 0, rejects: 0, lines: 0 });
    await expect(commitSubmission(db(), scope, actor, received.submissionId)).rejects.toThrow();
    const page = await (await client.get(`/sell-through/submissions/${received.submissionId}`)).text();
    expect(page).toContain("text encoding is not readable");
  });
});

describe("a header repeated in the middle of a file", () => {
  it("(two exports pasted together) is left out with the reason, not counted as a rejected line, and every line counts once", async () => {
    const month = period();
    const rows = (from: number) => Array.from({ length: 3 }, (_, i) => `${month}-0${i + 1},${marker}-H${from + i},1,NET-SW24,2,10.00,EUR`);
    const text = [HEADER, ...rows(0), HEADER, ...rows(3)].join("\n");
    const { scope, actor, nwd } = await distributor();
    const stored = await storeStream(Readable.from([Buffer.from(text)]), "sell-through");
    const received = await receiveFile(db(), scope, actor, { distributorId: nwd.id, period: month, fileName: "pasted.csv", stored });
    await startCheck(db(), scope, actor, received.submissionId, received.mapping, received.header);
    await checkSubmission(db(), received.submissionId, process.env.DATABASE_URL);
    const rejects = await db().selectFrom("sell_through_rejects").select(["row_no", "problem"]).where("submission_id", "=", received.submissionId).execute();
    expect(rejects).toEqual([]);
    const leftOut = await db().selectFrom("sell_through_left_out").select(["row_no", "reason"]).where("submission_id", "=", received.submissionId).execute();
    expect(leftOut).toEqual([{ row_no: 5, reason: "sellThrough.leftOut.headerRepeated" }]);
    const counts = await db()
      .selectFrom("sell_through_submissions")
      .select(["rows_read", "rows_rejected", "rows_left_out"])
      .where("id", "=", received.submissionId)
      .executeTakeFirstOrThrow();
    // "Rows read" counts data rows: the header pasted again is not one.
    expect(counts).toEqual({ rows_read: 6, rows_rejected: 0, rows_left_out: 1 });
    expect((await commitSubmission(db(), scope, actor, received.submissionId)).lines).toBe(6);
    const page = await (await client.get(`/sell-through/submissions/${received.submissionId}`)).text();
    expect(page).toContain("The header row again");
  });
});

describe("a check killed half-way", () => {
  it("leaves the submission to be checked again, and the second run never mixes with the first", async () => {
    const month = period();
    const { scope, actor, nwd } = await distributor();
    const alias = `${marker}-KILL`;
    const [first, second] = await db().selectFrom("products").select("id").where("active", "=", 1).orderBy("id").limit(2).execute();
    await db().insertInto("sku_aliases").values({ distributor_id: nwd.id, alias, product_id: first.id }).execute();
    const ROWS = 120_000;
    const BAD = ROWS / 10;
    async function* content() {
      yield `${HEADER}\n`;
      for (let i = 0; i < ROWS; i += 1000) {
        let chunk = "";
        // Every tenth row names an SKU nobody knows, so rejected rows are written as the check goes.
        for (let j = i; j < i + 1000; j++)
          chunk += `${month}-${String((j % 28) + 1).padStart(2, "0")},${marker}-K${j},1,${j % 10 === 0 ? "NOPE-SKU" : alias},1,1.00,EUR\n`;
        yield chunk;
      }
    }
    const stored = await storeStream(Readable.from(content()), "sell-through");
    const received = await receiveFile(db(), scope, actor, { distributorId: nwd.id, period: month, fileName: "big.csv", stored });
    await startCheck(db(), scope, actor, received.submissionId, received.mapping, received.header);
    // The queued job is left alone; the check's body runs in a process of its own, to be killed.
    await db()
      .deleteFrom("jobs")
      .where("type", "=", "sellThrough.check")
      .where("payload", "=", JSON.stringify({ submissionId: received.submissionId }))
      .execute();

    const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "../support/check-child.ts"), String(received.submissionId)], {
      env: process.env,
      stdio: "ignore",
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    const progress = () =>
      db().selectFrom("sell_through_submissions").select(["status", "rows_read"]).where("id", "=", received.submissionId).executeTakeFirstOrThrow();
    for (let waited = 0; (await progress()).rows_read === 0; waited += 50) {
      if (waited > 60_000 || child.exitCode !== null) throw new Error("the check finished or never started before it could be killed");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    const killed = await progress();
    expect(killed.status).toBe("processing");
    expect(killed.rows_read).toBeLessThan(ROWS);
    expect((await leftovers(received.submissionId)).rejects).toBeGreaterThan(0);

    // Between the runs the distributor's SKU comes to mean another product: every staged row
    // of the retry must say so, none may be left from the first run.
    await db().updateTable("sku_aliases").set({ product_id: second.id }).where("distributor_id", "=", nwd.id).where("alias", "=", alias).execute();
    await checkSubmission(db(), received.submissionId, process.env.DATABASE_URL);
    const checked = await db().selectFrom("sell_through_submissions").selectAll().where("id", "=", received.submissionId).executeTakeFirstOrThrow();
    expect([checked.status, checked.rows_read, checked.rows_accepted, checked.rows_rejected]).toEqual(["checked", ROWS, ROWS - BAD, BAD]);
    expect(await leftovers(received.submissionId)).toEqual({ staged: ROWS - BAD, rejects: BAD, lines: 0 });
    const products = await db()
      .selectFrom("sell_through_lines")
      .select(["product_id", sql<string>`COUNT(*)`.as("n")])
      .where("submission_id", "=", received.submissionId)
      .groupBy("product_id")
      .execute();
    expect(products.map((p) => [p.product_id, Number(p.n)])).toEqual([[second.id, ROWS - BAD]]);

    expect((await commitSubmission(db(), scope, actor, received.submissionId)).lines).toBe(ROWS - BAD);
  }, 180_000);
});
