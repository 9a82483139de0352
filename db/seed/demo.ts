// The small demo data set, for people to look at: one vendor, twelve partners in two regions
// (three distributors, six resellers of which four sit under distributors, three agents), a
// catalogue of 30 SKUs in four product lines, and a demo login for every role.
import { sql, type Kysely } from "kysely";
import { hashPassword } from "../../app/lib/password.server";
import { runUnscoped } from "../../app/lib/scope-guard.server";
import { now } from "../../app/lib/clock.server";
import { seedDemoLeads } from "./demo-leads";
import { seedDemoDeals } from "./demo-deals";
import { seedDemoSellThrough } from "./demo-sell-through";
import { seedDemoFunds } from "./demo-funds";
import { seedDemoTargets } from "./demo-targets";
import { seedDemoContent } from "./demo-content";
import { seedDemoApplications } from "./demo-applications";
import { seedDemoTierReviews } from "./demo-tier-reviews";
import { seedDemoCertifications } from "./demo-certifications";
import { seedDemoAgreements } from "./demo-agreements";
import { seedDemoCampaigns } from "./demo-campaigns";
import { seedDemoAdoptions } from "./demo-adoptions";
import { ageDemoNotifications, seedDemoPreferences } from "./demo-notifications";
import type { Database, PartnerStatus, PartnerType, Role, Tier } from "../types";

export const DEMO_PASSWORD = "partner-portal-demo";

export const DEMO_LOGINS = [
  { email: "admin@example.com", description: "vendor admin: everything" },
  { email: "manager@example.com", description: "channel manager of Northwind Distribution and its resellers" },
  { email: "manager2@example.com", description: "channel manager of the other partners" },
  { email: "distributor@example.com", description: "partner admin of Northwind Distribution (distributor)" },
  { email: "reseller@example.com", description: "partner admin of Brightpath Systems (reseller under Northwind)" },
  { email: "rep@example.com", description: "partner rep at Brightpath Systems" },
  { email: "other@example.com", description: "partner admin of Pacific Channel Supply (distributor, manager2)" },
] as const;

export const REGIONS = [
  {
    code: "EMEA",
    name: "Europe, Middle East & Africa",
    nameZh: "欧洲、中东和非洲",
    countries: ["DE", "AT", "CH", "GB", "FR", "NL", "BE", "IT", "ES", "AE", "ZA"],
  },
  { code: "APAC", name: "Asia Pacific", nameZh: "亚太", countries: ["CN", "HK", "SG", "JP", "KR", "AU", "NZ", "IN"] },
];

export const PRODUCT_LINES = [
  { code: "NET", name: "Networking", nameZh: "网络" },
  { code: "STO", name: "Storage", nameZh: "存储" },
  { code: "SEC", name: "Security", nameZh: "安全" },
  { code: "CLD", name: "Cloud Software", nameZh: "云软件" },
];

