// Which agreement version concerns a partner, and whether the partner may take on new work.
// The version in force for a partner is the newest published version for its type, a version
// for its region beating a general one (and one for its type beating one for every type). A
// partner that has not accepted it by its accept-by date is restricted: no new deal
// registrations, fund requests or leads until it accepts.
import { unscoped } from "~/lib/scope-guard.server";
import { ValidationError } from "~/lib/forms";
import { now } from "~/lib/clock.server";
import type { Transaction } from "kysely";
import type { Database, PartnerType } from "../../../db/types";
import type { DB } from "~/lib/db.server";

type Db = DB | Transaction<Database>;

export interface VersionInForce {
  id: number;
  version_label: string;
  title: string;
  title_zh: string;
  partner_type: PartnerType | null;
  region_id: number | null;
  accept_by: string | null;
  term_months: number | null;
  sha256: string;
  published_at: Date | null;
}

export interface AgreementStanding {
  version: VersionInForce;
  acceptedAt: Date | null;
  /** Past the accept-by date without accepting: no new work. */
  restricted: boolean;
}

/** Today in UTC as YYYY-MM-DD, the form DATE columns are read in. */
export function todayUtc(at: Date = now()): string {
  return at.toISOString().slice(0, 10);
}

/** Does this version speak to a partner of this type and region? NULL type or region means every one. */
function concerns(version: Pick<VersionInForce, "partner_type" | "region_id">, partner: { type: PartnerType; region_id: number | null }): boolean {
  return (version.partner_type === null || version.partner_type === partner.type) && (version.region_id === null || version.region_id === partner.region_id);
}

/** Region-specific first, then type-specific, then the newest published. */
function precedence(a: VersionInForce, b: VersionInForce): number {
  const byRegion = Number(b.region_id !== null) - Number(a.region_id !== null);
  if (byRegion) return byRegion;
  const byType = Number(b.partner_type !== null) - Number(a.partner_type !== null);
  if (byType) return byType;
  const byDate = (b.published_at?.getTime() ?? 0) - (a.published_at?.getTime() ?? 0);
  return byDate || b.id - a.id;
}

export function pickVersionInForce(versions: readonly VersionInForce[], partner: { type: PartnerType; region_id: number | null }): VersionInForce | null {
  return versions.filter((v) => concerns(v, partner)).sort(precedence)[0] ?? null;
}

export async function publishedVersions(db: Db): Promise<VersionInForce[]> {
  return db
    .selectFrom("agreement_versions")
    .select(["id", "version_label", "title", "title_zh", "partner_type", "region_id", "accept_by", "term_months", "sha256", "published_at"])
    .where("status", "=", "published")
    .execute();
}

/**
 * For each of these partners, the version in force and whether it accepted it; partners no
 * published version concerns are absent. The caller has already found the partners in its
 * scope, or acts for nobody in particular (routing, reminders, onboarding).
 */
export async function agreementStandings(db: Db, partnerIds: readonly number[]): Promise<Map<number, AgreementStanding>> {
  const standings = new Map<number, AgreementStanding>();
  if (partnerIds.length === 0) return standings;
  const [versions, partners] = await Promise.all([
    publishedVersions(db),
    db
      .selectFrom("partners")
      .select(["id", "type", "region_id"])
      .where("id", "in", [...partnerIds])
      .execute(),
  ]);
  if (versions.length === 0) return standings;
  const inForce = new Map<number, VersionInForce>();
  for (const partner of partners) {
    const version = pickVersionInForce(versions, partner);
    if (version) inForce.set(partner.id, version);
  }
  if (inForce.size === 0) return standings;
  const accepted = await db
    .selectFrom("agreement_acceptances")
    .select(["partner_id", "version_id", "accepted_at"])
    .where("partner_id", "in", [...inForce.keys()])
    .where("version_id", "in", [...new Set([...inForce.values()].map((v) => v.id))])
    .$call(unscoped("the partners were found by the caller (in its scope, or as the system) before"))
    .execute();
  const acceptedAt = new Map(accepted.map((a) => [`${a.partner_id}:${a.version_id}`, a.accepted_at]));
  const today = todayUtc();
  for (const [partnerId, version] of inForce) {
    const at = acceptedAt.get(`${partnerId}:${version.id}`) ?? null;
    standings.set(partnerId, { version, acceptedAt: at, restricted: at === null && version.accept_by !== null && version.accept_by < today });
  }
  return standings;
}

/** The partners among these that are restricted for want of an acceptance. */
export async function restrictedPartnerIds(db: Db, partnerIds: readonly number[]): Promise<Set<number>> {
  const standings = await agreementStandings(db, partnerIds);
  return new Set([...standings].filter(([, s]) => s.restricted).map(([id]) => id));
}

/**
 * Refuses new work (a deal registration submitted, a fund request filed, a lead accepted) for
 * a partner past its accept-by date without having accepted the version in force.
 */
export async function requireAgreementInForce(db: Db, partnerId: number): Promise<void> {
  if ((await restrictedPartnerIds(db, [partnerId])).has(partnerId)) throw new ValidationError({ form: "agreements.errors.restricted" });
}
