// Direct database access for tests: set up rows and check what a request changed.
import { getDb } from "../../app/lib/db.server";
import { scopeFor } from "../../app/lib/scope.server";
import type { Scope } from "../../app/lib/scope.server";

export const db = () => getDb();

export async function userByEmail(email: string) {
  return getDb().selectFrom("users").selectAll().where("email", "=", email).executeTakeFirstOrThrow();
}

export async function scopeOf(email: string): Promise<Scope> {
  const user = await userByEmail(email);
  return scopeFor({ id: user.id, role: user.role, partnerId: user.partner_id });
}

export async function partnerByCode(code: string) {
  return getDb().selectFrom("partners").selectAll().where("code", "=", code).executeTakeFirstOrThrow();
}

let counter = 0;
/** A code no other test uses, for rows a test creates. */
export function uniqueCode(prefix = "T"): string {
  counter += 1;
  return `${prefix}${process.pid.toString(36)}${Date.now().toString(36)}${counter}`.toUpperCase().slice(0, 30);
}
