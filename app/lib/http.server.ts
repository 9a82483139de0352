import { CLIENT_ADDRESS_HEADER } from "./request-id";

// Responses that stop a loader or action. Rows outside the caller's scope are "not found",
// never "forbidden", so that ids do not reveal what exists.
export function notFound(): never {
  throw new Response("Not found", { status: 404, statusText: "Not Found" });
}

export function forbidden(): never {
  throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
}

export function badRequest(message = "Bad request"): never {
  throw new Response(message, { status: 400, statusText: "Bad Request" });
}

/** Parses a route id parameter; anything but a positive integer is simply not found. */
export function idParam(value: string | undefined): number {
  if (!value || !/^[1-9][0-9]{0,9}$/.test(value)) notFound();
  const id = Number(value);
  if (id > 4294967295) notFound();
  return id;
}

/** The client's address, as the server stamped it (see CLIENT_ADDRESS_HEADER); never X-Forwarded-For itself. */
export function clientIp(request: Request): string | null {
  return request.headers.get(CLIENT_ADDRESS_HEADER) || null;
}
