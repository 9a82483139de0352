import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { formAction, parsedIntent } from "~/lib/row-action.server";
import { preferencesFormSchema, readPreferences, savePreferences } from "~/modules/notifications/preferences.server";
import { DIGEST_HOUR } from "~/modules/notifications/digest.server";
import { useT } from "~/lib/i18n-react";
import { Notice, PageHeader } from "~/components/Page";
import { DELIVERIES } from "../../db/types";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "E-mail preferences · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireAuth(request, ROUTE_ROLES.own);
  return { preferences: await readPreferences(getDb(), user), timeZone: user.timeZone, hour: DIGEST_HOUR };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(
    args,
    { roles: ROUTE_ROLES.own },
    parsedIntent(preferencesFormSchema, async ({ db, user }, choices) => {
      await savePreferences(db, user, choices);
      return redirect("/account/notifications?saved=1");
    }),
  );
}

export default function NotificationPreferences() {
  const { preferences, timeZone, hour } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  return (
    <>
      <PageHeader
        title={t("notifications.preferences")}
        subtitle={t("notifications.preferencesIntro", { hour, zone: timeZone })}
        actions={<Link to="/notifications">← {t("notifications.title")}</Link>}
      />
      {params.get("saved") && <Notice>{t("notifications.saved")}</Notice>}
      <Form method="post" className="card">
        <table className="data-table">
          <caption className="visually-hidden">{t("notifications.preferences")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("notifications.kindColumn")}</th>
              {DELIVERIES.map((d) => (
                <th scope="col" key={d}>
                  {t(`notifications.delivery.${d}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preferences.map((p) => (
              <tr key={p.kind}>
                <th scope="row" id={`kind-${p.kind}`}>
                  {t(`notifications.kind.${p.kind}`)}
                </th>
                {DELIVERIES.map((d) => (
                  <td key={d}>
                    <input
                      type="radio"
                      name={p.kind}
                      value={d}
                      defaultChecked={p.delivery === d}
                      aria-label={`${t(`notifications.kind.${p.kind}`)}: ${t(`notifications.delivery.${d}`)}`}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <button type="submit" className="button button-primary">
            {t("notifications.save")}
          </button>
        </p>
      </Form>
    </>
  );
}
