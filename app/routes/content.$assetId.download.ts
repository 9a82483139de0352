import { redirect } from "@remix-run/node";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { CobrandRefusedError, downloadAsset } from "~/modules/content/downloads.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// An asset's current version, counted as a partner's download; ?cobrand=1 stamps it with the
// partner's name, logo and contact. A file that cannot be stamped (too large, unreadable) goes back to its page with a message.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope, actor } = await requireAuth(request, ROUTE_ROLES.content);
  const assetId = idParam(params.assetId);
  const cobrand = new URL(request.url).searchParams.get("cobrand") === "1";
  try {
    return await downloadAsset(getDb(), scope, actor, assetId, { cobrand });
  } catch (error) {
    if (error instanceof CobrandRefusedError) return redirect(`/content/${assetId}?problem=${error.problem}`);
    throw error;
  }
}
