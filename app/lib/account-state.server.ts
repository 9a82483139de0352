// Who may use the portal at all, decided here and nowhere else. A user's own status and their
// partner's status both count: a deactivated user, or any user of a suspended partner, stops
// everywhere at once: sign-in, sessions (validated against the database on every request) and
// API keys (checked on every call). Suspension revokes nothing, so reactivating the partner
// or the user restores their keys; sessions are ended, so people sign in again.
import { ValidationError } from "./forms";
import type { Transaction } from "kysely";
import type { Database, PartnerStatus, UserStatus } from "../../db/types";
import type { DB } from "./db.server";

/** Partner statuses under which nothing of the partner's works until the vendor lifts them. */
const LOCKED_OUT: readonly PartnerStatus[] = ["suspended"];

export type Standing = "ok" | "user_inactive" | "partner_suspended";

export function accountStanding(account: { userStatus: UserStatus; partnerStatus: PartnerStatus | null }): Standing {
  if (account.partnerStatus && LOCKED_OUT.includes(account.partnerStatus)) return "partner_suspended";
  return account.userStatus === "active" ? "ok" : "user_inactive";
}

export function isPartnerLockedOut(status: PartnerStatus): boolean {
  return LOCKED_OUT.includes(status);
}

/**
 * Refuses new work for a partner that is locked out: fund requests and claims, sell-through
 * submissions, API keys, invitations, allocations. Its sessions and keys already stop; this
 * also holds the vendor side and any path that acts for the partner without a session.
 */
export async function requirePartnerInGoodStanding(db: DB | Transaction<Database>, partnerId: number): Promise<void> {
  const partner = await db.selectFrom("partners").select("status").where("id", "=", partnerId).executeTakeFirst();
  if (partner && isPartnerLockedOut(partner.status)) throw new ValidationError({ form: "errors.partnerSuspended" });
}
