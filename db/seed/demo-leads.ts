// Demo leads, created and moved through the same module functions people use, so the demo
// shows real offers with real score breakdowns: leads in every status across several partners,
// a few offers past their deadline, and leads waiting in the pool for a person.
import { scopeFor, type Scope } from "../../app/lib/scope.server";
import { now, withClock } from "../../app/lib/clock.server";
import { createLead, leadSchema } from "../../app/modules/leads/create.server";
import { acceptLead, changeLeadStatus, passLeadToUser, rejectLead } from "../../app/modules/leads/lifecycle.server";
import { expireOverdueOffers } from "../../app/modules/leads/deadlines.server";
import type { DB } from "../../app/lib/db.server";
import type { Database, LeadStatus } from "../types";
import type { Kysely } from "kysely";

// [company, domain, contact, email, country, postcode, line, value, source, goal]
type Goal = LeadStatus | "overdue" | "rejected";
const LEADS: [string, string, string, string, string, string, string, string, string, Goal][] = [
  ["Bavaria Logistics GmbH", "bavaria-logistics.de", "Jonas Weber", "j.weber@bavaria-logistics.de", "DE", "80335", "NET", "48000.00", "campaign", "offered"],
  ["Münchner Stadtwerke IT", "msw-it.de", "Claudia Huber", "c.huber@msw-it.de", "DE", "80636", "SEC", "125000.00", "event", "accepted"],
  [
    "Rheinland Klinikum",
    "rheinland-klinikum.de",
    "Dr. Stefan Koch",
    "s.koch@rheinland-klinikum.de",
    "DE",
    "50667",
    "STO",
    "210000.00",
    "web_form",
    "contacted",
  ],
  ["Frankfurter Privatbank", "ffm-privatbank.de", "Eva Schulz", "e.schulz@ffm-privatbank.de", "DE", "60311", "SEC", "340000.00", "campaign", "qualified"],
  ["Isar Maschinenbau AG", "isar-mb.de", "Thomas Maier", "t.maier@isar-mb.de", "DE", "80331", "NET", "76000.00", "event", "converted"],
  ["Alpen Hotels GmbH", "alpenhotels.at", "Lisa Gruber", "l.gruber@alpenhotels.at", "AT", "1010", "NET", "32000.00", "web_form", "lost"],
  ["Wiener Versicherung", "wiener-vers.at", "Markus Bauer", "m.bauer@wiener-vers.at", "AT", "1030", "STO", "91000.00", "campaign", "offered"],
  ["Thames Water Analytics", "twa.co.uk", "Oliver Smith", "o.smith@twa.co.uk", "GB", "EC2A 2BB", "CLD", "58000.00", "web_form", "overdue"],
  ["Camden Council IT", "camden-it.gov.uk", "Amelia Jones", "a.jones@camden-it.gov.uk", "GB", "NW1 0NE", "SEC", "140000.00", "event", "accepted"],
  ["Leipzig Textil GmbH", "leipzig-textil.de", "Claire Neumann", "c.neumann@leipzig-textil.de", "DE", "04109", "NET", "27000.00", "campaign", "rejected"],
  ["Stuttgart Auto Parts", "sap-parts.de", "Felix Wolf", "f.wolf@sap-parts.de", "DE", "70173", "STO", "64000.00", "web_form", "overdue"],
  ["Hamburg Shipping Lines", "hh-shipping.de", "Nina Becker", "n.becker@hh-shipping.de", "DE", "20095", "CLD", "88000.00", "campaign", "offered"],
  ["Singapore Port Systems", "sgportsys.sg", "Tan Wei Ming", "wm.tan@sgportsys.sg", "SG", "018956", "NET", "150000.00", "event", "offered"],
  ["Marina Bay Finance", "mbfinance.sg", "Lim Hui Min", "hm.lim@mbfinance.sg", "SG", "018989", "SEC", "260000.00", "campaign", "accepted"],
  ["上海浦东物流有限公司", "pudong-logistics.cn", "陈伟", "chen.wei@pudong-logistics.cn", "CN", "200120", "NET", "420000.00", "web_form", "contacted"],
  ["杭州云数据科技", "hz-clouddata.cn", "王芳", "wang.fang@hz-clouddata.cn", "CN", "310000", "CLD", "98000.00", "event", "qualified"],
  ["Sydney Harbour Retail", "shretail.com.au", "Jack Wilson", "j.wilson@shretail.com.au", "AU", "2000", "CLD", "45000.00", "campaign", "converted"],
  ["Osaka Precision Tools", "osaka-pt.jp", "Sato Haruto", "h.sato@osaka-pt.jp", "JP", "530-0001", "NET", "73000.00", "web_form", "overdue"],
  ["Tokyo Media Group", "tokyo-media.jp", "Suzuki Yui", "y.suzuki@tokyo-media.jp", "JP", "100-0001", "CLD", "51000.00", "event", "lost"],
  ["Melbourne University", "melb-uni.edu.au", "Grace Taylor", "g.taylor@melb-uni.edu.au", "AU", "3000", "STO", "180000.00", "web_form", "offered"],
  ["Acme Corp.", "acme.com", "Wile E. Coyote", "wile@acme.com", "US", "85001", "SEC", "99000.00", "campaign", "new"],
  ["Globex Corporation", "globex.com", "Hank Scorpio", "hank@globex.com", "US", "97401", "NET", "310000.00", "event", "new"],
  ["Brightside Dental", "brightside-dental.de", "Anna Vogel", "a.vogel@brightside-dental.de", "DE", "80802", "NET", "12000.00", "web_form", "offered"],
  ["Nordsee Energie", "nordsee-energie.de", "Lars Jensen", "l.jensen@nordsee-energie.de", "DE", "26123", "SEC", "230000.00", "campaign", "accepted"],
];

