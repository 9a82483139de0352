// Certifications against the database: what a partner holds (certified product lines and
// certified users, the figures routing, onboarding and the tier review read).
import { describe, expect, it } from "vitest";
import { certifiedProductLines, certifiedUserCounts } from "~/modules/certifications/held.server";
import { db } from "../support/db";
import { makeWorld } from "../support/leads";
import { dayFrom, giveAward, makeCertification, makeProductLine } from "../support/certifications";

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
