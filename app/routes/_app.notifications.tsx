import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { listNotifications, markAllRead } from "~/modules/notifications/inbox.server";
import { useLocale, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDateTime } from "~/lib/format";
import { PageHeader } from "~/components/Page";

export const meta: MetaFunction = () => [{ title: "Notifications · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireAuth(request);
  return { notifications: await listNotifications(getDb(), user.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireAuth(request);
  await markAllRead(getDb(), user.id);
  return redirect("/notifications");
}

export default function Notifications() {
  const { notifications } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const unread = notifications.filter((n) => !n.read_at).length;
  return (
    <>
      <PageHeader
        title={t("notifications.title")}
        subtitle={unread ? t("notifications.unread", { count: unread }) : undefined}
        actions={
          unread > 0 && (
            <Form method="post">
              <button type="submit" className="button">
                {t("notifications.markAllRead")}
              </button>
            </Form>
          )
        }
      />
      {notifications.length === 0 && <p className="muted">{t("notifications.empty")}</p>}
      <ul className="activity card">
        {notifications.map((n) => (
          <li key={n.id} className={n.read_at ? "" : "unread"}>
            <time dateTime={new Date(n.created_at).toISOString()}>{formatDateTime(n.created_at, locale, timeZone)}</time>
            {n.link ? <Link to={n.link}>{n.title}</Link> : <span>{n.title}</span>}
          </li>
        ))}
      </ul>
    </>
  );
}
