// The home pages across the partner boundary, over HTTP: a waiting registration, an open lead
// offer, an expiring registration and a fund request of one partner, each named by a marker
// found nowhere else, must never appear on the home page of the other partner, of its users,
// or of the other partner's channel manager; each still appears where it belongs (so the test
// fails if the markers stop being shown at all).
import { beforeAll, describe, expect, it } from "vitest";
import { signedIn } from "../support/client";
import { db, partnerByCode, userByEmail } from "../support/db";

const HOUR = 3600 * 1000;
const markers: Record<string, string[]> = { NWD: [], PCS: [] };

async function plant(code: "NWD" | "PCS", adminEmail: string) {
  const partner = await partnerByCode(code);
  const admin = await userByEmail(adminEmail);
  const at = Date.now();
  const waiting = `${code}-HOME-WAITING-DEAL`;
  const expiring = `${code}-HOME-EXPIRING-DEAL`;
  const lead = `${code}-HOME-OFFERED-LEAD`;
  for (const [customer, status, expires] of [
    [waiting, "submitted", null],
    [expiring, "approved", new Date(at + 2 * 24 * HOUR)],
  ] as const) {
    await db()
      .insertInto("deals")
      .values({
        partner_id: partner.id,
        created_by: admin.id,
        name: customer,
        customer_name: customer,
        customer_key: customer.toLowerCase(),
        customer_country: "DE",
        currency: "USD",
        total_amount: "1.00",
        expected_close_date: "2099-01-01",
        status,
        submitted_at: new Date(at - HOUR),
        expires_at: expires,
      })
      .execute();
  }
  const line = await db().selectFrom("product_lines").select("id").where("code", "=", "NET").executeTakeFirstOrThrow();
  const row = await db()
    .insertInto("leads")
    .values({
      company: lead,
      country: "DE",
      product_line_id: line.id,
      source: "manual",
      status: "offered",
      partner_id: partner.id,
      offered_at: new Date(at - HOUR),
      offer_expires_at: new Date(at + 20 * HOUR),
    })
    .executeTakeFirstOrThrow();
  await db()
    .insertInto("lead_offers")
    .values({ lead_id: Number(row.insertId), partner_id: partner.id, offered_at: new Date(at - HOUR), expires_at: new Date(at + 20 * HOUR) })
    .execute();
  markers[code] = [waiting, expiring, lead];
}

beforeAll(async () => {
  await plant("NWD", "distributor@example.com");
  await plant("PCS", "other@example.com");
});

const VIEWS = [
  { email: "distributor@example.com", own: "NWD", other: "PCS", sees: ["EXPIRING", "OFFERED"] },
  { email: "other@example.com", own: "PCS", other: "NWD", sees: ["EXPIRING", "OFFERED"] },
  { email: "manager@example.com", own: "NWD", other: "PCS", sees: ["WAITING"] },
  { email: "manager2@example.com", own: "PCS", other: "NWD", sees: ["WAITING"] },
  { email: "reseller@example.com", own: null, other: "NWD", sees: [] },
  { email: "reseller@example.com", own: null, other: "PCS", sees: [] },
] as const;

describe.each(VIEWS)("$email's home page", ({ email, own, other, sees }) => {
  it(`shows nothing of ${other}'s`, async () => {
    const client = await signedIn(email);
    const response = await client.get("/");
    expect(response.status).toBe(200);
    const html = await response.text();
    for (const marker of markers[other]) expect(html).not.toContain(marker);
    if (own) for (const kind of sees) expect(html).toContain(markers[own].find((m) => m.includes(kind)));
  });
});
