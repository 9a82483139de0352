// Agreements through the module functions: which version concerns a partner, what an acceptance
// records, the restriction past the accept-by date (deal submission, fund requests, lead
// acceptance and routing), and reminders that go once. Each test publishes versions for a
// region of its own (a region-specific version beats the demo's general ones), so the demo's
// partners and other tests are never concerned.
import { describe, expect, it } from "vitest";
import { createDraft, documentHash, publishVersion, versionAcceptances } from "~/modules/agreements/versions.server";
import { acceptAgreement } from "~/modules/agreements/accept.server";
import { agreementStandings, pickVersionInForce, requireAgreementInForce, type VersionInForce } from "~/modules/agreements/in-force.server";
import { remindAgreements } from "~/modules/agreements/reminders.server";
import { createLead } from "~/modules/leads/create.server";
import { acceptLead } from "~/modules/leads/lifecycle.server";
import { routeLeads } from "~/modules/leads/routing.server";
import { saveDeal } from "~/modules/deals/write.server";
import { createRequest } from "~/modules/funds/requests.server";
import { ValidationError } from "~/lib/forms";
import { scopeFor } from "~/lib/scope.server";
import { db } from "../support/db";
import { leadInput, makeWorld, type World } from "../support/leads";

const IP = "203.0.113.7";

