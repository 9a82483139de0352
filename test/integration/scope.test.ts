// The scope helper decides who sees which partners; checked against the demo seed for every
// role, straight through the module functions (no HTTP).
import { describe, expect, it } from "vitest";
import { listPartners, readPartnerListQuery, getPartner } from "~/modules/partners/read.server";
import { partnerStatusCounts } from "~/modules/partners/overview.server";
import { db, partnerByCode, scopeOf } from "../support/db";

const DEMO_CODES = ["NWD", "PCS", "HZD", "BPS", "ALP", "MLN", "SHN", "TMS", "LYN", "SYD", "RHN", "OSK"];

async function visibleDemoCodes(email: string): Promise<string[]> {
  const scope = await scopeOf(email);
  const { rows } = await listPartners(db(), scope, readPartnerListQuery(new URLSearchParams("pageSize=100")), { all: true });
  return rows
    .map((r) => r.code)
    .filter((c) => DEMO_CODES.includes(c))
    .sort();
}

describe("partner visibility by role", () => {
  it("an admin sees every partner", async () => {
    expect(await visibleDemoCodes("admin@example.com")).toEqual([...DEMO_CODES].sort());
  });

  it("a channel manager sees exactly the partners they manage", async () => {
    expect(await visibleDemoCodes("manager@example.com")).toEqual(["ALP", "BPS", "NWD"]);
    expect(await visibleDemoCodes("manager2@example.com")).toEqual(["HZD", "LYN", "MLN", "OSK", "PCS", "RHN", "SHN", "SYD", "TMS"]);
  });

  it("a distributor's admin sees itself and its resellers", async () => {
    expect(await visibleDemoCodes("distributor@example.com")).toEqual(["ALP", "BPS", "NWD"]);
    expect(await visibleDemoCodes("other@example.com")).toEqual(["MLN", "PCS"]);
  });

  it("a reseller's users see only their own partner, not the parent distributor", async () => {
    expect(await visibleDemoCodes("reseller@example.com")).toEqual(["BPS"]);
    expect(await visibleDemoCodes("rep@example.com")).toEqual(["BPS"]);
  });

  it("answers an out-of-scope partner as not found", async () => {
    const pcs = await partnerByCode("PCS");
    const error = await getPartner(db(), await scopeOf("distributor@example.com"), pcs.id).catch((e) => e);
    expect(error).toBeInstanceOf(Response);
    expect((error as Response).status).toBe(404);
  });

  it("counts on the home page agree with the list", async () => {
    const scope = await scopeOf("manager@example.com");
    const counts = await partnerStatusCounts(db(), scope);
    const { total } = await listPartners(db(), scope, readPartnerListQuery(new URLSearchParams("status=active")));
    expect(counts.active).toBe(total);
  });

  it("filters and sorts on the server", async () => {
    const scope = await scopeOf("admin@example.com");
    const { rows } = await listPartners(db(), scope, readPartnerListQuery(new URLSearchParams("type=agent&sort=name&dir=desc&q=a")));
    const names = rows.map((r) => r.name);
    expect(rows.every((r) => r.type === "agent")).toBe(true);
    expect(names).toEqual([...names].sort((a, b) => b.localeCompare(a)));
    expect(names).toContain("Osaka Channel Agents");
  });
});
