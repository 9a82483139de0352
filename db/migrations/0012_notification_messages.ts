// Notices readable in both languages: each row keeps the catalog key of its title and the
// values that fill it (JSON), so the list, the bell and the e-mails render it in the reader's
// language. The English title stays as it was written, for rows from before this migration.
import { sql, type Kysely } from "kysely";

const statements = [
  `ALTER TABLE notifications
     ADD COLUMN message VARCHAR(80) NULL AFTER title,
     ADD COLUMN params JSON NULL AFTER message`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
