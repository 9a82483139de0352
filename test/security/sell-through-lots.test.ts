// Lot search across the partner boundary: each distributor reports a lot (one lot number both
// use, one each of their own), and every role of the other side tries the page and its CSV with
// that lot and with the other distributor's id. Nothing of the other's lines may show.
import { beforeAll, describe, expect, it } from "vitest";
import { signedIn, type PortalClient } from "../support/client";
import { partnerByCode, uniqueCode } from "../support/db";
import { pharmaWorkbook, reportFile } from "../support/sell-through-files";

const clients = new Map<string, PortalClient>();
const shared = uniqueCode("SHARED");
const northwindLot = uniqueCode("NWLOT");
const pacificLot = uniqueCode("PCLOT");
let northwind: number;
let pacific: number;

beforeAll(async () => {
  for (const email of [
    "distributor@example.com",
    "other@example.com",
    "manager@example.com",
    "manager2@example.com",
    "reseller@example.com",
    "rep@example.com",
    "admin@example.com",
  ]) {
    clients.set(email, await signedIn(email));
  }
  northwind = (await partnerByCode("NWD")).id;
  pacific = (await partnerByCode("PCS")).id;
  await reportFile(
    "distributor@example.com",
    "NWD",
    "2004-02",
    await pharmaWorkbook("2004-02", [
      { invoice: "NW-SECRET-1", customer: "Northwind Secret Hospital", lot: shared },
      { invoice: "NW-SECRET-2", customer: "Northwind Secret Pharmacy", lot: northwindLot },
    ]),
    "nw.xlsx",
  );
  await reportFile(
    "other@example.com",
    "PCS",
    "2004-02",
    await pharmaWorkbook("2004-02", [
      { invoice: "PC-SECRET-1", customer: "Pacific Secret Clinic", lot: shared },
      { invoice: "PC-SECRET-2", customer: "Pacific Secret Pharmacy", lot: pacificLot },
    ]),
    "pc.xlsx",
  );
});

const SIDES = [
  { email: "other@example.com", own: "Pacific Secret", foreign: "Northwind Secret", foreignLot: () => northwindLot, foreignId: () => northwind },
  { email: "manager2@example.com", own: "Pacific Secret", foreign: "Northwind Secret", foreignLot: () => northwindLot, foreignId: () => northwind },
  { email: "distributor@example.com", own: "Northwind Secret", foreign: "Pacific Secret", foreignLot: () => pacificLot, foreignId: () => pacific },
  { email: "manager@example.com", own: "Northwind Secret", foreign: "Pacific Secret", foreignLot: () => pacificLot, foreignId: () => pacific },
];

describe.each(SIDES)("$email", ({ email, own, foreign, foreignLot, foreignId }) => {
  it("finds only its own lines of a lot both distributors sold, on the page and in the CSV", async () => {
    const client = clients.get(email)!;
    const page = await client.get(`/sell-through/lots?lot=${shared}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(own);
    expect(html).not.toContain(foreign);
    const csv = await (await client.get(`/sell-through/lots.csv?lot=${shared}`)).text();
    expect(csv).toContain(own);
    expect(csv).not.toContain(foreign);
  });

  it("finds nothing of the other distributor's own lot, and gets 404 naming the other distributor", async () => {
    const client = clients.get(email)!;
    const html = await (await client.get(`/sell-through/lots?lot=${foreignLot()}`)).text();
    expect(html).not.toContain(foreign);
    expect(await (await client.get(`/sell-through/lots.csv?lot=${foreignLot()}`)).text()).not.toContain(foreign);
    expect((await client.get(`/sell-through/lots?lot=${shared}&distributorId=${foreignId()}`)).status).toBe(404);
    const csv = await client.get(`/sell-through/lots.csv?lot=${shared}&distributorId=${foreignId()}`);
    expect(csv.status).toBe(404);
    expect(await csv.text()).not.toContain(foreign);
  });
});

describe("resellers and reps", () => {
  it.each(["reseller@example.com", "rep@example.com"])("%s cannot search lots at all", async (email) => {
    const client = clients.get(email)!;
    for (const path of [`/sell-through/lots?lot=${shared}`, `/sell-through/lots.csv?lot=${shared}`]) {
      const response = await client.get(path);
      expect([403, 404], path).toContain(response.status);
      expect(await response.text()).not.toContain("Secret");
    }
  });
});

describe("the vendor admin", () => {
  it("sees which end customers of both distributors received the lot", async () => {
    const html = await (await clients.get("admin@example.com")!.get(`/sell-through/lots?lot=${shared}`)).text();
    expect(html).toContain("Northwind Secret Hospital");
    expect(html).toContain("Pacific Secret Clinic");
  });
});
