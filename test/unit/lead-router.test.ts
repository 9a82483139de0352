import { describe, expect, it } from "vitest";
import { rankCandidates, scoreCandidate, type Candidate, type LeadToRoute } from "~/modules/leads/router";

const lead: LeadToRoute = { id: 1, country: "DE", postcode: "80331", regionId: 1, productLineId: 10 };

function candidate(overrides: Partial<Candidate>): Candidate {
  return {
    partnerId: 1,
    country: "DE",
    postcode: "10115",
    regionId: 1,
    productLineIds: new Set([10]),
    certifiedLineIds: new Set(),
    tierWeight: 2,
    maxTierWeight: 3,
    slaHours: 48,
    capacity: 10,
    openLeads: 0,
    acceptanceRate: null,
    medianHoursToAccept: null,
    conversionRate: null,
    lastOfferedAt: null,
    ...overrides,
  };
}

describe("eligibility", () => {
  it("leaves out partners outside the territory, uncertified, full, or offered this lead before", () => {
    const { ranked, ineligible } = rankCandidates(
      lead,
      [
        candidate({ partnerId: 1 }),
        candidate({ partnerId: 2, regionId: 2 }),
        candidate({ partnerId: 3, productLineIds: new Set([11]) }),
        candidate({ partnerId: 4, openLeads: 10 }),
        candidate({ partnerId: 5 }),
      ],
      new Set([5]),
    );
    expect(ranked.map((r) => r.candidate.partnerId)).toEqual([1]);
    expect(ineligible).toEqual({ territory: 1, productLine: 1, capacity: 1, offeredBefore: 1 });
  });

  it("finds nobody for a lead without a territory", () => {
    expect(rankCandidates({ ...lead, regionId: null }, [candidate({})], new Set()).ranked).toEqual([]);
  });
});

describe("scoring", () => {
  it("says when the partner is certified for the lead's product line, and only then", () => {
    expect(scoreCandidate(lead, candidate({ certifiedLineIds: new Set([10]) })).certified).toBe(true);
    expect(scoreCandidate(lead, candidate({ certifiedLineIds: new Set([11]) })).certified).toBeUndefined();
  });

  it("prefers the same country and a shared postcode prefix", () => {
    const near = scoreCandidate(lead, candidate({ postcode: "80469" }));
    const sameCountry = scoreCandidate(lead, candidate({ postcode: "10115" }));
    const abroad = scoreCandidate(lead, candidate({ country: "AT", postcode: "1010" }));
    expect(near.territory).toBeGreaterThan(sameCountry.territory);
    expect(sameCountry.territory).toBeGreaterThan(abroad.territory);
  });

  it("rewards tier, spare capacity and a good record, and adds up to the total", () => {
    const strong = scoreCandidate(lead, candidate({ tierWeight: 3, openLeads: 1, acceptanceRate: 0.9, medianHoursToAccept: 4, conversionRate: 0.4 }));
    const weak = scoreCandidate(lead, candidate({ tierWeight: 1, openLeads: 8, acceptanceRate: 0.2, medianHoursToAccept: 40, conversionRate: 0.05 }));
    expect(strong.total).toBeGreaterThan(weak.total);
    const sum = 0.25 * strong.territory + 0.2 * strong.tier + 0.2 * strong.load + 0.15 * strong.acceptance + 0.1 * strong.speed + 0.1 * strong.conversion;
    expect(strong.total).toBeCloseTo(sum, 3);
    expect(strong.speed).toBeCloseTo(1 - 4 / 48, 3);
  });

  it("scores a partner without history as average, not as bad", () => {
    const fresh = scoreCandidate(lead, candidate({}));
    expect([fresh.acceptance, fresh.speed, fresh.conversion]).toEqual([0.5, 0.5, 0.5]);
  });
});

describe("ties", () => {
  it("go to the partner offered a lead least recently, never-offered first", () => {
    const { ranked } = rankCandidates(
      lead,
      [candidate({ partnerId: 1, lastOfferedAt: 2000 }), candidate({ partnerId: 2, lastOfferedAt: 1000 }), candidate({ partnerId: 3, lastOfferedAt: null })],
      new Set(),
    );
    expect(ranked.map((r) => r.candidate.partnerId)).toEqual([3, 2, 1]);
  });
});

describe("a limited ranking", () => {
  it("keeps exactly the head of the full ranking, in order, and still counts who was left out", () => {
    const pool = Array.from({ length: 60 }, (_, i) =>
      candidate({
        partnerId: i + 1,
        openLeads: (i * 7) % 10,
        acceptanceRate: ((i * 13) % 10) / 10,
        lastOfferedAt: i % 3 ? null : (i * 37) % 100,
        country: i % 4 ? lead.country : "XX",
      }),
    );
    const offered = new Set([5, 9]);
    const full = rankCandidates(lead, pool, offered);
    const top = rankCandidates(lead, pool, offered, 5);
    expect(top.ranked.map((r) => r.candidate.partnerId)).toEqual(full.ranked.slice(0, 5).map((r) => r.candidate.partnerId));
    expect(top.ineligible).toEqual(full.ineligible);
    expect(top.ineligible.offeredBefore).toBe(2);
  });
});
