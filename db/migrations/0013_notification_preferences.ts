// Per-user e-mail preferences for notifications: for each kind a user may hear about, the
// e-mail goes out at once, waits for the daily digest, or not at all (the in-app row is always
// written). A notice waiting for the digest is marked on its row, and each goes into exactly
// one digest: the digest job claims the rows it sends in the transaction that queues the mail.
import { sql, type Kysely } from "kysely";

const TABLE = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

const statements = [
  `CREATE TABLE notification_preferences (
     user_id INT UNSIGNED NOT NULL,
     kind VARCHAR(32) NOT NULL,
     delivery ENUM('immediate', 'digest', 'off') NOT NULL,
     updated_at DATETIME(3) NOT NULL,
     PRIMARY KEY (user_id, kind),
     CONSTRAINT notification_preferences_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
   ) ${TABLE}`,
  `ALTER TABLE notifications
     ADD COLUMN digest_state ENUM('none', 'waiting', 'sent') NOT NULL DEFAULT 'none',
     ADD COLUMN digested_at DATETIME(3) NULL,
     ADD INDEX notifications_digest (digest_state, user_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
