import { livenessResponse } from "~/lib/health.server";

export function loader() {
  return livenessResponse();
}
