// The home pages' waiting lists read as English: "1 lead to accept", "3 leads to accept" (the
// number is shown beside the words, so the words take its form); Chinese has no plural form.
import { describe, expect, it } from "vitest";
import { translate, type MessageKey } from "~/lib/i18n";

const WAITING: [MessageKey, string, string][] = [
  ["dashboard.leadsToAccept", "lead to accept", "leads to accept"],
  ["dashboard.dealsExpiring", "registration losing protection soon", "registrations losing protection soon"],
  ["dashboard.claimsDue", "claim to file", "claims to file"],
  ["dashboard.dealsWaiting", "deal registration waiting for review", "deal registrations waiting for review"],
  ["dashboard.fundsWaiting", "fund request or claim waiting", "fund requests and claims waiting"],
  ["dashboard.leadsInPool", "lead back in the pool", "leads back in the pool"],
  ["dashboard.unreported", "distributor has not reported 2031-05", "distributors have not reported 2031-05"],
];

describe("the home pages' counts in English", () => {
  it.each(WAITING)("%s agrees with its number", (key, one, other) => {
    expect(translate("en", key, { count: 1, month: "2031-05" })).toBe(one);
    expect(translate("en", key, { count: 3, month: "2031-05" })).toBe(other);
    expect(translate("en", key, { count: 0, month: "2031-05" })).toBe(other);
  });

  it("leaves Chinese as it is", () => {
    expect(translate("zh-CN", "dashboard.leadsToAccept", { count: 1 })).toBe(translate("zh-CN", "dashboard.leadsToAccept", { count: 3 }));
  });
});