const PATHS: Partial<Record<Goal, LeadStatus[]>> = {
  contacted: ["contacted"],
  qualified: ["contacted", "qualified"],
  converted: ["contacted", "qualified", "converted"],
  lost: ["lost"],
};

export async function seedDemoLeads(db: Kysely<Database>): Promise<void> {
  await seedLeads(db);
  await giveRepALead(db);
}

/** The reseller's admin passes one open lead to their rep, so rep@example.com has work too. */
async function giveRepALead(db: Kysely<Database>): Promise<void> {
  const admin = await db
    .selectFrom("users")
    .select(["id", "email", "role", "partner_id"])
    .where("email", "=", "reseller@example.com")
    .executeTakeFirstOrThrow();
  const rep = await db.selectFrom("users").select("id").where("email", "=", "rep@example.com").executeTakeFirstOrThrow();
  const lead = await db
    .selectFrom("leads")
    .select("id")
    .where("partner_id", "=", admin.partner_id)
    .where("status", "=", "offered")
    .orderBy("id")
    .executeTakeFirst();
  if (!lead) return;
  await passLeadToUser(
    db as DB,
    scopeFor({ id: admin.id, role: admin.role, partnerId: admin.partner_id }),
    { userId: admin.id, email: admin.email, ip: null },
    lead.id,
    rep.id,
  );
}

async function seedLeads(db: Kysely<Database>): Promise<void> {
  const admin = await db.selectFrom("users").select(["id", "email", "role", "partner_id"]).where("email", "=", "admin@example.com").executeTakeFirstOrThrow();
  const adminScope = scopeFor({ id: admin.id, role: admin.role, partnerId: admin.partner_id });
  const adminActor = { userId: admin.id, email: admin.email, ip: null };
  const lines = new Map((await db.selectFrom("product_lines").select(["id", "code"]).execute()).map((l) => [l.code, l.id]));

  // The seed's own clock (withClock in app/lib/clock.server.ts), moved to tell the demo's
  // stories over the weeks before today.
  const seededAt = now();
  const clock: DemoClock = { time: seededAt };
  await withClock(
    () => clock.time,
    async () => {
      for (const [index, lead] of LEADS.entries()) {
        const id = await seedLead(db, clock, adminScope, adminActor, lines, lead, storyStart(seededAt, index, lead[9]));
        if (id !== null) await letDeadlinesPass(db, clock, id, seededAt);
      }
    },
  );
}

/** The time the modules read while the demo's leads are seeded. */
interface DemoClock {
  time: Date;
}

const HOUR_MS = 3600 * 1000;

/**
 * When a lead's story starts: those answered already began days or weeks ago (spread over six
 * weeks, inside the home page's 90-day window), so offers, answers and the activity read as
 * they would after a while of use; those still waiting are offered now, so their time to
 * accept is still running, and the overdue ones a little over a day ago.
 */
