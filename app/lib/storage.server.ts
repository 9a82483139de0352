// Files people upload (sell-through reports, claim proofs) go through this one interface, to
// one of two drivers: the local directory (the default: STORAGE_DIR, by default .data/storage
// under the directory the portal runs from) or an S3-compatible bucket (STORAGE_URL=
// s3://bucket/prefix, with the S3_* variables). Files are stored under keys the portal makes up
// itself: a name from a user never becomes a key, and a key from a client is never attached.
import { createHash, randomUUID } from "node:crypto";
import path from "node:path";
import { Readable } from "node:stream";
import { localDriver } from "./storage-local.server";
import { s3Driver, type S3Settings } from "./storage-s3.server";
import { NotAStoredFileError, StoredFileNotFoundError, type StorageDriver, type StoredContent } from "./storage-driver.server";

export { NotAStoredFileError, StoredFileNotFoundError, type StoredContent };

type StorageSettings = { driver: "local"; directory: string } | ({ driver: "s3" } & S3Settings);

/** The storage the environment names; a clear message for each variable that is wrong. */
export function storageSettings(env: Record<string, string | undefined> = process.env): StorageSettings {
  const url = env.STORAGE_URL?.trim();
  if (!url) return { driver: "local", directory: path.resolve(env.STORAGE_DIR ?? ".data/storage") };
  const parsed = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(url);
  if (!parsed) throw new Error(`STORAGE_URL must look like s3://bucket/prefix (leave it unset for the local directory), not "${url}"`);
  const prefix = (parsed[2] ?? "").replace(/\/+$/, "");
  if (prefix && !isKey(prefix)) throw new Error(`STORAGE_URL's prefix "${prefix}" may hold only letters, digits, ".", "_", "-" and "/" between names`);
  const accessKeyId = env.S3_ACCESS_KEY_ID || undefined;
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY || undefined;
  if (!accessKeyId !== !secretAccessKey)
    throw new Error("S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both, or neither for the SDK's default credentials");
  const pathStyle = env.S3_FORCE_PATH_STYLE?.trim().toLowerCase() || "false";
  if (pathStyle !== "true" && pathStyle !== "false") throw new Error(`S3_FORCE_PATH_STYLE must be true or false, not "${env.S3_FORCE_PATH_STYLE}"`);
  return {
    driver: "s3",
    bucket: parsed[1],
    prefix,
    endpoint: env.S3_ENDPOINT || undefined,
    region: env.S3_REGION || "us-east-1",
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    forcePathStyle: pathStyle === "true",
  };
}

let current: { settings: string; driver: StorageDriver } | undefined;

/** The driver for the environment as it is now: made once, and again only when the settings change. */
function storage(): StorageDriver {
  const settings = storageSettings();
  const id = JSON.stringify(settings);
  if (current?.settings !== id) {
    current?.driver.close?.();
    current = { settings: id, driver: settings.driver === "s3" ? s3Driver(settings) : localDriver(settings.directory) };
  }
  return current.driver;
}

const KEY_PART = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

// Names of letters, digits, ".", "_" and "-" (none starting with "."), joined by "/": no "..",
// no absolute path, no backslash, nothing a directory or a store could read as leaving the prefix.
function isKey(key: string): boolean {
  return key.split("/").every((part) => KEY_PART.test(part));
}

function checkedKey(key: string): string {
  if (!isKey(key)) throw new NotAStoredFileError(key);
  return key;
}

export interface StoredFile {
  /** The storage key, relative to the storage directory or the bucket's prefix. */
  path: string;
  size: number;
  sha256: string;
}

/** Streams the content into a new file under `folder`, counting and hashing it on the way. */
export async function storeStream(content: Readable | AsyncIterable<Uint8Array>, folder: string, options: { maxBytes?: number } = {}): Promise<StoredFile> {
  const key = checkedKey(`${folder}/${new Date().toISOString().slice(0, 7)}/${randomUUID()}`);
  const hash = createHash("sha256");
  let size = 0;
  let tooLarge: FileTooLargeError | undefined;
  async function* measured(): AsyncIterable<Uint8Array> {
    for await (const chunk of content as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (options.maxBytes !== undefined && size > options.maxBytes) throw (tooLarge = new FileTooLargeError(options.maxBytes));
      hash.update(chunk);
      yield chunk;
    }
  }
  const body = Readable.from(measured(), { objectMode: false });
  try {
    await storage().write(key, body);
  } catch (error) {
    // Stops reading the upload when the driver failed first (the store refused, the network went).
    body.destroy();
    // The driver may report the refusal as its own failure (an aborted upload); the cause is the size.
    throw tooLarge ?? error;
  }
  const stored = { path: key, size, sha256: hash.digest("hex") };
  unattached.add(stored);
  return stored;
}

/** A stored file's bytes as a stream, and its size; StoredFileNotFoundError when it is gone. */
export async function openStoredFile(key: string): Promise<StoredContent> {
  return storage().read(checkedKey(key));
}

/** Opens a file's bytes from the start each time it is called: a file read more than once (looked at, then checked). */
export type FileSource = () => Promise<Readable>;

export function storedFileSource(key: string): FileSource {
  return async () => (await openStoredFile(key)).body;
}

/** Up to `count` bytes from the start of the file, reading no further than that. */
export async function readStart(source: FileSource, count: number): Promise<Buffer> {
  const stream = await source();
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= count) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, count);
}

export async function deleteStoredFile(key: string): Promise<void> {
  await storage().remove(checkedKey(key));
}

/**
 * Files this process stored and has not yet given to a row. Only these can be attached: a
 * storage key that arrives any other way (parsed from a form field, read from another row)
 * is refused, so a client can never point a new row at someone else's file.
 */
const unattached = new WeakSet<StoredFile>();

/** Hands a freshly stored file to the row that will own it; each file once. */
export function attachStoredFile(file: StoredFile): StoredFile {
  if (!unattached.has(file)) throw new Error("Only a file stored from this request's own upload can be attached, and only once");
  unattached.delete(file);
  return file;
}

export class FileTooLargeError extends Error {
  constructor(public readonly maxBytes: number) {
    super(`The file is larger than ${maxBytes} bytes`);
  }
}
