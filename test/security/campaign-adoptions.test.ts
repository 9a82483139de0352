// Campaign adoptions across the partner boundary: one partner's adoption (invited, and one
// adopted and running) tried by another partner, the other channel manager, the reseller's own
// distributor (who sees it but may not act), its rep (who may not adopt) and the vendor (who may
// not act as the partner): the page, every intent (adopt, decline, addLead, report with a file,
// feedback), the lead import and the CSV. Everything answers 404 (or 403 for one who sees the
// row but may not act) and nothing changes.
// Route modules: `_app.campaigns.adoptions.$adoptionId.tsx`, `_app.campaigns.adoptions.$adoptionId_.leads.import.tsx`,
// `campaigns.adoptions.$adoptionId.leads[.csv].ts`.
import { beforeAll, describe, expect, it } from "vitest";
import { adoptKit } from "~/modules/campaigns/adoptions.server";
import { addCampaignLeads } from "~/modules/campaigns/campaign-leads.server";
import { day, mdfFund, publishedKit } from "../support/campaigns";
import { db, partnerByCode, scopeOf, userByEmail } from "../support/db";
import { signedIn, type PortalClient } from "../support/client";

interface Target {
  invited: number;
  running: number;
  secret: string;
}

const clients = new Map<string, PortalClient>();
const targets = new Map<string, Target>();

async function as(email: string) {
  const user = await userByEmail(email);
  return { scope: await scopeOf(email), actor: { userId: user.id, email: user.email, ip: null } };
}

/** Two kits for the partner: one it was invited to, one it adopted (running today) with a lead. */
async function target(code: string, adminEmail: string): Promise<Target> {
  const partner = await partnerByCode(code);
  const owner = await as(adminEmail);
  const secret = `${code}-campaign-secret-${Date.now()}`;
  await mdfFund(partner.id, "5000.00");
  const invited = await publishedKit({ partnerIds: [partner.id], title: `Invited ${secret}` });
  const running = await publishedKit({ partnerIds: [partner.id], title: `Running ${secret}`, budget: null });
  const runningId = running.adoptions.get(partner.id)!;
  await adoptKit(db(), owner.scope, owner.actor, runningId, {
    startsOn: day(0),
    endsOn: day(3),
    expectedAttendees: 20,
    plannedCost: "800.00",
    description: secret,
  });
  await addCampaignLeads(db(), owner.scope, owner.actor, runningId, [
    {
      company: `Lead ${secret}`,
      companyDomain: "",
      contactName: "Wang Fang",
      contactEmail: "",
      contactPhone: "",
      country: partner.country,
      postcode: "",
      productLineId: (await db().selectFrom("product_lines").select("id").where("code", "=", "NET").executeTakeFirstOrThrow()).id,
      estimatedValue: null,
      currency: "USD",
      source: "campaign",
      notes: "",
    },
  ]);
  return { invited: invited.adoptions.get(partner.id)!, running: runningId, secret };
}

async function snapshot(t: Target): Promise<string> {
  const ids = [t.invited, t.running];
  const [adoptions, leads, feedback, requests, kits] = await Promise.all([
    db().selectFrom("campaign_adoptions").selectAll().where("id", "in", ids).orderBy("id").execute(),
    db().selectFrom("leads").select(["id", "status", "partner_id"]).where("campaign_adoption_id", "in", ids).orderBy("id").execute(),
    db().selectFrom("campaign_feedback").selectAll().where("adoption_id", "in", ids).execute(),
    db().selectFrom("fund_requests").select(["id", "status"]).where("description", "like", `%${t.secret}%`).execute(),
    db().selectFrom("campaign_kits").select(["id", "budget_used"]).where("title", "like", `%${t.secret}%`).orderBy("id").execute(),
  ]);
  return JSON.stringify({ adoptions, leads, feedback, requests, kits });
}

beforeAll(async () => {
  for (const email of [
    "admin@example.com",
    "manager@example.com",
    "manager2@example.com",
    "distributor@example.com",
    "reseller@example.com",
    "rep@example.com",
    "other@example.com",
  ]) {
    clients.set(email, await signedIn(email));
  }
  targets.set("BPS", await target("BPS", "reseller@example.com"));
  targets.set("PCS", await target("PCS", "other@example.com"));
});

