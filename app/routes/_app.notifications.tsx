import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { createColumnHelper, type ColumnDef } from "@tanstack/react-table";
import { useMemo } from "react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { formAction, type FormActionInput } from "~/lib/row-action.server";
import { safeRedirectPath } from "~/lib/safe-redirect.server";
import { listNotifications, markAllRead, markRead, readInboxQuery, unreadCount, type NotificationRow } from "~/modules/notifications/inbox.server";
import { useLocale, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDateTime } from "~/lib/format";
import { PageHeader, Badge } from "~/components/Page";
import { DataTable } from "~/components/DataTable";
import { noticeTitle, unreadLabel } from "~/modules/notifications/render";
import { FilterBar, FilterSelect } from "~/components/Filters";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Notifications · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireAuth(request, ROUTE_ROLES.own);
  const query = readInboxQuery(new URL(request.url).searchParams);
  const db = getDb();
  const [list, unread] = await Promise.all([listNotifications(db, user.id, query), unreadCount(db, user.id)]);
  return { ...list, unread, query };
}

/** Opening a notice marks it read and goes where it points; "mark read" stays on the list. */
export async function action(args: ActionFunctionArgs) {
  const back = ({ text }: FormActionInput) => safeRedirectPath(text("back"), "/notifications");
  return formAction(
    args,
    { roles: ROUTE_ROLES.own },
    {
      open: async (input) => {
        const link = await markRead(input.db, input.user.id, idParam(input.text("id")));
        return redirect(link ? safeRedirectPath(link) : back(input));
      },
      read: async (input) => {
        await markRead(input.db, input.user.id, idParam(input.text("id")));
        return redirect(back(input));
      },
      readAll: async (input) => {
        await markAllRead(input.db, input.user.id);
        return redirect(back(input));
      },
    },
  );
}

const column = createColumnHelper<NotificationRow>();

export default function Notifications() {
  const { rows, total, unread, query } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const back = `/notifications${query.unread ? "?show=unread" : ""}`;
  const columns = useMemo(
    () =>
      [
        column.accessor("created_at", {
          header: t("notifications.when"),
          cell: (c) => <time dateTime={new Date(c.getValue()).toISOString()}>{formatDateTime(c.getValue(), locale, timeZone)}</time>,
        }),
        column.accessor("title", {
          header: t("notifications.title"),
          cell: (c) => {
            const n = c.row.original;
            return (
              <Form method="post" className="inline-form">
                <input type="hidden" name="id" value={n.id} />
                <input type="hidden" name="back" value={back} />
                <button type="submit" name="intent" value="open" className={n.read_at ? "link-button" : "link-button unread"}>
                  {noticeTitle(locale, timeZone, n)}
                </button>
                {n.digest_state === "waiting" && <span className="muted"> · {t("notifications.inDigest")}</span>}
              </Form>
            );
          },
        }),
        column.display({
          id: "state",
          header: t("common.status"),
          cell: (c) =>
            c.row.original.read_at ? (
              <span className="muted">{t("notifications.read")}</span>
            ) : (
              <Form method="post" className="inline-form">
                <Badge tone="applied">{t("notifications.new")}</Badge> <input type="hidden" name="id" value={c.row.original.id} />
                <input type="hidden" name="back" value={back} />
                <button type="submit" name="intent" value="read" className="link-button">
                  {t("notifications.markRead")}
                </button>
              </Form>
            ),
        }),
      ] as ColumnDef<NotificationRow, unknown>[],
    [t, locale, timeZone, back],
  );
  return (
    <>
      <PageHeader
        title={t("notifications.title")}
        subtitle={unread ? t("notifications.unread", { count: unreadLabel(unread) }) : undefined}
        actions={
          <>
            <Link to="/account/notifications">{t("notifications.preferences")}</Link>
            {unread > 0 && (
              <Form method="post">
                <input type="hidden" name="back" value={back} />
                <button type="submit" name="intent" value="readAll" className="button">
                  {t("notifications.markAllRead")}
                </button>
              </Form>
            )}
          </>
        }
      />
      <FilterBar clearTo="/notifications">
        <FilterSelect
          name="show"
          label={t("notifications.show")}
          value={query.unread ? "unread" : ""}
          options={[{ value: "unread", label: t("notifications.showUnread") }]}
        />
      </FilterBar>
      <DataTable
        columns={columns}
        rows={rows}
        total={total}
        paging={query}
        caption={t("notifications.title")}
        rowKey={(n) => n.id}
        emptyText={t("notifications.empty")}
      />
    </>
  );
}
