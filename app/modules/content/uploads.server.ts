// Reading the version form of an asset: its file streams to storage as it arrives, at most
// MAX_ASSET_BYTES of it. The rest of a larger file is read and dropped rather than cut off, so
// the browser gets a message next to the field instead of a reset connection, and what was
// stored is removed again.
import { unstable_composeUploadHandlers, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { deleteStoredFile, storeStream } from "~/lib/storage.server";
import { MAX_ASSET_BYTES } from "./constants";
import type { AssetFileUpload } from "./assets.server";
import type { UploadedForm } from "~/lib/row-action.server";

const CONTENT_FOLDER = "content";

async function* upTo(content: AsyncIterable<Uint8Array>, maxBytes: number, over: { tooLarge: boolean }) {
  let size = 0;
  for await (const chunk of content) {
    size += chunk.length;
    if (size > maxBytes) over.tooLarge = true;
    else yield chunk;
  }
}

export async function readVersionForm(request: Request): Promise<UploadedForm<AssetFileUpload>> {
  const uploads: AssetFileUpload[] = [];
  const over = { tooLarge: false };
  const upload: UploadHandler = async ({ name, filename, data: content }) => {
    if (name !== "file" || !filename) return undefined;
    const stored = await storeStream(upTo(content, MAX_ASSET_BYTES, over), CONTENT_FOLDER);
    uploads.push({ fileName: filename, stored });
    return String(uploads.length);
  };
  const discard = () => Promise.all(uploads.map((u) => deleteStoredFile(u.stored.path)));
  try {
    const form = await unstable_parseMultipartFormData(
      request,
      unstable_composeUploadHandlers(upload, unstable_createMemoryUploadHandler({ maxPartSize: 200_000 })),
    );
    if (over.tooLarge || uploads.length > 1) {
      await discard();
      return { form, errors: { file: over.tooLarge ? "content.errors.fileTooLarge" : "errors.invalid" } };
    }
    return { form, files: uploads };
  } catch (error) {
    await discard();
    throw error;
  }
}
