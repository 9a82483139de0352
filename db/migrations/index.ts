// Migrations are listed here rather than discovered on disk so that the same list works
// under tsx, Vitest and the Remix server bundle. Forward-only: append, never edit.
import * as m0001 from "./0001_foundation";
import * as m0002 from "./0002_leads";
import * as m0003 from "./0003_deals";
import * as m0004 from "./0004_sell_through";
import * as m0005 from "./0005_funds";
import * as m0006 from "./0006_sell_through_reports";
import * as m0007 from "./0007_sell_through_compliance";
import * as m0008 from "./0008_sell_through_api";
import * as m0009 from "./0009_leads_inbox_index";
import * as m0010 from "./0010_sell_through_lines_once";
import * as m0011 from "./0011_targets";
import * as m0012 from "./0012_notification_messages";
import * as m0013 from "./0013_notification_preferences";
import * as m0014 from "./0014_sell_through_reseller_totals";
import * as m0016 from "./0016_login_throttles";
import * as m0030 from "./0030_sell_through_files";
import * as m0040 from "./0040_sell_through_unusual_months";
import * as m0041 from "./0041_sell_through_direct_sales";
import * as m0050 from "./0050_reference_names_zh";
import * as m0060 from "./0060_job_heartbeats";
import * as m0069 from "./0069_partner_profile";
import * as m0070 from "./0070_content_library";
import * as m0071 from "./0071_campaign_kits";
import * as m0080 from "./0080_partner_applications";
import * as m0081 from "./0081_agreements";
import * as m0082 from "./0082_certifications";
import * as m0083 from "./0083_tier_reviews";
import type { Migration } from "kysely";

export const migrations: Record<string, Migration> = {
  "0001_foundation": m0001,
  "0002_leads": m0002,
  "0003_deals": m0003,
  "0004_sell_through": m0004,
  "0005_funds": m0005,
  "0006_sell_through_reports": m0006,
  "0007_sell_through_compliance": m0007,
  "0008_sell_through_api": m0008,
  "0009_leads_inbox_index": m0009,
  "0010_sell_through_lines_once": m0010,
  "0011_targets": m0011,
  "0012_notification_messages": m0012,
  "0013_notification_preferences": m0013,
  "0014_sell_through_reseller_totals": m0014,
  "0016_login_throttles": m0016,
  "0030_sell_through_files": m0030,
  "0040_sell_through_unusual_months": m0040,
  "0041_sell_through_direct_sales": m0041,
  "0050_reference_names_zh": m0050,
  "0060_job_heartbeats": m0060,
  "0069_partner_profile": m0069,
  "0070_content_library": m0070,
  "0071_campaign_kits": m0071,
  "0080_partner_applications": m0080,
  "0081_agreements": m0081,
  "0082_certifications": m0082,
  "0083_tier_reviews": m0083,
};
