import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { storedInlineResponse } from "~/lib/download.server";
import { getProofFile } from "~/modules/funds/read.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// A claim's proof file, only to those who may see the claim.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.funds);
  const file = await getProofFile(getDb(), scope, idParam(params.claimId), idParam(params.fileId));
  return storedInlineResponse(file.path, file.file_name, file.content_type);
}
