// Finding partners for a picker, within the caller's scope: a channel manager with 400
// partners types a few letters instead of scrolling a list of all of them.
import { sql, type RawBuilder, type SqlBool } from "kysely";
import { partnerFilter, type Scope } from "~/lib/scope.server";
import { likePattern } from "~/lib/list-query";
import { readPartnerRef, type PartnerChoice } from "./picker";
import type { DB } from "~/lib/db.server";

export const PICKER_LIMIT = 20;

/**
 * A list's partner filter as typed or linked (an id, or a code with or without the name after
 * it) on `column`; null when the text names no partner. The caller's scope is applied apart.
 */
export function partnerRefFilter(text: string, column: string): RawBuilder<SqlBool> | null {
  const ref = readPartnerRef(text);
  if (!ref) return null;
  if ("id" in ref) return sql<SqlBool>`${sql.ref(column)} = ${ref.id}`;
  return sql<SqlBool>`${sql.ref(column)} IN (SELECT ref_p.id FROM partners ref_p WHERE ref_p.code = ${ref.code})`;
}

/** Up to PICKER_LIMIT active partners whose code or name contains the text, by name. */
export async function searchPartnerChoices(db: DB, scope: Scope, text: string): Promise<PartnerChoice[]> {
  const q = text.trim();
  return db
    .selectFrom("partners")
    .select(["id", "code", "name"])
    .where(partnerFilter(scope, "partners.id"))
    .where("status", "=", "active")
    .$if(q !== "", (b) => b.where((eb) => eb.or([eb("code", "like", likePattern(q)), eb("name", "like", likePattern(q))])))
    .orderBy("name")
    .orderBy("id")
    .limit(PICKER_LIMIT)
    .execute();
}

/** The partner a picker's text names, if the caller may see it. */
export async function findPartnerChoice(db: DB, scope: Scope, text: string | null | undefined): Promise<PartnerChoice | null> {
  const ref = readPartnerRef(text);
  if (!ref) return null;
  const partner = await db
    .selectFrom("partners")
    .select(["id", "code", "name"])
    .where(partnerFilter(scope, "partners.id"))
    .$if("id" in ref, (b) => b.where("id", "=", (ref as { id: number }).id))
    .$if("code" in ref, (b) => b.where("code", "=", (ref as { code: string }).code))
    .executeTakeFirst();
  return partner ?? null;
}
