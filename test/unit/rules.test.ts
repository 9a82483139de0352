import { describe, expect, it } from "vitest";
import { isAllowedOrigin } from "~/lib/origin.server";
import { formatAreas, parseAreas } from "~/modules/settings/areas";
import { backoffSeconds } from "~/lib/jobs.server";
import { safeRedirectPath } from "~/lib/safe-redirect.server";
import { formatMoney } from "~/lib/format";

describe("the Origin check", () => {
  const own = ["https://portal.example"];
  it("lets reads and same-origin posts through", () => {
    expect(isAllowedOrigin("GET", "/partners", undefined, own)).toBe(true);
    expect(isAllowedOrigin("POST", "/partners/new", "https://portal.example", own)).toBe(true);
  });

  it("refuses posts from another origin or without one", () => {
    expect(isAllowedOrigin("POST", "/partners/new", "https://evil.example", own)).toBe(false);
    expect(isAllowedOrigin("POST", "/partners/new", undefined, own)).toBe(false);
    expect(isAllowedOrigin("POST", "/partners/new", "null", own)).toBe(false);
  });

  it("compares scheme and port as well as the host", () => {
    expect(isAllowedOrigin("POST", "/login", "http://portal.example", own)).toBe(false);
    expect(isAllowedOrigin("POST", "/login", "https://portal.example:8443", own)).toBe(false);
    expect(isAllowedOrigin("POST", "/login", "https://portal.example:443", own)).toBe(true);
  });

  it("lets the bearer-key API through without an Origin, but not a form path dressed up as the API", () => {
    expect(isAllowedOrigin("POST", "/api/v1/sell-through", undefined, own)).toBe(true);
    for (const path of ["/api/../sell-through/new", "/api/%2e%2e/settings/api-keys", "/api\\..\\users/invite", "/apix/sell-through"]) {
      expect(isAllowedOrigin("POST", path, undefined, own), path).toBe(false);
    }
  });

  it("trusts origins listed for a proxy in front of the app", () => {
    expect(isAllowedOrigin("POST", "/login", "https://partners.vendor.example", ["http://10.0.0.5:3000", "https://partners.vendor.example"])).toBe(true);
  });
});

describe("territory areas", () => {
  it("parse countries and postcode prefixes", () => {
    expect(parseAreas("de, AT gb:sw; GB:ec")).toEqual([
      { country: "DE", postcodePrefix: "" },
      { country: "AT", postcodePrefix: "" },
      { country: "GB", postcodePrefix: "SW" },
      { country: "GB", postcodePrefix: "EC" },
    ]);
    expect(formatAreas(parseAreas("DE, GB:SW")!)).toBe("DE, GB:SW");
  });

  it("refuse what is not a country code", () => {
    expect(parseAreas("Germany")).toBeNull();
    expect(parseAreas("D")).toBeNull();
  });
});

describe("job retries", () => {
  it("back off exponentially up to an hour", () => {
    expect([1, 2, 3, 4].map(backoffSeconds)).toEqual([10, 20, 40, 80]);
    expect(backoffSeconds(20)).toBe(3600);
  });
});

describe("redirects after sign-in", () => {
  it("only follow local paths", () => {
    expect(safeRedirectPath("/partners?status=active")).toBe("/partners?status=active");
    expect(safeRedirectPath("//evil.example")).toBe("/");
    expect(safeRedirectPath("https://evil.example")).toBe("/");
    expect(safeRedirectPath("/\\evil.example")).toBe("/");
  });
});

describe("money on screen", () => {
  it("formats exact decimal strings for the locale", () => {
    expect(formatMoney("1234567.89", "USD", "en")).toBe("$1,234,567.89");
    expect(formatMoney("9999999999999999.99", "USD", "en")).toBe("$9,999,999,999,999,999.99");
    expect(formatMoney("1290.00", "CNY", "zh-CN")).toBe("¥1,290.00");
  });
});
