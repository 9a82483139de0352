import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { logoResponse } from "~/modules/partners/profile.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// A partner's logo, for whoever can see the partner; another partner's is not found.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.partnerLogo);
  return logoResponse(getDb(), scope, idParam(params.partnerId));
}