// [sku, name, line, list price USD]
const PRODUCTS: [string, string, string, string][] = [
  ["NET-SW24", "Access switch 24-port PoE", "NET", "1290.00"],
  ["NET-SW48", "Access switch 48-port PoE", "NET", "2390.00"],
  ["NET-CORE100", "Core switch 100G", "NET", "18900.00"],
  ["NET-AP6", "Wi-Fi 6 access point", "NET", "449.00"],
  ["NET-AP7", "Wi-Fi 7 access point", "NET", "689.00"],
  ["NET-RTR-BR", "Branch router", "NET", "1750.00"],
  ["NET-SFP10", "SFP+ 10G transceiver", "NET", "89.90"],
  ["NET-CTRL", "Wireless controller", "NET", "5400.00"],
  ["STO-NAS4", "NAS 4-bay", "STO", "899.00"],
  ["STO-NAS12", "NAS 12-bay rackmount", "STO", "4990.00"],
  ["STO-SAN24", "All-flash SAN 24 drives", "STO", "48500.00"],
  ["STO-SSD4T", "Enterprise SSD 3.84 TB", "STO", "612.50"],
  ["STO-HDD18", "Enterprise HDD 18 TB", "STO", "389.00"],
  ["STO-BKP", "Backup appliance 40 TB", "STO", "12800.00"],
  ["STO-EXP", "Expansion shelf 12-bay", "STO", "3150.00"],
  ["SEC-FW-S", "Firewall small office", "SEC", "695.00"],
  ["SEC-FW-M", "Firewall mid-range", "SEC", "3990.00"],
  ["SEC-FW-L", "Firewall data centre", "SEC", "24900.00"],
  ["SEC-UTM1Y", "Threat protection licence 1 year", "SEC", "299.00"],
  ["SEC-UTM3Y", "Threat protection licence 3 years", "SEC", "799.00"],
  ["SEC-VPN50", "VPN client pack 50 users", "SEC", "1150.00"],
  ["SEC-EDR", "Endpoint detection per seat/year", "SEC", "48.00"],
  ["CLD-MGMT", "Cloud management per device/year", "CLD", "35.00"],
  ["CLD-MON", "Monitoring suite per node/year", "CLD", "120.00"],
  ["CLD-SDWAN", "SD-WAN orchestrator per site/year", "CLD", "540.00"],
  ["CLD-ZTNA", "Zero-trust access per user/year", "CLD", "72.00"],
  ["CLD-BKP1T", "Cloud backup 1 TB/year", "CLD", "210.00"],
  ["CLD-SUP-G", "Gold support per device/year", "CLD", "160.00"],
  ["CLD-SUP-P", "Platinum support per device/year", "CLD", "290.00"],
  ["CLD-TRAIN", "Certification training seat", "CLD", "1450.00"],
];

interface DemoPartner {
  code: string;
  name: string;
  type: PartnerType;
  tier: Tier;
  status: PartnerStatus;
  country: string;
  region: "EMEA" | "APAC";
  postcode: string;
  capacity: number;
  parent?: string;
  manager: "manager@example.com" | "manager2@example.com";
  lines: string[];
}

