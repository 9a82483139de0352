// What the security suite compares before and after an attack: the target rows themselves,
// their product lines, sessions and audit entries. Limited to the targets, so tests running
// in parallel in other files cannot disturb the comparison.
import { db } from "../support/db";

export async function partnerSnapshot(partnerId: number): Promise<string> {
  const [partner, lines, audit] = await Promise.all([
    db().selectFrom("partners").selectAll().where("id", "=", partnerId).executeTakeFirst(),
    db().selectFrom("partner_product_lines").selectAll().where("partner_id", "=", partnerId).orderBy("product_line_id").execute(),
    db().selectFrom("audit_log").select("id").where("entity_type", "=", "partner").where("entity_id", "=", String(partnerId)).execute(),
  ]);
  return JSON.stringify({ partner, lines, audit: audit.length });
}

export async function userSnapshot(userId: number): Promise<string> {
  const [user, sessions, tokens, audit] = await Promise.all([
    db()
      .selectFrom("users")
      .select(["id", "email", "name", "role", "partner_id", "status", "password_hash", "time_zone", "updated_at"])
      .where("id", "=", userId)
      .executeTakeFirst(),
    db().selectFrom("user_sessions").select("id").where("user_id", "=", userId).execute(),
    db().selectFrom("user_tokens").select("token_hash").where("user_id", "=", userId).execute(),
    db().selectFrom("audit_log").select("id").where("entity_type", "=", "user").where("entity_id", "=", String(userId)).execute(),
  ]);
  return JSON.stringify({ user, sessions: sessions.length, tokens: tokens.length, audit: audit.length });
}
