// Sending a stored file back as a download: streamed from storage (the local directory or the
// bucket), under the name the user gave it. That name is untrusted text, so it goes out as an
// ASCII fallback and as RFC 5987 UTF-8 (filename*), never raw in the header where a quote or
// line break could split it.
import { createReadableStreamFromReadable } from "@remix-run/node";
import { openStoredFile, StoredFileNotFoundError } from "./storage.server";
import { notFound } from "./http.server";

export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^A-Za-z0-9._ -]/g, "_").trim() || "download";
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** A stored file's bytes as a response body, and its size; a 404 when the file is gone. */
export async function storedFileBody(key: string): Promise<{ body: ReadableStream<Uint8Array>; size: number }> {
  try {
    const stored = await openStoredFile(key);
    return { body: createReadableStreamFromReadable(stored.body), size: stored.size };
  } catch (error) {
    if (error instanceof StoredFileNotFoundError) notFound();
    throw error;
  }
}

export async function storedFileResponse(key: string, fileName: string, contentType: string): Promise<Response> {
  const { body, size } = await storedFileBody(key);
  return new Response(body, {
    headers: {
      "Content-Type": contentType,
      "Content-Length": String(size),
      "Content-Disposition": attachmentDisposition(fileName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}

/**
 * A checked upload (a PDF or image) shown in the browser rather than downloaded: under its own
 * name, in a sandbox, with the type its content was checked to be (the server adds nosniff).
 */
export async function storedInlineResponse(key: string, fileName: string, contentType: string): Promise<Response> {
  const asciiName = fileName.replace(/[^A-Za-z0-9._-]/g, "_");
  const { body, size } = await storedFileBody(key);
  return new Response(body, {
    headers: {
      "Content-Type": contentType,
      "Content-Length": String(size),
      "Content-Disposition": `inline; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      "Cache-Control": "private, no-store",
    },
  });
}
