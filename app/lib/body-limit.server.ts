// Pages read a form's whole body into memory (request.formData()), so its size is bounded
// before any page sees it: otherwise one post of a few gigabytes, even to the sign-in page,
// takes a web process down. Uploads stream to storage under their own limits, and the API reads
// its body in counted chunks; those paths keep their own checks.

/** The largest form a page reads: a 5 MB CSV import with the rest of its form. */
export const FORM_BODY_LIMIT = 6 * 1024 * 1024;

const STREAMED_PATHS = [/^\/sell-through\/upload$/, /^\/funds\/requests\/\d+\/claim$/, /^\/funds\/claims\/\d+$/, /^\/api\//];

export interface BodyRefusal {
  status: 411 | 413;
  message: string;
}

export function formBodyRefusal(method: string, path: string, contentLength: string | undefined, chunked: boolean): BodyRefusal | null {
  if (method === "GET" || method === "HEAD" || STREAMED_PATHS.some((pattern) => pattern.test(path))) return null;
  // Browsers always send a form's length; without one the size is only known after reading it all.
  if (contentLength === undefined) return chunked ? { status: 411, message: "A form is sent with its Content-Length." } : null;
  if (Number(contentLength) > FORM_BODY_LIMIT) return { status: 413, message: `A form may hold at most ${FORM_BODY_LIMIT / 1024 / 1024} MB.` };
  return null;
}
