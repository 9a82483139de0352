// The local driver: stored files are plain files under one directory (STORAGE_DIR), for one
// machine, development and tests.
import { createWriteStream } from "node:fs";
import { mkdir, open, rm } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { NotAStoredFileError, StoredFileNotFoundError, type StorageDriver } from "./storage-driver.server";
import type { Readable } from "node:stream";

export function localDriver(directory: string): StorageDriver {
  const root = path.resolve(directory);

  // The key was checked already; this refuses again at the one place a key becomes a path.
  function fullPath(key: string): string {
    const full = path.resolve(root, key);
    if (!full.startsWith(root + path.sep)) throw new NotAStoredFileError(key);
    return full;
  }

  return {
    async write(key: string, content: Readable): Promise<void> {
      const full = fullPath(key);
      await mkdir(path.dirname(full), { recursive: true });
      try {
        await pipeline(content, createWriteStream(full, { flags: "wx" }));
      } catch (error) {
        await rm(full, { force: true });
        throw error;
      }
    },

    async read(key: string) {
      const full = fullPath(key);
      const handle = await open(full, "r").catch((error: NodeJS.ErrnoException) => {
        throw error.code === "ENOENT" ? new StoredFileNotFoundError(key) : error;
      });
      try {
        const { size } = await handle.stat();
        // The stream owns the handle from here and closes it when it ends or is destroyed.
        return { body: handle.createReadStream(), size };
      } catch (error) {
        await handle.close();
        throw error;
      }
    },

    async remove(key: string): Promise<void> {
      await rm(fullPath(key), { force: true });
    },
  };
}
