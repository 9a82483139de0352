// Demo adoptions of the demo kits, through the module functions partners and the vendor use:
// Brightpath ran the EMEA webinar last week and is finished (leads entered, the report filed as
// the claim, approved and paid, so the adoption is closed); another EMEA reseller adopted it for
// the days ahead, a third declined; an APAC partner adopted the product seminar. The rest stay
// invited. Runs after demo-campaigns.ts; with no kits it does nothing.
import { Readable } from "node:stream";
import { now, withClock } from "../../app/lib/clock.server";
import { scopeFor } from "../../app/lib/scope.server";
import { ValidationError } from "../../app/lib/forms";
import { storeStream } from "../../app/lib/storage.server";
import { adoptKit, declineAdoption, reportAdoption } from "../../app/modules/campaigns/adoptions.server";
import { addCampaignLeads } from "../../app/modules/campaigns/campaign-leads.server";
import { saveFeedback } from "../../app/modules/campaigns/feedback.server";
import { approveClaim } from "../../app/modules/funds/claims.server";
import { recordPayment } from "../../app/modules/funds/payments.server";
import type { DB } from "../../app/lib/db.server";

const DAY_MS = 24 * 3600 * 1000;

async function person(db: DB, where: { email: string } | { partnerId: number }) {
  const user = await db
    .selectFrom("users")
    .select(["id", "email", "role", "partner_id"])
    .$if("email" in where, (q) => q.where("email", "=", (where as { email: string }).email))
    .$if("partnerId" in where, (q) => q.where("partner_id", "=", (where as { partnerId: number }).partnerId).where("role", "=", "partner_admin"))
    .orderBy("id")
    .executeTakeFirstOrThrow();
  return { scope: scopeFor({ id: user.id, role: user.role, partnerId: user.partner_id }), actor: { userId: user.id, email: user.email, ip: null } };
}

/** Runs one step of a story `daysAgo` days back; a step the data does not allow (no fund that quarter) ends the story. */
async function at<T>(daysAgo: number, work: () => Promise<T>): Promise<T | null> {
  const when = now().getTime() - daysAgo * DAY_MS;
  try {
    return await withClock(() => new Date(when), work);
  } catch (error) {
    if (error instanceof ValidationError) return null;
    throw error;
  }
}

function day(offset: number): string {
  return new Date(now().getTime() + offset * DAY_MS).toISOString().slice(0, 10);
}

export async function seedDemoAdoptions(db: DB): Promise<void> {
  const kits = await db.selectFrom("campaign_kits").select(["id", "activity_type"]).where("status", "=", "published").orderBy("id").execute();
  const webinar = kits.find((k) => k.activity_type === "webinar");
  const seminar = kits.find((k) => k.activity_type === "seminar" || k.activity_type === "product_promotion");
  const invitations = async (kitId: number) =>
    db
      .selectFrom("campaign_adoptions")
      .innerJoin("partners", "partners.id", "campaign_adoptions.partner_id")
      .select(["campaign_adoptions.id", "campaign_adoptions.partner_id", "partners.code", "partners.country"])
      .where("campaign_adoptions.kit_id", "=", kitId)
      .where("campaign_adoptions.status", "=", "invited")
      // A partner with no admin signed up yet has nobody to answer for it.
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom("users")
            .select("users.id")
            .whereRef("users.partner_id", "=", "campaign_adoptions.partner_id")
            .where("users.role", "=", "partner_admin"),
        ),
      )
      .orderBy("partners.code")
      .execute();
  const line = await db.selectFrom("product_lines").select("id").where("code", "=", "NET").executeTakeFirst();
  if (!line) return;

  if (webinar) {
    const invited = await invitations(webinar.id);
    const brightpath = invited.find((a) => a.code === "BPS");
    if (brightpath) await finishedStory(db, brightpath, line.id);
    const others = invited.filter((a) => a.code !== "BPS");
    if (others[0]) {
      const owner = await person(db, { partnerId: others[0].partner_id });
      const plan = { startsOn: day(3), endsOn: day(3), expectedAttendees: 60, plannedCost: "2400.00", description: "" };
      await at(0, () => adoptKit(db, owner.scope, owner.actor, others[0].id, plan));
    }
    if (others[1]) {
      const owner = await person(db, { partnerId: others[1].partner_id });
      await at(1, () => declineAdoption(db, owner.scope, owner.actor, others[1].id));
    }
  }
  if (seminar) {
    const [first] = await invitations(seminar.id);
    if (first) {
      const owner = await person(db, { partnerId: first.partner_id });
      const plan = { startsOn: day(5), endsOn: day(6), expectedAttendees: 80, plannedCost: "6000.00", description: "" };
      await at(2, () => adoptKit(db, owner.scope, owner.actor, first.id, plan));
    }
  }
}

/** Brightpath's webinar: adopted, held, three leads, the report filed, approved, paid: closed. */
async function finishedStory(db: DB, adoption: { id: number; partner_id: number; country: string }, lineId: number): Promise<void> {
  const owner = await person(db, { partnerId: adoption.partner_id });
  const manager = await person(db, { email: "manager@example.com" });
  const admin = await person(db, { email: "admin@example.com" });
  // Dates are worked out from today, before each step moves the clock back.
  const plan = { startsOn: day(-8), endsOn: day(-7), expectedAttendees: 45, plannedCost: "1800.00", description: "" };
  const paidOn = day(-2);
  const adopted = await at(9, () => adoptKit(db, owner.scope, owner.actor, adoption.id, plan));
  if (!adopted?.approved) return;
  const lead = (company: string, contactName: string, contactEmail: string) => ({
    company,
    companyDomain: "",
    contactName,
    contactEmail,
    contactPhone: "",
    country: adoption.country,
    postcode: "",
    productLineId: lineId,
    estimatedValue: "18000.00",
    currency: "USD" as const,
    source: "campaign" as const,
    notes: "Asked for a quote at the webinar",
  });
  await at(7, () =>
    addCampaignLeads(db, owner.scope, owner.actor, adoption.id, [
      lead("Harbour Logistics GmbH", "Jana Vogel", "jana.vogel@harbour-logistics.example.com"),
      lead("Klinikum Nordstadt", "Dr. Felix Brandt", "f.brandt@klinikum-nordstadt.example.com"),
      lead("Alpen Retail AG", "Sara Keller", "sara.keller@alpen-retail.example.com"),
    ]),
  );
  const photo = await storeStream(Readable.from([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])]), "fund-proofs");
  const reported = await at(6, () =>
    reportAdoption(
      db,
      owner.scope,
      owner.actor,
      adoption.id,
      { actualAttendees: 52, actualCost: "1650.00", results: "52 attended live, 3 asked for a quote" },
      [{ fileName: "webinar-attendance.png", stored: photo, contentType: "image/png" }],
    ),
  );
  if (!reported) return;
  await at(6, () =>
    saveFeedback(db, owner.scope, owner.actor, adoption.id, { rating: 4, comments: "Good slides; the demo ran long.", whatWorked: "The live Q&A" }),
  );
  const { claimed_amount: amount } = await db.selectFrom("fund_claims").select("claimed_amount").where("id", "=", reported.claimId).executeTakeFirstOrThrow();
  await at(4, () =>
    approveClaim(db, manager.scope, manager.actor, reported.claimId, { amount, note: "", checklist: ["invoice", "recording", "attendeeList"] }),
  );
  await at(2, () =>
    recordPayment(db, admin.scope, admin.actor, { partnerId: adoption.partner_id, claimIds: [reported.claimId], reference: "MDF-WEB-0001", paidOn, amount }),
  );
}
