// Recruitment against a real database: what the public form accepts, the throttle per address,
// look-alikes of partners and of other applications, and the vendor's decisions (approval
// creates the partner with its first admin invited; a decline and a question reach the
// applicant in their language; the answer comes back through a one-time link).
import { describe, expect, it } from "vitest";
import { ValidationError, parseForm } from "~/lib/forms";
import { answerInfoRequest, findInfoRequest, submitApplication } from "~/modules/applications/apply.server";
import { approveApplication, askForInformation, assignApplication, declineApplication } from "~/modules/applications/vetting.server";
import { getApplication, listApplications, readApplicationListQuery } from "~/modules/applications/read.server";
import { APPLY_LISTS, applySchema } from "~/modules/applications/schemas";
import { customerDomain } from "~/modules/deals/customer";
import { applied, applyFields, applyInput, freshAddress, mailsTo, replyTokenMailedTo } from "../support/applications";
import { db, partnerByCode, scopeOf, uniqueCode, userByEmail } from "../support/db";

async function actorOf(email: string) {
  const user = await userByEmail(email);
  return { scope: await scopeOf(email), actor: { userId: user.id, email: user.email, ip: "127.0.0.1" } };
}

function formOf(fields: Record<string, string | string[]>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
  return form;
}

async function errorsOf(promise: Promise<unknown>): Promise<Record<string, string>> {
  const error = await promise.catch((e) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).errors;
}

describe("the application form", () => {
  it("asks for the company, its type, regions, product lines and a contact, within length limits", async () => {
    const parsed = parseForm(applySchema, formOf({ company: "", type: "wholesaler", country: "XX", contactEmail: "nope", companySize: "" }), APPLY_LISTS);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toMatchObject({
      company: "errors.required",
      type: "errors.choose",
      country: "errors.country",
      regionIds: "applications.errors.chooseRegion",
      productLineIds: "applications.errors.chooseProductLine",
      companySize: "errors.choose",
      contactName: "errors.required",
      contactEmail: "errors.email",
    });
    const long = parseForm(applySchema, formOf(applyFields(await applyInput({ company: "x".repeat(201), message: "y".repeat(2001) }))), APPLY_LISTS);
    expect(long.ok ? {} : long.errors).toEqual({ company: "errors.tooLong", message: "errors.tooLong" });
  });

  it("refuses < and > in every text field, and a website that is not one", async () => {
    const fields = applyFields(
      await applyInput({
        company: "<b>Bold</b> GmbH",
        references: "see <a href=x>here</a>",
        message: "<script>alert(1)</script>",
        contactName: "Eve >",
        contactPhone: "<1>",
        website: "not a website",
      }),
    );
    const parsed = parseForm(applySchema, formOf(fields), APPLY_LISTS);
    expect(parsed.ok ? {} : parsed.errors).toEqual({
      company: "applications.errors.noHtml",
      references: "applications.errors.noHtml",
      message: "applications.errors.noHtml",
      contactName: "applications.errors.noHtml",
      contactPhone: "applications.errors.noHtml",
      website: "applications.errors.website",
    });
  });

  it("refuses regions and product lines that do not exist, and stores nothing", async () => {
    const input = await applyInput({ regionIds: [999999], productLineIds: [999998] });
    expect(await errorsOf(submitApplication(db(), input, { ip: freshAddress(), locale: "en" }))).toEqual({
      regionIds: "errors.invalid",
      productLineIds: "errors.invalid",
    });
    expect(await db().selectFrom("partner_applications").select("id").where("contact_email", "=", input.contactEmail).executeTakeFirst()).toBeUndefined();
  });
});

describe("applying", () => {
  it("stores the application, confirms to the contact in their language and tells the vendor admins", async () => {
    const application = await applied({ company: `华南测试代理有限公司 ${uniqueCode("Z")}` }, "zh-CN");
    expect(application).toMatchObject({ status: "submitted", locale: "zh-CN", duplicate_reason: null, assigned_manager_id: null });
    const mails = await mailsTo(application.contact_email);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toContain("您的合作伙伴申请");
    expect(mails[0].body_text).toContain(`申请编号为 ${application.id}`);
    const admin = await userByEmail("admin@example.com");
    const notice = await db()
      .selectFrom("notifications")
      .select(["kind", "link"])
      .where("user_id", "=", admin.id)
      .where("link", "=", `/applications/${application.id}`)
      .executeTakeFirst();
    expect(notice).toEqual({ kind: "partner_lifecycle", link: `/applications/${application.id}` });
    const events = await db().selectFrom("partner_application_events").select("event").where("application_id", "=", application.id).execute();
    expect(events.map((e) => e.event)).toEqual(["submitted"]);
  });

  it("takes five applications an hour from one address, then asks it to wait; another address is not held up", async () => {
    const address = freshAddress();
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await submitApplication(db(), await applyInput(), { ip: address, locale: "en" }));
    expect(results.slice(0, 5).every((r) => r.ok)).toBe(true);
    expect(results[5].ok).toBe(false);
    expect(results[5].ok ? 0 : results[5].retryAfterSeconds).toBeGreaterThan(50 * 60);
    expect((await submitApplication(db(), await applyInput(), { ip: freshAddress(), locale: "en" })).ok).toBe(true);
  });
});

