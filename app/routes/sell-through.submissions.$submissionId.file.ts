import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { storedFileResponse } from "~/lib/download.server";
import { submissionFile } from "~/modules/sell-through/read.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// The raw file of a submission, byte for byte as it was uploaded.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.sellThrough);
  const file = await submissionFile(getDb(), scope, idParam(params.submissionId));
  return storedFileResponse(file.path, file.fileName, file.contentType);
}
