import { describe, expect, it } from "vitest";
import { customerDomain, customerKey } from "~/modules/deals/customer";
import { discountAmount, multiplyAmount } from "~/lib/money";

describe("customer names", () => {
  it.each([
    ["ACME Corp.", "acme"],
    ["acme corp", "acme"],
    ["Acme, Inc.", "acme"],
    ["ACME GmbH & Co. KG", "acme"],
    ["Müller Maschinenbau AG", "müller maschinenbau"],
    ["上海浦东物流有限公司", "上海浦东物流"],
    ["Co", "co"],
  ])("%s is %s", (name, key) => {
    expect(customerKey(name)).toBe(key);
  });

  it("keeps different companies apart", () => {
    expect(customerKey("Acme Logistics Ltd")).not.toBe(customerKey("Acme Ltd"));
  });
});

describe("customer domains", () => {
  it.each([
    ["acme.com", "acme.com"],
    ["www.acme.com", "acme.com"],
    ["https://shop.eu.acme.com/path?q=1", "acme.com"],
    ["ACME.COM.", "acme.com"],
    ["www.acme.co.uk", "acme.co.uk"],
    ["sales.acme.com.cn", "acme.com.cn"],
    ["", ""],
  ])("%s folds to %s", (input, domain) => {
    expect(customerDomain(input)).toBe(domain);
  });

  it.each(["acme", "acme..com", "-acme.com", "acme.c0m", "ac me.com"])("%s is not a domain", (input) => {
    expect(customerDomain(input)).toBeNull();
  });
});

describe("deal money", () => {
  it("multiplies and discounts exactly, rounding half up to the cent", () => {
    expect(multiplyAmount("0.10", 3)).toBe("0.30");
    expect(multiplyAmount("1999.99", 7)).toBe("13999.93");
    expect(discountAmount("100.00", "15.00")).toBe("85.00");
    expect(discountAmount("0.03", "50.00")).toBe("0.02");
    expect(discountAmount("19.99", "12.50")).toBe("17.49");
  });
});
