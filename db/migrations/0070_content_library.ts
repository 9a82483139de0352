// The content library: promotional material the vendor keeps in one place (宣传资料统一管理).
// An asset is what partners see (title, audience, validity); its versions hold the content
// (a stored file, a link for videos, or a text snippet in both languages). A new version
// replaces the old one for everyone; the old ones stay as history. The audience is narrowed by
// tier and partner type (SETs, empty = everyone) and by regions and product lines (rows in the
// two audience tables, none = everyone). Downloads are counted per partner.
import { sql, type Kysely } from "kysely";

const TABLE = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

const statements = [
  `CREATE TABLE content_assets (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     kind ENUM('pdf','image','slides','video_link','text') NOT NULL,
     title VARCHAR(200) NOT NULL,
     title_zh VARCHAR(200) NOT NULL DEFAULT '',
     description VARCHAR(2000) NOT NULL DEFAULT '',
     description_zh VARCHAR(2000) NOT NULL DEFAULT '',
     co_brandable TINYINT(1) NOT NULL DEFAULT 0,
     tiers SET('registered','silver','gold','platinum') NOT NULL DEFAULT '',
     partner_types SET('distributor','reseller','agent') NOT NULL DEFAULT '',
     valid_from DATE NULL,
     valid_until DATE NULL,
     status ENUM('draft','published','archived') NOT NULL DEFAULT 'draft',
     current_version_id INT UNSIGNED NULL,
     created_by INT UNSIGNED NOT NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (id),
     KEY content_assets_status (status, valid_until),
     CONSTRAINT content_assets_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id)
   ) ${TABLE}`,

  `CREATE TABLE content_asset_regions (
     asset_id INT UNSIGNED NOT NULL,
     region_id INT UNSIGNED NOT NULL,
     PRIMARY KEY (asset_id, region_id),
     KEY content_asset_regions_region (region_id),
     CONSTRAINT content_asset_regions_asset_fk FOREIGN KEY (asset_id) REFERENCES content_assets (id),
     CONSTRAINT content_asset_regions_region_fk FOREIGN KEY (region_id) REFERENCES regions (id)
   ) ${TABLE}`,

  `CREATE TABLE content_asset_product_lines (
     asset_id INT UNSIGNED NOT NULL,
     product_line_id INT UNSIGNED NOT NULL,
     PRIMARY KEY (asset_id, product_line_id),
     KEY content_asset_product_lines_line (product_line_id),
     CONSTRAINT content_asset_product_lines_asset_fk FOREIGN KEY (asset_id) REFERENCES content_assets (id),
     CONSTRAINT content_asset_product_lines_line_fk FOREIGN KEY (product_line_id) REFERENCES product_lines (id)
   ) ${TABLE}`,

  `CREATE TABLE content_asset_versions (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     asset_id INT UNSIGNED NOT NULL,
     version INT UNSIGNED NOT NULL,
     file_key VARCHAR(300) NULL,
     file_name VARCHAR(255) NULL,
     content_type VARCHAR(100) NULL,
     size BIGINT UNSIGNED NULL,
     sha256 CHAR(64) NULL,
     url VARCHAR(1000) NULL,
     body TEXT NULL,
     body_zh TEXT NULL,
     note VARCHAR(500) NOT NULL DEFAULT '',
     created_by INT UNSIGNED NOT NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (id),
     UNIQUE KEY content_asset_versions_number (asset_id, version),
     CONSTRAINT content_asset_versions_asset_fk FOREIGN KEY (asset_id) REFERENCES content_assets (id),
     CONSTRAINT content_asset_versions_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id)
   ) ${TABLE}`,

  `ALTER TABLE content_assets
     ADD CONSTRAINT content_assets_current_version_fk FOREIGN KEY (current_version_id) REFERENCES content_asset_versions (id)`,

  `CREATE TABLE content_downloads (
     id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
     partner_id INT UNSIGNED NOT NULL,
     asset_id INT UNSIGNED NOT NULL,
     version_id INT UNSIGNED NOT NULL,
     user_id INT UNSIGNED NOT NULL,
     co_branded TINYINT(1) NOT NULL DEFAULT 0,
     downloaded_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (id),
     KEY content_downloads_partner (partner_id, asset_id),
     KEY content_downloads_asset (asset_id, downloaded_at),
     CONSTRAINT content_downloads_partner_fk FOREIGN KEY (partner_id) REFERENCES partners (id),
     CONSTRAINT content_downloads_asset_fk FOREIGN KEY (asset_id) REFERENCES content_assets (id),
     CONSTRAINT content_downloads_version_fk FOREIGN KEY (version_id) REFERENCES content_asset_versions (id),
     CONSTRAINT content_downloads_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
   ) ${TABLE}`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
