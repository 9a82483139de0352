// Certifications against the database: what a partner holds (certified product lines and
// certified users, the figures routing, onboarding and the tier review read), a certificate
// from upload to approval or rejection, the training system's import, expiry reminders, and
// routing by certified product lines.
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { certifiedProductLines, certifiedUserCounts } from "~/modules/certifications/held.server";
import { approveAward, CERTIFICATE_FOLDER, getAward, rejectAward, uploadCertificate, uploadSchema } from "~/modules/certifications/awards.server";
import { importAwards } from "~/modules/certifications/import.server";
import { remindExpiringCertifications } from "~/modules/certifications/reminders.server";
import { createLead } from "~/modules/leads/create.server";
import { routeLeads } from "~/modules/leads/routing.server";
import { openStoredFile, storeStream } from "~/lib/storage.server";
import { setClockForTests } from "~/lib/clock.server";
import { ValidationError } from "~/lib/forms";
import { db, scopeOf, uniqueCode, userByEmail } from "../support/db";
import { leadInput, makeWorld } from "../support/leads";
import { dayFrom, giveAward, makeCertification, makeProductLine } from "../support/certifications";
import type { CheckedProof } from "~/modules/funds/claims.server";

async function addUser(partnerId: number, email: string, status: "active" | "deactivated" = "active"): Promise<number> {
  const result = await db()
    .insertInto("users")
    .values({ email, name: email, role: "partner_rep", partner_id: partnerId, status, password_hash: null })
    .executeTakeFirstOrThrow();
  return Number(result.insertId);
}

describe("what a partner holds", () => {
  it("counts only valid, unexpired awards of active users, by product line and by distinct user", async () => {
    const world = await makeWorld("KY", [
      { tier: "gold", postcode: "" },
      { tier: "gold", postcode: "" },
    ]);
    const [a, b] = world.partners;
    const [lineOne, lineTwo, lineThree] = [await makeProductLine(), await makeProductLine(), await makeProductLine()];
    const [certOne, certTwo, certThree] = [await makeCertification(lineOne), await makeCertification(lineTwo), await makeCertification(lineThree)];
    const noLine = await makeCertification(null);
    const colleague = await addUser(a.id, `colleague-${a.code.toLowerCase()}@world.example.com`);
    const leaver = await addUser(a.id, `leaver-${a.code.toLowerCase()}@world.example.com`, "deactivated");

    // What the world's partners already hold (makeWorld certifies them for its own line).
    const before = await certifiedProductLines(db(), [a.id, b.id]);
    const usersBefore = await certifiedUserCounts(db(), [a.id, b.id]);
    await giveAward({ partnerId: a.id, userId: a.adminId, certificationId: certOne.id, expiresOn: dayFrom(0) });
    await giveAward({ partnerId: a.id, userId: a.adminId, certificationId: noLine.id, expiresOn: dayFrom(300) });
    await giveAward({ partnerId: a.id, userId: colleague, certificationId: certOne.id, expiresOn: dayFrom(30) });
    await giveAward({ partnerId: a.id, userId: colleague, certificationId: certTwo.id, expiresOn: dayFrom(-1) });
    await giveAward({ partnerId: a.id, userId: colleague, certificationId: certThree.id, status: "pending", expiresOn: dayFrom(300) });
    await giveAward({ partnerId: a.id, userId: leaver, certificationId: certTwo.id, expiresOn: dayFrom(300) });
    await giveAward({ partnerId: b.id, userId: b.adminId, certificationId: certThree.id, status: "rejected", expiresOn: dayFrom(300) });

    const lines = await certifiedProductLines(db(), [a.id, b.id]);
    expect(lines.get(a.id)).toEqual(new Set([...(before.get(a.id) ?? []), lineOne]));
    expect(lines.get(b.id)).toEqual(before.get(b.id));

    const users = await certifiedUserCounts(db(), [a.id, b.id]);
    expect(users.get(a.id)).toBe(2);
    expect(users.get(b.id)).toBe(usersBefore.get(b.id));
  });

  it("answers an empty list with an empty map", async () => {
    expect((await certifiedProductLines(db(), [])).size).toBe(0);
    expect((await certifiedUserCounts(db(), [])).size).toBe(0);
  });
});

