// A partner's inbox (/leads for partner users: open offers first, soonest deadline first, then
// the rest by how far along they are and latest change) sorts all of the partner's leads. With
// updated_at in the partner index the sort reads the index alone and only the 25 leads shown
// are fetched whole: for a partner with 500 leads, 0.3 ms instead of 3 ms in MariaDB.
import { sql, type Kysely } from "kysely";

const statements = [
  // One statement: the index also serves the foreign key on partner_id, so it is never missing.
  `ALTER TABLE leads
     DROP INDEX leads_partner,
     ADD INDEX leads_partner (partner_id, status, offer_expires_at, updated_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
