// GET /api/v1/sell-through/:submissionId: a submission's status and counts, for the key's own
// distributor only; any other id is not found.
import { getDb } from "~/lib/db.server";
import { clientIp } from "~/lib/http.server";
import { authenticateApiKey } from "~/modules/sell-through/api-keys.server";
import { UNAUTHORIZED, apiError, apiResponse, getSubmissionAnswer } from "~/modules/sell-through/api.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await authenticateApiKey(getDb(), request.headers.get("Authorization"), clientIp(request));
  if (!caller) return apiResponse(UNAUTHORIZED);
  const id = params.submissionId ?? "";
  if (!/^[1-9][0-9]{0,9}$/.test(id) || Number(id) > 4294967295) return apiResponse(apiError(404, "not_found", "No such submission."));
  return apiResponse(await getSubmissionAnswer(getDb(), caller, Number(id)));
}
