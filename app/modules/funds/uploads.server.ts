// Reading a claim form with proof files: each file streams to the storage directory as it
// arrives, stopped at 20 MB; a file over the limit (or a failure) removes whatever this form
// stored, so nothing is left half-way.
import { unstable_composeUploadHandlers, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { FileTooLargeError, storeStream } from "~/lib/storage.server";
import { discardUploads, MAX_PROOF_BYTES, PROOF_FOLDER, type ProofUpload } from "./claims.server";

export type ProofForm = { ok: true; formData: FormData; uploads: ProofUpload[] } | { ok: false; error: string };

export async function readProofForm(request: Request): Promise<ProofForm> {
  const uploads: ProofUpload[] = [];
  const upload: UploadHandler = async ({ name, filename, data: content }) => {
    if (name !== "files" || !filename) return undefined;
    const stored = await storeStream(content, PROOF_FOLDER, { maxBytes: MAX_PROOF_BYTES });
    uploads.push({ fileName: filename, stored });
    return String(uploads.length);
  };
  try {
    const formData = await unstable_parseMultipartFormData(request, unstable_composeUploadHandlers(upload, unstable_createMemoryUploadHandler({ maxPartSize: 20_000 })));
    return { ok: true, formData, uploads };
  } catch (error) {
    await discardUploads(uploads);
    if (error instanceof FileTooLargeError) return { ok: false, error: "funds.errors.fileTooLarge" };
    throw error;
  }
}
