import { Link, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { FilterBar, FilterSearch, FilterSelect } from "~/components/Filters";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { listAuditEntries, readAuditQuery } from "~/modules/audit/audit-log.server";
import { useLocale, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDateTime } from "~/lib/format";
import { isMessageKey, type MessageKey } from "~/lib/i18n";
import { DataTable } from "~/components/DataTable";
import { PageHeader } from "~/components/Page";
import { ActionLabel, AuditChanges } from "~/components/AuditChanges";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Audit log · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.audit);
  const query = readAuditQuery(new URL(request.url).searchParams);
  const { rows, total, actions } = await listAuditEntries(getDb(), scope, query);
  const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");
  return { rows, total, actions, query: { ...query, from: day(query.from), to: day(query.to) } };
}

type Row = Awaited<ReturnType<typeof loader>>["rows"][number];
const column = createColumnHelper<Row>();

const ENTITY_LINKS: Record<string, string> = { partner: "/partners/", user: "/users/", product: "/settings/products/" };

export default function AuditLog() {
  const { rows, total, actions, query } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const columns = useMemo(
    () => [
      column.accessor("at", {
        header: t("audit.at"),
        cell: (c) => <time dateTime={new Date(c.getValue()).toISOString()}>{formatDateTime(c.getValue(), locale, timeZone)}</time>,
      }),
      column.accessor("actor_email", { header: t("audit.actor"), cell: (c) => c.getValue() ?? "—" }),
      column.accessor("action", { header: t("audit.action"), cell: (c) => <ActionLabel action={c.getValue()} /> }),
      column.accessor("entity_type", {
        header: t("audit.entity"),
        cell: (c) => {
          const { entity_type: type, entity_id: id } = c.row.original;
          if (!id) return type;
          return ENTITY_LINKS[type] ? <Link to={`${ENTITY_LINKS[type]}${id}`}>{`${type} #${id}`}</Link> : `${type} ${id}`;
        },
      }),
      column.display({
        id: "changes",
        header: t("audit.changes"),
        cell: (c) => <AuditChanges before={c.row.original.before_json} after={c.row.original.after_json} />,
      }),
      column.accessor("ip", { header: t("audit.ip"), cell: (c) => c.getValue() ?? "" }),
    ],
    [t, locale, timeZone],
  );
  const entityTypes = [...new Set(actions.map((a) => a.entity_type))].sort();
  return (
    <>
      <PageHeader title={t("audit.title")} />
      <FilterBar clearTo="/audit">
        <FilterSearch name="actor" label={t("audit.actor")} value={query.actor} placeholder="name@example.com" />
        <FilterSelect
          name="action"
          label={t("audit.action")}
          value={query.action}
          options={[...new Set(actions.map((a) => a.action))].map((a) => ({
            value: a,
            label: isMessageKey(`audit.action.${a}`) ? t(`audit.action.${a}` as MessageKey) : a,
          }))}
        />
        <FilterSelect name="entityType" label={t("audit.entity")} value={query.entityType} options={entityTypes.map((e) => ({ value: e, label: e }))} />
        <label>
          <span>ID</span>
          <input name="entityId" defaultValue={query.entityId} size={6} />
        </label>
        <label>
          <span>{t("audit.from")}</span>
          <input type="date" name="from" defaultValue={query.from} />
        </label>
        <label>
          <span>{t("audit.to")}</span>
          <input type="date" name="to" defaultValue={query.to} />
        </label>
      </FilterBar>
      <DataTable columns={columns} rows={rows} total={total} paging={query} caption={t("audit.title")} rowKey={(r) => r.id} />
    </>
  );
}
