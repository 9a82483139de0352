// Campaign kits across the partner boundary. A kit is seen by a partner only through an
// adoption of its own (or, for a distributor, of its resellers): another partner's kit, a draft,
// its adoptions export and its edit page answer 404 or 403, and the list and its CSV do not name
// it. Only the vendor admin creates, edits, publishes or closes a kit. A channel manager sees a
// kit, but adoptions and figures only of the partners they manage.
// Route modules: `_app.campaigns._index.tsx`, `_app.campaigns.new.tsx`, `_app.campaigns.$kitId.tsx`,
// `_app.campaigns.$kitId_.edit.tsx`, `campaigns[.csv].ts`, `campaigns.$kitId.adoptions[.csv].ts`.
import { beforeAll, describe, expect, it } from "vitest";
import { createKit, kitSchema, publishKit } from "~/modules/campaigns/kits.server";
import { db, partnerByCode, scopeOf, uniqueCode, userByEmail } from "../support/db";
import { signedIn, type PortalClient } from "../support/client";

interface Target {
  kitId: number;
  secret: string;
}

const clients = new Map<string, PortalClient>();
const kits = new Map<string, Target>();
let draft: Target;

function fields(secret: string, partnerCodes: string) {
  return {
    title: secret,
    activityType: "webinar",
    startsOn: "2031-05-01",
    endsOn: "2031-05-31",
    vendorSharePct: "50",
    perPartnerCap: "1000.00",
    currency: "USD",
    partnerCodes,
  };
}

async function kitFor(partnerCode: string | null): Promise<Target> {
  const user = await userByEmail("admin@example.com");
  const scope = await scopeOf("admin@example.com");
  const actor = { userId: user.id, email: user.email, ip: null };
  const secret = `Kit-secret-${uniqueCode(partnerCode ?? "DRAFT")}`;
  const { id } = await createKit(db(), scope, actor, kitSchema.parse(fields(secret, partnerCode ?? "PCS")));
  if (partnerCode) await publishKit(db(), scope, actor, id);
  return { kitId: id, secret };
}

async function snapshot(kitId: number): Promise<string> {
  const [kit, adoptions, kits] = await Promise.all([
    db().selectFrom("campaign_kits").selectAll().where("id", "=", kitId).executeTakeFirst(),
    db().selectFrom("campaign_adoptions").selectAll().where("kit_id", "=", kitId).orderBy("id").execute(),
    db().selectFrom("campaign_kits").select("id").orderBy("id").execute(),
  ]);
  return JSON.stringify({ kit, adoptions, kits: kits.length });
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
  ])
    clients.set(email, await signedIn(email));
  kits.set("BPS", await kitFor("BPS"));
  kits.set("PCS", await kitFor("PCS"));
  draft = await kitFor(null);
});

const ATTACKS = [
  { email: "other@example.com", victim: "BPS" },
  { email: "reseller@example.com", victim: "PCS" },
  { email: "rep@example.com", victim: "PCS" },
  { email: "distributor@example.com", victim: "PCS" },
];

describe.each(ATTACKS)("$email against $victim's kit", ({ email, victim }) => {
  it("gets 404 for the kit and its adoptions export, 403 for editing, publishing and closing; nothing changes", async () => {
    const client = clients.get(email)!;
    const { kitId, secret } = kits.get(victim)!;
    const before = await snapshot(kitId);
    for (const path of [`/campaigns/${kitId}`, `/campaigns/${kitId}/adoptions.csv`]) {
      const response = await client.get(path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain(secret);
    }
    expect((await client.get(`/campaigns/${kitId}/edit`)).status).toBe(403);
    for (const intent of ["publish", "close"]) expect((await client.post(`/campaigns/${kitId}`, { intent })).status, intent).toBe(403);
    expect((await client.post(`/campaigns/${kitId}/edit`, { intent: "save", ...fields("Taken over", "BPS, PCS") })).status).toBe(403);
    expect(await snapshot(kitId)).toBe(before);
  });

  it("does not find it in the list or the export", async () => {
    const client = clients.get(email)!;
    const { kitId, secret } = kits.get(victim)!;
    const list = await client.get("/campaigns");
    expect(list.status).toBe(200);
    const page = await list.text();
    expect(page).not.toContain(secret);
    expect(page).not.toContain(`/campaigns/${kitId}"`);
    const csv = await (await client.get("/campaigns.csv")).text();
    expect(csv).not.toContain(secret);
  });
});

describe("a partner", () => {
  it("sees its own kit, and neither a draft nor the form to make one", async () => {
    const reseller = clients.get("reseller@example.com")!;
    const own = kits.get("BPS")!;
    const page = await reseller.get(`/campaigns/${own.kitId}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(own.secret);
    expect(await (await reseller.get("/campaigns.csv")).text()).toContain(own.secret);
    expect((await reseller.get(`/campaigns/${draft.kitId}`)).status).toBe(404);
    expect((await reseller.get("/campaigns/new")).status).toBe(403);
  });

  it("can neither create nor publish a kit", async () => {
    const other = clients.get("other@example.com")!;
    const before = await snapshot(draft.kitId);
    const secret = `Partner-made-${uniqueCode("P")}`;
    expect((await other.post("/campaigns/new", fields(secret, "PCS"))).status).toBe(403);
    expect(await db().selectFrom("campaign_kits").select("id").where("title", "=", secret).executeTakeFirst()).toBeUndefined();
    expect((await other.post(`/campaigns/${draft.kitId}`, { intent: "publish" })).status).toBe(403);
    expect(await snapshot(draft.kitId)).toBe(before);
  });
});

describe("channel managers", () => {
  it("see a kit, but only the adoptions of the partners they manage; neither may publish", async () => {
    const { kitId } = kits.get("BPS")!;
    const brightpath = await partnerByCode("BPS");
    const before = await snapshot(kitId);
    const mine = await clients.get("manager@example.com")!.get(`/campaigns/${kitId}`);
    expect(mine.status).toBe(200);
    expect(await mine.text()).toContain(brightpath.name);
    expect(await (await clients.get("manager@example.com")!.get(`/campaigns/${kitId}/adoptions.csv`)).text()).toContain(brightpath.code);

    const manager2 = clients.get("manager2@example.com")!;
    const theirs = await manager2.get(`/campaigns/${kitId}`);
    expect(theirs.status).toBe(200);
    expect(await theirs.text()).not.toContain(brightpath.name);
    const csv = await (await manager2.get(`/campaigns/${kitId}/adoptions.csv`)).text();
    expect(csv).not.toContain(brightpath.code);
    expect(csv.trim().split("\n")).toHaveLength(1);
    for (const client of [manager2, clients.get("manager@example.com")!])
      expect((await client.post(`/campaigns/${kitId}`, { intent: "close" })).status).toBe(403);
    expect(await snapshot(kitId)).toBe(before);
  });
});
