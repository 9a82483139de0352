// The lead router's rules, without a database: who may get a lead, how each candidate scores,
// and the ranking. Routing (routing.server.ts) loads the facts and applies the result.

export interface LeadToRoute {
  id: number;
  country: string;
  postcode: string;
  regionId: number | null;
  productLineId: number;
}

export interface Candidate {
  partnerId: number;
  country: string;
  postcode: string;
  regionId: number | null;
  /**
   * The product lines the partner may get leads for: where the catalogue has an active
   * certification for a line, the lines it holds a valid certification for; for other lines,
   * those set on the partner.
   */
  productLineIds: ReadonlySet<number>;
  /** The lines among productLineIds it holds a valid certification for: shown in "why this partner". */
  certifiedLineIds: ReadonlySet<number>;
  /** The tier's routing weight, and the highest weight of any tier, to scale it to 0..1. */
  tierWeight: number;
  maxTierWeight: number;
  slaHours: number;
  capacity: number;
  openLeads: number;
  /** Over the last 90 days; null when the partner has no history yet. */
  acceptanceRate: number | null;
  medianHoursToAccept: number | null;
  conversionRate: number | null;
  /** When the partner was last offered any lead (ms), for fair tie-breaks; null if never. */
  lastOfferedAt: number | null;
}

export interface ScoreBreakdown {
  territory: number;
  tier: number;
  load: number;
  acceptance: number;
  speed: number;
  conversion: number;
  total: number;
  /** The partner holds a valid certification for the lead's product line. */
  certified?: boolean;
}

/** How much each part counts; they add up to 1. */
export const WEIGHTS = { territory: 0.25, tier: 0.2, load: 0.2, acceptance: 0.15, speed: 0.1, conversion: 0.1 } as const;

/** A partner with no history yet is scored as average on performance, neither favoured nor starved. */
const NO_HISTORY = 0.5;

export type Ineligibility = "territory" | "productLine" | "capacity" | "offeredBefore";

export function ineligibility(lead: LeadToRoute, candidate: Candidate, offeredBefore: ReadonlySet<number>): Ineligibility | null {
  if (offeredBefore.has(candidate.partnerId)) return "offeredBefore";
  if (lead.regionId === null || candidate.regionId !== lead.regionId) return "territory";
  if (!candidate.productLineIds.has(lead.productLineId)) return "productLine";
  if (candidate.openLeads >= candidate.capacity) return "capacity";
  return null;
}

function commonPrefixLength(a: string, b: string): number {
  const x = a.replace(/\s/g, "").toUpperCase();
  const y = b.replace(/\s/g, "").toUpperCase();
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

const round = (value: number) => Math.round(value * 10000) / 10000;

export function scoreCandidate(lead: LeadToRoute, candidate: Candidate): ScoreBreakdown {
  // Same region is the entry ticket; the same country, then a shared postcode prefix, fit better.
  const territory = candidate.country === lead.country ? 0.6 + (0.4 * Math.min(commonPrefixLength(lead.postcode, candidate.postcode), 3)) / 3 : 0.3;
  const tier = candidate.maxTierWeight > 0 ? candidate.tierWeight / candidate.maxTierWeight : 0;
  const load = candidate.capacity > 0 ? 1 - candidate.openLeads / candidate.capacity : 0;
  const acceptance = candidate.acceptanceRate ?? NO_HISTORY;
  const speed = candidate.medianHoursToAccept === null ? NO_HISTORY : Math.max(0, 1 - candidate.medianHoursToAccept / candidate.slaHours);
  const conversion = candidate.conversionRate ?? NO_HISTORY;
  const total =
    WEIGHTS.territory * territory +
    WEIGHTS.tier * tier +
    WEIGHTS.load * load +
    WEIGHTS.acceptance * acceptance +
    WEIGHTS.speed * speed +
    WEIGHTS.conversion * conversion;
  return {
    ...(candidate.certifiedLineIds.has(lead.productLineId) ? { certified: true } : {}),
    territory: round(territory),
    tier: round(tier),
    load: round(load),
    acceptance: round(acceptance),
    speed: round(speed),
    conversion: round(conversion),
    total: round(total),
  };
}

export interface Ranked {
  candidate: Candidate;
  breakdown: ScoreBreakdown;
}

export interface Ranking {
  ranked: Ranked[];
  ineligible: Record<Ineligibility, number>;
}

/** Best first: higher score, then offered least recently (never counts as longest ago), then lower id. */
function better(a: Ranked, b: Ranked): number {
  return (
    b.breakdown.total - a.breakdown.total ||
    (a.candidate.lastOfferedAt ?? -Infinity) - (b.candidate.lastOfferedAt ?? -Infinity) ||
    a.candidate.partnerId - b.candidate.partnerId
  );
}

/**
 * The best `limit` eligible candidates, best first, and why the others were left out. Equal
 * scores go to the partner offered a lead least recently, so no partner is starved by a tie.
 * Routing needs only the winner and a few runners-up, so the rest are never sorted: a region
 * with hundreds of partners costs one pass, not a sort, per lead.
 */
export function rankCandidates(lead: LeadToRoute, candidates: readonly Candidate[], offeredBefore: ReadonlySet<number>, limit = Infinity): Ranking {
  const ineligible: Record<Ineligibility, number> = { territory: 0, productLine: 0, capacity: 0, offeredBefore: 0 };
  const ranked: Ranked[] = [];
  for (const candidate of candidates) {
    const reason = ineligibility(lead, candidate, offeredBefore);
    if (reason) {
      ineligible[reason]++;
      continue;
    }
    const entry = { candidate, breakdown: scoreCandidate(lead, candidate) };
    if (ranked.length >= limit && better(entry, ranked[ranked.length - 1]) >= 0) continue;
    let at = ranked.length;
    while (at > 0 && better(entry, ranked[at - 1]) < 0) at--;
    ranked.splice(at, 0, entry);
    if (ranked.length > limit) ranked.pop();
  }
  return { ranked, ineligible };
}
