import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { storedInlineResponse } from "~/lib/download.server";
import { awardFile } from "~/modules/certifications/awards.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// An award's certificate, only to those who may see the award (another partner's is a 404).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.certifications);
  const file = await awardFile(getDb(), scope, idParam(params.awardId));
  return storedInlineResponse(file.key, file.fileName, file.contentType);
}
