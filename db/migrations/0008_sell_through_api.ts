// Sell-through by API: each request sent with an Idempotency-Key is remembered with a hash of
// its body and the answer it got, so a retry gets the same answer and changes nothing. A row
// without an answer is a request still being worked on.
import { sql, type Kysely } from "kysely";

const TABLE = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

const statements = [
  `CREATE TABLE sell_through_api_requests (
     distributor_id INT UNSIGNED NOT NULL,
     idempotency_key VARCHAR(100) NOT NULL,
     body_sha256 CHAR(64) NOT NULL,
     api_key_id INT UNSIGNED NOT NULL,
     submission_id INT UNSIGNED NULL,
     status_code SMALLINT UNSIGNED NULL,
     response_json MEDIUMTEXT NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (distributor_id, idempotency_key),
     CONSTRAINT sell_through_api_requests_distributor_fk FOREIGN KEY (distributor_id) REFERENCES partners (id),
     CONSTRAINT sell_through_api_requests_key_fk FOREIGN KEY (api_key_id) REFERENCES api_keys (id)
   ) ${TABLE}`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
