// Partner rules that need the database: unique codes, the two-tier parent, channel managers,
// the status path, and an audit entry for every change.
import { describe, expect, it } from "vitest";
import { createPartner, changePartnerStatus, updatePartner } from "~/modules/partners/write.server";
import { getPartner } from "~/modules/partners/read.server";
import { ValidationError } from "~/lib/forms";
import { partnerSchema } from "~/modules/partners/schemas";
import { db, partnerByCode, scopeOf, uniqueCode, userByEmail } from "../support/db";
import type { PartnerInput } from "~/modules/partners/schemas";

async function adminActor() {
  const admin = await userByEmail("admin@example.com");
  return { scope: await scopeOf("admin@example.com"), actor: { userId: admin.id, email: admin.email, ip: "127.0.0.1" } };
}

function input(overrides: Partial<PartnerInput> = {}): PartnerInput {
  return {
    code: uniqueCode("P"),
    name: "Test Partner",
    type: "reseller",
    tier: "silver",
    country: "DE",
    regionId: null,
    postcode: "",
    capacity: 10,
    parentId: null,
    channelManagerId: null,
    productLineIds: [],
    ...overrides,
  };
}

async function errorsOf(promise: Promise<unknown>): Promise<Record<string, string>> {
  const error = await promise.catch((e) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).errors;
}

describe("creating partners", () => {
  it("records the partner, its product lines and an audit entry", async () => {
    const { scope, actor } = await adminActor();
    const lines = await db().selectFrom("product_lines").select("id").execute();
    const id = await createPartner(db(), scope, actor, input({ productLineIds: [lines[0].id, lines[1].id] }));
    const partner = await getPartner(db(), scope, id);
    expect(partner.status).toBe("applied");
    expect(partner.productLines).toHaveLength(2);
    const audit = await db().selectFrom("audit_log").selectAll().where("entity_type", "=", "partner").where("entity_id", "=", String(id)).execute();
    expect(audit.map((a) => a.action)).toEqual(["partner.create"]);
    expect(audit[0].actor_email).toBe("admin@example.com");
  });

  it("refuses a code that is taken, whatever its case", async () => {
    const { scope, actor } = await adminActor();
    const parsed = partnerSchema.parse({ ...input(), code: "nwd", capacity: "5", productLineIds: [] });
    expect(await errorsOf(createPartner(db(), scope, actor, parsed))).toEqual({ code: "errors.codeTaken" });
  });

  it("gives the second of two simultaneous creations with one code a field error, not a crash", async () => {
    const { scope, actor } = await adminActor();
    const code = uniqueCode("RACE");
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => createPartner(db(), scope, actor, input({ code }))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === "rejected")) {
      expect(r.reason).toBeInstanceOf(ValidationError);
      expect((r.reason as ValidationError).errors).toEqual({ code: "errors.codeTaken" });
    }
  });

  it("only puts resellers under distributors", async () => {
    const { scope, actor } = await adminActor();
    const reseller = await partnerByCode("BPS");
    const distributor = await partnerByCode("NWD");
    expect((await errorsOf(createPartner(db(), scope, actor, input({ parentId: reseller.id })))).parentId).toBe("errors.parentNotDistributor");
    expect((await errorsOf(createPartner(db(), scope, actor, input({ type: "agent", parentId: distributor.id })))).parentId).toBe("errors.parentOnlyReseller");
  });

  it("refuses a channel manager who is not one", async () => {
    const { scope, actor } = await adminActor();
    const partnerAdmin = await userByEmail("other@example.com");
    expect((await errorsOf(createPartner(db(), scope, actor, input({ channelManagerId: partnerAdmin.id })))).channelManagerId).toBe("errors.invalid");
  });

  it("does not turn a distributor with resellers into something else", async () => {
    const { scope, actor } = await adminActor();
    const distributorId = await createPartner(db(), scope, actor, input({ type: "distributor" }));
    await createPartner(db(), scope, actor, input({ parentId: distributorId }));
    const current = await getPartner(db(), scope, distributorId);
    const errors = await errorsOf(updatePartner(db(), scope, actor, distributorId, input({ code: current.code, type: "agent" })));
    expect(errors.type).toBe("errors.hasResellers");
  });

  it("is for admins only", async () => {
    const manager = await userByEmail("manager@example.com");
    const error = await createPartner(db(), await scopeOf("manager@example.com"), { userId: manager.id, email: manager.email, ip: null }, input()).catch(
      (e) => e,
    );
    expect((error as Response).status).toBe(403);
  });
});

describe("the partner status path", () => {
  it("goes applied → onboarding → active ↔ suspended and nowhere else", async () => {
    const { scope, actor } = await adminActor();
    const id = await createPartner(db(), scope, actor, input());
    expect((await errorsOf(changePartnerStatus(db(), scope, actor, id, "active"))).status).toBe("errors.transition");
    await changePartnerStatus(db(), scope, actor, id, "onboarding");
    await changePartnerStatus(db(), scope, actor, id, "active");
    await changePartnerStatus(db(), scope, actor, id, "suspended");
    await changePartnerStatus(db(), scope, actor, id, "active");
    expect((await errorsOf(changePartnerStatus(db(), scope, actor, id, "applied"))).status).toBe("errors.transition");
    const history = await db()
      .selectFrom("audit_log")
      .select(["before_json", "after_json"])
      .where("action", "=", "partner.status_change")
      .where("entity_id", "=", String(id))
      .orderBy("id")
      .execute();
    expect(history.map((h) => `${JSON.parse(h.before_json!).status}>${JSON.parse(h.after_json!).status}`)).toEqual([
      "applied>onboarding",
      "onboarding>active",
      "active>suspended",
      "suspended>active",
    ]);
  });
});
