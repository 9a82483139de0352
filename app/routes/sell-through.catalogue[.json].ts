import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { searchCatalogue } from "~/modules/sell-through/catalogue.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// SKU suggestions for the report forms, as the user types: the matching active products.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAuth(request, ROUTE_ROLES.catalogue);
  const matches = await searchCatalogue(getDb(), new URL(request.url).searchParams.get("q") ?? "");
  return Response.json({ matches }, { headers: { "Cache-Control": "private, no-store" } });
}
