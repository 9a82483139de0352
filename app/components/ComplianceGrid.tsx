// The reporting compliance grid: distributors down, months across, each cell a badge that
// links to the month's submission; filters and paging live in the URL like every table.
import { Link } from "@remix-run/react";
import { createColumnHelper, type ColumnDef } from "@tanstack/react-table";
import { useMemo } from "react";
import { useT } from "~/lib/i18n-react";
import { DataTable } from "./DataTable";
import { FilterBar, FilterSearch } from "./Filters";
import { Badge } from "./Page";
import { FigureNote } from "./FigureNote";
import type { CellState, ComplianceQuery, ComplianceRow } from "~/modules/sell-through/compliance.server";

const TONES: Record<CellState, string> = { onTime: "active", late: "applied", missing: "suspended", notDue: "registered" };

const column = createColumnHelper<ComplianceRow>();

export function ComplianceGrid({
  rows,
  total,
  periods,
  dueDay,
  query,
  unusual = [],
}: {
  rows: ComplianceRow[];
  total: number;
  periods: string[];
  dueDay: number;
  query: ComplianceQuery;
  /** "distributorId:period" of months committed although far outside the distributor's normal range. */
  unusual?: string[];
}) {
  const t = useT();
  const flagged = useMemo(() => new Set(unusual), [unusual]);
  const columns = useMemo(
    () =>
      [
        column.accessor("name", {
          header: t("sellThrough.distributor"),
          cell: (c) => (
            <>
              {c.getValue()} <span className="muted">{c.row.original.code}</span>
            </>
          ),
        }),
        column.display({
          id: "record",
          header: t("sellThrough.compliance.record"),
          cell: (c) => {
            const r = c.row.original;
            return (
              <span data-testid="record">
                {t("sellThrough.compliance.recordText", { onTime: r.onTime, counted: r.counted, late: r.late, missing: r.missing })}
              </span>
            );
          },
        }),
        ...periods.map((period, i) =>
          column.display({
            id: `month-${period}`,
            header: period,
            cell: (c) => {
              const cell = c.row.original.cells[i];
              const unusualMonth = flagged.has(`${c.row.original.id}:${period}`);
              const badge = (
                <>
                  <Badge tone={TONES[cell.state]}>{t(`sellThrough.compliance.state.${cell.state}`)}</Badge>
                  {unusualMonth && (
                    <span className="badge badge-applied" title={t("sellThrough.unusual.flag")} data-testid="unusual-month">
                      ⚑ {t("sellThrough.unusual.short")}
                    </span>
                  )}
                </>
              );
              return cell.submissionId ? (
                <Link
                  to={`/sell-through/submissions/${cell.submissionId}`}
                  aria-label={`${c.row.original.name} ${period}: ${t(`sellThrough.compliance.state.${cell.state}`)}`}
                >
                  {badge}
                </Link>
              ) : (
                badge
              );
            },
          }),
        ),
      ] as ColumnDef<ComplianceRow, unknown>[],
    [t, periods, flagged],
  );
  return (
    <>
      <p className="muted">{t("sellThrough.compliance.intro", { day: dueDay })}</p>
      <FigureNote testId="record-note">{t("figures.onTime", { day: dueDay, months: query.months })}</FigureNote>
      <FilterBar clearTo="/sell-through?view=compliance" keep={{ view: "compliance", sort: query.sort, dir: query.dir, pageSize: query.pageSize }}>
        <FilterSearch label={t("common.search")} value={query.q} placeholder={t("sellThrough.compliance.searchPlaceholder")} />
        <label>
          <span>{t("sellThrough.compliance.months")}</span>
          <select name="months" defaultValue={String(query.months)}>
            {[6, 12].map((count) => (
              <option key={count} value={count}>
                {t("sellThrough.compliance.lastMonths", { count })}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t("sellThrough.compliance.unreported")}</span>
          <select name="unreported" defaultValue={query.unreported ?? ""}>
            <option value="">{t("sellThrough.compliance.anyMonth")}</option>
            {[...periods].reverse().map((period) => (
              <option key={period} value={period}>
                {period}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" name="problems" value="1" defaultChecked={query.problems} /> {t("sellThrough.compliance.problemsOnly")}
        </label>
      </FilterBar>
      <DataTable
        columns={columns}
        rows={rows}
        total={total}
        paging={query}
        sortable={["name", "record"]}
        caption={t("sellThrough.compliance.tab")}
        rowKey={(r) => r.id}
        emptyText={t("sellThrough.compliance.none")}
      />
    </>
  );
}
