// A little world of its own for lead tests: a region (one country no other test uses), three
// active partners in it with a partner admin each (certified for its product line), and an admin actor. Tests running in
// parallel never route into each other's partners.
import { hash } from "@node-rs/argon2";
import { db, scopeOf, uniqueCode, userByEmail } from "./db";
import type { Tier } from "../../db/types";

export interface World {
  regionId: number;
  country: string;
  lineId: number;
  partners: { id: number; code: string; adminId: number; adminEmail: string }[];
  admin: { scope: Awaited<ReturnType<typeof scopeOf>>; actor: { userId: number; email: string; ip: null } };
}

let passwordHash: Promise<string> | undefined;

export async function makeWorld(country: string, partners: { tier: Tier; postcode: string; capacity?: number }[]): Promise<World> {
  const code = uniqueCode("R");
  const region = await db()
    .insertInto("regions")
    .values({ code, name: `Test region ${code}` })
    .executeTakeFirstOrThrow();
  const regionId = Number(region.insertId);
  await db().insertInto("region_areas").values({ region_id: regionId, country }).execute();
  const line = await db().selectFrom("product_lines").select("id").where("code", "=", "NET").executeTakeFirstOrThrow();
  passwordHash ??= hash("world-password-1");
  const certifications = await db().selectFrom("certifications").select("id").where("product_line_id", "=", line.id).where("active", "=", 1).execute();
  const made: World["partners"] = [];
  for (const p of partners) {
    const partnerCode = uniqueCode("W");
    const result = await db()
      .insertInto("partners")
      .values({
        code: partnerCode,
        name: `Partner ${partnerCode}`,
        type: "reseller",
        tier: p.tier,
        status: "active",
        country,
        region_id: regionId,
        postcode: p.postcode,
        capacity: p.capacity ?? 10,
      })
      .executeTakeFirstOrThrow();
    const partnerId = Number(result.insertId);
    await db().insertInto("partner_product_lines").values({ partner_id: partnerId, product_line_id: line.id }).execute();
    const adminEmail = `${partnerCode.toLowerCase()}@world.example.com`;
    const admin = await db()
      .insertInto("users")
      .values({
        email: adminEmail,
        name: `Admin ${partnerCode}`,
        role: "partner_admin",
        partner_id: partnerId,
        status: "active",
        password_hash: await passwordHash,
      })
      .executeTakeFirstOrThrow();
    // Leads for a line the catalogue certifies go only to certified partners: these are.
    for (const certification of certifications)
      await db()
        .insertInto("user_certifications")
        .values({
          partner_id: partnerId,
          user_id: Number(admin.insertId),
          certification_id: certification.id,
          status: "valid",
          earned_on: "2026-01-01",
          expires_on: "2099-12-31",
          source: "import",
          created_by: Number(admin.insertId),
        })
        .execute();
    made.push({ id: partnerId, code: partnerCode, adminId: Number(admin.insertId), adminEmail });
  }
  const adminUser = await userByEmail("admin@example.com");
  return {
    regionId,
    country,
    lineId: line.id,
    partners: made,
    admin: { scope: await scopeOf("admin@example.com"), actor: { userId: adminUser.id, email: adminUser.email, ip: null } },
  };
}

export function leadInput(world: World, overrides: Record<string, unknown> = {}) {
  return {
    company: `Company ${uniqueCode("C")}`,
    companyDomain: "",
    contactName: "Pat Buyer",
    contactEmail: "",
    contactPhone: "+1 555 0100",
    country: world.country,
    postcode: "",
    productLineId: world.lineId,
    estimatedValue: "25000.00",
    currency: "USD" as const,
    source: "manual" as const,
    notes: "",
    ...overrides,
  };
}
