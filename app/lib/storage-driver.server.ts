// What every storage driver does (the local directory, an S3-compatible bucket), and the
// errors they share. Keys reaching a driver were made by storeStream and checked by
// storage.server.ts; a driver refuses once more anything that would leave its own place.
import type { Readable } from "node:stream";

export interface StoredContent {
  /** The file's bytes, streamed: never read whole into memory. */
  body: Readable;
  size: number;
}

export interface StorageDriver {
  /** Streams the content to a new file; on any error nothing is left under the key. */
  write(key: string, content: Readable): Promise<void>;
  /** Throws StoredFileNotFoundError when nothing is stored under the key. */
  read(key: string): Promise<StoredContent>;
  /** Removes the file; a key with nothing under it is not an error. */
  remove(key: string): Promise<void>;
  /** Lets go of connections, when the configuration changes. */
  close?(): void;
}

export class NotAStoredFileError extends Error {
  constructor(key: string) {
    super(`Not a stored file: ${key}`);
    this.name = "NotAStoredFileError";
  }
}

export class StoredFileNotFoundError extends Error {
  constructor(key: string) {
    super(`No stored file under ${key}`);
    this.name = "StoredFileNotFoundError";
  }
}
