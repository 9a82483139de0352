// The onboarding checklist completes itself from data, and the partner becomes active once,
// with its history and a notice. Each test makes its own onboarding partner in a region of its
// own, so no published agreement of the demo or of another test concerns it unless it says so.
import { describe, expect, it } from "vitest";
import { evaluateOnboarding, partnerChecklist } from "~/modules/partners/onboarding.server";
import { saveProfile } from "~/modules/partners/profile.server";
import { createDraft, publishVersion } from "~/modules/agreements/versions.server";
import { acceptAgreement } from "~/modules/agreements/accept.server";
import { scopeFor } from "~/lib/scope.server";
import { db, scopeOf, uniqueCode, userByEmail } from "../support/db";
import { dayFrom, giveAward, makeCertification } from "../support/certifications";
import type { PartnerType } from "../../db/types";

async function onboardingPartner(type: PartnerType) {
  const code = uniqueCode("R");
  const region = await db()
    .insertInto("regions")
    .values({ code, name: `Onboarding region ${code}` })
    .executeTakeFirstOrThrow();
  const partnerCode = uniqueCode("O");
  const result = await db()
    .insertInto("partners")
    .values({
      code: partnerCode,
      name: `Onboarding ${partnerCode}`,
      type,
      tier: "registered",
      status: "onboarding",
      country: "DE",
      region_id: Number(region.insertId),
      postcode: "",
      capacity: 5,
    })
    .executeTakeFirstOrThrow();
  const partnerId = Number(result.insertId);
  const user = await db()
    .insertInto("users")
    .values({
      email: `${partnerCode.toLowerCase()}@onboarding.example.com`,
      name: "Onboarding admin",
      role: "partner_admin",
      partner_id: partnerId,
      status: "invited",
    })
    .executeTakeFirstOrThrow();
  const admin = await userByEmail("admin@example.com");
  return {
    partnerId,
    regionId: Number(region.insertId),
    userId: Number(user.insertId),
    email: `${partnerCode.toLowerCase()}@onboarding.example.com`,
    admin: { scope: await scopeOf("admin@example.com"), actor: { userId: admin.id, email: admin.email, ip: null } },
  };
}

const done = async (partnerId: number) => {
  const checklist = await partnerChecklist(db(), await scopeOf("admin@example.com"), partnerId);
  return Object.fromEntries(checklist.items.map((i) => [i.item, i.done]));
};

describe("the onboarding checklist", () => {
  it("completes each item from the partner's data, then activates the partner once", async () => {
    const p = await onboardingPartner("reseller");
    const certification = await makeCertification(null, { requiredFor: ["reseller"] });
    const { id: versionId } = await createDraft(db(), p.admin.scope, p.admin.actor, {
      partnerType: "reseller",
      regionId: p.regionId,
      versionLabel: "O.1",
      title: "Agreement",
      titleZh: "协议",
      body: "Terms",
      bodyZh: "条款",
      termMonths: null,
    });
    await publishVersion(db(), p.admin.scope, p.admin.actor, versionId, dayFrom(30));

    expect(await done(p.partnerId)).toEqual({ agreement: false, profile: false, activeUser: false, certifications: false });

    await db().updateTable("users").set({ status: "active" }).where("id", "=", p.userId).execute();
    await saveProfile(db(), p.admin.scope, p.admin.actor, p.partnerId, {
      legalName: "Onboarding GmbH",
      website: "",
      contactEmail: "hello@onboarding.example.com",
      contactPhone: "+49 30 1234567",
      address: "Hauptstraße 1, Berlin",
    });
    await giveAward({ partnerId: p.partnerId, userId: p.userId, certificationId: certification.id, expiresOn: dayFrom(200) });
    expect(await done(p.partnerId)).toEqual({ agreement: false, profile: true, activeUser: true, certifications: true });
    expect(await evaluateOnboarding(db(), p.partnerId)).toBe("onboarding");

    const version = await db().selectFrom("agreement_versions").select(["id", "sha256"]).where("id", "=", versionId).executeTakeFirstOrThrow();
    const scope = scopeFor({ id: p.userId, role: "partner_admin", partnerId: p.partnerId });
    await acceptAgreement(
      db(),
      scope,
      { userId: p.userId, email: p.email, ip: "198.51.100.1" },
      { versionId: version.id, sha256: version.sha256, locale: "en", userAgent: "" },
    );
    expect(await done(p.partnerId)).toEqual({ agreement: true, profile: true, activeUser: true, certifications: true });

    // The acceptance itself looked again: the partner is active.
    expect((await db().selectFrom("partners").select("status").where("id", "=", p.partnerId).executeTakeFirstOrThrow()).status).toBe("active");
    expect(await evaluateOnboarding(db(), p.partnerId)).toBe("not_onboarding");
    const events = await db().selectFrom("partner_events").select(["event", "to_value"]).where("partner_id", "=", p.partnerId).orderBy("id").execute();
    expect(events.filter((e) => e.event === "activated")).toHaveLength(1);
    expect(
      events
        .filter((e) => e.event === "onboarding_item_done")
        .map((e) => e.to_value)
        .sort(),
    ).toEqual(["activeUser", "agreement", "certifications", "profile"]);
    const notices = await db().selectFrom("notifications").select("message").where("user_id", "=", p.userId).where("kind", "=", "partner_lifecycle").execute();
    expect(notices.map((n) => n.message)).toContain("onboarding.notice.activated");
  });

  it("asks a distributor for an API key or a first month reported, and an expired award does not count", async () => {
    const p = await onboardingPartner("distributor");
    const certification = await makeCertification(null, { requiredFor: ["distributor"] });
    await giveAward({ partnerId: p.partnerId, userId: p.userId, certificationId: certification.id, expiresOn: dayFrom(-1) });
    expect(await done(p.partnerId)).toMatchObject({ certifications: false, reporting: false });
    await db()
      .insertInto("sell_through_periods")
      .values({ distributor_id: p.partnerId, period: "2026-01", submission_id: null, first_committed_at: new Date(), committed_at: new Date() })
      .execute();
    expect(await done(p.partnerId)).toMatchObject({ certifications: false, reporting: true });
  });
});
