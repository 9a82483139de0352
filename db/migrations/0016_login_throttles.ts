// Sign-in throttling as one row per e-mail and per client address, counted under a row lock
// (app/modules/users/sign-in-throttle.server.ts), instead of a log of attempts that every
// sign-in counted on its own: 25 concurrent guesses all saw "fewer than five failures".
// The log goes: the audit log already records every sign-in and failed sign-in with its address.
import { sql, type Kysely } from "kysely";

const TABLE = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

const statements = [
  `CREATE TABLE login_throttles (
     kind ENUM('email','address') NOT NULL,
     subject VARCHAR(254) NOT NULL,
     failures INT UNSIGNED NOT NULL DEFAULT 0,
     last_failure_at DATETIME(3) NULL,
     blocked_until DATETIME(3) NULL,
     PRIMARY KEY (kind, subject),
     KEY login_throttles_last_failure (last_failure_at)
   ) ${TABLE}`,
  `DROP TABLE login_attempts`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
