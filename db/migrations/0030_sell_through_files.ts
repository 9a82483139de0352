// Sell-through files as distributors send them, and the lot data of pharma distribution:
// - lines keep the lot (batch) number and expiry date of what was sold, and the lot is
//   indexed so "which end customers received lot X" reads a handful of index entries of
//   millions of lines;
// - rows of a file that are not sales lines (a total, a note, the header pasted again) are
//   kept apart from the rejected ones, and counted apart;
// - where a distributor's table starts (worksheet, header row) is remembered with its mapping;
// - header names distributors confirmed for a field, one row per name and distributor, so a
//   name confirmed by one improves the proposals for others. Only the names' keys are kept,
//   never a cell of anyone's data.
import { sql, type Kysely } from "kysely";

const TABLE = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

const statements = [
  `ALTER TABLE sell_through_lines
     ADD COLUMN lot_no VARCHAR(64) NOT NULL DEFAULT '',
     ADD COLUMN expiry_date DATE NULL,
     ADD KEY sell_through_lines_lot (lot_no, distributor_id)`,

  `ALTER TABLE sell_through_submissions ADD COLUMN rows_left_out INT UNSIGNED NOT NULL DEFAULT 0 AFTER rows_rejected`,

  `CREATE TABLE sell_through_left_out (
     submission_id INT UNSIGNED NOT NULL,
     row_no INT UNSIGNED NOT NULL,
     reason VARCHAR(80) NOT NULL,
     cells_json TEXT NOT NULL,
     PRIMARY KEY (submission_id, row_no)
   ) ${TABLE}`,

  `ALTER TABLE sell_through_header_mappings ADD COLUMN layout_json VARCHAR(500) NULL AFTER mapping_json`,

  `CREATE TABLE sell_through_header_names (
     name_key VARCHAR(100) NOT NULL,
     distributor_id INT UNSIGNED NOT NULL,
     field VARCHAR(40) NOT NULL,
     updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (name_key, distributor_id),
     CONSTRAINT sell_through_header_names_distributor_fk FOREIGN KEY (distributor_id) REFERENCES partners (id)
   ) ${TABLE}`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