const PARTNERS: DemoPartner[] = [
  {
    code: "NWD",
    name: "Northwind Distribution",
    type: "distributor",
    tier: "platinum",
    status: "active",
    country: "DE",
    region: "EMEA",
    postcode: "60311",
    capacity: 60,
    manager: "manager@example.com",
    lines: ["NET", "STO", "SEC", "CLD"],
  },
  {
    code: "PCS",
    name: "Pacific Channel Supply",
    type: "distributor",
    tier: "gold",
    status: "active",
    country: "SG",
    region: "APAC",
    postcode: "018989",
    capacity: 50,
    manager: "manager2@example.com",
    lines: ["NET", "STO", "SEC"],
  },
  {
    code: "HZD",
    name: "华东科技分销有限公司",
    type: "distributor",
    tier: "gold",
    status: "active",
    country: "CN",
    region: "APAC",
    postcode: "200120",
    capacity: 40,
    manager: "manager2@example.com",
    lines: ["NET", "SEC", "CLD"],
  },
  {
    code: "BPS",
    name: "Brightpath Systems",
    type: "reseller",
    tier: "gold",
    status: "active",
    country: "DE",
    region: "EMEA",
    postcode: "80331",
    capacity: 25,
    parent: "NWD",
    manager: "manager@example.com",
    lines: ["NET", "SEC"],
  },
  {
    code: "ALP",
    name: "Alpine IT Solutions",
    type: "reseller",
    tier: "silver",
    status: "active",
    country: "AT",
    region: "EMEA",
    postcode: "1010",
    capacity: 15,
    parent: "NWD",
    manager: "manager@example.com",
    lines: ["NET", "STO"],
  },
  {
    code: "MLN",
    name: "Merlion Networks",
    type: "reseller",
    tier: "silver",
    status: "active",
    country: "SG",
    region: "APAC",
    postcode: "049315",
    capacity: 15,
    parent: "PCS",
    manager: "manager2@example.com",
    lines: ["NET", "CLD"],
  },
  {
    code: "SHN",
    name: "上海新网络科技",
    type: "reseller",
    tier: "registered",
    status: "onboarding",
    country: "CN",
    region: "APAC",
    postcode: "200030",
    capacity: 10,
    parent: "HZD",
    manager: "manager2@example.com",
    lines: ["NET"],
  },
  {
    code: "TMS",
    name: "Thames Managed Services",
    type: "reseller",
    tier: "platinum",
    status: "active",
    country: "GB",
    region: "EMEA",
    postcode: "EC2A 4NE",
    capacity: 30,
    manager: "manager2@example.com",
    lines: ["NET", "STO", "SEC", "CLD"],
  },
  {
    code: "LYN",
    name: "Lyon Numérique",
    type: "reseller",
    tier: "registered",
    status: "applied",
    country: "FR",
    region: "EMEA",
    postcode: "69002",
    capacity: 10,
    manager: "manager2@example.com",
    lines: ["SEC"],
  },
  {
    code: "SYD",
    name: "Harbour Cloud Agents",
    type: "agent",
    tier: "silver",
    status: "active",
    country: "AU",
    region: "APAC",
    postcode: "2000",
    capacity: 12,
    manager: "manager2@example.com",
    lines: ["CLD"],
  },
  {
    code: "RHN",
    name: "Rhein Referral Partners",
    type: "agent",
    tier: "registered",
    status: "suspended",
    country: "DE",
    region: "EMEA",
    postcode: "50667",
    capacity: 8,
    manager: "manager2@example.com",
    lines: ["CLD", "SEC"],
  },
  {
    code: "OSK",
    name: "Osaka Channel Agents",
    type: "agent",
    tier: "silver",
    status: "active",
    country: "JP",
    region: "APAC",
    postcode: "530-0001",
    capacity: 12,
    manager: "manager2@example.com",
    lines: ["NET", "CLD"],
  },
];

interface DemoUser {
  email: string;
  name: string;
  role: Role;
  partner?: string;
  timeZone: string;
  locale?: string;
  status?: "active" | "invited" | "deactivated";
}

const USERS: DemoUser[] = [
  { email: "admin@example.com", name: "Alex Admin", role: "admin", timeZone: "Europe/Berlin" },
  { email: "manager@example.com", name: "Maria Manager", role: "channel_manager", timeZone: "Europe/Berlin" },
  { email: "manager2@example.com", name: "王明 (Wang Ming)", role: "channel_manager", timeZone: "Asia/Shanghai", locale: "zh-CN" },
  { email: "distributor@example.com", name: "Dana Distributor", role: "partner_admin", partner: "NWD", timeZone: "Europe/Berlin" },
  { email: "reseller@example.com", name: "Rita Reseller", role: "partner_admin", partner: "BPS", timeZone: "Europe/Berlin" },
  { email: "rep@example.com", name: "Ravi Rep", role: "partner_rep", partner: "BPS", timeZone: "Europe/Berlin" },
  { email: "other@example.com", name: "Olivia Other", role: "partner_admin", partner: "PCS", timeZone: "Asia/Singapore" },
  { email: "ops@northwind.example.com", name: "Nils Ops", role: "partner_rep", partner: "NWD", timeZone: "Europe/Berlin" },
  { email: "sales@pacific.example.com", name: "Siti Sales", role: "partner_rep", partner: "PCS", timeZone: "Asia/Singapore" },
  { email: "li.na@hzd.example.cn", name: "李娜", role: "partner_admin", partner: "HZD", timeZone: "Asia/Shanghai", locale: "zh-CN" },
  { email: "new.hire@brightpath.example.com", name: "Nora New", role: "partner_rep", partner: "BPS", timeZone: "Europe/Berlin", status: "invited" },
  { email: "former@thames.example.com", name: "Frank Former", role: "partner_admin", partner: "TMS", timeZone: "Europe/London", status: "deactivated" },
];

