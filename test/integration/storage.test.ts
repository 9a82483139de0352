// One contract for every storage driver, run against each: the local directory and an
// S3-compatible bucket (s3rver, started here). Whatever the driver, a file streams in and out
// with its size and SHA-256, a file over the limit leaves nothing behind, a deleted file is
// gone, and a key that would leave the storage (the directory, the bucket's prefix) is refused.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deleteStoredFile,
  FileTooLargeError,
  NotAStoredFileError,
  openStoredFile,
  StoredFileNotFoundError,
  storeStream,
  storageSettings,
} from "~/lib/storage.server";
import { setEnv, startS3Store } from "../support/s3-store";

interface DriverUnderTest {
  /** Points the portal's storage at the driver; returns how to undo it. */
  start(): Promise<{
    /** Every file the driver's place holds, inside the storage and out. */
    files(): Promise<string[]>;
    /** Puts a file just outside the storage, where a key like "../outside/secret" would lead. */
    plantOutside(): Promise<{ key: string; stillThere(): Promise<boolean> }>;
    stop(): Promise<void>;
  }>;
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)))
    .sort();
}

const drivers: [string, DriverUnderTest][] = [
  [
    "the local directory",
    {
      async start() {
        const top = mkdtempSync(path.join(os.tmpdir(), "portal-storage-contract-"));
        const restore = setEnv({ STORAGE_URL: undefined, STORAGE_DIR: path.join(top, "storage") });
        return {
          files: async () => filesUnder(top),
          async plantOutside() {
            writeFileSync(path.join(top, "secret.txt"), "not for the portal");
            return { key: "../secret.txt", stillThere: async () => existsSync(path.join(top, "secret.txt")) };
          },
          async stop() {
            restore();
            rmSync(top, { recursive: true, force: true });
          },
        };
      },
    },
  ],
  [
    "an S3 bucket under a prefix",
    {
      async start() {
        const store = await startS3Store();
        const restore = setEnv(store.env("portal/files"));
        return {
          files: () => store.keys(),
          async plantOutside() {
            const outside = { Bucket: store.bucket, Key: "portal/other/secret.txt" };
            await store.client.send(new PutObjectCommand({ ...outside, Body: "not for the portal" }));
            const stillThere = async () => {
              try {
                (await store.client.send(new GetObjectCommand(outside))).Body?.transformToByteArray();
                return true;
              } catch {
                return false;
              }
            };
            return { key: "../other/secret.txt", stillThere };
          },
          async stop() {
            restore();
            await store.stop();
          },
        };
      },
    },
  ],
];

async function* chunksOf(bytes: Buffer, size: number) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function readBack(key: string): Promise<{ bytes: Buffer; size: number }> {
  const stored = await openStoredFile(key);
  return { bytes: Buffer.concat(await stored.body.toArray()), size: stored.size };
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe.each(drivers)("storage through %s", (_name, driver) => {
  let place: Awaited<ReturnType<DriverUnderTest["start"]>>;
  beforeAll(async () => {
    place = await driver.start();
  });
  afterAll(() => place.stop());

  it("stores a stream under a key of its own making and reads it back as a stream, with its size and SHA-256", async () => {
    const bytes = Buffer.from("date,invoice,sku\n2026-10-05,A-1,NET-SW24\n");
    const stored = await storeStream(chunksOf(bytes, 7), "contract");
    expect(stored.path).toMatch(/^contract\/\d{4}-\d{2}\/[0-9a-f-]{36}$/);
    expect([stored.size, stored.sha256]).toEqual([bytes.length, sha256(bytes)]);
    expect(await readBack(stored.path)).toEqual({ bytes, size: bytes.length });
    expect((await place.files()).filter((file) => file.endsWith(stored.path))).toHaveLength(1);
  });

  it("stores an empty file as empty", async () => {
    const stored = await storeStream(chunksOf(Buffer.alloc(0), 1), "contract");
    expect([stored.size, stored.sha256]).toEqual([0, sha256(Buffer.alloc(0))]);
    expect(await readBack(stored.path)).toEqual({ bytes: Buffer.alloc(0), size: 0 });
  });

  it("streams a file of several upload parts in and out whole", async () => {
    // Over the S3 driver's 5 MB part size, so the bucket receives a multipart upload.
    const bytes = randomBytes(12 * 1024 * 1024 + 17);
    const stored = await storeStream(chunksOf(bytes, 64 * 1024), "contract");
    expect([stored.size, stored.sha256]).toEqual([bytes.length, sha256(bytes)]);
    const back = await readBack(stored.path);
    expect([back.size, sha256(back.bytes)]).toEqual([bytes.length, sha256(bytes)]);
  });

  it("refuses a file over the limit and leaves nothing of it behind", async () => {
    const before = await place.files();
    const bytes = randomBytes(10_000);
    await expect(storeStream(chunksOf(bytes, 1000), "contract", { maxBytes: 4_500 })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(await place.files()).toEqual(before);
  });

  it("deletes a file, after which it is not found, and deleting again is no error", async () => {
    const stored = await storeStream(chunksOf(Buffer.from("to be deleted"), 4), "contract");
    await deleteStoredFile(stored.path);
    await expect(openStoredFile(stored.path)).rejects.toBeInstanceOf(StoredFileNotFoundError);
    expect((await place.files()).filter((file) => file.endsWith(stored.path))).toEqual([]);
    await deleteStoredFile(stored.path);
  });

  it("refuses a key that would leave the storage, and touches nothing there", async () => {
    const outside = await place.plantOutside();
    const keys = [outside.key, `contract/../${outside.key}`, "/etc/passwd", "contract\\..\\..\\secret.txt", "contract/./x", "", "contract//x"];
    for (const key of keys) {
      await expect(openStoredFile(key), key).rejects.toBeInstanceOf(NotAStoredFileError);
      await expect(deleteStoredFile(key), key).rejects.toBeInstanceOf(NotAStoredFileError);
    }
    await expect(storeStream(chunksOf(Buffer.from("x"), 1), "../escape")).rejects.toBeInstanceOf(NotAStoredFileError);
    expect(await outside.stillThere()).toBe(true);
  });
});

describe("choosing the driver from the environment", () => {
  it("is the local directory unless STORAGE_URL names a bucket", () => {
    expect(storageSettings({ STORAGE_DIR: "/srv/portal-files" })).toEqual({ driver: "local", directory: "/srv/portal-files" });
    expect(storageSettings({ STORAGE_URL: "s3://files/portal/", S3_FORCE_PATH_STYLE: "true" })).toEqual({
      driver: "s3",
      bucket: "files",
      prefix: "portal",
      endpoint: undefined,
      region: "us-east-1",
      credentials: undefined,
      forcePathStyle: true,
    });
  });

  it("says what is wrong with each variable", () => {
    expect(() => storageSettings({ STORAGE_URL: "https://files.example.com/portal" })).toThrow(/STORAGE_URL must look like s3:\/\/bucket\/prefix/);
    expect(() => storageSettings({ STORAGE_URL: "s3://files/../up" })).toThrow(/prefix "..\/up"/);
    expect(() => storageSettings({ STORAGE_URL: "s3://files", S3_ACCESS_KEY_ID: "AKIA" })).toThrow(/S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together/);
    expect(() => storageSettings({ STORAGE_URL: "s3://files", S3_FORCE_PATH_STYLE: "yes" })).toThrow(/S3_FORCE_PATH_STYLE must be true or false/);
  });
});
