// Which partners a campaign kit is for. A kit names either an explicit list of partners
// (campaign_kit_partners) or rules: tiers and partner types (empty = every one), regions and
// product lines (no rows = every one; a partner qualifies when it sells at least one of the
// kit's lines). Only active partners are ever eligible: an applicant, one still onboarding or a
// suspended partner is not offered campaigns.
import { sql, type RawBuilder, type SqlBool } from "kysely";
import type { DB } from "~/lib/db.server";
import type { PartnerType, Tier } from "../../../db/types";

export interface Eligibility {
  tiers: Tier[];
  partnerTypes: PartnerType[];
  regionIds: number[];
  productLineIds: number[];
  /** When not empty, exactly these partners (if active) and no rule applies. */
  partnerIds: number[];
}

/** The condition on a partners row (aliased p) that makes it eligible. */
function eligibleCondition(rules: Eligibility): RawBuilder<SqlBool> {
  const conditions: RawBuilder<unknown>[] = [sql`p.status = 'active'`];
  if (rules.partnerIds.length) {
    conditions.push(sql`p.id IN (${sql.join(rules.partnerIds)})`);
  } else {
    if (rules.tiers.length) conditions.push(sql`p.tier IN (${sql.join(rules.tiers)})`);
    if (rules.partnerTypes.length) conditions.push(sql`p.type IN (${sql.join(rules.partnerTypes)})`);
    if (rules.regionIds.length) conditions.push(sql`p.region_id IN (${sql.join(rules.regionIds)})`);
    if (rules.productLineIds.length)
      conditions.push(
        sql`EXISTS (SELECT 1 FROM partner_product_lines ppl WHERE ppl.partner_id = p.id AND ppl.product_line_id IN (${sql.join(rules.productLineIds)}))`,
      );
  }
  return sql<SqlBool>`${sql.join(conditions, sql` AND `)}`;
}

/** The active partners the rules make eligible, by id. */
export async function eligiblePartnerIds(db: DB, rules: Eligibility): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`SELECT p.id FROM partners p WHERE ${eligibleCondition(rules)} ORDER BY p.id`.execute(db);
  return rows.map((r) => Number(r.id));
}

function setOf<T extends string>(value: string): T[] {
  return value ? (value.split(",") as T[]) : [];
}

/** A stored kit's rules, as its rows hold them. */
export async function kitEligibility(db: DB, kitId: number): Promise<Eligibility> {
  const [kit, regions, lines, partners] = await Promise.all([
    db.selectFrom("campaign_kits").select(["tiers", "partner_types"]).where("id", "=", kitId).executeTakeFirstOrThrow(),
    db.selectFrom("campaign_kit_regions").select("region_id").where("kit_id", "=", kitId).orderBy("region_id").execute(),
    db.selectFrom("campaign_kit_product_lines").select("product_line_id").where("kit_id", "=", kitId).orderBy("product_line_id").execute(),
    db.selectFrom("campaign_kit_partners").select("partner_id").where("kit_id", "=", kitId).orderBy("partner_id").execute(),
  ]);
  return {
    tiers: setOf<Tier>(kit.tiers),
    partnerTypes: setOf<PartnerType>(kit.partner_types),
    regionIds: regions.map((r) => r.region_id),
    productLineIds: lines.map((l) => l.product_line_id),
    partnerIds: partners.map((p) => p.partner_id),
  };
}
