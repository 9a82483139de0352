// Files people upload (sell-through reports, claim proofs) live outside the web root, in the
// storage directory (STORAGE_DIR, by default .data/storage under the directory the portal runs
// from), under paths the portal makes up itself: a name from a user never becomes a path.
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Transform, type Readable } from "node:stream";

export function storageRoot(): string {
  return path.resolve(process.env.STORAGE_DIR ?? ".data/storage");
}

/** The absolute path of a stored file; refuses anything that would leave the storage directory. */
export function storedFilePath(relative: string): string {
  const root = storageRoot();
  const full = path.resolve(root, relative);
  if (!full.startsWith(root + path.sep)) throw new Error(`Not a stored file: ${relative}`);
  return full;
}

export interface StoredFile {
  /** Relative to the storage directory. */
  path: string;
  size: number;
  sha256: string;
}

/** Streams the content into a new file under `folder`, counting and hashing it on the way. */
export async function storeStream(content: Readable | AsyncIterable<Uint8Array>, folder: string, options: { maxBytes?: number } = {}): Promise<StoredFile> {
  const relative = path.join(folder, new Date().toISOString().slice(0, 7), randomUUID());
  const full = storedFilePath(relative);
  await mkdir(path.dirname(full), { recursive: true });
  const hash = createHash("sha256");
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (options.maxBytes !== undefined && size > options.maxBytes) return done(new FileTooLargeError(options.maxBytes));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(content, measure, createWriteStream(full));
  } catch (error) {
    await rm(full, { force: true });
    throw error;
  }
  const stored = { path: relative, size, sha256: hash.digest("hex") };
  unattached.add(stored);
  return stored;
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
