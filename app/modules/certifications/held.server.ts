// What a partner holds: the product lines of its users' valid, unexpired certifications, and
// how many of its users hold at least one. Lead routing, onboarding and the tier review read
// these two figures, so each has this one definition.
import { sql, type Transaction } from "kysely";
import { now } from "~/lib/clock.server";
import { unscoped } from "~/lib/scope-guard.server";
import type { DB } from "~/lib/db.server";
import type { Database } from "../../../db/types";

type Reader = DB | Transaction<Database>;

/** A day as stored in a DATE column, in UTC: an award expiring today still counts today. */
export function todayUtc(): string {
  return now().toISOString().slice(0, 10);
}

function heldAwards(db: Reader, partnerIds: number[]) {
  return (
    db
      .selectFrom("user_certifications as uc")
      .innerJoin("users as u", "u.id", "uc.user_id")
      .where("uc.partner_id", "in", partnerIds)
      .where("uc.status", "=", "valid")
      .where("uc.expires_on", ">=", todayUtc())
      // A deactivated user no longer works for the partner: their certificate no longer counts for it.
      .where("u.status", "<>", "deactivated")
      .$call(unscoped("the callers name the partners: routing, onboarding and the tier review weigh partners for the vendor"))
  );
}

/** Product line ids each partner is certified for; partners with none are absent from the map. */
export async function certifiedProductLines(db: Reader, partnerIds: number[]): Promise<Map<number, Set<number>>> {
  const held = new Map<number, Set<number>>();
  if (partnerIds.length === 0) return held;
  const rows = await heldAwards(db, partnerIds)
    .innerJoin("certifications as c", "c.id", "uc.certification_id")
    .where("c.product_line_id", "is not", null)
    .select(["uc.partner_id", "c.product_line_id"])
    .distinct()
    .execute();
  for (const row of rows) {
    let lines = held.get(row.partner_id);
    if (!lines) held.set(row.partner_id, (lines = new Set()));
    lines.add(row.product_line_id!);
  }
  return held;
}

/** Distinct users of each partner holding at least one valid, unexpired certification; every partner asked for has an entry. */
export async function certifiedUserCounts(db: Reader, partnerIds: number[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>(partnerIds.map((id) => [id, 0]));
  if (partnerIds.length === 0) return counts;
  const rows = await heldAwards(db, partnerIds)
    .select(["uc.partner_id", sql<number>`COUNT(DISTINCT uc.user_id)`.as("n")])
    .groupBy("uc.partner_id")
    .execute();
  for (const row of rows) counts.set(row.partner_id, Number(row.n));
  return counts;
}

/** A partner's certified product lines with their names, for its own page. */
export async function partnerCertifiedLines(db: Reader, partnerId: number) {
  const ids = [...((await certifiedProductLines(db, [partnerId])).get(partnerId) ?? [])];
  if (ids.length === 0) return [];
  return db.selectFrom("product_lines").select(["id", "code", "name", "name_zh"]).where("id", "in", ids).orderBy("name").execute();
}
