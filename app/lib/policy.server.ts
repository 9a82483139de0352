// Who may act on a row, decided here and nowhere else. Who may SEE a row is scope.server.ts's
// business (a row outside the scope is "not found"); this module answers, for a row the
// caller can see, what they may do to it. Module functions ask `requireRight` after loading
// the row through the scope; routes never decide rights themselves.
//
// The rules, by how the caller stands to the row (its relation) and what they want to do:
//
// | relation               | who                                                   | view | act as holder | act as reviewer |
// | ---------------------- | ----------------------------------------------------- | ---- | ------------- | --------------- |
// | vendor_admin           | an admin                                              | yes  | no            | yes             |
// | managing_vendor        | the channel manager of the row's partner (or the pool) | yes  | no            | yes             |
// | holder                 | a partner admin of the partner holding the row        | yes  | yes           | no              |
// | holder_owner           | a partner rep who owns or created the row             | yes  | yes           | no              |
// | holder_colleague       | a partner rep of the holder who does not own it       | no   | no            | no              |
// | parent_distributor     | the distributor above the reseller holding the row    | yes  | no            | no              |
// | fulfilling_distributor | a distributor a reseller's deal names to fulfil it    | yes  | no            | no              |
// | stranger               | anyone else                                           | no   | no            | no              |
//
// "Act as holder" is what the partner doing the work does (accept, reject, work and note a
// lead; edit, submit, withdraw, extend, close a deal; request, claim; report sell-through).
// "Act as reviewer" is the vendor's side (offer and take back leads, note them, decide
// registrations, requests and claims, pay). Nobody is both: a vendor user never acts as a
// partner, and a partner never reviews. Tested as a matrix in test/unit/policy.test.ts.
//
// One exception, for sell-through: an admin may report a month on a distributor's behalf
// (distributors do send files to the vendor to load); see requireReporter.
import { forbidden } from "./http.server";
import type { Scope } from "./scope.server";

export type Action = "view" | "act_as_holder" | "act_as_reviewer";

export type Relation =
  "vendor_admin" | "managing_vendor" | "holder" | "holder_owner" | "holder_colleague" | "parent_distributor" | "fulfilling_distributor" | "stranger";

export const RIGHTS: Readonly<Record<Relation, readonly Action[]>> = {
  vendor_admin: ["view", "act_as_reviewer"],
  managing_vendor: ["view", "act_as_reviewer"],
  holder: ["view", "act_as_holder"],
  holder_owner: ["view", "act_as_holder"],
  holder_colleague: [],
  parent_distributor: ["view"],
  fulfilling_distributor: ["view"],
  stranger: [],
};

/** What the policy needs to know of a row: who holds it, and who else is tied to it. */
export interface HeldRow {
  /** The partner holding the row; null for a lead in the vendor's pool. */
  partnerId: number | null;
  /** The holder's parent distributor, when the holder is a reseller under one. */
  holderParentId?: number | null;
  /** The users of the holder who own or created the row: a rep acts only on these. */
  ownerUserIds?: readonly (number | null)[];
  /** A distributor named to fulfil the row (deal registrations). */
  fulfillingPartnerId?: number | null;
}

/**
 * How the caller stands to a row they can see. A channel manager who can see a row manages
 * its partner (or it is in the pool): the scope decided that before.
 */
export function relationTo(scope: Scope, row: HeldRow): Relation {
  if (scope.kind === "admin") return "vendor_admin";
  if (scope.kind === "channel_manager") return "managing_vendor";
  if (row.partnerId !== null && row.partnerId === scope.partnerId) {
    if (scope.role === "partner_admin") return "holder";
    return (row.ownerUserIds ?? []).includes(scope.userId) ? "holder_owner" : "holder_colleague";
  }
  if (row.fulfillingPartnerId != null && row.fulfillingPartnerId === scope.partnerId) return "fulfilling_distributor";
  if (row.holderParentId != null && row.holderParentId === scope.partnerId) return "parent_distributor";
  return "stranger";
}

export function may(scope: Scope, action: Action, row: HeldRow): boolean {
  return RIGHTS[relationTo(scope, row)].includes(action);
}

/** Throws 403 unless the caller may do this to the row (which they can already see). */
export function requireRight(scope: Scope, action: Action, row: HeldRow): void {
  if (!may(scope, action, row)) forbidden();
}

/** The same, for either of two actions (a note on a lead: its holder or the vendor). */
export function requireAnyRight(scope: Scope, actions: readonly Action[], row: HeldRow): void {
  if (!actions.some((action) => may(scope, action, row))) forbidden();
}

/** `requireRight(…, "act_as_holder", …)`, telling TypeScript the caller is a partner user. */
export function requireHolder(scope: Scope, row: HeldRow): asserts scope is Extract<Scope, { kind: "partner" }> {
  requireRight(scope, "act_as_holder", row);
}

/** `requireRight(…, "act_as_reviewer", …)`, telling TypeScript the caller is on the vendor's side. */
export function requireReviewer(scope: Scope, row: HeldRow): asserts scope is Exclude<Scope, { kind: "partner" }> {
  requireRight(scope, "act_as_reviewer", row);
}

/**
 * Who reports sell-through for a distributor the scope can see: the distributor's own partner
 * admin, or an admin on its behalf. Channel managers review reports; reps and resellers have
 * nothing to report.
 */
export function requireReporter(scope: Scope): void {
  if (scope.kind === "channel_manager" || (scope.kind === "partner" && scope.role !== "partner_admin")) forbidden();
}
