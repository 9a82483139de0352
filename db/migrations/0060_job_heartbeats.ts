// A running job's worker touches heartbeat_at every 15 seconds, so a job whose worker died is
// known by a heartbeat older than a minute and queued again, instead of waiting ten minutes
// after it was picked (a long import on a live worker ran past that and was picked twice).
import { sql, type Kysely } from "kysely";

const statements = [
  `ALTER TABLE jobs ADD COLUMN heartbeat_at DATETIME(3) NULL AFTER locked_at`,
  // Jobs already running when this lands count from when they were picked.
  `UPDATE jobs SET heartbeat_at = locked_at WHERE status = 'running'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