const DAY_MS = 24 * 3600 * 1000;

/**
 * When a partner joined the programme: the active ones over two years ago, before the oldest
 * sell-through month the demo holds, a week apart in the order listed; the one still onboarding
 * a month ago, the applicant last week.
 */
function joinedAt(today: Date, index: number, status: PartnerStatus): Date {
  const daysAgo = status === "applied" ? 6 : status === "onboarding" ? 30 : 800 - 7 * index;
  return new Date(today.getTime() - daysAgo * DAY_MS);
}

/** The vendor's people came first; a partner's people a day after their partner joined, an invited one two days ago. */
function userCreatedAt(today: Date, user: DemoUser, index: number, partnerJoined: Date | null): Date {
  if (user.status === "invited") return new Date(today.getTime() - 2 * DAY_MS);
  if (!partnerJoined) return new Date(today.getTime() - (900 - index) * DAY_MS);
  return new Date(partnerJoined.getTime() + DAY_MS + index * 3600 * 1000);
}

export async function isEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom("users")
    .select(({ fn }) => fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

export async function seedDemo(db: Kysely<Database>): Promise<void> {
  await runUnscoped("demo seed", () => seedDemoData(db));
}

async function seedDemoData(db: Kysely<Database>): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const today = now();
  await db.transaction().execute(async (trx) => {
    const regionIds = new Map<string, number>();
    for (const region of REGIONS) {
      const result = await trx.insertInto("regions").values({ code: region.code, name: region.name, name_zh: region.nameZh }).executeTakeFirstOrThrow();
      const id = Number(result.insertId);
      regionIds.set(region.code, id);
      await trx
        .insertInto("region_areas")
        .values(region.countries.map((country) => ({ region_id: id, country })))
        .execute();
    }
    const lineIds = new Map<string, number>();
    for (const line of PRODUCT_LINES) {
      const result = await trx.insertInto("product_lines").values({ code: line.code, name: line.name, name_zh: line.nameZh }).executeTakeFirstOrThrow();
      lineIds.set(line.code, Number(result.insertId));
    }
    await trx
      .insertInto("products")
      .values(PRODUCTS.map(([sku, name, line, price]) => ({ sku, name, product_line_id: lineIds.get(line)!, list_price: price, currency: "USD" })))
      .execute();

    const userIds = new Map<string, number>();
    const insertUser = async (user: DemoUser, partnerId: number | null, partnerJoined: Date | null) => {
      const status = user.status ?? "active";
      const result = await trx
        .insertInto("users")
        .values({
          email: user.email,
          name: user.name,
          role: user.role,
          partner_id: partnerId,
          status,
          password_hash: status === "invited" ? null : passwordHash,
          time_zone: user.timeZone,
          locale: user.locale ?? null,
          created_at: userCreatedAt(today, user, USERS.indexOf(user), partnerJoined),
        })
        .executeTakeFirstOrThrow();
      userIds.set(user.email, Number(result.insertId));
    };
    for (const user of USERS.filter((u) => !u.partner)) await insertUser(user, null, null);

    const partnerIds = new Map<string, number>();
    const partnerJoined = new Map<string, Date>();
    for (const [index, partner] of PARTNERS.entries()) {
      partnerJoined.set(partner.code, joinedAt(today, index, partner.status));
      const result = await trx
        .insertInto("partners")
        .values({
          code: partner.code,
          name: partner.name,
          type: partner.type,
          tier: partner.tier,
          status: partner.status,
          country: partner.country,
          region_id: regionIds.get(partner.region)!,
          postcode: partner.postcode,
          capacity: partner.capacity,
          parent_id: partner.parent ? partnerIds.get(partner.parent)! : null,
          channel_manager_id: userIds.get(partner.manager)!,
          created_at: partnerJoined.get(partner.code)!,
        })
        .executeTakeFirstOrThrow();
      const id = Number(result.insertId);
      partnerIds.set(partner.code, id);
      await trx
        .insertInto("partner_product_lines")
        .values(partner.lines.map((l) => ({ partner_id: id, product_line_id: lineIds.get(l)! })))
        .execute();
    }
    for (const user of USERS.filter((u) => u.partner)) await insertUser(user, partnerIds.get(user.partner!)!, partnerJoined.get(user.partner!)!);

    await trx
      .insertInto("audit_log")
      .values({
        at: new Date(),
        actor_user_id: null,
        actor_email: "system",
        action: "demo.seed",
        entity_type: "system",
        entity_id: null,
        partner_id: null,
        before_json: null,
        after_json: JSON.stringify({ partners: PARTNERS.length, users: USERS.length, products: PRODUCTS.length }),
        ip: null,
      })
      .execute();
  });
  await seedDemoPreferences(db);
  // Before the leads: routing offers a certified product line's leads only to certified partners.
  await seedDemoCertifications(db);
  await seedDemoAgreements(db);
  await seedDemoLeads(db);
  await seedDemoDeals(db);
  await seedDemoSellThrough(db);
  await seedDemoFunds(db);
  await seedDemoTargets(db);
  await seedDemoContent(db);
  await seedDemoApplications(db);
  await seedDemoTierReviews(db);
  await seedDemoCampaigns(db);
  await seedDemoAdoptions(db);
  await ageWaitingWork(db);
  await ageDemoNotifications(db);
}

