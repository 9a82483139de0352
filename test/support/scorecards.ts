// Hand-built data for the targets, tier progress and scorecard tests: partners of their own
// (under a channel manager of their own, so no demo login's lists change), sell-through written
// straight into the rollups the figures read, and deals, leads, offers and funds with the
// dates a test needs. Each test file uses months of a year no other file uses.
import { scopeFor, type Scope } from "~/lib/scope.server";
import { db, uniqueCode } from "./db";
import type { PartnerType, Tier } from "../../db/types";

export async function makeManager(): Promise<{ id: number; scope: Scope; actor: { userId: number; email: string; ip: null } }> {
  const email = `${uniqueCode("CM").toLowerCase()}@example.com`;
  const result = await db()
    .insertInto("users")
    .values({ email, name: "Test Manager", role: "channel_manager", partner_id: null, password_hash: null, locale: null })
    .executeTakeFirstOrThrow();
  const id = Number(result.insertId);
  return { id, scope: scopeFor({ id, role: "channel_manager", partnerId: null }), actor: { userId: id, email, ip: null } };
}

export async function makePartner(options: {
  type: PartnerType;
  tier?: Tier;
  managerId?: number | null;
  parentId?: number | null;
  status?: "active" | "onboarding";
}): Promise<{ id: number; code: string }> {
  const code = uniqueCode("SC");
  const result = await db()
    .insertInto("partners")
    .values({
      code,
      name: `Scorecard ${code}`,
      type: options.type,
      tier: options.tier ?? "silver",
      status: options.status ?? "active",
      country: "DE",
      region_id: null,
      parent_id: options.parentId ?? null,
      channel_manager_id: options.managerId ?? null,
    })
    .executeTakeFirstOrThrow();
  return { id: Number(result.insertId), code };
}

/** A partner admin's scope (no user row needed: scopes carry ids only). */
export function partnerScope(partnerId: number, role: "partner_admin" | "partner_rep" = "partner_admin"): Scope {
  return { kind: "partner", userId: 0, role, partnerId };
}

export async function productId(): Promise<number> {
  return (await db().selectFrom("products").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
}

/** What a distributor reported for a month in one currency, as the totals rollup holds it. */
export async function distributorMonth(distributorId: number, period: string, currency: string, amount: string): Promise<void> {
  await db()
    .insertInto("sell_through_monthly_totals")
    .values({ distributor_id: distributorId, period, currency, quantity: 1, amount, line_count: 1 })
    .execute();
}

/** A month of lines naming a reseller, as the fine rollup and the per-reseller rollup hold it. */
export async function resellerMonth(distributorId: number, resellerId: number, period: string, currency: string, amount: string): Promise<void> {
  await db()
    .insertInto("sell_through_monthly")
    .values({ period, distributor_id: distributorId, reseller_id: resellerId, product_id: await productId(), currency, quantity: 1, amount, line_count: 1 })
    .execute();
  await db()
    .insertInto("sell_through_reseller_totals")
    .values({ period, distributor_id: distributorId, reseller_id: resellerId, currency, quantity: 1, amount, line_count: 1 })
    .execute();
}

export async function rate(period: string, currency: string, value: string): Promise<void> {
  await db().insertInto("exchange_rates").values({ period, currency, rate: value }).execute();
}

export async function anyUserId(): Promise<number> {
  return (await db().selectFrom("users").select("id").where("email", "=", "admin@example.com").executeTakeFirstOrThrow()).id;
}

/**
 * A deal of the partner, created at `created` (and submitted then); when closed (won or lost)
 * the closing event is at `closed`.
 */
export async function makeDeal(
  partnerId: number,
  status: "submitted" | "approved" | "won" | "lost" | "draft",
  options: { created: Date; closed?: Date; amount?: string; currency?: string; sourceLeadId?: number | null },
): Promise<number> {
  const userId = await anyUserId();
  const result = await db()
    .insertInto("deals")
    .values({
      partner_id: partnerId,
      created_by: userId,
      name: `Deal ${uniqueCode("D")}`,
      customer_name: "Scorecard Customer",
      customer_key: uniqueCode("K").toLowerCase(),
      customer_country: "DE",
      currency: options.currency ?? "USD",
      total_amount: options.amount ?? "1000.00",
      expected_close_date: "2099-12-31",
      status,
      submitted_at: status === "draft" ? null : options.created,
      source_lead_id: options.sourceLeadId ?? null,
      created_at: options.created,
    })
    .executeTakeFirstOrThrow();
  const id = Number(result.insertId);
  if (options.closed) {
    await db()
      .insertInto("deal_events")
      .values({
        deal_id: id,
        at: options.closed,
        actor_user_id: userId,
        actor_email: "test",
        event: status,
        from_status: "approved",
        to_status: status,
        text: null,
      })
      .execute();
  }
  return id;
}
