// The home page of a partner admin or rep: the leads waiting for their answer with the time
// left, registrations whose protection ends soon, the money in their funds and the claims they
// still have to file, and their sell-through. Read through the lists' own functions and
// filters, like the vendor's home page, so each figure matches the list it links to.
import { listDeals, readDealListQuery } from "~/modules/deals/read.server";
import { listFunds, listRequests, readFundListQuery, readRequestListQuery, totalBalance } from "~/modules/funds/read.server";
import { getFundSettings } from "~/modules/funds/ledger.server";
import { claimDeadline } from "~/modules/funds/requests.server";
import { listLeads, readLeadListQuery } from "~/modules/leads/read.server";
import { kitInbox } from "~/modules/campaigns/adoptions.server";
import { monthlyBaseTotals } from "~/modules/sell-through/reports.server";
import { lastTwelveMonths } from "~/modules/figures/periods";
import { quarterAttainment } from "~/modules/targets/attainment.server";
import { partnerSales } from "~/modules/targets/partner-sales.server";
import { tierProgress } from "~/modules/targets/tier-progress.server";
import { ACTION_ROWS, paramsOf } from "./vendor.server";
import type { Scope } from "~/lib/scope.server";
import type { DB } from "~/lib/db.server";

export const partnerLinks = {
  leadsToAccept: "/leads?status=offered",
  dealsExpiring: "/deals?expiring=1&sort=expires_at&dir=asc",
  funds: "/funds",
  sellThrough: (from: string, to: string) => `/sell-through/reports?from=${from}&to=${to}`,
  scorecard: (partnerId: number) => `/partners/${partnerId}/scorecard`,
};

export async function partnerDashboard(db: DB, scope: Extract<Scope, { kind: "partner" }>, at: Date, options: { reportsSellThrough: boolean }) {
  const { from, to } = lastTwelveMonths(at);
  const [leads, deals, funds, approved, settings, reported, sold, tier, target, kits] = await Promise.all([
    listLeads(db, scope, readLeadListQuery(paramsOf(partnerLinks.leadsToAccept), scope)),
    listDeals(db, scope, readDealListQuery(paramsOf(partnerLinks.dealsExpiring))),
    listFunds(db, scope, readFundListQuery(new URLSearchParams()), { all: true }),
    listRequests(db, scope, readRequestListQuery(new URLSearchParams("status=approved&pageSize=100"))),
    getFundSettings(db),
    // A distributor's own report is what it reported; anyone else's is what it sold as a reseller.
    options.reportsSellThrough ? monthlyBaseTotals(db, scope, from, to) : null,
    options.reportsSellThrough ? null : partnerSales(db, scope, [scope.partnerId], { from, to }),
    tierProgress(db, scope, scope.partnerId, at),
    quarterAttainment(db, scope, { at, partnerIds: [scope.partnerId] }),
    kitInbox(db, scope),
  ]);
  const base = reported?.base ?? target.base;
  // The scorecard is for the partner's admins (and the vendor), not for its reps.
  const scorecard = scope.role === "partner_admin" ? partnerLinks.scorecard(scope.partnerId) : null;
  const series = reported ? reported.series : (sold?.get(scope.partnerId)?.months.map((m) => ({ period: m.period, amount_base: m.amountBase })) ?? []);
  const claimsDue = approved.rows
    .filter((r) => r.claim_id === null)
    .map((r) => ({
      id: r.id,
      description: r.description,
      activity_type: r.activity_type,
      approved_amount: r.approved_amount,
      currency: r.currency,
      deadline: claimDeadline(r.end_date, settings.claimDays),
    }))
    .filter((r) => r.deadline >= at.toISOString().slice(0, 10))
    .sort((a, b) => a.deadline.localeCompare(b.deadline));
  return {
    at,
    leads: { total: leads.total, totalIsLowerBound: leads.totalIsLowerBound, rows: leads.rows.slice(0, ACTION_ROWS), link: partnerLinks.leadsToAccept },
    deals: { total: deals.total, totalIsLowerBound: deals.totalIsLowerBound, rows: deals.rows.slice(0, ACTION_ROWS), link: partnerLinks.dealsExpiring },
    funds: { count: funds.total, balance: totalBalance(funds.rows), currency: funds.rows[0]?.currency ?? settings.baseCurrency, link: partnerLinks.funds },
    claimsDue: { total: claimsDue.length, rows: claimsDue.slice(0, ACTION_ROWS) },
    kits: {
      total: kits.invited.length + kits.running.length,
      invited: kits.invited.slice(0, ACTION_ROWS),
      running: kits.running.slice(0, ACTION_ROWS),
      link: "/campaigns",
    },
    sellThrough: { base, from, to, series, link: reported ? partnerLinks.sellThrough(from, to) : scorecard },
    tier,
    target: {
      quarter: target.quarter,
      base: target.base,
      elapsedDays: target.elapsedDays,
      quarterDays: target.quarterDays,
      row: target.rows[0] ?? null,
      link: scorecard,
    },
  };
}
