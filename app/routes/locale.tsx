import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isLocale } from "~/lib/i18n";
import { safeRedirectPath } from "~/lib/http.server";
import { localeCookie } from "~/lib/locale.server";

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const lang = formData.get("lang");
  const to = safeRedirectPath(formData.get("redirectTo"));
  if (!isLocale(lang)) return redirect(to);
  return redirect(to, { headers: { "Set-Cookie": localeCookie(lang) } });
}

export async function loader() {
  return redirect("/");
}
