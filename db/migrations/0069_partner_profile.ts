// A partner's public profile: what co-branded material prints (name, logo, contact) and what the
// onboarding checklist calls "profile complete". The logo is a stored file (its key comes only
// from storage.server.ts, never from a form).
import { sql, type Kysely } from "kysely";

const statements = [
  `ALTER TABLE partners
     ADD COLUMN legal_name VARCHAR(200) NOT NULL DEFAULT '' AFTER name,
     ADD COLUMN website VARCHAR(200) NOT NULL DEFAULT '',
     ADD COLUMN contact_email VARCHAR(254) NOT NULL DEFAULT '',
     ADD COLUMN contact_phone VARCHAR(50) NOT NULL DEFAULT '',
     ADD COLUMN address VARCHAR(500) NOT NULL DEFAULT '',
     ADD COLUMN logo_key VARCHAR(300) NULL,
     ADD COLUMN logo_content_type VARCHAR(100) NULL`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
