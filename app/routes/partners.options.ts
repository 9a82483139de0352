import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { searchPartnerChoices } from "~/modules/partners/picker.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// What a partner picker offers as the user types: the partners they may see, and no others.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.partners);
  const choices = await searchPartnerChoices(getDb(), scope, new URL(request.url).searchParams.get("q") ?? "");
  return Response.json(choices, { headers: { "Cache-Control": "private, no-store" } });
}
