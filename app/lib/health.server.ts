// What a load balancer and an orchestrator ask a web process. Live: the process answers at all
// (restart it if not). Ready: send it requests; false when the database does not answer or the
// process is stopping, so traffic moves to the other instances before this one closes.
import { sql } from "kysely";
import type { DB } from "./db.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** True once the process has been told to stop (SIGTERM); set by app/server/http.ts. */
    stopping?: () => boolean;
  }
}

const noStore = { "Cache-Control": "no-store" };

export function livenessResponse(): Response {
  return Response.json({ status: "ok" }, { headers: noStore });
}

export async function readinessResponse(db: DB, stopping: boolean): Promise<Response> {
  if (stopping) return Response.json({ status: "stopping" }, { status: 503, headers: noStore });
  try {
    await sql`SELECT 1`.execute(db);
    return Response.json({ status: "ok", db: "ok" }, { headers: noStore });
  } catch {
    return Response.json({ status: "error", db: "unreachable" }, { status: 503, headers: noStore });
  }
}
