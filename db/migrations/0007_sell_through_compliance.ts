// Reminders that a month's sell-through is not reported: one row per distributor and month once
// its partner admins (and its channel manager) were told, so the reminder job never repeats one.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE sell_through_reminders (
     distributor_id INT UNSIGNED NOT NULL,
     period CHAR(7) NOT NULL,
     reminded_at DATETIME(3) NOT NULL,
     PRIMARY KEY (distributor_id, period),
     CONSTRAINT sell_through_reminders_distributor_fk FOREIGN KEY (distributor_id) REFERENCES partners (id)
   ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`.execute(db);
}
