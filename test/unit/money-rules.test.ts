// Rules money obeys that need no database: country codes, a lead rejected as "Other", what
// counts as an unusual sell-through month, and forms that name every wrong field at once.
import { describe, expect, it } from "vitest";
import { isCountryCode } from "~/lib/countries";
import { field, ValidationError } from "~/lib/forms";
import { rejectionText } from "~/modules/leads/rejection";
import { unusualMonth } from "~/modules/sell-through/unusual-months";
import { requestSchema } from "~/modules/funds/requests.server";

function errorsOf(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.errors;
    throw error;
  }
  return {};
}

describe("country codes", () => {
  it("are ISO 3166-1 alpha-2: DE and CN are, ZZ and XX are not", () => {
    expect(["DE", "CN", "US", "SG"].every(isCountryCode)).toBe(true);
    expect(["ZZ", "XX", "UK", "de", "D"].some(isCountryCode)).toBe(false);
  });

  it("every form field for a country refuses ZZ", () => {
    expect(field.country().safeParse("zz").success).toBe(false);
    expect(field.country().safeParse("de").data).toBe("DE");
  });
});

describe("rejecting a lead", () => {
  it("with reason Other needs words saying why, next to the details field", () => {
    expect(errorsOf(() => rejectionText("other", "  "))).toEqual({ details: "leads.errors.otherNeedsDetails" });
    expect(rejectionText("other", "customer moved to Austria")).toBe("other: customer moved to Austria");
    expect(rejectionText("no_capacity", "")).toBe("no_capacity");
    expect(errorsOf(() => rejectionText("", ""))).toEqual({ reason: "errors.choose" });
  });
});

describe("an unusual sell-through month", () => {
  const months = (...units: number[]) => units.map((u) => ({ units: u, amounts: { USD: `${u * 10}.00` } }));

  it("is 10× or a tenth of the median month or further, once there are three months to compare with", () => {
    expect(unusualMonth(months(100, 120, 90), { units: 1000, amounts: { USD: "10000.00" } })).toMatchObject({ measure: "units", median: "100" });
    expect(unusualMonth(months(100, 120, 90), { units: 10, amounts: { USD: "100.00" } })).toMatchObject({ measure: "units" });
    expect(unusualMonth(months(100, 120, 90), { units: 999, amounts: { USD: "9990.00" } })).toBeNull();
    expect(unusualMonth(months(100, 120, 90), { units: 11, amounts: { USD: "110.00" } })).toBeNull();
    // Two months are not a normal range yet.
    expect(unusualMonth(months(100, 120), { units: 100000, amounts: { USD: "1000000.00" } })).toBeNull();
  });

  it("looks at the amount in each currency too, so a price typed 100 times too high is caught", () => {
    const found = unusualMonth(months(100, 100, 100, 100), { units: 100, amounts: { USD: "100000.00" } });
    expect(found).toMatchObject({ measure: "amount", currency: "USD", median: "1000.00", value: "100000.00" });
  });
});

describe("the fund request form", () => {
  it("names every wrong field at once, the end before the start among them", () => {
    const parsed = requestSchema.safeParse({
      fundId: "1",
      activityType: "",
      description: "",
      startDate: "2030-05-10",
      endDate: "2030-05-01",
      plannedCost: "",
      requestedAmount: "x",
    });
    expect(parsed.success).toBe(false);
    const fields = new Set(parsed.error!.issues.map((i) => String(i.path[0])));
    expect([...fields].sort()).toEqual(["activityType", "description", "endDate", "plannedCost", "requestedAmount"]);
  });
});
