import { redirect } from "@remix-run/node";
import { isLocale } from "~/lib/i18n";
import { safeRedirectPath } from "~/lib/safe-redirect.server";
import { localeCookie } from "~/lib/locale.server";
import { getAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import type { ActionFunctionArgs } from "@remix-run/node";

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const lang = formData.get("lang");
  const to = safeRedirectPath(formData.get("redirectTo"));
  if (!isLocale(lang)) return redirect(to);
  const auth = await getAuth(request);
  // Remembered on the account too, so the choice follows the user to another browser.
  if (auth) await getDb().updateTable("users").set({ locale: lang }).where("id", "=", auth.user.id).execute();
  return redirect(to, { headers: { "Set-Cookie": localeCookie(lang) } });
}

export async function loader() {
  return redirect("/");
}
