// A server-side table: TanStack Table renders the columns, while sorting and pagination are
// plain links that change the URL, so the table works without JavaScript and every view
// can be bookmarked.
import { Link, useLocation } from "@remix-run/react";
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type SortingState } from "@tanstack/react-table";
import { useT } from "~/lib/i18n-react";
import { PAGE_SIZES } from "~/lib/list-query";

export interface TablePaging {
  page: number;
  pageSize: number;
  sort?: string;
  dir?: "asc" | "desc";
}

export function withParams(search: string, changes: Record<string, string | number | null>): string {
  const params = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === "") params.delete(key);
    else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "?";
}

/** The id of a column of row checkboxes for bulk actions; on a phone it sits in the row's corner. */
export const SELECT_COLUMN = "select";

/**
 * The key cell is the row's first real field (a name, a number): on a phone it heads the row's
 * card, and on a wide screen it is the column that keeps its width.
 */
function cellClass(columnId: string, keyColumn: string | undefined): string | undefined {
  if (columnId === SELECT_COLUMN) return "select-cell";
  if (columnId === keyColumn) return "key-cell";
  return undefined;
}

export function DataTable<Row>({
  columns,
  rows,
  total,
  paging,
  sortable = [],
  caption,
  rowKey,
  totalIsLowerBound = false,
  emptyText,
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack types a list of columns with different value types this way
  columns: ColumnDef<Row, any>[];
  rows: Row[];
  total: number;
  paging: TablePaging;
  sortable?: string[];
  caption?: string;
  rowKey: (row: Row) => string | number;
  /** The total was counted up to a cap: show it as "10,000+" and keep "Next" open. */
  totalIsLowerBound?: boolean;
  /** What an empty table says; by default that nothing matches the filters. */
  emptyText?: string;
}) {
  const t = useT();
  const location = useLocation();
  const sorting: SortingState = paging.sort ? [{ id: paging.sort, desc: paging.dir === "desc" }] : [];
  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => String(rowKey(row)),
    manualPagination: true,
    manualSorting: true,
    pageCount: Math.max(1, Math.ceil(total / paging.pageSize)),
    state: { sorting, pagination: { pageIndex: paging.page - 1, pageSize: paging.pageSize } },
  });
  const keyColumn = table.getVisibleLeafColumns().find((column) => column.id !== SELECT_COLUMN)?.id;
  const pages = Math.max(1, Math.ceil(total / paging.pageSize));
  const from = total === 0 ? 0 : (paging.page - 1) * paging.pageSize + 1;
  const to = Math.min(total, paging.page * paging.pageSize);

  return (
    <div className="table-wrap">
      <div className="table-scroll">
        <table className="data-table list-table">
          {caption && <caption className="visually-hidden">{caption}</caption>}
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const label = flexRender(header.column.columnDef.header, header.getContext());
                  const id = header.column.id;
                  if (!sortable.includes(id))
                    return (
                      <th key={header.id} className={id === SELECT_COLUMN ? "select-cell" : undefined}>
                        {label}
                      </th>
                    );
                  const active = paging.sort === id;
                  const nextDir = active && paging.dir === "asc" ? "desc" : "asc";
                  return (
                    <th key={header.id} aria-sort={active ? (paging.dir === "desc" ? "descending" : "ascending") : "none"}>
                      <Link className="sort-link" to={withParams(location.search, { sort: id, dir: nextDir, page: null })} preventScrollReset>
                        {label}
                        <span aria-hidden="true" className="sort-mark">
                          {active ? (paging.dir === "desc" ? "▼" : "▲") : "↕"}
                        </span>
                      </Link>
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="empty">
                  {emptyText ?? t("common.noRows")}
                </td>
              </tr>
            ) : (
              table.getRowModel().rows.map((row) => (
                <tr key={row.id}>
                  {row.getVisibleCells().map((cell) => (
                    <td
                      key={cell.id}
                      className={cellClass(cell.column.id, keyColumn)}
                      data-label={typeof cell.column.columnDef.header === "string" ? cell.column.columnDef.header : undefined}
                    >
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <nav className="pagination" aria-label="Pagination">
        <span className="pagination-count">{t("common.rowsTotal", { from, to, total: totalIsLowerBound ? `${total}+` : total })}</span>
        <span className="pagination-pages">
          {paging.page > 1 ? (
            <Link to={withParams(location.search, { page: paging.page - 1 })} rel="prev">
              ← {t("common.previous")}
            </Link>
          ) : (
            <span className="disabled">← {t("common.previous")}</span>
          )}
          <span>{t("common.page", { page: paging.page, pages: totalIsLowerBound ? `${pages}+` : pages })}</span>
          {paging.page < pages || totalIsLowerBound ? (
            <Link to={withParams(location.search, { page: paging.page + 1 })} rel="next">
              {t("common.next")} →
            </Link>
          ) : (
            <span className="disabled">{t("common.next")} →</span>
          )}
        </span>
        <span className="pagination-size">
          {t("common.perPage")}:{" "}
          {PAGE_SIZES.map((size) =>
            size === paging.pageSize ? (
              <strong key={size}>{size}</strong>
            ) : (
              <Link key={size} to={withParams(location.search, { pageSize: size, page: null })}>
                {size}
              </Link>
            ),
          )}
        </span>
      </nav>
    </div>
  );
}
