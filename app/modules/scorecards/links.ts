// The lists behind a scorecard's figures, filtered so that they show the rows each figure
// counts (the definitions are in scorecard.server.ts); shared by the page and its tests.
import type { PartnerType } from "../../../db/types";

interface LinkSubject {
  partner: { id: number; code: string; type: PartnerType };
  window: { from: string; to: string; since: string };
  vendor: boolean;
}

/** The list behind each figure, or null where the viewer has none to open. */
export function scorecardLinks(card: LinkSubject) {
  const { partner: p, window: w, vendor } = card;
  const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
  const range = { from: w.from, to: w.to };
  const sellThrough = vendor
    ? p.type === "distributor"
      ? `/sell-through/reports?${q({ distributor: p.code, ...range })}`
      : `/sell-through/reports?${q({ groupBy: "reseller", ...range })}`
    : p.type === "distributor"
      ? `/sell-through/reports?${q(range)}`
      : null;
  const deals = (status: string, closed = false) => `/deals?${q({ partner: String(p.id), status, ...(closed ? { closedSince: w.since } : {}) })}`;
  return {
    sellThrough,
    won: deals("won", true),
    lost: deals("lost", true),
    submitted: deals("submitted"),
    moreInfo: deals("more_info"),
    approved: deals("approved"),
    // The offers the acceptance figure counts.
    leads: `/leads/offers?${q({ partner: String(p.id), offeredSince: w.since, outcome: "ended" })}`,
    registeredLeads: `/leads?${q({ partner: String(p.id), status: "converted", offeredSince: w.since })}`,
    funds: (quarter: string) => `/funds?${q({ partner: String(p.id), quarter })}`,
    fundReports: "/funds/reports",
    timeliness: p.type !== "distributor" ? null : vendor ? `/sell-through?${q({ view: "compliance", months: "12", q: p.code })}` : "/sell-through",
    targets: (quarter: string) => `/targets?${q({ quarter, q: p.code })}`,
  };
}
