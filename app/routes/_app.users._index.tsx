import { Link, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { FilterBar, FilterSearch, FilterSelect } from "~/components/Filters";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { readChoice, readPaging, readText } from "~/lib/list-query";
import { listUsers } from "~/modules/users/accounts.server";
import { useLocale, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDateTime } from "~/lib/format";
import { DataTable } from "~/components/DataTable";
import { Badge, PageHeader } from "~/components/Page";
import { ROLES, USER_STATUSES } from "../../db/types";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Users · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.users);
  const params = new URL(request.url).searchParams;
  const query = {
    ...readPaging(params, ["name"] as const, "name"),
    q: readText(params, "q"),
    role: readChoice(params, "role", ROLES),
    status: readChoice(params, "status", USER_STATUSES),
  };
  const { rows, total } = await listUsers(getDb(), scope, query);
  return { rows, total, query, roles: scope.kind === "admin" ? ROLES : (["partner_admin", "partner_rep"] as const) };
}

type Row = Awaited<ReturnType<typeof loader>>["rows"][number];
const column = createColumnHelper<Row>();

export default function UsersList() {
  const { rows, total, query, roles } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const columns = useMemo(
    () => [
      column.accessor("name", { header: t("common.name"), cell: (c) => <Link to={`/users/${c.row.original.id}`}>{c.getValue()}</Link> }),
      column.accessor("email", { header: t("common.email") }),
      column.accessor("role", { header: t("users.role"), cell: (c) => t(`role.${c.getValue()}`) }),
      column.accessor("partner_name", { header: t("users.partner"), cell: (c) => c.getValue() ?? t("users.vendorStaff") }),
      column.accessor("status", { header: t("common.status"), cell: (c) => <Badge tone={c.getValue()}>{t(`userStatus.${c.getValue()}`)}</Badge> }),
      column.accessor("last_login_at", {
        header: t("users.lastLogin"),
        cell: (c) => (c.getValue() ? formatDateTime(c.getValue(), locale, timeZone) : t("users.never")),
      }),
    ],
    [t, locale, timeZone],
  );
  return (
    <>
      <PageHeader
        title={t("users.title")}
        actions={
          <Link className="button button-primary" to="/users/invite">
            {t("users.invite")}
          </Link>
        }
      />
      <FilterBar clearTo="/users">
        <FilterSearch label={t("common.search")} value={query.q} placeholder={t("users.searchPlaceholder")} />
        <FilterSelect name="role" label={t("users.role")} value={query.role} options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        <FilterSelect
          name="status"
          label={t("common.status")}
          value={query.status}
          options={USER_STATUSES.map((v) => ({ value: v, label: t(`userStatus.${v}`) }))}
        />
      </FilterBar>
      <DataTable columns={columns} rows={rows} total={total} paging={query} caption={t("users.title")} rowKey={(r) => r.id} />
    </>
  );
}
