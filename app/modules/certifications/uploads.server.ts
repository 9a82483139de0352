// Reading the certificate form: the file streams to storage as it arrives, at most 10 MB of it
// (the rest is read and dropped, so the browser gets a message next to the field rather than a
// reset connection), and is then checked by its content to be a PDF, PNG or JPEG. On any
// problem the stored file is removed again.
import { unstable_composeUploadHandlers, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { storeStream } from "~/lib/storage.server";
import { upTo } from "~/modules/funds/uploads.server";
import { discardUploads, inspectProof, type CheckedProof, type ProofUpload } from "~/modules/funds/claims.server";
import { CERTIFICATE_FOLDER, MAX_CERTIFICATE_BYTES } from "./awards.server";
import type { UploadedForm } from "~/lib/row-action.server";

export async function readCertificateForm(request: Request): Promise<UploadedForm<CheckedProof>> {
  const uploads: ProofUpload[] = [];
  const over = { tooLarge: false };
  const upload: UploadHandler = async ({ name, filename, data: content }) => {
    if (name !== "certificate" || !filename || uploads.length > 0) return undefined;
    uploads.push({ fileName: filename, stored: await storeStream(upTo(content, MAX_CERTIFICATE_BYTES, over), CERTIFICATE_FOLDER) });
    return filename;
  };
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_composeUploadHandlers(upload, unstable_createMemoryUploadHandler({ maxPartSize: 20_000 })));
  } catch (error) {
    await discardUploads(uploads);
    throw error;
  }
  const [file] = uploads;
  const problem = over.tooLarge ? "certifications.errors.fileTooLarge" : !file ? "certifications.errors.fileRequired" : null;
  if (problem) {
    await discardUploads(uploads);
    return { form, errors: { certificate: problem } };
  }
  const checked = await inspectProof(file);
  if ("error" in checked) {
    await discardUploads(uploads);
    return { form, errors: { certificate: checked.error } };
  }
  return { form, files: [{ ...file, contentType: checked.contentType }] };
}
