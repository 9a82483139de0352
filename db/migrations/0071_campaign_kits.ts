// Campaign kits (活动方案 / 活动模板): a ready campaign the vendor pushes to eligible partners, with
// its assets from the content library, a window, a vendor share and a per-partner cap, and an
// optional budget that adoptions draw from. budget_used is drawn under the kit's row lock, and
// the CHECK makes the database refuse an overdraw even if a code path forgot the lock.
// Eligibility: tiers and partner types (SETs, empty = all), regions and product lines (rows,
// none = all), or an explicit list of partners (campaign_kit_partners: when it has rows, only
// they are eligible). The kit's product lines are also what its sell-through is measured on.
// An adoption is one partner's run of the kit: invited → adopted → running → reported → closed
// (or declined); adopting files the fund request. Leads captured at the event carry the
// adoption. Feedback (反馈监控) is one row per user and adoption.
import { sql, type Kysely } from "kysely";

const TABLE = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

const statements = [
  `CREATE TABLE campaign_kits (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     title VARCHAR(200) NOT NULL,
     title_zh VARCHAR(200) NOT NULL DEFAULT '',
     goal VARCHAR(2000) NOT NULL DEFAULT '',
     goal_zh VARCHAR(2000) NOT NULL DEFAULT '',
     audience VARCHAR(2000) NOT NULL DEFAULT '',
     audience_zh VARCHAR(2000) NOT NULL DEFAULT '',
     brief TEXT NULL,
     brief_zh TEXT NULL,
     activity_type ENUM('seminar','webinar','trade_show','email','product_promotion') NOT NULL,
     starts_on DATE NOT NULL,
     ends_on DATE NOT NULL,
     tiers SET('registered','silver','gold','platinum') NOT NULL DEFAULT '',
     partner_types SET('distributor','reseller','agent') NOT NULL DEFAULT '',
     vendor_share_pct DECIMAL(5,2) NOT NULL,
     per_partner_cap DECIMAL(18,2) NOT NULL,
     currency CHAR(3) NOT NULL,
     budget DECIMAL(18,2) NULL,
     budget_used DECIMAL(18,2) NOT NULL DEFAULT 0.00,
     target_leads INT UNSIGNED NULL,
     target_deals INT UNSIGNED NULL,
     target_sell_through DECIMAL(18,2) NULL,
     status ENUM('draft','published','closed') NOT NULL DEFAULT 'draft',
     published_at DATETIME(3) NULL,
     published_by INT UNSIGNED NULL,
     created_by INT UNSIGNED NOT NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (id),
     KEY campaign_kits_status (status, starts_on),
     CONSTRAINT campaign_kits_budget_check CHECK (budget IS NULL OR (budget_used >= 0 AND budget_used <= budget)),
     CONSTRAINT campaign_kits_share_check CHECK (vendor_share_pct > 0 AND vendor_share_pct <= 100),
     CONSTRAINT campaign_kits_window_check CHECK (ends_on >= starts_on),
     CONSTRAINT campaign_kits_published_by_fk FOREIGN KEY (published_by) REFERENCES users (id),
     CONSTRAINT campaign_kits_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id)
   ) ${TABLE}`,

  `CREATE TABLE campaign_kit_assets (
     kit_id INT UNSIGNED NOT NULL,
     asset_id INT UNSIGNED NOT NULL,
     position INT UNSIGNED NOT NULL DEFAULT 0,
     PRIMARY KEY (kit_id, asset_id),
     KEY campaign_kit_assets_asset (asset_id),
     CONSTRAINT campaign_kit_assets_kit_fk FOREIGN KEY (kit_id) REFERENCES campaign_kits (id),
     CONSTRAINT campaign_kit_assets_asset_fk FOREIGN KEY (asset_id) REFERENCES content_assets (id)
   ) ${TABLE}`,

  `CREATE TABLE campaign_kit_regions (
     kit_id INT UNSIGNED NOT NULL,
     region_id INT UNSIGNED NOT NULL,
     PRIMARY KEY (kit_id, region_id),
     CONSTRAINT campaign_kit_regions_kit_fk FOREIGN KEY (kit_id) REFERENCES campaign_kits (id),
     CONSTRAINT campaign_kit_regions_region_fk FOREIGN KEY (region_id) REFERENCES regions (id)
   ) ${TABLE}`,

  `CREATE TABLE campaign_kit_product_lines (
     kit_id INT UNSIGNED NOT NULL,
     product_line_id INT UNSIGNED NOT NULL,
     PRIMARY KEY (kit_id, product_line_id),
     CONSTRAINT campaign_kit_product_lines_kit_fk FOREIGN KEY (kit_id) REFERENCES campaign_kits (id),
     CONSTRAINT campaign_kit_product_lines_line_fk FOREIGN KEY (product_line_id) REFERENCES product_lines (id)
   ) ${TABLE}`,

  `CREATE TABLE campaign_kit_partners (
     kit_id INT UNSIGNED NOT NULL,
     partner_id INT UNSIGNED NOT NULL,
     PRIMARY KEY (kit_id, partner_id),
     KEY campaign_kit_partners_partner (partner_id),
     CONSTRAINT campaign_kit_partners_kit_fk FOREIGN KEY (kit_id) REFERENCES campaign_kits (id),
     CONSTRAINT campaign_kit_partners_partner_fk FOREIGN KEY (partner_id) REFERENCES partners (id)
   ) ${TABLE}`,

  `CREATE TABLE campaign_adoptions (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     kit_id INT UNSIGNED NOT NULL,
     partner_id INT UNSIGNED NOT NULL,
     status ENUM('invited','adopted','running','reported','closed','declined') NOT NULL DEFAULT 'invited',
     invited_at DATETIME(3) NOT NULL,
     adopted_at DATETIME(3) NULL,
     adopted_by INT UNSIGNED NULL,
     starts_on DATE NULL,
     ends_on DATE NULL,
     expected_attendees INT UNSIGNED NULL,
     actual_attendees INT UNSIGNED NULL,
     fund_request_id INT UNSIGNED NULL,
     budget_drawn DECIMAL(18,2) NOT NULL DEFAULT 0.00,
     reported_at DATETIME(3) NULL,
     closed_at DATETIME(3) NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (id),
     UNIQUE KEY campaign_adoptions_kit_partner (kit_id, partner_id),
     KEY campaign_adoptions_partner (partner_id, status),
     UNIQUE KEY campaign_adoptions_request (fund_request_id),
     CONSTRAINT campaign_adoptions_kit_fk FOREIGN KEY (kit_id) REFERENCES campaign_kits (id),
     CONSTRAINT campaign_adoptions_partner_fk FOREIGN KEY (partner_id) REFERENCES partners (id),
     CONSTRAINT campaign_adoptions_adopted_by_fk FOREIGN KEY (adopted_by) REFERENCES users (id),
     CONSTRAINT campaign_adoptions_request_fk FOREIGN KEY (fund_request_id) REFERENCES fund_requests (id)
   ) ${TABLE}`,

  `CREATE TABLE campaign_feedback (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT,
     partner_id INT UNSIGNED NOT NULL,
     adoption_id INT UNSIGNED NOT NULL,
     user_id INT UNSIGNED NOT NULL,
     rating TINYINT UNSIGNED NOT NULL,
     comments VARCHAR(2000) NOT NULL DEFAULT '',
     what_worked VARCHAR(2000) NOT NULL DEFAULT '',
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (id),
     UNIQUE KEY campaign_feedback_user (adoption_id, user_id),
     KEY campaign_feedback_partner (partner_id),
     CONSTRAINT campaign_feedback_rating_check CHECK (rating BETWEEN 1 AND 5),
     CONSTRAINT campaign_feedback_partner_fk FOREIGN KEY (partner_id) REFERENCES partners (id),
     CONSTRAINT campaign_feedback_adoption_fk FOREIGN KEY (adoption_id) REFERENCES campaign_adoptions (id),
     CONSTRAINT campaign_feedback_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
   ) ${TABLE}`,

  `ALTER TABLE leads
     ADD COLUMN campaign_adoption_id INT UNSIGNED NULL,
     ADD KEY leads_campaign_adoption (campaign_adoption_id),
     ADD CONSTRAINT leads_campaign_adoption_fk FOREIGN KEY (campaign_adoption_id) REFERENCES campaign_adoptions (id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