/**
 * The demo is seeded in a second, so everything waiting would be "0 h" old. Spread what waits
 * for a decision over the past days, the earliest furthest back, so queues keep their order and
 * the home pages show ages as they would be. A row's creation moves with its submission, so it
 * is never submitted before it was created.
 */
async function ageWaitingWork(db: Kysely<Database>): Promise<void> {
  const shift = (id: string, max: string) => sql`INTERVAL (3 + 9 * (${sql.raw(max)} - ${sql.raw(id)})) HOUR`;
  await sql`UPDATE deals d JOIN (SELECT MAX(id) AS top FROM deals WHERE status IN ('submitted', 'more_info')) m
    SET d.submitted_at = d.submitted_at - ${shift("d.id", "m.top")}, d.created_at = d.created_at - ${shift("d.id", "m.top")} WHERE d.status IN ('submitted', 'more_info')`.execute(
    db,
  );
  await sql`UPDATE fund_requests r JOIN (SELECT MAX(id) AS top FROM fund_requests WHERE status = 'submitted') m
    SET r.submitted_at = r.submitted_at - ${shift("r.id", "m.top")}, r.created_at = r.created_at - ${shift("r.id", "m.top")} WHERE r.status = 'submitted'`.execute(
    db,
  );
  await sql`UPDATE fund_claims c JOIN (SELECT MAX(id) AS top FROM fund_claims WHERE status = 'submitted') m
    SET c.submitted_at = c.submitted_at - ${shift("c.id", "m.top")}, c.created_at = c.created_at - ${shift("c.id", "m.top")} WHERE c.status = 'submitted'`.execute(
    db,
  );
  await sql`UPDATE leads l JOIN (SELECT MAX(id) AS top FROM leads WHERE needs_attention = 1 AND status = 'new') m
    SET l.created_at = l.created_at - ${shift("l.id", "m.top")}, l.updated_at = l.updated_at - ${shift("l.id", "m.top")} WHERE l.needs_attention = 1 AND l.status = 'new'`.execute(
    db,
  );
}

export async function seedDemoIfEmpty(db: Kysely<Database>): Promise<boolean> {
  if (!(await isEmpty(db))) return false;
  await seedDemo(db);
  return true;
}
