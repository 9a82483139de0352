// Sending a stored file back as a download: streamed from the storage directory, under the name
// the user gave it. That name is untrusted text, so it goes out as an ASCII fallback and as
// RFC 5987 UTF-8 (filename*), never raw in the header where a quote or line break could
// split it.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { storedFilePath } from "./storage.server";
import { notFound } from "./http.server";

export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^A-Za-z0-9._ -]/g, "_").trim() || "download";
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export async function storedFileResponse(relativePath: string, fileName: string, contentType: string): Promise<Response> {
  const full = storedFilePath(relativePath);
  const size = await stat(full).then(
    (s) => s.size,
    () => notFound(),
  );
  return new Response(createReadableStreamFromReadable(createReadStream(full)), {
    headers: {
      "Content-Type": contentType,
      "Content-Length": String(size),
      "Content-Disposition": attachmentDisposition(fileName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
