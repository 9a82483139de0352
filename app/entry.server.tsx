import { PassThrough } from "node:stream";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "~/lib/nonce";
import { logger } from "~/lib/logger.server";
import { LOGGED_REQUEST_ID_HEADER } from "~/lib/request-id";
import type { AppLoadContext, EntryContext } from "@remix-run/node";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // No loader defers anything, so streaming the shell early would gain nothing: the page is
  // rendered whole and sent as one buffer, one pass through gzip and the socket instead of
  // hundreds of small writes.
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    // Cleared once the page is out: a pending timer per request is garbage the GC walks for 5 s.
    const timer = setTimeout(() => abort(), ABORT_DELAY);
    // Remix's inline scripts carry the nonce of this answer's Content-Security-Policy (app/lib/csp.server.ts).
    const nonce = loadContext.cspNonce;
    const page = (
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>
    );
    const { pipe, abort } = renderToPipeableStream(page, {
      nonce,
      onAllReady() {
        const chunks: Buffer[] = [];
        const body = new PassThrough();
        body.on("data", (chunk: Buffer) => chunks.push(chunk));
        body.on("end", () => {
          clearTimeout(timer);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }));
        });
        body.on("error", reject);
        pipe(body);
      },
      onShellReady() {
        shellRendered = true;
      },
      onShellError(error: unknown) {
        clearTimeout(timer);
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        if (shellRendered) logger.error({ err: error, requestId: request.headers.get(LOGGED_REQUEST_ID_HEADER) }, "rendering the page failed");
      },
    });
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  logger.error({ err: error, requestId: request.headers.get(LOGGED_REQUEST_ID_HEADER) }, "a request failed");
}
