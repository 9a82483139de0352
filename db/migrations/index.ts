// Migrations are listed here rather than discovered on disk so that the same list works
// under tsx, Vitest and the Remix server bundle. Forward-only: append, never edit.
import type { Migration } from "kysely";
import * as m0001 from "./0001_foundation";
import * as m0002 from "./0002_leads";
import * as m0003 from "./0003_deals";
import * as m0004 from "./0004_sell_through";
import * as m0009 from "./0009_leads_inbox_index";

export const migrations: Record<string, Migration> = {
  "0001_foundation": m0001,
  "0002_leads": m0002,
  "0003_deals": m0003,
  "0004_sell_through": m0004,
  "0009_leads_inbox_index": m0009,
};
