// Campaign kits for adoption tests: a published kit with an invitation (an adoption row
// 'invited') for each partner given, as publishing makes them, and a current-quarter MDF fund
// for a partner, as adopting draws from.
import { quarterAt } from "~/lib/quarters";
import { allocateMdf } from "~/modules/funds/funds.server";
import { db, userByEmail } from "./db";
import type { KitActivityType } from "../../db/types";

const DAY_MS = 24 * 3600 * 1000;

/** A day ("YYYY-MM-DD") `offset` days from `from`. */
export function day(offset: number, from = Date.now()): string {
  return new Date(from + offset * DAY_MS).toISOString().slice(0, 10);
}

export interface KitOptions {
  partnerIds: number[];
  budget?: string | null;
  cap?: string;
  sharePct?: string;
  activity?: KitActivityType;
  startsOn?: string;
  endsOn?: string;
  title?: string;
}

/** A published kit and its invitations; returns the kit id and the adoption id per partner. */
export async function publishedKit(options: KitOptions): Promise<{ kitId: number; adoptions: Map<number, number> }> {
  const admin = await userByEmail("admin@example.com");
  const kit = await db()
    .insertInto("campaign_kits")
    .values({
      title: options.title ?? "Spring product seminar",
      title_zh: "春季产品推广会",
      goal: "Meet buyers",
      activity_type: options.activity ?? "seminar",
      starts_on: options.startsOn ?? day(-30),
      ends_on: options.endsOn ?? day(60),
      vendor_share_pct: options.sharePct ?? "50.00",
      per_partner_cap: options.cap ?? "1000.00",
      currency: "USD",
      budget: options.budget === undefined ? "5000.00" : options.budget,
      status: "published",
      published_at: new Date(),
      published_by: admin.id,
      created_by: admin.id,
      brief: null,
      brief_zh: null,
      target_leads: null,
      target_deals: null,
    })
    .executeTakeFirstOrThrow();
  const kitId = Number(kit.insertId);
  const adoptions = new Map<number, number>();
  for (const partnerId of options.partnerIds) {
    const row = await db().insertInto("campaign_adoptions").values({ kit_id: kitId, partner_id: partnerId, invited_at: new Date() }).executeTakeFirstOrThrow();
    adoptions.set(partnerId, Number(row.insertId));
  }
  return { kitId, adoptions };
}

/** Gives the partner an MDF fund of the quarter `at` falls in (adding to one it has). */
export async function mdfFund(partnerId: number, amount: string, at = new Date()): Promise<number> {
  const admin = await userByEmail("admin@example.com");
  const { funds } = await allocateMdf(db(), { kind: "admin", userId: admin.id }, { userId: admin.id, email: admin.email, ip: null }, [
    { partnerId, quarter: quarterAt(at), amount, note: "" },
  ]);
  return funds[0];
}

export async function kitRow(kitId: number) {
  return db().selectFrom("campaign_kits").selectAll().where("id", "=", kitId).executeTakeFirstOrThrow();
}

export async function adoptionRow(adoptionId: number) {
  return db().selectFrom("campaign_adoptions").selectAll().where("id", "=", adoptionId).executeTakeFirstOrThrow();
}
