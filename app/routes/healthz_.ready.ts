import { getDb } from "~/lib/db.server";
import { readinessResponse } from "~/lib/health.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

export function loader({ context }: LoaderFunctionArgs) {
  return readinessResponse(getDb(), context.stopping?.() ?? false);
}
