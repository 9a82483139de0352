// A sell-through file through the S3 driver end to end: uploaded to an app instance whose storage
// is a bucket (s3rver, started here), checked by this process as the worker would check it
// (pointed at the same bucket), and downloaded back byte for byte; nothing lands on either disk.
// Route modules: `_app.sell-through.upload.tsx`, `_app.sell-through.submissions.$submissionId.tsx`,
// `sell-through.submissions.$submissionId.file.ts`.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkSubmission } from "~/modules/sell-through/submissions.server";
import { startAppProcess, type AppProcess } from "../support/app-process";
import { signedIn, type PortalClient } from "../support/client";
import { db, partnerByCode, uniqueCode } from "../support/db";
import { setEnv, startS3Store, type LocalS3Store } from "../support/s3-store";
import { pharmaWorkbook, uploadAndMap } from "../support/sell-through-files";

const PREFIX = "tenant-a/files";
let store: LocalS3Store;
let app: AppProcess;
let restoreEnv: () => void;
let emptyDisk: string;
let distributor: PortalClient;

beforeAll(async () => {
  store = await startS3Store();
  // A storage directory of its own for both processes: it must stay empty.
  emptyDisk = mkdtempSync(path.join(os.tmpdir(), "portal-s3-disk-"));
  const env = { ...store.env(PREFIX), STORAGE_DIR: emptyDisk };
  restoreEnv = setEnv(env);
  app = await startAppProcess(inject("databaseUrl"), { prefix: "[s3 app]", env });
  distributor = await signedIn("distributor@example.com", app.baseUrl);
});

afterAll(async () => {
  await app?.stop();
  restoreEnv?.();
  await store?.stop();
  rmSync(emptyDisk, { recursive: true, force: true });
});

describe("a sell-through workbook stored in an S3 bucket", () => {
  it("is uploaded, checked and downloaded back unchanged, and lives only in the bucket under the prefix", async () => {
    const marker = uniqueCode("S3");
    const period = "2047-05";
    const bytes = await pharmaWorkbook(period, [
      { invoice: `${marker}-1`, customer: "上海第一医院", lot: `${marker}-LOT` },
      { invoice: `${marker}-2`, customer: "杭州药房", lot: `${marker}-LOT`, quantity: 3 },
    ]);
    const nwd = await partnerByCode("NWD");
    const submissionId = await uploadAndMap(distributor, nwd.id, period, bytes, "流向.xlsx");
    const received = await db().selectFrom("sell_through_submissions").selectAll().where("id", "=", submissionId).executeTakeFirstOrThrow();
    expect(received.file_size).toBe(bytes.length);
    expect(await store.keys()).toContain(`${PREFIX}/${received.file_path}`);
    await checkSubmission(db(), submissionId);
    const checked = await db().selectFrom("sell_through_submissions").selectAll().where("id", "=", submissionId).executeTakeFirstOrThrow();
    expect([checked.status, checked.rows_read, checked.rows_accepted, checked.rows_rejected]).toEqual(["checked", 2, 2, 0]);
    const lines = await db()
      .selectFrom("sell_through_lines")
      .select(["invoice_no", "quantity"])
      .where("submission_id", "=", submissionId)
      .orderBy("row_no")
      .execute();
    expect(lines.map((l) => [l.invoice_no, l.quantity])).toEqual([
      [`${marker}-1`, 1],
      [`${marker}-2`, 3],
    ]);

    const download = await distributor.get(`/sell-through/submissions/${submissionId}/file`);
    expect(download.status).toBe(200);
    expect(Number(download.headers.get("content-length"))).toBe(bytes.length);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    expect(readdirSync(emptyDisk)).toEqual([]);
  });
});