async function actorOf(email: string) {
  const user = await userByEmail(email);
  return { scope: await scopeOf(email), actor: { userId: user.id, email: user.email, ip: null }, user };
}

async function storedPdf(name = "certificate.pdf"): Promise<CheckedProof> {
  const stored = await storeStream(Readable.from([Buffer.from("%PDF-1.4\n% a certificate\n%%EOF\n")]), CERTIFICATE_FOLDER);
  return { fileName: name, stored, contentType: "application/pdf" };
}

describe("a certificate sent by a partner and checked by the channel manager", () => {
  it("waits as pending with its expiry from the validity; approval makes it valid, certifies the line, records history and tells the partner", async () => {
    const line = await makeProductLine();
    const certification = await makeCertification(line, { validityMonths: 12 });
    const rep = await actorOf("rep@example.com");
    const id = await uploadCertificate(
      db(),
      rep.scope,
      rep.actor,
      { userId: rep.user.id, certificationId: certification.id, earnedOn: "2025-01-31" },
      await storedPdf(),
    );
    const pending = await getAward(db(), rep.scope, id);
    expect([pending.status, pending.earned_on, pending.expires_on, pending.hasFile]).toEqual(["pending", "2025-01-31", "2026-01-31", true]);

    const other = await actorOf("other@example.com");
    await expect(approveAward(db(), other.scope, other.actor, id)).rejects.toMatchObject({ status: 404 });

    const manager = await actorOf("manager@example.com");
    await approveAward(db(), manager.scope, manager.actor, id);
    const approved = await getAward(db(), manager.scope, id);
    expect(approved.status).toBe("valid");
    expect(approved.checked_by_name).toBe(manager.user.name);
    const events = await db()
      .selectFrom("partner_events")
      .selectAll()
      .where("partner_id", "=", rep.user.partner_id!)
      .where("event", "=", "certified")
      .where("to_value", "=", certification.code)
      .execute();
    expect(events).toHaveLength(1);
    const audit = await db()
      .selectFrom("audit_log")
      .select("action")
      .where("entity_type", "=", "user_certification")
      .where("entity_id", "=", String(id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["certification.uploaded", "certification.approved"]);
    const notices = await db().selectFrom("notifications").select(["user_id", "kind", "message"]).where("link", "=", `/certifications/${id}`).execute();
    expect(notices.map((n) => n.user_id).sort()).toEqual([rep.user.id, (await userByEmail("reseller@example.com")).id].sort());
    expect(notices.every((n) => n.kind === "partner_lifecycle" && n.message === "certifications.notice.approved")).toBe(true);

    await expect(rejectAward(db(), manager.scope, manager.actor, id, "too late")).rejects.toBeInstanceOf(ValidationError);
  });

  it("a recent approved certificate certifies the partner for its line; a rejected one keeps its reason and certifies nothing", async () => {
    const [lineOk, lineNo] = [await makeProductLine(), await makeProductLine()];
    const [ok, no] = [await makeCertification(lineOk), await makeCertification(lineNo)];
    const admin = await actorOf("reseller@example.com");
    const manager = await actorOf("manager@example.com");
    const earnedOn = dayFrom(-3);
    const good = await uploadCertificate(db(), admin.scope, admin.actor, { userId: admin.user.id, certificationId: ok.id, earnedOn }, await storedPdf());
    const bad = await uploadCertificate(db(), admin.scope, admin.actor, { userId: admin.user.id, certificationId: no.id, earnedOn }, await storedPdf());
    await approveAward(db(), manager.scope, manager.actor, good);
    await rejectAward(db(), manager.scope, manager.actor, bad, "Not the certificate");
    const lines = (await certifiedProductLines(db(), [admin.user.partner_id!])).get(admin.user.partner_id!)!;
    expect(lines.has(lineOk)).toBe(true);
    expect(lines.has(lineNo)).toBe(false);
    expect((await getAward(db(), admin.scope, bad)).reject_reason).toBe("Not the certificate");
  });

  it("refuses a rep sending for a colleague, a user of another partner, and a certification day in the future, keeping no file", async () => {
    const certification = await makeCertification(await makeProductLine());
    const rep = await actorOf("rep@example.com");
    const colleague = await userByEmail("reseller@example.com");
    const stranger = await userByEmail("other@example.com");
    const before = await db().selectFrom("user_certifications").select("id").where("certification_id", "=", certification.id).execute();
    const forColleague = await storedPdf();
    await expect(
      uploadCertificate(db(), rep.scope, rep.actor, { userId: colleague.id, certificationId: certification.id, earnedOn: "2026-01-01" }, forColleague),
    ).rejects.toMatchObject({ status: 403 });
    const admin = await actorOf("reseller@example.com");
    await expect(
      uploadCertificate(db(), admin.scope, admin.actor, { userId: stranger.id, certificationId: certification.id, earnedOn: "2026-01-01" }, await storedPdf()),
    ).rejects.toMatchObject({ status: 404 });
    expect(uploadSchema.safeParse({ userId: "1", certificationId: "1", earnedOn: dayFrom(2) }).success).toBe(false);
    expect(await db().selectFrom("user_certifications").select("id").where("certification_id", "=", certification.id).execute()).toEqual(before);
    await expect(openStoredFile(forColleague.stored.path)).rejects.toThrow();
  });
});

describe("importing awards from the training system", () => {
  it("imports good rows as valid at once, names each bad row's problem, and changes nothing when the file comes again", async () => {
    const certification = await makeCertification(await makeProductLine(), { validityMonths: 24 });
    const admin = await actorOf("admin@example.com");
    const ref = uniqueCode("LMS");
    const csv = [
      "E-mail,Certification code,Earned on,External reference",
      `rep@example.com,${certification.code},2026-02-28,${ref}-1`,
      `Other@Example.com,${certification.code.toLowerCase()},2026-03-01,${ref}-2`,
      `nobody@nowhere.example,${certification.code},2026-03-01,${ref}-3`,
      `rep@example.com,NO-SUCH-CODE,2026-03-01,${ref}-4`,
      `rep@example.com,${certification.code},2026-02-30,${ref}-5`,
      `manager@example.com,${certification.code},2026-03-01,${ref}-6`,
    ].join("\n");
    const first = await importAwards(db(), admin.scope, admin.actor, csv);
    expect(first).toEqual({
      ok: true,
      imported: 2,
      unchanged: 0,
      rowErrors: [
        { row: 4, errors: ["email:certifications.import.unknownEmail"] },
        { row: 5, errors: ["certification_code:certifications.import.unknownCode"] },
        { row: 6, errors: ["earned_on:certifications.import.badDate"] },
        { row: 7, errors: ["email:certifications.import.notPartnerUser"] },
      ],
    });
    const awards = await db()
      .selectFrom("user_certifications")
      .select(["status", "source", "earned_on", "expires_on", "external_ref"])
      .where("certification_id", "=", certification.id)
      .orderBy("external_ref")
      .execute();
    expect(awards).toEqual([
      { status: "valid", source: "import", earned_on: "2026-02-28", expires_on: "2028-02-28", external_ref: `${ref}-1` },
      { status: "valid", source: "import", earned_on: "2026-03-01", expires_on: "2028-03-01", external_ref: `${ref}-2` },
    ]);

    const again = await importAwards(db(), admin.scope, admin.actor, csv);
    expect(again).toMatchObject({ ok: true, imported: 0, unchanged: 2 });
    expect(await db().selectFrom("user_certifications").select("id").where("certification_id", "=", certification.id).execute()).toHaveLength(2);
  });

  it("a channel manager imports only for users of their own partners; a partner may not import", async () => {
    const certification = await makeCertification(await makeProductLine());
    const manager = await actorOf("manager@example.com");
    const result = await importAwards(
      db(),
      manager.scope,
      manager.actor,
      `email,certification_code,earned_on\nother@example.com,${certification.code},2026-01-05`,
    );
    expect(result).toMatchObject({ ok: true, imported: 0, rowErrors: [{ row: 2, errors: ["email:certifications.import.unknownEmail"] }] });
    const partner = await actorOf("distributor@example.com");
    await expect(
      importAwards(db(), partner.scope, partner.actor, `email,certification_code,earned_on\nops@northwind.example.com,${certification.code},2026-01-05`),
    ).rejects.toMatchObject({
      status: 403,
    });
    const missing = await importAwards(db(), manager.scope, manager.actor, "email,earned_on\nrep@example.com,2026-01-05");
    expect(missing).toEqual({ ok: false, fileError: "errors.importColumns:certification_code" });
  });
});

describe("expiry reminders", () => {
  it("tell the holder and the partner's admins 60 and 14 days ahead, each once however often the job runs", async () => {
    const world = await makeWorld("KN", [{ tier: "gold", postcode: "" }]);
    const [partner] = world.partners;
    const holder = await addUser(partner.id, `holder-${partner.code.toLowerCase()}@world.example.com`);
    const certification = await makeCertification(await makeProductLine());
    const soon = await giveAward({ partnerId: partner.id, userId: holder, certificationId: certification.id, expiresOn: dayFrom(50) });
    const remindersOf = () =>
      db().selectFrom("lifecycle_reminders").select("days_before").where("subject", "=", "certification_expiry").where("subject_id", "=", soon).execute();
    const noticesOf = () => db().selectFrom("notifications").select(["user_id", "kind"]).where("link", "=", `/certifications/${soon}`).execute();

    await remindExpiringCertifications(db());
    await remindExpiringCertifications(db());
    expect((await remindersOf()).map((r) => r.days_before)).toEqual([60]);
    expect((await noticesOf()).map((n) => [n.user_id, n.kind]).sort()).toEqual(
      [
        [holder, "partner_lifecycle"],
        [partner.adminId, "partner_lifecycle"],
      ].sort(),
    );

    setClockForTests(() => new Date(Date.now() + 40 * 24 * 3600 * 1000));
    try {
      await remindExpiringCertifications(db());
      await remindExpiringCertifications(db());
    } finally {
      setClockForTests(undefined);
    }
    expect((await remindersOf()).map((r) => r.days_before).sort()).toEqual([14, 60]);
    expect(await noticesOf()).toHaveLength(4);
  });
});

describe("routing by certified product lines", () => {
  it("sends a certified line's lead only to a certified partner, and says so in the offer; other lines follow the partner's product lines", async () => {
    const world = await makeWorld("PW", [
      { tier: "platinum", postcode: "" },
      { tier: "registered", postcode: "" },
    ]);
    const [uncertified, certified] = world.partners;
    const line = await makeProductLine();
    const open = await makeProductLine();
    for (const p of world.partners)
      await db()
        .insertInto("partner_product_lines")
        .values([
          { partner_id: p.id, product_line_id: line },
          { partner_id: p.id, product_line_id: open },
        ])
        .execute();
    const certification = await makeCertification(line);
    await giveAward({ partnerId: certified.id, userId: certified.adminId, certificationId: certification.id, expiresOn: dayFrom(100) });
    // The better partner by score has only an expired certification.
    await giveAward({ partnerId: uncertified.id, userId: uncertified.adminId, certificationId: certification.id, expiresOn: dayFrom(-1) });

    const { scope, actor } = world.admin;
    const gated = await createLead(db(), scope, actor, leadInput(world, { productLineId: line }));
    const free = await createLead(db(), scope, actor, leadInput(world, { productLineId: open }));
    await routeLeads(db(), scope, actor, [gated.id, free.id]);
    const offers = await db().selectFrom("lead_offers").select(["lead_id", "partner_id", "breakdown"]).where("lead_id", "in", [gated.id, free.id]).execute();
    const gatedOffer = offers.find((o) => o.lead_id === gated.id)!;
    expect(gatedOffer.partner_id).toBe(certified.id);
    expect(JSON.parse(gatedOffer.breakdown!).certified).toBe(true);
    const freeOffer = offers.find((o) => o.lead_id === free.id)!;
    expect(freeOffer.partner_id).toBe(uncertified.id);
    expect(JSON.parse(freeOffer.breakdown!).certified).toBeUndefined();
  });

  it("leaves the lead in the pool, saying nobody is certified, when no candidate holds a valid certification", async () => {
    const world = await makeWorld("NU", [{ tier: "gold", postcode: "" }]);
    const line = await makeProductLine();
    await db().insertInto("partner_product_lines").values({ partner_id: world.partners[0].id, product_line_id: line }).execute();
    await makeCertification(line);
    const { scope, actor } = world.admin;
    const lead = await createLead(db(), scope, actor, leadInput(world, { productLineId: line }));
    await routeLeads(db(), scope, actor, [lead.id]);
    const row = await db().selectFrom("leads").select(["status", "pool_reason"]).where("id", "=", lead.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "new", pool_reason: "No eligible partner (1 not certified for the product line)." });
  });
});
