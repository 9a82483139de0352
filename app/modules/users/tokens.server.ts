// One-time links for invitations and password resets. Only the SHA-256 of a token is stored;
// redeeming locks the row so a link works exactly once.
import { createHash, randomBytes } from "node:crypto";
import { now } from "~/lib/clock.server";
import type { Transaction } from "kysely";
import type { Database } from "../../../db/types";
import type { DB } from "~/lib/db.server";

export type TokenPurpose = "invite" | "reset";

export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  invite: 7 * 24 * 3600 * 1000,
  reset: 24 * 3600 * 1000,
};

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * A new link. A new reset link replaces the user's older ones: whoever asked last is the one
 * expected to use it, and a link forwarded or leaked earlier should not outlive it.
 */
export async function issueToken(db: DB | Transaction<Database>, userId: number, purpose: TokenPurpose): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  if (purpose === "reset") await revokeTokens(db, userId, "reset");
  await db
    .insertInto("user_tokens")
    .values({ token_hash: hashToken(token), user_id: userId, purpose, expires_at: new Date(now().getTime() + TOKEN_LIFETIME_MS[purpose]) })
    .execute();
  return token;
}

/** Ends the user's unused links (of one purpose, or all): after a password is set or changed, none should still work. */
export async function revokeTokens(db: DB | Transaction<Database>, userId: number, purpose?: TokenPurpose): Promise<void> {
  let query = db.deleteFrom("user_tokens").where("user_id", "=", userId).where("used_at", "is", null);
  if (purpose) query = query.where("purpose", "=", purpose);
  await query.execute();
}

export interface ValidToken {
  tokenHash: string;
  userId: number;
  purpose: TokenPurpose;
  email: string;
  name: string;
}

/** The token's user when the token is unused and unexpired; `forUpdate` locks it for redeeming. */
export async function findValidToken(db: DB | Transaction<Database>, token: string, forUpdate = false): Promise<ValidToken | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  let query = db
    .selectFrom("user_tokens")
    .innerJoin("users", "users.id", "user_tokens.user_id")
    .select([
      "user_tokens.token_hash",
      "user_tokens.user_id",
      "user_tokens.purpose",
      "user_tokens.expires_at",
      "user_tokens.used_at",
      "users.email",
      "users.name",
      "users.status",
    ])
    .where("user_tokens.token_hash", "=", hashToken(token));
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row || row.used_at || row.expires_at <= now() || row.status === "deactivated") return null;
  return { tokenHash: row.token_hash, userId: row.user_id, purpose: row.purpose, email: row.email, name: row.name };
}
