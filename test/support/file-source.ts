// A file on disk as the file reader takes its input: opened afresh at each read, as a stored file is.
import { createReadStream } from "node:fs";
import type { FileSource } from "~/lib/storage.server";

export function fileAt(path: string): FileSource {
  return async () => createReadStream(path);
}
