import { sql } from "kysely";
import { getDb } from "~/lib/db.server";

export async function loader() {
  try {
    await sql`SELECT 1`.execute(getDb());
    return Response.json({ status: "ok", db: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ status: "error", db: "unreachable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
