// Rows for certification tests: a product line and a certification of their own, and awards
// written straight into the table, so each test sets up exactly the holdings it checks.
import { db, uniqueCode } from "./db";
import type { AwardStatus, PartnerType } from "../../db/types";

export async function makeProductLine(): Promise<number> {
  const code = uniqueCode("L").slice(0, 16);
  const result = await db()
    .insertInto("product_lines")
    .values({ code, name: `Line ${code}`, name_zh: null })
    .executeTakeFirstOrThrow();
  return Number(result.insertId);
}

export async function makeCertification(
  productLineId: number | null,
  options: { validityMonths?: number; requiredFor?: PartnerType[]; active?: boolean } = {},
): Promise<{ id: number; code: string }> {
  const code = uniqueCode("C").slice(0, 32);
  const result = await db()
    .insertInto("certifications")
    .values({
      code,
      name: `Certification ${code}`,
      name_zh: `认证 ${code}`,
      product_line_id: productLineId,
      level: "associate",
      validity_months: options.validityMonths ?? 24,
      required_for_types: (options.requiredFor ?? []).join(","),
      active: options.active === false ? 0 : 1,
    })
    .executeTakeFirstOrThrow();
  return { id: Number(result.insertId), code };
}

export async function giveAward(award: {
  partnerId: number;
  userId: number;
  certificationId: number;
  status?: AwardStatus;
  earnedOn?: string;
  expiresOn: string;
}): Promise<number> {
  const result = await db()
    .insertInto("user_certifications")
    .values({
      partner_id: award.partnerId,
      user_id: award.userId,
      certification_id: award.certificationId,
      status: award.status ?? "valid",
      earned_on: award.earnedOn ?? "2026-01-01",
      expires_on: award.expiresOn,
      source: "import",
      created_by: award.userId,
    })
    .executeTakeFirstOrThrow();
  return Number(result.insertId);
}

/** A day `days` from the real today, as a DATE column holds it. */
export function dayFrom(days: number, from = new Date()): string {
  return new Date(from.getTime() + days * 24 * 3600 * 1000).toISOString().slice(0, 10);
}
