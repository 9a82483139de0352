import { useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { notFound } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { smtpConfigured } from "~/lib/mail.server";
import { useLocale, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDateTime } from "~/lib/format";
import { listOutbox, readOutboxQuery } from "~/modules/notifications/outbox.server";
import { DataTable } from "~/components/DataTable";
import { PageHeader } from "~/components/Page";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Outbox · Partner Portal" }];

// Only while no SMTP server is configured: then mail never leaves the machine and this page
// is how a developer follows an invitation or reset link.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAuth(request, ROUTE_ROLES.outbox);
  if (smtpConfigured()) notFound();
  const query = readOutboxQuery(new URL(request.url).searchParams);
  return { ...(await listOutbox(getDb(), query)), query };
}

type Row = Awaited<ReturnType<typeof loader>>["rows"][number];
const column = createColumnHelper<Row>();

export default function Outbox() {
  const { rows, total, query } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const columns = useMemo(
    () => [
      column.accessor("created_at", {
        header: t("outbox.created"),
        cell: (c) => <time dateTime={new Date(c.getValue()).toISOString()}>{formatDateTime(c.getValue(), locale, timeZone)}</time>,
      }),
      column.accessor("to_address", { header: t("outbox.to") }),
      column.accessor("subject", {
        header: t("outbox.subject"),
        cell: (c) => (
          <>
            <strong>{c.getValue()}</strong>
            <pre className="outbox-body">{c.row.original.body_text}</pre>
          </>
        ),
      }),
    ],
    [t, locale, timeZone],
  );
  return (
    <>
      <PageHeader title={t("outbox.title")} subtitle={t("outbox.intro")} />
      <div className="outbox">
        <DataTable columns={columns} rows={rows} total={total} paging={query} caption={t("outbox.title")} rowKey={(r) => r.id} emptyText={t("outbox.empty")} />
      </div>
    </>
  );
}