const INTENTS: Record<string, Record<string, string>> = {
  adopt: { startsOn: day(5), endsOn: day(6), expectedAttendees: "10", plannedCost: "100.00" },
  decline: {},
  addLead: { company: "Attack Ltd", country: "DE", productLineId: "1" },
  feedback: { rating: "1", comments: "attack" },
};

function reportForm(): FormData {
  const form = new FormData();
  form.set("intent", "report");
  form.set("actualAttendees", "1");
  form.set("actualCost", "10.00");
  form.set("results", "attack");
  form.set("files", new Blob([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])], { type: "image/png" }), "attack.png");
  return form;
}

const STRANGERS = [
  { email: "other@example.com", victim: "BPS" },
  { email: "manager2@example.com", victim: "BPS" },
  { email: "reseller@example.com", victim: "PCS" },
  { email: "manager@example.com", victim: "PCS" },
  { email: "distributor@example.com", victim: "PCS" },
];

describe.each(STRANGERS)("$email against $victim's adoptions", ({ email, victim }) => {
  it("gets 404 for the page, every intent, the import and the CSV; nothing changes", async () => {
    const client = clients.get(email)!;
    const t = targets.get(victim)!;
    const before = await snapshot(t);
    for (const id of [t.invited, t.running]) {
      for (const path of [`/campaigns/adoptions/${id}`, `/campaigns/adoptions/${id}/leads/import`, `/campaigns/adoptions/${id}/leads.csv`]) {
        const response = await client.get(path);
        // A vendor user may not open a partner's import at all (its roles), others are not found.
        expect([403, 404], path).toContain(response.status);
        expect(await response.text(), path).not.toContain(t.secret);
      }
      for (const [intent, fields] of Object.entries(INTENTS)) {
        expect((await client.post(`/campaigns/adoptions/${id}`, { intent, ...fields })).status, intent).toBe(404);
      }
      expect((await client.post(`/campaigns/adoptions/${id}`, reportForm())).status, "report").toBe(404);
      for (const intent of ["upload", "check", "import"]) {
        const status = (
          await client.post(`/campaigns/adoptions/${id}/leads/import`, { intent, csv: "Company,Country,Product line\nAttack,DE,NET", map_company: "0" })
        ).status;
        expect([403, 404], intent).toContain(status);
      }
    }
    expect(await snapshot(t)).toBe(before);
  });
});

describe("those who see an adoption but may not act on it", () => {
  it.each(["distributor@example.com", "rep@example.com", "manager@example.com", "admin@example.com"])(
    "%s sees BPS's campaign but every change is refused",
    async (email) => {
      const client = clients.get(email)!;
      const t = targets.get("BPS")!;
      const before = await snapshot(t);
      const page = await client.get(`/campaigns/adoptions/${t.running}`);
      expect(page.status).toBe(200);
      expect(await page.text()).not.toContain('value="adopt"');
      for (const [intent, fields] of Object.entries(INTENTS)) {
        // A rep gives feedback of their own: that is theirs to do, and is tested in the integration suite.
        if (intent === "feedback" && email === "rep@example.com") continue;
        expect((await client.post(`/campaigns/adoptions/${t.invited}`, { intent, ...fields })).status, intent).toBe(403);
      }
      expect((await client.post(`/campaigns/adoptions/${t.running}`, reportForm())).status).toBe(403);
      expect([403, 404]).toContain((await client.get(`/campaigns/adoptions/${t.running}/leads/import`)).status);
      expect(await snapshot(t)).toBe(before);
    },
  );

  it("the partner's own admin reads the leads in the CSV", async () => {
    const t = targets.get("BPS")!;
    const csv = await (await clients.get("reseller@example.com")!.get(`/campaigns/adoptions/${t.running}/leads.csv`)).text();
    expect(csv).toContain(`Lead ${t.secret}`);
  });
});
