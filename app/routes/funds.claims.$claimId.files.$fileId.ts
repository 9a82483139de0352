import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { storedFileBody } from "~/lib/download.server";
import { getProofFile } from "~/modules/funds/read.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// A claim's proof file, only to those who may see the claim: served with the type its content
// was checked to be, shown inline (images, PDFs) under its own name, in a sandbox (the server
// adds nosniff to every response).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.funds);
  const file = await getProofFile(getDb(), scope, idParam(params.claimId), idParam(params.fileId));
  const asciiName = file.file_name.replace(/[^A-Za-z0-9._-]/g, "_");
  const { body, size } = await storedFileBody(file.path);
  return new Response(body, {
    headers: {
      "Content-Type": file.content_type,
      "Content-Length": String(size),
      "Content-Disposition": `inline; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.file_name)}`,
      "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      "Cache-Control": "private, no-store",
    },
  });
}