describe("look-alikes", () => {
  it("flags an existing partner by its name without the legal form, or by its web domain, for the vendor", async () => {
    const northwind = await partnerByCode("NWD");
    const byName = await applied({ company: "NORTHWIND Distribution AG" });
    expect(byName).toMatchObject({ duplicate_of_partner_id: northwind.id, duplicate_reason: "name" });
    const byDomain = await applied({
      company: `Someone Else ${uniqueCode("D")}`,
      website: `https://shop.${customerDomain(northwind.website)}/about`,
    });
    expect(byDomain).toMatchObject({ duplicate_of_partner_id: northwind.id, duplicate_reason: "domain" });
    const { scope } = await actorOf("admin@example.com");
    const view = await getApplication(db(), scope, byName.id);
    expect(view.duplicatePartner).toMatchObject({ id: northwind.id, code: "NWD" });
  });

  it("flags a second open application of the same company, and nothing for a new one", async () => {
    const name = `Brand New ${uniqueCode("N")} Ltd`;
    const first = await applied({ company: name });
    expect(first.duplicate_reason).toBeNull();
    const second = await applied({ company: `${name.replace(" Ltd", "")} Limited` });
    expect(second).toMatchObject({ duplicate_of_partner_id: null, duplicate_reason: "name" });
    const { scope } = await actorOf("admin@example.com");
    expect((await getApplication(db(), scope, second.id)).similar.map((s) => s.id)).toEqual([first.id]);
  });
});

