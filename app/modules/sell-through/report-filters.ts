// What a sell-through report is asked for, shared by the server and the screens: the
// groupings, the sorts and the filters, and the filters as URL parameters for links.
export const GROUP_BYS = ["period", "distributor", "reseller", "product_line", "sku", "region"] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
export const REPORT_SORTS = ["label", "quantity", "amount_base", "line_count"] as const;
export type ReportSort = (typeof REPORT_SORTS)[number];
export const LINE_SORTS = ["transaction_date", "invoice_no", "quantity", "amount"] as const;
export type LineSort = (typeof LINE_SORTS)[number];

export interface ReportFilters {
  from: string;
  to: string;
  groupBy: GroupBy;
  /** As typed in the partner picker; resolved to distributorId by the route within the scope. */
  distributor: string;
  /** null: every distributor; 0: the picker named nobody the caller may see, so nothing matches. */
  distributorId: number | null;
  productLineId: number | null;
  regionId: number | null;
  currency: string;
}

/** The filters as URL parameters, for links (drill-down, exports) that keep them. */
export function filterParams(filters: ReportFilters): Record<string, string> {
  const params: Record<string, string> = { from: filters.from, to: filters.to, groupBy: filters.groupBy };
  if (filters.distributor) params.distributor = filters.distributor;
  if (filters.productLineId !== null) params.line = String(filters.productLineId);
  if (filters.regionId !== null) params.region = String(filters.regionId);
  if (filters.currency) params.currency = filters.currency;
  return params;
}
