// POST /api/v1/sell-through: a distributor's system pushes a month's lines with its API key
// (Authorization: Bearer ppk_...). JSON in, JSON out; no session cookie and no Origin check
// (see app/lib/origin.server.ts): the key is the credential. Rules in api.server.ts.
import { getDb } from "~/lib/db.server";
import { clientIp } from "~/lib/http.server";
import { authenticateApiKey } from "~/modules/sell-through/api-keys.server";
import { MAX_BODY_BYTES, UNAUTHORIZED, apiError, apiResponse, postSellThrough, readBodyText } from "~/modules/sell-through/api.server";
import type { ActionFunctionArgs } from "@remix-run/node";

export function loader() {
  return apiResponse({
    ...apiError(405, "method_not_allowed", "POST lines here; GET /api/v1/sell-through/:submissionId reads a submission."),
    headers: { Allow: "POST" },
  });
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return loader();
  const caller = await authenticateApiKey(getDb(), request.headers.get("Authorization"), clientIp(request));
  if (!caller) return apiResponse(UNAUTHORIZED);
  const raw = await readBodyText(request);
  if (raw === null) return apiResponse(apiError(413, "body_too_large", `The body is larger than ${MAX_BODY_BYTES} bytes.`));
  return apiResponse(await postSellThrough(getDb(), caller, raw, request.headers.get("Idempotency-Key")));
}