describe("vetting", () => {
  it("approval creates the onboarding partner with the product lines applied for, invites its first admin and records the history", async () => {
    const application = await applied({ type: "agent", country: "AT" });
    const { scope, actor } = await actorOf("admin@example.com");
    const manager = await userByEmail("manager@example.com");
    const code = uniqueCode("AP");
    const partnerId = await approveApplication(db(), scope, actor, application.id, { code, tier: "silver", channelManagerId: manager.id, regionId: null });

    const partner = await db().selectFrom("partners").selectAll().where("id", "=", partnerId).executeTakeFirstOrThrow();
    expect(partner).toMatchObject({
      code,
      name: application.company_name,
      type: "agent",
      tier: "silver",
      status: "onboarding",
      country: "AT",
      channel_manager_id: manager.id,
      contact_email: application.contact_email,
    });
    const lines = await db()
      .selectFrom("partner_product_lines")
      .select("product_line_id")
      .where("partner_id", "=", partnerId)
      .orderBy("product_line_id")
      .execute();
    expect(lines.map((l) => l.product_line_id)).toEqual(JSON.parse(application.product_line_ids_json).sort((a: number, b: number) => a - b));
    const invited = await userByEmail(application.contact_email);
    expect(invited).toMatchObject({ role: "partner_admin", partner_id: partnerId, status: "invited", name: application.contact_name });
    const mails = await mailsTo(application.contact_email);
    expect(mails.some((m) => m.body_text.includes("/set-password/"))).toBe(true);
    expect(mails.some((m) => m.subject.startsWith("Welcome: your partner application is approved"))).toBe(true);

    const history = await db()
      .selectFrom("partner_events")
      .select(["event", "from_value", "to_value"])
      .where("partner_id", "=", partnerId)
      .orderBy("id")
      .execute();
    expect(history).toEqual([
      { event: "applied", from_value: null, to_value: "applied" },
      { event: "approved", from_value: "applied", to_value: "onboarding" },
    ]);
    const audit = await db().selectFrom("audit_log").select("action").where("partner_id", "=", partnerId).orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["partner.create", "partner.applied", "partner.approved", "user.invite", "application.approved"]);
    const after = await db().selectFrom("partner_applications").selectAll().where("id", "=", application.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: "approved", partner_id: partnerId, decided_by: actor.userId });
    // Decided once: a second approval or a decline is refused.
    expect(await errorsOf(declineApplication(db(), scope, actor, application.id, "late"))).toEqual({ form: "applications.errors.closed" });
  });

  it("an approval that would clash (a taken code) leaves nothing behind", async () => {
    const application = await applied();
    const { scope, actor } = await actorOf("admin@example.com");
    const manager = await userByEmail("manager@example.com");
    expect(
      await errorsOf(approveApplication(db(), scope, actor, application.id, { code: "NWD", tier: "registered", channelManagerId: manager.id, regionId: null })),
    ).toEqual({ code: "errors.codeTaken" });
    expect(await db().selectFrom("users").select("id").where("email", "=", application.contact_email).executeTakeFirst()).toBeUndefined();
    expect((await db().selectFrom("partner_applications").select("status").where("id", "=", application.id).executeTakeFirstOrThrow()).status).toBe(
      "submitted",
    );
  });

  it("a decline keeps the reason and tells the applicant in their language", async () => {
    const application = await applied({}, "zh-CN");
    const { scope, actor } = await actorOf("admin@example.com");
    await declineApplication(db(), scope, actor, application.id, "Your region is already covered.");
    const after = await db().selectFrom("partner_applications").selectAll().where("id", "=", application.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: "declined", decision_reason: "Your region is already covered.", partner_id: null });
    const last = (await mailsTo(application.contact_email)).at(-1)!;
    expect(last.subject).toBe(`您的合作伙伴申请（${application.company_name}）`);
    expect(last.body_text).toContain("我们决定不再推进您的申请");
    expect(last.body_text).toContain("Your region is already covered.");
  });

  it("a question goes out with a one-time link; the answer puts the application back in the queue", async () => {
    const application = await applied();
    const { scope, actor } = await actorOf("admin@example.com");
    await askForInformation(db(), scope, actor, application.id, "Which brands do you carry today?");
    const asked = await db().selectFrom("partner_applications").selectAll().where("id", "=", application.id).executeTakeFirstOrThrow();
    expect(asked.status).toBe("more_info");
    const token = await replyTokenMailedTo(application.contact_email);
    // Only the hash is kept.
    expect(asked.info_token_hash).not.toContain(token);
    expect(await findInfoRequest(db(), token)).toEqual({
      id: application.id,
      companyName: application.company_name,
      question: "Which brands do you carry today?",
    });

    expect(await answerInfoRequest(db(), token, "Mostly our own.", "203.0.113.9")).toBe(true);
    const answered = await db().selectFrom("partner_applications").selectAll().where("id", "=", application.id).executeTakeFirstOrThrow();
    expect(answered).toMatchObject({ status: "submitted", info_token_hash: null });
    const events = await db()
      .selectFrom("partner_application_events")
      .select(["event", "text"])
      .where("application_id", "=", application.id)
      .orderBy("id")
      .execute();
    expect(events).toEqual([
      { event: "submitted", text: null },
      { event: "more_info", text: "Which brands do you carry today?" },
      { event: "answered", text: "Mostly our own." },
    ]);
    // The link works once.
    expect(await answerInfoRequest(db(), token, "Again", null)).toBe(false);
    expect(await findInfoRequest(db(), token)).toBeNull();
  });

  it("a channel manager sees the unassigned ones and their own, takes one, and decides only what is theirs", async () => {
    const application = await applied();
    const mine = await actorOf("manager@example.com");
    const other = await actorOf("manager2@example.com");
    const listed = async (who: typeof mine) =>
      (await listApplications(db(), who.scope, readApplicationListQuery(new URLSearchParams()), { all: true })).rows.map((r) => r.id);
    expect(await listed(mine)).toContain(application.id);
    expect(await listed(other)).toContain(application.id);
    const manager = await userByEmail("manager@example.com");
    const input = { code: uniqueCode("CM"), tier: "registered" as const, channelManagerId: manager.id, regionId: null };
    // Nobody's yet: to decide, take it first.
    await expect(approveApplication(db(), mine.scope, mine.actor, application.id, input)).rejects.toMatchObject({ status: 403 });
    await expect(assignApplication(db(), mine.scope, mine.actor, application.id, (await userByEmail("manager2@example.com")).id)).rejects.toMatchObject({
      status: 403,
    });
    await assignApplication(db(), mine.scope, mine.actor, application.id, manager.id);
    expect(await listed(other)).not.toContain(application.id);
    await expect(getApplication(db(), other.scope, application.id)).rejects.toMatchObject({ status: 404 });
    await expect(declineApplication(db(), other.scope, other.actor, application.id, "mine now")).rejects.toMatchObject({ status: 404 });
    const partnerId = await approveApplication(db(), mine.scope, mine.actor, application.id, input);
    expect((await db().selectFrom("partners").select("status").where("id", "=", partnerId).executeTakeFirstOrThrow()).status).toBe("onboarding");
  });
});
