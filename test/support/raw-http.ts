// A request exactly as written, through node:http: fetch would not let a test set Host, pick
// the local address it connects from, or send a chunked body of its own making.
import http from "node:http";
import { inject } from "vitest";

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** A string is sent with a Content-Length; an iterable of chunks is sent chunked. */
  body?: string | Iterable<Buffer | string>;
  /** Connect from this loopback address (127.0.0.0/8), so the app sees another client. */
  localAddress?: string;
}

export function rawRequest(options: RawRequest): Promise<RawResponse> {
  const url = new URL(inject("baseUrl"));
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? "GET",
        path: options.path,
        headers: options.headers,
        localAddress: options.localAddress,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    if (typeof options.body === "string" || options.body === undefined) {
      request.end(options.body);
      return;
    }
    for (const chunk of options.body) request.write(chunk);
    request.end();
  });
}
