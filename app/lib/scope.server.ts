// The one chokepoint for per-partner row scoping. Every read or write of partner-owned data
// takes a Scope and gets its WHERE from here; no route builds a partner filter by hand.
import { sql, type RawBuilder, type SqlBool } from "kysely";
import { SCOPE_MARK } from "./scope-guard.server";
import type { Role } from "../../db/types";

/** sql`…` for a condition made here, marked so that the scope guard knows where it came from. */
function scoped(strings: TemplateStringsArray, ...values: unknown[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.raw(SCOPE_MARK)}(${sql<SqlBool>(strings, ...values)})`;
}

export type Scope =
  | { kind: "admin"; userId: number }
  | { kind: "channel_manager"; userId: number }
  | { kind: "partner"; userId: number; role: Extract<Role, "partner_admin" | "partner_rep">; partnerId: number };

export interface ScopedUser {
  id: number;
  role: Role;
  partnerId: number | null;
}

export function scopeFor(user: ScopedUser): Scope {
  switch (user.role) {
    case "admin":
      return { kind: "admin", userId: user.id };
    case "channel_manager":
      return { kind: "channel_manager", userId: user.id };
    case "partner_admin":
    case "partner_rep":
      if (user.partnerId == null) throw new Error(`Partner user ${user.id} has no partner`);
      return { kind: "partner", userId: user.id, role: user.role, partnerId: user.partnerId };
  }
}

/**
 * A condition on a partner-id column (qualify it: "leads.partner_id") that holds for the
 * partners the scope may see: all for an admin, those they manage for a channel manager,
 * their own and (for a distributor) its child resellers for a partner user.
 */
export function partnerFilter(scope: Scope, column: string): RawBuilder<SqlBool> {
  const ref = sql.ref(column);
  switch (scope.kind) {
    case "admin":
      return scoped`TRUE`;
    case "channel_manager":
      return scoped`${ref} IN (SELECT scope_p.id FROM partners scope_p WHERE scope_p.channel_manager_id = ${scope.userId})`;
    case "partner":
      // One IN (subquery), not "= x OR IN (...)": MariaDB can then use the column's index
      // (an OR across the two made it scan every lead).
      return scoped`${ref} IN (SELECT scope_p.id FROM partners scope_p WHERE scope_p.id = ${scope.partnerId} OR scope_p.parent_id = ${scope.partnerId})`;
  }
}

/**
 * The filter for rows a partner rep may only see when they own or created them (leads,
 * deals); everyone else gets the plain partner filter.
 */
export function ownedRowFilter(scope: Scope, partnerColumn: string, ownerColumns: string[]): RawBuilder<SqlBool> {
  const byPartner = partnerFilter(scope, partnerColumn);
  if (scope.kind !== "partner" || scope.role !== "partner_rep" || ownerColumns.length === 0) return byPartner;
  const owners = sql.join(
    ownerColumns.map((c) => sql`${sql.ref(c)} = ${scope.userId}`),
    sql` OR `,
  );
  return scoped`(${byPartner} AND (${owners}))`;
}

export function isVendor(scope: Scope): boolean {
  return scope.kind === "admin" || scope.kind === "channel_manager";
}

/**
 * Which user accounts a scope may see and manage: an admin all of them, a partner admin the
 * users of their own partner; nobody else manages accounts.
 */
export function userFilter(scope: Scope, column = "users.partner_id"): RawBuilder<SqlBool> {
  if (scope.kind === "admin") return scoped`TRUE`;
  if (scope.kind === "partner" && scope.role === "partner_admin") return scoped`${sql.ref(column)} = ${scope.partnerId}`;
  return scoped`FALSE`;
}

/**
 * Which leads a scope may see: vendor users also see the pool (leads no partner holds); a
 * partner sees the leads its partner (or, for a distributor, its resellers) holds; a partner
 * rep only those given to them.
 */
export function leadFilter(scope: Scope): RawBuilder<SqlBool> {
  if (scope.kind === "admin") return scoped`TRUE`;
  if (scope.kind === "channel_manager") return scoped`(leads.partner_id IS NULL OR ${partnerFilter(scope, "leads.partner_id")})`;
  return ownedRowFilter(scope, "leads.partner_id", ["leads.owner_user_id"]);
}

/**
 * Which deal registrations a scope may see: an admin all but drafts, a channel manager those
 * of the partners they manage (drafts excepted); a partner admin its partner's, and those a
 * reseller names it to fulfil once submitted (a draft is the reseller's own); a partner rep
 * only those they created.
 */
export function dealFilter(scope: Scope): RawBuilder<SqlBool> {
  // A draft is the partner's own work in progress: the vendor sees it once it is submitted.
  if (scope.kind === "admin") return scoped`deals.status <> 'draft'`;
  if (scope.kind === "channel_manager") return scoped`(deals.status <> 'draft' AND ${partnerFilter(scope, "deals.partner_id")})`;
  if (scope.role === "partner_rep") return scoped`(deals.partner_id = ${scope.partnerId} AND deals.created_by = ${scope.userId})`;
  return scoped`(deals.partner_id = ${scope.partnerId} OR (deals.fulfilling_partner_id = ${scope.partnerId} AND deals.status <> 'draft'))`;
}

/**
 * Which sell-through submissions (and the lines they committed) a scope may see: an admin all,
 * a channel manager those of the distributors they manage, a distributor's partner admin its
 * own; partner reps and resellers none (reporting is the distributor's business).
 */
export function submissionFilter(scope: Scope, column = "sell_through_submissions.distributor_id"): RawBuilder<SqlBool> {
  if (scope.kind === "admin") return scoped`TRUE`;
  if (scope.kind === "channel_manager") return partnerFilter(scope, column);
  if (scope.role === "partner_admin") return scoped`${sql.ref(column)} = ${scope.partnerId}`;
  return scoped`FALSE`;
}

/**
 * Which sell-through API keys a scope may see: an admin all of them (to read), a partner admin
 * those of their own partner; nobody else.
 */
export function apiKeyFilter(scope: Scope): RawBuilder<SqlBool> {
  if (scope.kind === "admin") return scoped`TRUE`;
  if (scope.kind === "partner" && scope.role === "partner_admin") return scoped`api_keys.partner_id = ${scope.partnerId}`;
  return scoped`FALSE`;
}

/**
 * Which co-marketing funds (and their ledger, requests, claims, proof files, payments) a scope
 * may see: an admin all, a channel manager those of the partners they manage, a partner user
 * only its own partner's (a distributor does not see its resellers' funds: they are between
 * the vendor and the reseller).
 */
export function fundFilter(scope: Scope, column: string): RawBuilder<SqlBool> {
  if (scope.kind === "partner") return scoped`${sql.ref(column)} = ${scope.partnerId}`;
  return partnerFilter(scope, column);
}

/** Fund requests and claims: a partner rep further limited to the ones they created. */
export function fundRequestFilter(scope: Scope, partnerColumn: string, creatorColumn: string): RawBuilder<SqlBool> {
  const byPartner = fundFilter(scope, partnerColumn);
  if (scope.kind !== "partner" || scope.role !== "partner_rep") return byPartner;
  return scoped`(${byPartner} AND ${sql.ref(creatorColumn)} = ${scope.userId})`;
}

/**
 * Which content-library assets a scope may see: the vendor all of them (drafts and archived
 * included); a partner user those published for its partner's audience on `today` (tier, type,
 * region and one of its product lines; an empty audience field means everyone, none of the
 * validity dates means no limit), and those a published kit it has an adoption row for carries
 * (the kit's invitation is the audience then, so only archiving an asset takes it away).
 */
export function contentAssetFilter(scope: Scope, today: string, asset = "content_assets"): RawBuilder<SqlBool> {
  if (scope.kind !== "partner") return scoped`TRUE`;
  const a = (column: string) => sql.ref(`${asset}.${column}`);
  return scoped`(EXISTS (SELECT 1 FROM partners scope_p WHERE scope_p.id = ${scope.partnerId} AND (
      (${a("status")} = 'published'
        AND (${a("valid_from")} IS NULL OR ${a("valid_from")} <= ${today})
        AND (${a("valid_until")} IS NULL OR ${a("valid_until")} >= ${today})
        AND (${a("tiers")} = '' OR FIND_IN_SET(scope_p.tier, ${a("tiers")}) > 0)
        AND (${a("partner_types")} = '' OR FIND_IN_SET(scope_p.type, ${a("partner_types")}) > 0)
        AND (NOT EXISTS (SELECT 1 FROM content_asset_regions scope_r WHERE scope_r.asset_id = ${a("id")})
          OR EXISTS (SELECT 1 FROM content_asset_regions scope_r WHERE scope_r.asset_id = ${a("id")} AND scope_r.region_id = scope_p.region_id))
        AND (NOT EXISTS (SELECT 1 FROM content_asset_product_lines scope_l WHERE scope_l.asset_id = ${a("id")})
          OR EXISTS (SELECT 1 FROM content_asset_product_lines scope_l
            JOIN partner_product_lines scope_pl ON scope_pl.product_line_id = scope_l.product_line_id AND scope_pl.partner_id = scope_p.id
            WHERE scope_l.asset_id = ${a("id")})))
      OR (${a("status")} <> 'archived' AND ${a("current_version_id")} IS NOT NULL AND EXISTS (
        SELECT 1 FROM campaign_kit_assets scope_ka
          JOIN campaign_kits scope_k ON scope_k.id = scope_ka.kit_id AND scope_k.status = 'published'
          JOIN campaign_adoptions scope_ad ON scope_ad.kit_id = scope_k.id AND scope_ad.partner_id = scope_p.id
        WHERE scope_ka.asset_id = ${a("id")})))))`;
}

/**
 * Which certification awards (user_certifications) a scope may see: an admin all, a channel
 * manager those of the partners they manage, a partner admin its own partner's (a distributor
 * does not see its resellers' people), a partner rep only their own.
 */
export function awardFilter(scope: Scope): RawBuilder<SqlBool> {
  if (scope.kind !== "partner") return partnerFilter(scope, "user_certifications.partner_id");
  if (scope.role === "partner_rep") return scoped`(user_certifications.partner_id = ${scope.partnerId} AND user_certifications.user_id = ${scope.userId})`;
  return scoped`user_certifications.partner_id = ${scope.partnerId}`;
}
