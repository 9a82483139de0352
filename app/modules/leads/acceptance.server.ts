// How partners answer the leads offered to them: of the offers made since a day that have
// ended (accepted, rejected or left to expire; pending and withdrawn ones say nothing about the
// partner), the share accepted, and the median time from offer to acceptance.
import { sql } from "kysely";
import { partnerFilter, type Scope } from "~/lib/scope.server";
import { ENDED_OFFER_OUTCOMES } from "../../../db/types";
import type { DB } from "~/lib/db.server";

export interface LeadAcceptance {
  offered: number;
  ended: number;
  accepted: number;
  /** accepted / ended, 0..1; null when no offer has ended. */
  rate: number | null;
  /** Median hours from offer to acceptance; null when none was accepted. */
  medianHoursToAccept: number | null;
}

export async function leadAcceptance(db: DB, scope: Scope, since: Date): Promise<LeadAcceptance> {
  const offers = db.selectFrom("lead_offers as o").where(partnerFilter(scope, "o.partner_id")).where("o.offered_at", ">=", since);
  const counts = await offers
    .select([
      sql<string>`COUNT(*)`.as("offered"),
      sql<string>`COALESCE(SUM(o.outcome IN (${sql.join([...ENDED_OFFER_OUTCOMES])})), 0)`.as("ended"),
      sql<string>`COALESCE(SUM(o.outcome = 'accepted'), 0)`.as("accepted"),
    ])
    .executeTakeFirstOrThrow();
  const ended = Number(counts.ended);
  const accepted = Number(counts.accepted);
  let medianHoursToAccept: number | null = null;
  if (accepted > 0) {
    // The middle one or two of the accepted offers by time taken: portable to MySQL, which has no MEDIAN.
    const seconds = sql<number>`TIMESTAMPDIFF(SECOND, o.offered_at, o.outcome_at)`;
    const middle = await offers
      .select(seconds.as("s"))
      .where("o.outcome", "=", "accepted")
      .orderBy(seconds)
      .limit(accepted % 2 === 0 ? 2 : 1)
      .offset(Math.floor((accepted - 1) / 2))
      .execute();
    medianHoursToAccept = middle.reduce((sum, r) => sum + Number(r.s), 0) / middle.length / 3600;
  }
  return { offered: Number(counts.offered), ended, accepted, rate: ended > 0 ? accepted / ended : null, medianHoursToAccept };
}