function dayFrom(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function publishForRegion(world: World, acceptBy = dayFrom(10), label = "T.1") {
  const { scope, actor } = world.admin;
  const { id } = await createDraft(db(), scope, actor, {
    partnerType: "reseller",
    regionId: world.regionId,
    versionLabel: label,
    title: "Reseller Agreement",
    titleZh: "经销商协议",
    body: "1. Terms.\r\n2. More terms.",
    bodyZh: "1. 条款。",
    termMonths: 12,
  });
  await publishVersion(db(), scope, actor, id, acceptBy);
  return db().selectFrom("agreement_versions").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

function partnerSide(world: World, index: number) {
  const p = world.partners[index];
  return { scope: scopeFor({ id: p.adminId, role: "partner_admin", partnerId: p.id }), actor: { userId: p.adminId, email: p.adminEmail, ip: IP } };
}

async function accept(world: World, index: number, version: { id: number; sha256: string }) {
  const { scope, actor } = partnerSide(world, index);
  await acceptAgreement(db(), scope, actor, { versionId: version.id, sha256: version.sha256, locale: "zh-CN", userAgent: "Test browser" });
}

async function overdue(versionId: number) {
  await db()
    .updateTable("agreement_versions")
    .set({ accept_by: dayFrom(-1) })
    .where("id", "=", versionId)
    .execute();
}

const version = (v: Partial<VersionInForce> & { id: number }): VersionInForce => ({
  version_label: `v${v.id}`,
  title: "",
  title_zh: "",
  partner_type: null,
  region_id: null,
  accept_by: null,
  term_months: null,
  sha256: "",
  published_at: new Date(`2026-0${v.id}-01T00:00:00Z`),
  ...v,
});

describe("which version concerns a partner", () => {
  it("is the newest published one for its type, one for its region beating a general one", () => {
    const versions = [
      version({ id: 1, partner_type: "reseller" }),
      version({ id: 2, partner_type: "reseller", region_id: 7 }),
      version({ id: 3, partner_type: "reseller" }),
      version({ id: 4, partner_type: "distributor" }),
      version({ id: 5, partner_type: "distributor", region_id: 8 }),
    ];
    expect(pickVersionInForce(versions, { type: "reseller", region_id: 7 })?.id).toBe(2);
    expect(pickVersionInForce(versions, { type: "reseller", region_id: 9 })?.id).toBe(3);
    expect(pickVersionInForce(versions, { type: "distributor", region_id: 7 })?.id).toBe(4);
    expect(pickVersionInForce(versions, { type: "agent", region_id: 7 })).toBeNull();
  });

  it("is the region's published version for the partners there, and a draft concerns nobody", async () => {
    const world = await makeWorld("BQ", [{ tier: "gold", postcode: "100" }]);
    const partnerId = world.partners[0].id;
    await createDraft(db(), world.admin.scope, world.admin.actor, {
      partnerType: "reseller",
      regionId: world.regionId,
      versionLabel: "draft",
      title: "Draft",
      titleZh: "草稿",
      body: "x",
      bodyZh: "x",
      termMonths: null,
    });
    const general = (await agreementStandings(db(), [partnerId])).get(partnerId);
    expect(general?.version.region_id ?? null).toBeNull();
    const published = await publishForRegion(world);
    expect((await agreementStandings(db(), [partnerId])).get(partnerId)?.version.id).toBe(published.id);
  });
});

describe("accepting", () => {
  it("records who, when, the address, the browser, the hash of the text shown, the language and the end date", async () => {
    const world = await makeWorld("TC", [{ tier: "gold", postcode: "47890" }]);
    const published = await publishForRegion(world);
    expect(published.sha256).toBe(documentHash(published));
    expect(published.sha256).toMatch(/^[0-9a-f]{64}$/);
    await accept(world, 0, published);
    const row = await db().selectFrom("agreement_acceptances").selectAll().where("version_id", "=", published.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      partner_id: world.partners[0].id,
      user_id: world.partners[0].adminId,
      ip_address: IP,
      user_agent: "Test browser",
      document_sha256: published.sha256,
      locale: "zh-CN",
    });
    const end = new Date();
    end.setUTCMonth(end.getUTCMonth() + 12);
    expect(row.ends_on?.slice(0, 7)).toBe(end.toISOString().slice(0, 7));
    const events = await db().selectFrom("partner_events").select(["event", "to_value"]).where("partner_id", "=", world.partners[0].id).execute();
    expect(events).toContainEqual({ event: "agreement_accepted", to_value: "T.1" });

    const { rows } = await versionAcceptances(db(), world.admin.scope, published.id);
    expect(rows.map((r) => [r.partnerId, r.state, r.acceptance?.ip_address])).toEqual([[world.partners[0].id, "accepted", IP]]);

    await expect(accept(world, 0, published)).rejects.toThrow(ValidationError);
  });

  it("refuses a hash that is not the published text's, and a rep", async () => {
    const world = await makeWorld("VG", [{ tier: "gold", postcode: "98000" }]);
    const published = await publishForRegion(world);
    await expect(accept(world, 0, { id: published.id, sha256: "0".repeat(64) })).rejects.toThrow(ValidationError);
    const rep = scopeFor({ id: world.partners[0].adminId, role: "partner_rep", partnerId: world.partners[0].id });
    const refused = await acceptAgreement(db(), rep, partnerSide(world, 0).actor, {
      versionId: published.id,
      sha256: published.sha256,
      locale: "en",
      userAgent: "",
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(403);
    expect(await db().selectFrom("agreement_acceptances").select("id").where("version_id", "=", published.id).execute()).toEqual([]);
  });
});

describe("past the accept-by date", () => {
  it("a partner that has not accepted takes no new work until it accepts", async () => {
    const world = await makeWorld("AI", [
      { tier: "gold", postcode: "00120" },
      { tier: "registered", postcode: "00120" },
    ]);
    const published = await publishForRegion(world);
    const [late, punctual] = world.partners;
    // A lead offered to the late partner before its date passes.
    const { id: offeredLead } = await createLead(db(), world.admin.scope, world.admin.actor, leadInput(world));
    await db()
      .updateTable("leads")
      .set({ status: "offered", partner_id: late.id, offer_expires_at: new Date(Date.now() + 86_400_000) })
      .where("id", "=", offeredLead)
      .execute();
    await accept(world, 1, published);
    await overdue(published.id);

    await expect(requireAgreementInForce(db(), late.id)).rejects.toThrow(ValidationError);
    await expect(requireAgreementInForce(db(), punctual.id)).resolves.toBeUndefined();

    const lateSide = partnerSide(world, 0);
    await expect(acceptLead(db(), lateSide.scope, lateSide.actor, offeredLead)).rejects.toMatchObject({ errors: { form: "agreements.errors.restricted" } });

    const product = await db().selectFrom("products").select("id").where("active", "=", 1).orderBy("id").executeTakeFirstOrThrow();
    const deal = saveDeal(
      db(),
      lateSide.scope,
      lateSide.actor,
      {
        name: "Refresh",
        customerName: `Late customer ${late.code}`,
        customerDomain: `${late.code.toLowerCase()}-late.com`,
        customerCountry: "DE",
        currency: "EUR",
        expectedCloseDate: dayFrom(60),
        competitors: "",
        notes: "",
        fulfillingPartnerId: null,
        sourceLeadId: null,
        lines: [{ productId: product.id, quantity: 1, unitPrice: "100.00" }],
      },
      { submit: true },
    );
    await expect(deal).rejects.toMatchObject({ errors: { form: "agreements.errors.restricted" } });

    const fund = await db()
      .insertInto("funds")
      .values({ partner_id: late.id, kind: "mdf", quarter: "2099-Q1", currency: "USD", expires_at: new Date("2099-06-30T00:00:00Z") })
      .executeTakeFirstOrThrow();
    const request = createRequest(db(), lateSide.scope, lateSide.actor, {
      fundId: Number(fund.insertId),
      activityType: "webinar",
      description: "Webinar",
      startDate: dayFrom(30),
      endDate: dayFrom(31),
      plannedCost: "1000.00",
      requestedAmount: "500.00",
      expectedResults: "",
    });
    await expect(request).rejects.toMatchObject({ errors: { form: "agreements.errors.restricted" } });

    // Routing offers new leads only to the partner that accepted.
    const routed = await createLead(db(), world.admin.scope, world.admin.actor, leadInput(world));
    await routeLeads(db(), world.admin.scope, world.admin.actor, [routed.id]);
    const lead = await db().selectFrom("leads").select(["status", "partner_id"]).where("id", "=", routed.id).executeTakeFirstOrThrow();
    expect(lead).toEqual({ status: "offered", partner_id: punctual.id });

    // Accepting lifts the restriction.
    await accept(world, 0, published);
    await expect(requireAgreementInForce(db(), late.id)).resolves.toBeUndefined();
  });
});

describe("reminders", () => {
  it("go once per stage to partner admins who have not accepted", async () => {
    const world = await makeWorld("MS", [
      { tier: "gold", postcode: "1111" },
      { tier: "gold", postcode: "1111" },
    ]);
    const published = await publishForRegion(world, dayFrom(6));
    await accept(world, 1, published);
    const notices = (userId: number) =>
      db().selectFrom("notifications").select(["kind", "message"]).where("user_id", "=", userId).where("message", "=", "agreements.notice.due").execute();
    await remindAgreements(db());
    await remindAgreements(db());
    expect(await notices(world.partners[0].adminId)).toEqual([{ kind: "partner_lifecycle", message: "agreements.notice.due" }]);
    expect(await notices(world.partners[1].adminId)).toEqual([]);
    const sent = await db().selectFrom("lifecycle_reminders").select(["subject", "days_before"]).where("partner_id", "=", world.partners[0].id).execute();
    expect(sent).toEqual([{ subject: "agreement_due", days_before: 7 }]);
  });
});