function storyStart(seededAt: Date, index: number, goal: Goal): Date {
  if (goal === "offered" || goal === "new") return seededAt;
  // Offered a day and more ago, so its deadline (set to three hours ago below) came after it.
  if (goal === "overdue") return new Date(seededAt.getTime() - 30 * HOUR_MS);
  return new Date(seededAt.getTime() - (3 + ((index * 11) % 40)) * 24 * HOUR_MS - ((index * 7) % 24) * HOUR_MS);
}

type LeadSpec = (typeof LEADS)[number];

/**
 * Runs the deadlines job for the lead as it would have run between its story and `until`: an
 * offer left open back then (the next partner's, after a rejection) expires at its deadline
 * and the lead moves on, as many times as it would have, instead of all at once on the first
 * start.
 */
async function letDeadlinesPass(db: Kysely<Database>, clock: DemoClock, leadId: number, until: Date): Promise<void> {
  for (let round = 0; round < 10; round++) {
    const lead = await db.selectFrom("leads").select(["status", "offer_expires_at"]).where("id", "=", leadId).executeTakeFirstOrThrow();
    if (lead.status !== "offered" || !lead.offer_expires_at || lead.offer_expires_at >= until) return;
    clock.time = new Date(lead.offer_expires_at.getTime() + 60 * 1000);
    await expireOverdueOffers(db as DB, { leadIds: [leadId] });
  }
}

/**
 * One lead's story, each step at its own time on the clock the modules read: created and
 * routed at `start`, answered some hours later (within any tier's time to accept), then worked
 * a day or two per step. Answers the lead's id, or null for one left overdue on purpose (for
 * the deadlines job to find on the first start).
 */
async function seedLead(
  db: Kysely<Database>,
  clock: DemoClock,
  adminScope: Scope,
  adminActor: { userId: number; email: string; ip: null },
  lines: Map<string, number>,
  [company, domain, contact, email, country, postcode, line, value, source, goal]: LeadSpec,
  start: Date,
): Promise<number | null> {
  const at = (hours: number) => {
    clock.time = new Date(start.getTime() + hours * HOUR_MS);
  };
  at(0);
  const input = leadSchema.parse({
    company,
    companyDomain: domain,
    contactName: contact,
    contactEmail: email,
    contactPhone: "",
    country,
    postcode,
    productLineId: String(lines.get(line)),
    estimatedValue: value,
    currency: "USD",
    source,
    notes: "",
  });
  const { id } = await createLead(db as DB, adminScope, adminActor, input);
  const lead = await db.selectFrom("leads").select(["status", "partner_id"]).where("id", "=", id).executeTakeFirstOrThrow();
  if (lead.status !== "offered" || !lead.partner_id) return id;
  const holder = await db
    .selectFrom("users")
    .select(["id", "email", "role", "partner_id"])
    .where("partner_id", "=", lead.partner_id)
    .where("role", "=", "partner_admin")
    .where("status", "=", "active")
    .orderBy("id")
    .executeTakeFirst();
  if (goal === "overdue") {
    // The deadline passed a few hours ago; the deadlines job moves it on at its next run.
    await db
      .updateTable("leads")
      .set({ offer_expires_at: new Date(Date.now() - 3 * 3600 * 1000) })
      .where("id", "=", id)
      .execute();
    await db
      .updateTable("lead_offers")
      .set({ expires_at: new Date(Date.now() - 3 * 3600 * 1000) })
      .where("lead_id", "=", id)
      .where("outcome", "=", "pending")
      .execute();
    return null;
  }
  if (goal === "offered" || !holder) return id;
  const scope = scopeFor({ id: holder.id, role: holder.role, partnerId: holder.partner_id });
  const actor = { userId: holder.id, email: holder.email, ip: null };
  const answeredAfter = 1 + (company.length % 9);
  at(answeredAfter);
  if (goal === "rejected") {
    await rejectLead(db as DB, scope, actor, id, "no_capacity: our storage team is fully booked this month");
    return id;
  }
  await acceptLead(db as DB, scope, actor, id);
  const path = PATHS[goal] ?? [];
  for (const [step, status] of path.entries()) {
    at(answeredAfter + 24 * (step + 1) + 3);
    await changeLeadStatus(db as DB, scope, actor, id, status, status === "lost" ? "Customer chose a competitor on price" : "");
  }
  return id;
}
