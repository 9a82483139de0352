// Reading a claim form with proof files: each file streams to the storage directory as it
// arrives, at most 20 MB of it. The rest of a larger file is read and dropped rather than
// cut off, so the browser gets its answer (a message next to the field) instead of a reset
// connection; whatever this form stored is removed again, so nothing is left half-way.
import { unstable_composeUploadHandlers, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { storeStream } from "~/lib/storage.server";
import { ValidationError } from "~/lib/forms";
import { checkProofs, discardUploads, MAX_PROOF_BYTES, PROOF_FOLDER, type CheckedProof, type ProofUpload } from "./claims.server";
import type { UploadedForm } from "~/lib/row-action.server";

export type ProofForm = { ok: true; formData: FormData; uploads: ProofUpload[] } | { ok: false; formData: FormData; error: string };

/** The content up to maxBytes; past it, the rest is read and dropped and `over.tooLarge` set. */
export async function* upTo(content: AsyncIterable<Uint8Array>, maxBytes: number, over: { tooLarge: boolean }) {
  let size = 0;
  for await (const chunk of content) {
    size += chunk.length;
    if (size > maxBytes) over.tooLarge = true;
    else yield chunk;
  }
}

export async function readProofForm(request: Request): Promise<ProofForm> {
  const uploads: ProofUpload[] = [];
  const over = { tooLarge: false };
  const upload: UploadHandler = async ({ name, filename, data: content }) => {
    if (name !== "files" || !filename) return undefined;
    const stored = await storeStream(upTo(content, MAX_PROOF_BYTES, over), PROOF_FOLDER);
    uploads.push({ fileName: filename, stored });
    return String(uploads.length);
  };
  try {
    const formData = await unstable_parseMultipartFormData(
      request,
      unstable_composeUploadHandlers(upload, unstable_createMemoryUploadHandler({ maxPartSize: 20_000 })),
    );
    if (over.tooLarge) {
      await discardUploads(uploads);
      return { ok: false, formData, error: "funds.errors.fileTooLarge" };
    }
    return { ok: true, formData, uploads };
  } catch (error) {
    await discardUploads(uploads);
    throw error;
  }
}

/** A form with proofs added to a claim, its files stored and checked, as a detail page's rowAction reads it. */
export async function readCheckedProofForm(request: Request): Promise<UploadedForm<CheckedProof>> {
  const form = await readProofForm(request);
  if (!form.ok) return { form: form.formData, errors: { files: form.error } };
  try {
    return { form: form.formData, files: await checkProofs(form.uploads, { required: false }) };
  } catch (error) {
    if (error instanceof ValidationError) return { form: form.formData, errors: error.errors };
    throw error;
  }
}
