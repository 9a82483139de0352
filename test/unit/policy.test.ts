// The rights-to-act policy as a matrix: every role, in every relation it can have to a row,
// against every action. The expected table is written out here independently of RIGHTS, so a
// change to a rule fails this test until the rule and this table agree.
import { describe, expect, it } from "vitest";
import { may, relationTo, type Action, type HeldRow, type Relation } from "~/lib/policy.server";
import type { Scope } from "~/lib/scope.server";

const OWN = 10;
const CHILD = 11;
const OTHER = 20;
const ME = 100;
const COLLEAGUE = 101;

const admin: Scope = { kind: "admin", userId: ME };
const manager: Scope = { kind: "channel_manager", userId: ME };
const partnerAdmin: Scope = { kind: "partner", userId: ME, role: "partner_admin", partnerId: OWN };
const partnerRep: Scope = { kind: "partner", userId: ME, role: "partner_rep", partnerId: OWN };

const ownRow: HeldRow = { partnerId: OWN, ownerUserIds: [ME] };
const colleaguesRow: HeldRow = { partnerId: OWN, ownerUserIds: [COLLEAGUE] };
const childsRow: HeldRow = { partnerId: CHILD, holderParentId: OWN, ownerUserIds: [COLLEAGUE] };
const fulfilledRow: HeldRow = { partnerId: CHILD, holderParentId: null, fulfillingPartnerId: OWN, ownerUserIds: [COLLEAGUE] };
const strangersRow: HeldRow = { partnerId: OTHER, holderParentId: OTHER + 1, fulfillingPartnerId: OTHER + 2, ownerUserIds: [ME] };
const poolRow: HeldRow = { partnerId: null };

// [who, row, relation, view, act as holder, act as reviewer]
const MATRIX: [string, Scope, HeldRow, Relation, boolean, boolean, boolean][] = [
  ["admin, a partner's row", admin, ownRow, "vendor_admin", true, false, true],
  ["admin, a pool lead", admin, poolRow, "vendor_admin", true, false, true],
  ["channel manager, a managed partner's row", manager, colleaguesRow, "managing_vendor", true, false, true],
  ["channel manager, a pool lead", manager, poolRow, "managing_vendor", true, false, true],
  ["partner admin, own partner's row", partnerAdmin, colleaguesRow, "holder", true, true, false],
  ["partner rep, a row they own", partnerRep, ownRow, "holder_owner", true, true, false],
  ["partner rep, a colleague's row", partnerRep, colleaguesRow, "holder_colleague", false, false, false],
  ["distributor admin, its reseller's row", partnerAdmin, childsRow, "parent_distributor", true, false, false],
  ["distributor rep, its reseller's row", partnerRep, childsRow, "parent_distributor", true, false, false],
  ["distributor, a deal it fulfils", partnerAdmin, fulfilledRow, "fulfilling_distributor", true, false, false],
  ["partner admin, another partner's row", partnerAdmin, strangersRow, "stranger", false, false, false],
  ["partner rep, another partner's row naming the rep's id", partnerRep, strangersRow, "stranger", false, false, false],
  ["partner admin, a pool lead", partnerAdmin, poolRow, "stranger", false, false, false],
];

const ACTIONS: Action[] = ["view", "act_as_holder", "act_as_reviewer"];

describe.each(MATRIX)("%s", (_name, scope, row, relation, view, holder, reviewer) => {
  it(`is ${relation}`, () => {
    expect(relationTo(scope, row)).toBe(relation);
  });
  it.each(ACTIONS)("%s", (action) => {
    const expected = { view, act_as_holder: holder, act_as_reviewer: reviewer }[action];
    expect(may(scope, action, row)).toBe(expected);
  });
});

it("gives nobody both sides of a row", () => {
  for (const [, scope, row] of MATRIX) expect(may(scope, "act_as_holder", row) && may(scope, "act_as_reviewer", row)).toBe(false);
});
