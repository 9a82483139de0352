// The large data set the benchmarks run against (npm run db:seed:scale, and test/bench/run.ts):
// 5,000 partners under ten channel managers, 400 of them under bench.manager@example.com, with
// their product lines and two users each, and 1,000,000 leads (a quarter in the vendor's pool,
// the rest offered to or worked by the bench partners). Deterministic (seeded random numbers)
// and idempotent: each part (the first 4,000 partners, the 1,000 added later, the leads) is
// loaded once, in one transaction, and skipped when it is already there. Partners are loaded
// in multi-row batches; the leads with LOAD DATA LOCAL INFILE, which takes minutes, not hours.
import { performance } from "node:perf_hooks";
import mysql from "mysql2/promise";
import { hashPassword } from "../../app/lib/password.server";
import { loadTsv, openBulkConnection, tsvField } from "../../app/lib/bulk-load.server";
import { LEAD_STATUSES, type Database, type LeadSource, type PartnerStatus, type PartnerType, type Tier } from "../types";
import { DEMO_PASSWORD, PRODUCT_LINES, REGIONS } from "./demo";
import type { Kysely, Transaction } from "kysely";

export const BENCH_MANAGER_EMAIL = "bench.manager@example.com";
export const BENCH_MANAGERS = 10;
export const PARTNERS_PER_MANAGER = 400;
/** The first 4,000 partners, 400 per manager (BP00001..BP04000). */
export const BASE_PARTNERS = BENCH_MANAGERS * PARTNERS_PER_MANAGER;
/** Added later (BP04001..BP05000), spread over the other nine managers: bench.manager keeps 400. */
export const EXTRA_PARTNERS = 1000;
export const BENCH_PARTNERS = BASE_PARTNERS + EXTRA_PARTNERS;
export const BENCH_LEADS = 1_000_000;
/** The first bench partner's admin; the seed gives that partner a few hundred leads. */
export const BENCH_PARTNER_ADMIN_EMAIL = "u1.bp00001@bench.example.com";

const BATCH = 1000;

// Countries the bench partners sit in, weighted; US and CA are outside the demo regions, so
// a few partners have no region (as in real data before territories are complete).
const COUNTRIES: [string, number][] = [
  ["DE", 14],
  ["GB", 10],
  ["FR", 8],
  ["NL", 5],
  ["AT", 3],
  ["CH", 3],
  ["IT", 5],
  ["ES", 5],
  ["BE", 2],
  ["AE", 2],
  ["ZA", 2],
  ["CN", 9],
  ["JP", 7],
  ["SG", 4],
  ["AU", 6],
  ["IN", 5],
  ["KR", 3],
  ["HK", 2],
  ["NZ", 1],
  ["US", 3],
  ["CA", 1],
];
const TIME_ZONES: Record<string, string> = {
  DE: "Europe/Berlin",
  GB: "Europe/London",
  FR: "Europe/Paris",
  NL: "Europe/Amsterdam",
  AT: "Europe/Vienna",
  CH: "Europe/Zurich",
  IT: "Europe/Rome",
  ES: "Europe/Madrid",
  BE: "Europe/Brussels",
  AE: "Asia/Dubai",
  ZA: "Africa/Johannesburg",
  CN: "Asia/Shanghai",
  JP: "Asia/Tokyo",
  SG: "Asia/Singapore",
  AU: "Australia/Sydney",
  IN: "Asia/Kolkata",
  KR: "Asia/Seoul",
  HK: "Asia/Hong_Kong",
  NZ: "Pacific/Auckland",
  US: "America/New_York",
  CA: "America/Toronto",
};
const LOCALES: Record<string, string> = { CN: "zh-CN", HK: "zh-CN" };

const TIER_WEIGHTS: [Tier, number][] = [
  ["registered", 40],
  ["silver", 30],
  ["gold", 20],
  ["platinum", 10],
];
const STATUS_WEIGHTS: [PartnerStatus, number][] = [
  ["active", 70],
  ["onboarding", 12],
  ["applied", 10],
  ["suspended", 8],
];

const NAME_HEADS = [
  "Northwind",
  "Bluewater",
  "Summit",
  "Cedar",
  "Granite",
  "Harbour",
  "Silverline",
  "Redwood",
  "Meridian",
  "Aurora",
  "Beacon",
  "Keystone",
  "Lakeside",
  "Pinnacle",
  "Horizon",
  "Sterling",
  "Crescent",
  "Evergreen",
  "Falcon",
  "Ironbridge",
  "Juniper",
  "Kestrel",
  "Lighthouse",
  "Maple",
  "Nordic",
  "Oakridge",
  "Polaris",
  "Quantum",
  "Riverside",
  "Sapphire",
  "Tidewater",
  "Unity",
  "Vanguard",
  "Westgate",
  "Zenith",
  "Alpine",
  "Baltic",
  "Coastal",
  "Danube",
  "Elbe",
  "Rhein",
  "Thames",
  "Seine",
  "Pacific",
  "Orchid",
  "Lotus",
  "Sakura",
  "Kiwi",
  "Outback",
  "Savanna",
  "Atlas",
  "Copper",
  "Delta",
  "Ember",
  "Fjord",
];
const NAME_MIDDLES = [
  "Network",
  "Data",
  "Cloud",
  "Secure",
  "IT",
  "Digital",
  "Tech",
  "Infra",
  "Connect",
  "Storage",
  "Cyber",
  "Integration",
  "Computing",
  "Telecom",
  "Managed",
  "Edge",
  "Software",
  "Business",
  "Office",
  "Voice",
];
const NAME_TAILS: Record<PartnerType, string[]> = {
  distributor: ["Distribution", "Supply", "Wholesale", "Trading", "Logistics"],
  reseller: ["Solutions", "Systems", "Services", "Partners", "Consulting", "Technologies", "Group"],
  agent: ["Referral Partners", "Advisors", "Associates", "Agency", "Brokers"],
};
const LEGAL_FORMS: Record<string, string[]> = {
  DE: ["GmbH", "AG", "GmbH & Co. KG"],
  AT: ["GmbH"],
  CH: ["AG", "GmbH"],
  GB: ["Ltd", "plc", "LLP"],
  FR: ["SAS", "SARL"],
  NL: ["B.V."],
  BE: ["BV", "SA"],
  IT: ["S.r.l.", "S.p.A."],
  ES: ["S.L.", "S.A."],
  AE: ["LLC", "FZE"],
  ZA: ["(Pty) Ltd"],
  SG: ["Pte Ltd"],
  JP: ["K.K."],
  AU: ["Pty Ltd"],
  IN: ["Pvt Ltd"],
  KR: ["Co., Ltd."],
  HK: ["Limited"],
  NZ: ["Limited"],
  US: ["Inc.", "LLC"],
  CA: ["Inc.", "Ltd."],
};
const CN_HEADS = ["华东", "华南", "华北", "长江", "东方", "新港", "金桥", "中科", "蓝海", "天成", "明达", "恒信"];
const CN_MIDDLES = ["网络", "数据", "云", "信息", "安全", "智能", "数码"];
const CN_TAILS: Record<PartnerType, string[]> = {
  distributor: ["科技分销有限公司", "供应链有限公司"],
  reseller: ["科技有限公司", "系统集成有限公司", "技术服务有限公司"],
  agent: ["咨询有限公司", "商务代理有限公司"],
};
const JP_HEADS = ["東京", "大阪", "名古屋", "横浜", "福岡", "札幌", "京都", "神戸"];
const JP_TAILS = ["ネットワーク株式会社", "システムズ株式会社", "データ株式会社", "ソリューションズ株式会社", "テクノロジー株式会社"];

const FIRST_NAMES = [
  "Anna",
  "Ben",
  "Clara",
  "David",
  "Elena",
  "Felix",
  "Greta",
  "Hugo",
  "Ines",
  "Jonas",
  "Katrin",
  "Lukas",
  "Mia",
  "Noah",
  "Olga",
  "Paul",
  "Quentin",
  "Rosa",
  "Samir",
  "Tara",
  "Uwe",
  "Vera",
  "William",
  "Xenia",
  "Yusuf",
  "Zoe",
  "Priya",
  "Kenji",
  "Mei",
  "Hiroshi",
  "Aisha",
  "Carlos",
  "Sofia",
  "Lars",
  "Ingrid",
  "Marco",
  "Giulia",
  "Pierre",
  "Amélie",
  "Jürgen",
];
const LAST_NAMES = [
  "Müller",
  "Schmidt",
  "Smith",
  "Jones",
  "Martin",
  "Bernard",
  "Rossi",
  "Garcia",
  "de Vries",
  "Janssens",
  "Tanaka",
  "Suzuki",
  "Kim",
  "Lee",
  "Chen",
  "Wang",
  "Singh",
  "Patel",
  "Nguyen",
  "Brown",
  "Wilson",
  "Taylor",
  "Fischer",
  "Weber",
  "Dubois",
  "Moreau",
  "Ferrari",
  "Lopez",
  "Novak",
  "Andersen",
  "O'Brien",
  "MacLeod",
  "van Dijk",
  "Kowalski",
  "Haddad",
  "Naidoo",
];
const CN_NAMES = ["王伟", "李娜", "张敏", "刘洋", "陈静", "杨磊", "赵丽", "黄强", "周杰", "吴婷"];

/** mulberry32: small, fast and deterministic, so every run builds the same data set. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface BenchPartner {
  code: string;
  name: string;
  type: PartnerType;
  tier: Tier;
  status: PartnerStatus;
  country: string;
  postcode: string;
  capacity: number;
  manager: number; // index 0..9 into the bench managers
  parentCode: string | null;
  lines: string[];
  createdAt: Date;
}

function postcodeFor(country: string, rnd: () => number): string {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join("");
  switch (country) {
    case "GB": {
      const areas = ["EC1A", "SW1A", "M1", "B3", "LS1", "G2", "EH1", "BS1", "CB2", "OX1"];
      return `${areas[Math.floor(rnd() * areas.length)]} ${digits(1)}${"ABDEFGHJLNPQRSTUWXYZ"[Math.floor(rnd() * 20)]}${"ABDEFGHJLNPQRSTUWXYZ"[Math.floor(rnd() * 20)]}`;
    }
    case "NL":
      return `${1 + Math.floor(rnd() * 9)}${digits(3)} ${"ABCDEFGHJKLMNPRSTVWXZ"[Math.floor(rnd() * 21)]}${"ABCDEFGHJKLMNPRSTVWXZ"[Math.floor(rnd() * 21)]}`;
    case "JP":
      return `${digits(3)}-${digits(4)}`;
    case "CA":
      return `M${digits(1)}V ${digits(1)}K${digits(1)}`;
    case "AT":
    case "CH":
    case "BE":
    case "AU":
    case "ZA":
    case "NZ":
      return `${1 + Math.floor(rnd() * 9)}${digits(3)}`;
    case "CN":
    case "SG":
    case "IN":
      return `${1 + Math.floor(rnd() * 9)}${digits(5)}`;
    case "AE":
    case "HK":
      return "";
    default:
      return `${1 + Math.floor(rnd() * 9)}${digits(4)}`;
  }
}

function pickWeighted<T>(items: [T, number][], rnd: () => number): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let r = rnd() * total;
  for (const [item, weight] of items) {
    r -= weight;
    if (r < 0) return item;
  }
  return items[items.length - 1][0];
}

function pick<T>(items: readonly T[], rnd: () => number): T {
  return items[Math.floor(rnd() * items.length)];
}

function shuffle<T>(items: T[], rnd: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function partnerName(type: PartnerType, country: string, rnd: () => number): string {
  if (country === "CN" && rnd() < 0.7) return `${pick(CN_HEADS, rnd)}${pick(CN_MIDDLES, rnd)}${pick(CN_TAILS[type], rnd)}`;
  if (country === "JP" && rnd() < 0.5) return `${pick(JP_HEADS, rnd)}${pick(JP_TAILS, rnd)}`;
  const words = [pick(NAME_HEADS, rnd)];
  if (rnd() < 0.7) words.push(pick(NAME_MIDDLES, rnd));
  words.push(pick(NAME_TAILS[type], rnd));
  const forms = LEGAL_FORMS[country];
  if (forms && rnd() < 0.8) words.push(pick(forms, rnd));
  return words.join(" ");
}

/** The 4,000 bench partners: per manager 60 distributors, 240 resellers (half under one of that manager's distributors), 100 agents. */
function buildPartners(): BenchPartner[] {
  const rnd = random(20240601);
  const now = Date.now();
  const threeYears = 3 * 365 * 24 * 3600 * 1000;
  const perManagerTypes: PartnerType[] = [
    ...Array<PartnerType>(Math.round(PARTNERS_PER_MANAGER * 0.15)).fill("distributor"),
    ...Array<PartnerType>(Math.round(PARTNERS_PER_MANAGER * 0.6)).fill("reseller"),
  ];
  while (perManagerTypes.length < PARTNERS_PER_MANAGER) perManagerTypes.push("agent");

  // Interleave the managers' partners across the code range, as real data would be.
  const slots: { manager: number; type: PartnerType }[] = [];
  for (let m = 0; m < BENCH_MANAGERS; m++) for (const type of perManagerTypes) slots.push({ manager: m, type });
  shuffle(slots, rnd);

  const usedNames = new Set<string>();
  const partners: BenchPartner[] = slots.map((slot, i) => {
    const country = pickWeighted(COUNTRIES, rnd);
    let name = partnerName(slot.type, country, rnd);
    for (let attempt = 0; usedNames.has(name) && attempt < 20; attempt++) name = partnerName(slot.type, country, rnd);
    if (usedNames.has(name)) name = `${name} ${i + 1}`;
    usedNames.add(name);
    const lineCount = slot.type === "distributor" ? 2 + Math.floor(rnd() * 3) : 1 + Math.floor(rnd() * 3);
    const lines = shuffle(
      PRODUCT_LINES.map((l) => l.code),
      rnd,
    ).slice(0, lineCount);
    const capacityBase = slot.type === "distributor" ? 30 : slot.type === "reseller" ? 8 : 4;
    return {
      code: `BP${String(i + 1).padStart(5, "0")}`,
      name,
      type: slot.type,
      tier: pickWeighted(TIER_WEIGHTS, rnd),
      status: pickWeighted(STATUS_WEIGHTS, rnd),
      country,
      postcode: postcodeFor(country, rnd),
      capacity: capacityBase + Math.floor(rnd() * capacityBase * 1.5),
      manager: slot.manager,
      parentCode: null,
      lines,
      createdAt: new Date(now - Math.floor(rnd() * threeYears)),
    };
  });

  for (let m = 0; m < BENCH_MANAGERS; m++) {
    const distributors = partners.filter((p) => p.manager === m && p.type === "distributor");
    const resellers = partners.filter((p) => p.manager === m && p.type === "reseller");
    shuffle(resellers, rnd)
      .slice(0, Math.floor(resellers.length / 2))
      .forEach((r) => (r.parentCode = pick(distributors, rnd).code));
  }
  return partners;
}

function userName(country: string, rnd: () => number): string {
  if ((country === "CN" || country === "HK") && rnd() < 0.6) return pick(CN_NAMES, rnd);
  return `${pick(FIRST_NAMES, rnd)} ${pick(LAST_NAMES, rnd)}`;
}

async function insertBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

async function ensureReferenceData(trx: Transaction<Database>): Promise<{ countryRegion: Map<string, number>; lineIds: Map<string, number> }> {
  const existingRegions = new Set((await trx.selectFrom("regions").select("code").execute()).map((r) => r.code));
  for (const region of REGIONS.filter((r) => !existingRegions.has(r.code))) {
    const result = await trx.insertInto("regions").values({ code: region.code, name: region.name, name_zh: region.nameZh }).executeTakeFirstOrThrow();
    // A country some other region already covers keeps its region.
    await trx
      .insertInto("region_areas")
      .ignore()
      .values(region.countries.map((country) => ({ region_id: Number(result.insertId), country })))
      .execute();
  }
  const areas = await trx.selectFrom("region_areas").select(["region_id", "country"]).where("postcode_prefix", "=", "").execute();
  const countryRegion = new Map(areas.map((a) => [a.country, a.region_id]));

  await trx
    .insertInto("product_lines")
    .ignore()
    .values(PRODUCT_LINES.map((l) => ({ code: l.code, name: l.name, name_zh: l.nameZh })))
    .execute();
  const lines = await trx.selectFrom("product_lines").select(["id", "code"]).execute();
  return { countryRegion, lineIds: new Map(lines.map((l) => [l.code, l.id])) };
}

function managerEmails(): string[] {
  return Array.from({ length: BENCH_MANAGERS }, (_, i) => (i === 0 ? BENCH_MANAGER_EMAIL : `bench.manager${i + 1}@example.com`));
}

function partnerCode(n: number): string {
  return `BP${String(n).padStart(5, "0")}`;
}

export async function seedScale(db: Kysely<Database>, url: string): Promise<void> {
  const database = new URL(url).pathname.replace(/^\//, "") || url;
  await seedBasePartners(db, database);
  await seedExtraPartners(db, database);
  await seedLeads(db, url, database);
}

interface PartnerLoad {
  partners: number;
  productLines: number;
  users: number;
}

/**
 * Inserts bench partners (distributors first, so resellers can point at them), their product
 * lines and two users each (u1 the partner admin, u2 a rep). Parents may already be in the table.
 */
async function insertPartners(
  trx: Transaction<Database>,
  partners: BenchPartner[],
  managerIds: number[],
  reference: { countryRegion: Map<string, number>; lineIds: Map<string, number> },
  passwordHash: string,
  rnd: () => number,
): Promise<PartnerLoad> {
  const { countryRegion, lineIds } = reference;
  const partnerIds = new Map<string, number>();
  const loadPartners = async (group: BenchPartner[]) => {
    await insertBatches(group, (batch) =>
      trx
        .insertInto("partners")
        .values(
          batch.map((p) => ({
            code: p.code,
            name: p.name,
            type: p.type,
            tier: p.tier,
            status: p.status,
            country: p.country,
            region_id: countryRegion.get(p.country) ?? null,
            postcode: p.postcode,
            capacity: p.capacity,
            parent_id: p.parentCode ? partnerIds.get(p.parentCode)! : null,
            channel_manager_id: managerIds[p.manager],
            created_at: p.createdAt,
            updated_at: p.createdAt,
          })),
        )
        .execute(),
    );
    const rows = await trx.selectFrom("partners").select(["id", "code"]).where("code", "like", "BP0%").execute();
    for (const row of rows) partnerIds.set(row.code, row.id);
  };
  await loadPartners(partners.filter((p) => p.type === "distributor"));
  await loadPartners(partners.filter((p) => p.type !== "distributor"));

  const partnerLines = partners.flatMap((p) =>
    p.lines.filter((code) => lineIds.has(code)).map((code) => ({ partner_id: partnerIds.get(p.code)!, product_line_id: lineIds.get(code)! })),
  );
  await insertBatches(partnerLines, (batch) => trx.insertInto("partner_product_lines").values(batch).execute());

  const users = partners.flatMap((p) => {
    const code = p.code.toLowerCase();
    const base = {
      partner_id: partnerIds.get(p.code)!,
      status: "active" as const,
      password_hash: passwordHash,
      time_zone: TIME_ZONES[p.country] ?? "UTC",
      locale: LOCALES[p.country] ?? null,
    };
    return [
      { ...base, email: `u1.${code}@bench.example.com`, name: userName(p.country, rnd), role: "partner_admin" as const },
      { ...base, email: `u2.${code}@bench.example.com`, name: userName(p.country, rnd), role: "partner_rep" as const },
    ];
  });
  await insertBatches(users, (batch) => trx.insertInto("users").values(batch).execute());
  return { partners: partners.length, productLines: partnerLines.length, users: users.length };
}

/** The ten managers and the first 4,000 partners (BP00001..BP04000), as the first version of this seed made them. */
async function seedBasePartners(db: Kysely<Database>, database: string): Promise<void> {
  const existing = await db.selectFrom("users").select("id").where("email", "=", BENCH_MANAGER_EMAIL).executeTakeFirst();
  if (existing) {
    const row = await db
      .selectFrom("partners")
      .select(({ fn }) => fn.countAll<number>().as("n"))
      .where("code", "like", "BP0%")
      .executeTakeFirstOrThrow();
    console.log(
      `[seed:scale] ${database} already has the bench managers (${BENCH_MANAGER_EMAIL}) and ${Number(row.n)} bench partners; not loading the first ${BASE_PARTNERS} again`,
    );
    return;
  }

  const started = performance.now();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const partners = buildPartners();
  const rnd = random(7);
  let counts = { managers: 0, partners: 0, productLines: 0, users: 0 };

  await db.transaction().execute(async (trx) => {
    const reference = await ensureReferenceData(trx);
    const emails = managerEmails();
    await trx
      .insertInto("users")
      .values(
        emails.map((email, i) => ({
          email,
          name: i === 0 ? "Bench Manager" : `Bench Manager ${i + 1}`,
          role: "channel_manager" as const,
          partner_id: null,
          status: "active" as const,
          password_hash: passwordHash,
          time_zone: "Europe/Berlin",
        })),
      )
      .execute();
    const managerRows = await trx.selectFrom("users").select(["id", "email"]).where("email", "in", emails).execute();
    const managerIdByEmail = new Map(managerRows.map((r) => [r.email, r.id]));
    const managerIds = emails.map((e) => managerIdByEmail.get(e)!);

    const loaded = await insertPartners(trx, partners, managerIds, reference, passwordHash, rnd);
    counts = { managers: managerIds.length, ...loaded };
    await trx
      .insertInto("audit_log")
      .values({
        at: new Date(),
        actor_user_id: null,
        actor_email: "system",
        action: "scale.seed",
        entity_type: "system",
        entity_id: null,
        partner_id: null,
        before_json: null,
        after_json: JSON.stringify(counts),
        ip: null,
      })
      .execute();
  });

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const mine = partners.filter((p) => p.manager === 0).length;
  console.log(
    `[seed:scale] ${database}: ${counts.managers} channel managers (${BENCH_MANAGER_EMAIL} manages ${mine}), ${counts.partners} partners, ` +
      `${counts.productLines} partner product lines, ${counts.users} partner users in ${seconds} s`,
  );
}

/**
 * The 1,000 partners added for the leads benchmarks (BP04001..BP05000): same mix of types,
 * spread evenly over the nine other managers, so bench.manager@example.com keeps exactly 400.
 */
function buildExtraPartners(base: BenchPartner[]): BenchPartner[] {
  const rnd = random(20250115);
  const now = Date.now();
  const eighteenMonths = 548 * 24 * 3600 * 1000;
  const types: PartnerType[] = [
    ...Array<PartnerType>(Math.round(EXTRA_PARTNERS * 0.15)).fill("distributor"),
    ...Array<PartnerType>(Math.round(EXTRA_PARTNERS * 0.6)).fill("reseller"),
  ];
  while (types.length < EXTRA_PARTNERS) types.push("agent");
  shuffle(types, rnd);

  const usedNames = new Set(base.map((p) => p.name));
  const extras: BenchPartner[] = types.map((type, k) => {
    const country = pickWeighted(COUNTRIES, rnd);
    let name = partnerName(type, country, rnd);
    for (let attempt = 0; usedNames.has(name) && attempt < 20; attempt++) name = partnerName(type, country, rnd);
    if (usedNames.has(name)) name = `${name} ${BASE_PARTNERS + k + 1}`;
    usedNames.add(name);
    const lineCount = type === "distributor" ? 2 + Math.floor(rnd() * 3) : 1 + Math.floor(rnd() * 3);
    const lines = shuffle(
      PRODUCT_LINES.map((l) => l.code),
      rnd,
    ).slice(0, lineCount);
    const capacityBase = type === "distributor" ? 30 : type === "reseller" ? 8 : 4;
    return {
      code: partnerCode(BASE_PARTNERS + k + 1),
      name,
      type,
      tier: pickWeighted(TIER_WEIGHTS, rnd),
      status: pickWeighted(STATUS_WEIGHTS, rnd),
      country,
      postcode: postcodeFor(country, rnd),
      capacity: capacityBase + Math.floor(rnd() * capacityBase * 1.5),
      manager: 1 + (k % (BENCH_MANAGERS - 1)),
      parentCode: null,
      lines,
      createdAt: new Date(now - Math.floor(rnd() * eighteenMonths)),
    };
  });

  for (let m = 1; m < BENCH_MANAGERS; m++) {
    const distributors = [...base, ...extras].filter((p) => p.manager === m && p.type === "distributor");
    const resellers = extras.filter((p) => p.manager === m && p.type === "reseller");
    shuffle(resellers, rnd)
      .slice(0, Math.floor(resellers.length / 2))
      .forEach((r) => (r.parentCode = pick(distributors, rnd).code));
  }
  return extras;
}

async function seedExtraPartners(db: Kysely<Database>, database: string): Promise<void> {
  const first = partnerCode(BASE_PARTNERS + 1);
  if (await db.selectFrom("partners").select("id").where("code", "=", first).executeTakeFirst()) {
    console.log(`[seed:scale] ${database} already has the ${EXTRA_PARTNERS} added bench partners (${first}...)`);
    return;
  }
  const started = performance.now();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const extras = buildExtraPartners(buildPartners());
  const rnd = random(8);
  let counts: PartnerLoad = { partners: 0, productLines: 0, users: 0 };
  await db.transaction().execute(async (trx) => {
    const reference = await ensureReferenceData(trx);
    const emails = managerEmails();
    const managerRows = await trx.selectFrom("users").select(["id", "email"]).where("email", "in", emails).execute();
    const managerIdByEmail = new Map(managerRows.map((r) => [r.email, r.id]));
    const managerIds = emails.map((e) => managerIdByEmail.get(e)!);
    if (managerIds.some((id) => id === undefined)) throw new Error("The bench managers are missing; the first part of the scale seed did not run");
    counts = await insertPartners(trx, extras, managerIds, reference, passwordHash, rnd);
    await trx
      .insertInto("audit_log")
      .values({
        at: new Date(),
        actor_user_id: null,
        actor_email: "system",
        action: "scale.seed_partners",
        entity_type: "system",
        entity_id: null,
        partner_id: null,
        before_json: null,
        after_json: JSON.stringify(counts),
        ip: null,
      })
      .execute();
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `[seed:scale] ${database}: added ${counts.partners} bench partners (${first}..), ${counts.productLines} partner product lines, ${counts.users} partner users in ${seconds} s`,
  );
}

// ---------------------------------------------------------------------------------------------
// Leads
// ---------------------------------------------------------------------------------------------

const DAY = 24 * 3600 * 1000;

/** Where the end customers are; US and CA are outside the demo regions (those leads stay in the pool). */
const LEAD_COUNTRIES: [string, number][] = COUNTRIES;

const CITY_HEADS: Record<string, string[]> = {
  DE: [
    "München",
    "Bavaria",
    "Rheinland",
    "Hamburg",
    "Berlin",
    "Köln",
    "Leipzig",
    "Stuttgart",
    "Nordsee",
    "Isar",
    "Franken",
    "Schwarzwald",
    "Dresden",
    "Hannover",
    "Ruhr",
  ],
  AT: ["Wiener", "Alpen", "Tirol", "Salzburg", "Graz", "Linz", "Donau"],
  CH: ["Zürich", "Basel", "Bern", "Genève", "Lugano", "Luzern"],
  GB: ["Thames", "Camden", "Manchester", "Leeds", "Bristol", "Cambridge", "Oxford", "Highland", "Mersey", "Tyne", "Severn", "Pennine"],
  FR: ["Paris", "Lyon", "Marseille", "Bordeaux", "Lille", "Nantes", "Provence", "Bretagne", "Alsace"],
  NL: ["Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "Delft", "Groningen", "Zeeland"],
  BE: ["Brussels", "Antwerp", "Gent", "Liège", "Brugge"],
  IT: ["Milano", "Torino", "Roma", "Bologna", "Firenze", "Veneto", "Napoli"],
  ES: ["Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao", "Málaga"],
  AE: ["Dubai", "Abu Dhabi", "Gulf", "Emirates", "Sharjah"],
  ZA: ["Cape", "Joburg", "Durban", "Karoo", "Highveld"],
  SG: ["Marina Bay", "Jurong", "Orchard", "Temasek", "Changi", "Raffles"],
  AU: ["Sydney Harbour", "Melbourne", "Brisbane", "Perth", "Adelaide", "Coral Coast", "Hunter Valley"],
  NZ: ["Auckland", "Wellington", "Canterbury", "Waikato", "Otago"],
  IN: ["Mumbai", "Bengaluru", "Delhi", "Chennai", "Hyderabad", "Pune", "Kolkata"],
  KR: ["Seoul", "Busan", "Incheon", "Han River", "Daegu"],
  HK: ["Kowloon", "Victoria Harbour", "Lantau", "Causeway", "Sha Tin"],
  US: ["Pacific", "Hudson", "Lone Star", "Bay Area", "Great Lakes", "Rocky Mountain"],
  CA: ["Maple Leaf", "Ontario", "Vancouver", "Laurentian", "Prairie"],
  CN: ["Shanghai", "Beijing", "Shenzhen", "Hangzhou", "Guangzhou", "Nanjing"],
  JP: ["Tokyo", "Osaka", "Nagoya", "Yokohama", "Fukuoka", "Kobe"],
};
const INDUSTRIES: Record<string, string[]> = {
  de: [
    "Logistik",
    "Maschinenbau",
    "Klinikum",
    "Stadtwerke",
    "Versicherung",
    "Privatbank",
    "Autoteile",
    "Brauerei",
    "Bau",
    "Pharma",
    "Textil",
    "Energie",
    "Steuerberatung",
    "Möbelwerke",
  ],
  fr: ["Logistique", "Assurances", "Hôpital", "Banque Privée", "Énergie", "Transports", "Pharma", "Hôtels", "Distribution", "Mutuelle"],
  it: ["Logistica", "Assicurazioni", "Ospedale", "Banca", "Meccanica", "Alimentari", "Moda", "Energia", "Trasporti"],
  es: ["Logística", "Seguros", "Hospital", "Banca", "Energía", "Alimentación", "Hoteles", "Construcciones"],
  nl: ["Logistiek", "Verzekeringen", "Ziekenhuis", "Bouw", "Energie", "Transport", "Zorggroep", "Havenbedrijf"],
  en: [
    "Logistics",
    "Hospital",
    "Insurance",
    "Private Bank",
    "Retail",
    "Hotels",
    "University",
    "Council IT",
    "Auto Parts",
    "Shipping Lines",
    "Energy",
    "Pharma",
    "Foods",
    "Media Group",
    "Dental Clinics",
    "Law Partners",
    "Architects",
    "Construction",
    "Precision Tools",
    "Water Analytics",
    "Airport Services",
    "Chemicals",
    "Finance",
    "Real Estate",
    "Engineering",
    "Health Trust",
    "Freight",
    "Steel",
    "Mining",
    "Telecom",
  ],
};
const LANGUAGE: Record<string, string> = { DE: "de", AT: "de", CH: "de", FR: "fr", BE: "fr", IT: "it", ES: "es", NL: "nl" };
const TLD: Record<string, string> = {
  DE: "de",
  AT: "at",
  CH: "ch",
  GB: "co.uk",
  FR: "fr",
  NL: "nl",
  BE: "be",
  IT: "it",
  ES: "es",
  AE: "ae",
  ZA: "co.za",
  CN: "cn",
  HK: "com.hk",
  SG: "com.sg",
  JP: "co.jp",
  KR: "co.kr",
  AU: "com.au",
  NZ: "co.nz",
  IN: "in",
  US: "com",
  CA: "ca",
};
const CN_CUSTOMERS: [string, string][] = [
  ["上海", "shanghai"],
  ["北京", "beijing"],
  ["深圳", "shenzhen"],
  ["杭州", "hangzhou"],
  ["广州", "guangzhou"],
  ["南京", "nanjing"],
  ["成都", "chengdu"],
  ["苏州", "suzhou"],
  ["武汉", "wuhan"],
  ["天津", "tianjin"],
];
const CN_INDUSTRIES: [string, string][] = [
  ["物流有限公司", "logistics"],
  ["人民医院", "hospital"],
  ["商业银行", "bank"],
  ["保险股份有限公司", "insurance"],
  ["精密制造有限公司", "manufacturing"],
  ["零售集团", "retail"],
  ["能源有限公司", "energy"],
  ["云数据科技", "clouddata"],
  ["汽车零部件有限公司", "autoparts"],
  ["大学", "university"],
];
const JP_CUSTOMERS: [string, string][] = [
  ["東京", "tokyo"],
  ["大阪", "osaka"],
  ["名古屋", "nagoya"],
  ["横浜", "yokohama"],
  ["福岡", "fukuoka"],
  ["札幌", "sapporo"],
  ["京都", "kyoto"],
  ["神戸", "kobe"],
];
const JP_INDUSTRIES: [string, string][] = [
  ["物流株式会社", "logistics"],
  ["精密工業株式会社", "precision"],
  ["銀行", "bank"],
  ["総合病院", "hospital"],
  ["メディア株式会社", "media"],
  ["電機株式会社", "denki"],
  ["建設株式会社", "kensetsu"],
  ["大学", "university"],
];
const CN_CONTACTS: [string, string][] = [
  ["陈伟", "chen.wei"],
  ["王芳", "wang.fang"],
  ["李娜", "li.na"],
  ["张敏", "zhang.min"],
  ["刘洋", "liu.yang"],
  ["杨磊", "yang.lei"],
  ["赵丽", "zhao.li"],
  ["黄强", "huang.qiang"],
  ["周杰", "zhou.jie"],
  ["吴婷", "wu.ting"],
];
const JP_CONTACTS: [string, string][] = [
  ["Sato Haruto", "h.sato"],
  ["Suzuki Yui", "y.suzuki"],
  ["Takahashi Ren", "r.takahashi"],
  ["Tanaka Aoi", "a.tanaka"],
  ["Watanabe Sota", "s.watanabe"],
  ["Ito Hina", "h.ito"],
  ["Yamamoto Riku", "r.yamamoto"],
  ["Nakamura Mio", "m.nakamura"],
];
const CALLING_CODES: Record<string, string> = {
  DE: "49",
  AT: "43",
  CH: "41",
  GB: "44",
  FR: "33",
  NL: "31",
  BE: "32",
  IT: "39",
  ES: "34",
  AE: "971",
  ZA: "27",
  CN: "86",
  HK: "852",
  SG: "65",
  JP: "81",
  KR: "82",
  AU: "61",
  NZ: "64",
  IN: "91",
  US: "1",
  CA: "1",
};
const LOCAL_CURRENCY: Record<string, string> = {
  DE: "EUR",
  AT: "EUR",
  FR: "EUR",
  NL: "EUR",
  BE: "EUR",
  IT: "EUR",
  ES: "EUR",
  GB: "GBP",
  CH: "CHF",
  JP: "JPY",
  AU: "AUD",
  SG: "SGD",
  IN: "INR",
  CN: "CNY",
  CA: "CAD",
};
const LEAD_SOURCE_WEIGHTS: [LeadSource, number][] = [
  ["campaign", 35],
  ["web_form", 30],
  ["event", 15],
  ["import", 15],
  ["manual", 5],
];
const LOST_REASONS = [
  "Customer chose a competitor on price",
  "No budget this year",
  "Project cancelled",
  "Could not reach the contact",
  "Went with the incumbent supplier",
  "Timeline pushed beyond twelve months",
  "Requirements changed; our products no longer fit",
];
const NOTES = [
  "Asked for a call back next week.",
  "Visited our booth; interested in a demo.",
  "Existing customer of a competitor, contract ends in Q3.",
  "Downloaded the whitepaper twice.",
  "Needs a quote in local currency.",
  "Referred by an existing customer.",
];

function slug(text: string): string {
  return text
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
}

interface Customer {
  company: string;
  domain: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
}

/** An end customer in `country`: company, web domain and one contact. */
function customerFor(country: string, rnd: () => number): Customer {
  let company: string;
  let domainStem: string;
  if (country === "CN" && rnd() < 0.6) {
    const [city, cityLatin] = pick(CN_CUSTOMERS, rnd);
    const [industry, industryLatin] = pick(CN_INDUSTRIES, rnd);
    company = `${city}${industry}`;
    domainStem = `${cityLatin}-${industryLatin}`;
  } else if (country === "JP" && rnd() < 0.5) {
    const [city, cityLatin] = pick(JP_CUSTOMERS, rnd);
    const [industry, industryLatin] = pick(JP_INDUSTRIES, rnd);
    company = `${city}${industry}`;
    domainStem = `${cityLatin}-${industryLatin}`;
  } else {
    const head = pick(CITY_HEADS[country] ?? NAME_HEADS, rnd);
    const industry = pick(INDUSTRIES[LANGUAGE[country] ?? "en"], rnd);
    const forms = LEGAL_FORMS[country];
    company = forms && rnd() < 0.6 ? `${head} ${industry} ${pick(forms, rnd)}` : `${head} ${industry}`;
    domainStem = slug(`${head} ${industry}`);
  }
  const domain = `${domainStem}.${TLD[country] ?? "com"}`;

  let contactName: string;
  let local: string;
  if (country === "CN" || country === "HK") {
    const [name, latin] = pick(CN_CONTACTS, rnd);
    contactName = name;
    local = latin;
  } else if (country === "JP") {
    const [name, latin] = pick(JP_CONTACTS, rnd);
    contactName = name;
    local = latin;
  } else {
    const first = pick(FIRST_NAMES, rnd);
    const last = pick(LAST_NAMES, rnd);
    contactName = rnd() < 0.05 ? `Dr. ${first} ${last}` : `${first} ${last}`;
    local = `${slug(first).charAt(0)}.${slug(last).replace(/-/g, "")}`;
  }
  const contactEmail = rnd() < 0.9 ? `${local}@${domain}` : "";
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join("");
  const contactPhone = rnd() < 0.75 ? `+${CALLING_CODES[country] ?? "1"} ${1 + Math.floor(rnd() * 9)}${digits(2)} ${digits(7)}` : "";
  return { company, domain, contactName, contactEmail, contactPhone };
}

function estimatedValue(rnd: () => number): string | null {
  if (rnd() < 0.08) return null;
  // Mostly tens of thousands, a long tail into the hundreds of thousands.
  const value = Math.round(Math.pow(10, 3.3 + 2.4 * Math.pow(rnd(), 1.3)) / 100) * 100;
  return `${Math.max(value, 1000)}.00`;
}

/** The leads table's columns in the order the bulk loader writes them. */
const LEAD_COLUMNS = [
  "id",
  "company",
  "company_domain",
  "contact_name",
  "contact_email",
  "contact_phone",
  "country",
  "region_id",
  "postcode",
  "product_line_id",
  "estimated_value",
  "currency",
  "source",
  "notes",
  "status",
  "partner_id",
  "owner_user_id",
  "offered_at",
  "offer_expires_at",
  "offer_count",
  "needs_attention",
  "pool_reason",
  "duplicate_of_id",
  "lost_reason",
  "created_by",
  "created_at",
  "updated_at",
] as const;
type LeadLoadRow = Record<(typeof LEAD_COLUMNS)[number], string | number | Date | null>;

function tsvLine(row: LeadLoadRow): string {
  let line = "";
  for (let c = 0; c < LEAD_COLUMNS.length; c++) line += (c ? "\t" : "") + tsvField(row[LEAD_COLUMNS[c]]);
  return line + "\n";
}

/**
 * Streams rows into `leads` with LOAD DATA LOCAL INFILE (or INSERTs where the server refuses
 * it: bulk-load.server.ts), in statements of `perStatement` rows, on the caller's connection
 * (and so inside its transaction, if it opened one).
 */
async function loadLeadRows(connection: mysql.Connection, rows: Iterable<LeadLoadRow>, perStatement = 100_000): Promise<{ rows: number; warnings: number }> {
  const iterator = rows[Symbol.iterator]();
  let exhausted = false;
  let total = 0;
  let warnings = 0;
  while (!exhausted) {
    let inStatement = 0;
    function* lines(): Generator<string> {
      while (inStatement < perStatement) {
        const next = iterator.next();
        if (next.done) {
          exhausted = true;
          return;
        }
        inStatement++;
        yield tsvLine(next.value);
      }
    }
    const loaded = await loadTsv(connection, "leads", LEAD_COLUMNS, lines());
    if (inStatement > 0 && loaded.rows !== inStatement) {
      throw new Error(`LOAD DATA loaded ${loaded.rows} of ${inStatement} lead rows`);
    }
    total += inStatement;
    warnings += loaded.warnings;
  }
  return { rows: total, warnings };
}

interface Holder {
  id: number;
  code: string;
  active: boolean;
  regionId: number;
  country: string;
  postcode: string;
  capacity: number;
  slaHours: number;
  lineIds: number[];
  adminId: number;
  repId: number;
  managerId: number | null;
}

interface Reference {
  countryRegion: Map<string, number>;
  lineIds: number[];
  /** Countries inside a region, weighted like the partners', per region. */
  regionCountries: Map<number, [string, number][]>;
}

async function loadReference(db: Kysely<Database>): Promise<Reference> {
  const areas = await db.selectFrom("region_areas").select(["region_id", "country"]).where("postcode_prefix", "=", "").execute();
  const countryRegion = new Map(areas.map((a) => [a.country, a.region_id]));
  const lineIds = (await db.selectFrom("product_lines").select("id").orderBy("id").execute()).map((l) => l.id);
  const regionCountries = new Map<number, [string, number][]>();
  for (const [country, weight] of LEAD_COUNTRIES) {
    const region = countryRegion.get(country);
    if (region === undefined) continue;
    regionCountries.set(region, [...(regionCountries.get(region) ?? []), [country, weight]]);
  }
  return { countryRegion, lineIds, regionCountries };
}

/** Bench partners that may hold leads: active ones, and suspended ones (their old, closed leads). */
async function loadHolders(db: Kysely<Database>): Promise<Holder[]> {
  const partners = await db
    .selectFrom("partners")
    .innerJoin("tiers", "tiers.tier", "partners.tier")
    .select([
      "partners.id",
      "partners.code",
      "partners.status",
      "partners.region_id",
      "partners.country",
      "partners.postcode",
      "partners.capacity",
      "partners.channel_manager_id",
      "tiers.lead_sla_hours",
    ])
    .where("partners.code", "like", "BP0%")
    .where("partners.status", "in", ["active", "suspended"])
    .where("partners.region_id", "is not", null)
    .orderBy("partners.code")
    .execute();
  const lines = await db
    .selectFrom("partner_product_lines")
    .innerJoin("partners", "partners.id", "partner_product_lines.partner_id")
    .select(["partner_product_lines.partner_id", "partner_product_lines.product_line_id"])
    .where("partners.code", "like", "BP0%")
    .orderBy("partner_product_lines.partner_id")
    .orderBy("partner_product_lines.product_line_id")
    .execute();
  const users = await db
    .selectFrom("users")
    .innerJoin("partners", "partners.id", "users.partner_id")
    .select(["users.id", "users.partner_id", "users.role"])
    .where("partners.code", "like", "BP0%")
    .orderBy("users.id")
    .execute();
  const linesOf = new Map<number, number[]>();
  for (const l of lines) linesOf.set(l.partner_id, [...(linesOf.get(l.partner_id) ?? []), l.product_line_id]);
  const adminOf = new Map<number, number>();
  const repOf = new Map<number, number>();
  for (const u of users) {
    if (u.role === "partner_admin" && !adminOf.has(u.partner_id!)) adminOf.set(u.partner_id!, u.id);
    if (u.role === "partner_rep" && !repOf.has(u.partner_id!)) repOf.set(u.partner_id!, u.id);
  }
  return partners
    .filter((p) => linesOf.has(p.id) && adminOf.has(p.id))
    .map((p) => ({
      id: p.id,
      code: p.code,
      active: p.status === "active",
      regionId: p.region_id!,
      country: p.country,
      postcode: p.postcode,
      capacity: p.capacity,
      slaHours: p.lead_sla_hours,
      lineIds: linesOf.get(p.id)!,
      adminId: adminOf.get(p.id)!,
      repId: repOf.get(p.id) ?? adminOf.get(p.id)!,
      managerId: p.channel_manager_id,
    }));
}

const ST = { new: 0, offered: 1, accepted: 2, contacted: 3, qualified: 4, converted: 5, lost: 6 } as const;
const isOpen = (s: number) => s >= ST.offered && s <= ST.qualified;

function pickIndex(cumulative: Float64Array, rnd: () => number): number {
  const r = rnd() * cumulative[cumulative.length - 1];
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The million leads, oldest first. A quarter wait in the vendor's pool (some for a person to
 * decide, with the router's reason); the rest went to a bench partner in the lead's region that
 * carries its product line, weighted by the partner's capacity. Old leads are closed (converted
 * or lost); recent ones are open, newest first, and only up to part of each partner's capacity,
 * as the router (which never offers a lead to a partner at capacity) would have left them; a
 * recent lead that finds its partner full stays in the pool as unroutable, as routing would.
 */
function* benchLeads(
  holders: Holder[],
  reference: Reference,
  managerIds: number[],
  firstId: number,
  nowMs: number,
  stats: Record<string, number>,
): Generator<LeadLoadRow> {
  const N = BENCH_LEADS;
  const rnd = random(20240901);
  // Ages, newest first: denser in the recent months (the business grows).
  const ages = new Float64Array(N);
  for (let i = 0; i < N; i++) ages[i] = 365 * DAY * Math.pow(rnd(), 1.25);
  ages.sort();
  const ageOf = (i: number) => ages[N - 1 - i]; // i: insertion order, oldest first

  const cumulative = new Float64Array(holders.length);
  let sum = 0;
  holders.forEach((h, k) => {
    // The first bench partner gets a few hundred leads, so its admin has a full inbox.
    const weight = h.capacity * (h.active ? 1 : 0.5) * (h.code === "BP00001" ? 2.5 : 1);
    cumulative[k] = sum += weight;
  });
  const holderOf = new Int32Array(N);
  for (let i = 0; i < N; i++) holderOf[i] = rnd() < 0.25 ? -1 : pickIndex(cumulative, rnd);

  // Statuses, newest first, within each partner's open-lead budget.
  const budget = new Int32Array(holders.length);
  holders.forEach((h, k) => (budget[k] = h.active ? Math.floor(h.capacity * (0.25 + 0.45 * rnd())) : 0));
  const status = new Uint8Array(N);
  const atCapacity = new Uint8Array(N);
  for (let i = N - 1; i >= 0; i--) {
    const k = holderOf[i];
    if (k < 0) continue;
    const ageHours = ageOf(i) / 3600000;
    const r = rnd();
    let s: number;
    if (ageHours < 96) s = ageHours < holders[k].slaHours + 2 && r < 0.8 ? ST.offered : r < 0.93 ? ST.accepted : ST.contacted;
    else if (ageHours < 120 * 24) s = r < 0.12 ? ST.accepted : r < 0.3 ? ST.contacted : r < 0.45 ? ST.qualified : r < 0.6 ? ST.converted : ST.lost;
    else s = r < 0.03 ? ST.qualified : r < 0.3 ? ST.converted : ST.lost;
    if (isOpen(s)) {
      if (budget[k] > 0) budget[k]--;
      else if (ageHours < 96) {
        holderOf[i] = -1;
        atCapacity[i] = 1;
        s = ST.new;
      } else s = rnd() < 0.3 ? ST.converted : ST.lost;
    }
    status[i] = s;
  }

  const rows = random(20240902);
  const poolCountries = LEAD_COUNTRIES;
  for (let i = 0; i < N; i++) {
    const createdMs = nowMs - ageOf(i);
    const created = new Date(createdMs);
    const k = holderOf[i];
    const holder = k >= 0 ? holders[k] : null;
    const s = status[i];
    let country: string;
    let productLineId: number;
    if (holder) {
      country = rows() < 0.65 ? holder.country : pickWeighted(reference.regionCountries.get(holder.regionId)!, rows);
      productLineId = pick(holder.lineIds, rows);
    } else {
      country = pickWeighted(poolCountries, rows);
      productLineId = pick(reference.lineIds, rows);
    }
    const regionId = reference.countryRegion.get(country) ?? null;
    const customer = customerFor(country, rows);
    const source = pickWeighted(LEAD_SOURCE_WEIGHTS, rows);
    const currency = rows() < 0.2 ? (LOCAL_CURRENCY[country] ?? "USD") : "USD";

    let offeredAt: Date | null = null;
    let expiresAt: Date | null = null;
    let offerCount = 0;
    let needsAttention = 0;
    let poolReason: string | null = null;
    let owner: number | null = null;
    let lostReason: string | null = null;
    let updatedMs = createdMs;
    const ageMs = nowMs - createdMs;
    if (holder) {
      const offeredMs = createdMs + Math.min(ageMs, Math.floor(60_000 + rows() * 2 * 3600_000));
      offeredAt = new Date(offeredMs);
      offerCount = rows() < 0.1 ? 2 : 1;
      if (s === ST.offered) {
        offerCount = 1;
        expiresAt = new Date(offeredMs + holder.slaHours * 3600_000);
        updatedMs = offeredMs;
      } else {
        owner = rows() < 0.6 ? holder.adminId : holder.repId;
        const acceptedMs = offeredMs + Math.floor(rows() * Math.min(holder.slaHours * 3600_000, nowMs - offeredMs));
        updatedMs = s === ST.accepted ? acceptedMs : acceptedMs + Math.floor(rows() * Math.min(90 * DAY, nowMs - acceptedMs));
        if (s === ST.lost) lostReason = pick(LOST_REASONS, rows);
      }
    } else if (regionId === null) {
      needsAttention = 1;
      poolReason = "No active partner covers this lead's territory.";
    } else if (atCapacity[i]) {
      needsAttention = 1;
      poolReason = `No eligible partner (${5 + Math.floor(rows() * 60)} at capacity, ${Math.floor(rows() * 40)} not certified for the product line).`;
    } else if (ageMs > DAY) {
      const r = rows();
      if (r < 0.45) {
        needsAttention = 1;
        poolReason = `No eligible partner (${Math.floor(rows() * 30)} at capacity, ${10 + Math.floor(rows() * 200)} not certified for the product line).`;
      } else if (r < 0.6) {
        needsAttention = 1;
        offerCount = 5;
        poolReason = "Offered 5 times without acceptance; a person decides now.";
      } else {
        offerCount = Math.floor(rows() * 3);
      }
      updatedMs = createdMs + Math.floor(rows() * Math.min(ageMs, 14 * DAY));
    }
    const createdBy = source === "manual" || source === "import" ? (holder?.managerId ?? pick(managerIds, rows)) : null;
    const statusName = LEAD_STATUSES[s];
    stats[statusName] = (stats[statusName] ?? 0) + 1;
    yield {
      id: firstId + i,
      company: customer.company,
      company_domain: customer.domain,
      contact_name: customer.contactName,
      contact_email: customer.contactEmail,
      contact_phone: customer.contactPhone,
      country,
      region_id: regionId,
      postcode: postcodeFor(country, rows),
      product_line_id: productLineId,
      estimated_value: estimatedValue(rows),
      currency,
      source,
      notes: rows() < 0.1 ? pick(NOTES, rows) : null,
      status: statusName,
      partner_id: holder?.id ?? null,
      owner_user_id: owner,
      offered_at: offeredAt,
      offer_expires_at: expiresAt,
      offer_count: offerCount,
      needs_attention: needsAttention,
      pool_reason: poolReason,
      duplicate_of_id: null,
      lost_reason: lostReason,
      created_by: createdBy,
      created_at: created,
      updated_at: new Date(Math.min(updatedMs, nowMs)),
    };
  }
}

const LEADS_MARKER = "scale.seed_leads";

/** The ids the million bench leads have (from the seed's audit row), or null if they were not loaded. */
export async function seededLeadRange(db: Kysely<Database>): Promise<{ firstId: number; lastId: number } | null> {
  const row = await db.selectFrom("audit_log").select("after_json").where("action", "=", LEADS_MARKER).orderBy("id", "desc").executeTakeFirst();
  if (!row?.after_json) return null;
  const data = JSON.parse(row.after_json) as { firstId?: number; lastId?: number };
  return typeof data.firstId === "number" && typeof data.lastId === "number" ? { firstId: data.firstId, lastId: data.lastId } : null;
}

async function seedLeads(db: Kysely<Database>, url: string, database: string): Promise<void> {
  const marker = await db.selectFrom("audit_log").select("id").where("action", "=", LEADS_MARKER).executeTakeFirst();
  const held = await db
    .selectFrom("leads")
    .innerJoin("partners", "partners.id", "leads.partner_id")
    .select("leads.id")
    .where("partners.code", "like", "BP0%")
    .limit(1)
    .executeTakeFirst();
  if (marker || held) {
    const row = await db
      .selectFrom("leads")
      .select(({ fn }) => fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    console.log(`[seed:scale] ${database} already has the bench leads (${Number(row.n)} leads in all); not loading them again`);
    return;
  }

  const started = performance.now();
  const [reference, holders, managers] = await Promise.all([
    loadReference(db),
    loadHolders(db),
    db.selectFrom("users").select("id").where("email", "in", managerEmails()).orderBy("id").execute(),
  ]);
  if (holders.length === 0) throw new Error("No bench partner can hold leads; the partner part of the scale seed did not run");
  const stats: Record<string, number> = {};
  const connection = await openBulkConnection(url);
  let loaded = { rows: 0, warnings: 0 };
  let firstId = 0;
  try {
    // Checked by construction (every partner, user, region and product line exists); the
    // checks per row would only slow the load down.
    await connection.query("SET SESSION foreign_key_checks = 0, unique_checks = 0");
    await connection.beginTransaction();
    const [rows] = await connection.query("SELECT COALESCE(MAX(id), 0) + 1 AS first FROM leads");
    firstId = Number((rows as { first: number }[])[0].first);
    const nowMs = Date.now();
    loaded = await loadLeadRows(
      connection,
      benchLeads(
        holders,
        reference,
        managers.map((m) => m.id),
        firstId,
        nowMs,
        stats,
      ),
    );
    await connection.query(
      "INSERT INTO audit_log (at, actor_user_id, actor_email, action, entity_type, entity_id, partner_id, before_json, after_json, ip) VALUES (NOW(3), NULL, 'system', ?, 'system', NULL, NULL, NULL, ?, NULL)",
      [LEADS_MARKER, JSON.stringify({ leads: loaded.rows, firstId, lastId: firstId + loaded.rows - 1, statuses: stats })],
    );
    await connection.commit();
  } catch (error) {
    await connection.rollback().catch(() => undefined);
    throw error;
  } finally {
    await connection.end();
  }
  const seconds = (performance.now() - started) / 1000;
  const share = (n: number | undefined) => `${(((n ?? 0) / loaded.rows) * 100).toFixed(1)}%`;
  console.log(
    `[seed:scale] ${database}: ${loaded.rows} leads (ids ${firstId}..${firstId + loaded.rows - 1}) in ${seconds.toFixed(1)} s ` +
      `(${Math.round(loaded.rows / seconds)} rows/s, ${loaded.warnings} warnings); ` +
      LEAD_STATUSES.map((s) => `${s} ${share(stats[s])}`).join(", "),
  );
}

/**
 * New leads in the pool for the routing benchmark: `count` rows with consecutive ids, in the
 * regions the bench partners cover (weighted like the partners' countries) and spread over the
 * product lines, created just now, loaded in one statement. Returns their ids.
 */
export async function insertNewPoolLeads(
  db: Kysely<Database>,
  url: string,
  count: number,
  options: { notes: string; seed?: number },
): Promise<{ firstId: number; lastId: number }> {
  const reference = await loadReference(db);
  const countries = LEAD_COUNTRIES.filter(([country]) => reference.countryRegion.has(country));
  const rnd = random(options.seed ?? 4242);
  const nowMs = Date.now();
  const connection = await openBulkConnection(url);
  try {
    await connection.query("SET SESSION foreign_key_checks = 0, unique_checks = 0");
    await connection.beginTransaction();
    const [rows] = await connection.query("SELECT COALESCE(MAX(id), 0) + 1 AS first FROM leads FOR UPDATE");
    const firstId = Number((rows as { first: number }[])[0].first);
    function* generate(): Generator<LeadLoadRow> {
      for (let i = 0; i < count; i++) {
        const country = pickWeighted(countries, rnd);
        const customer = customerFor(country, rnd);
        const created = new Date(nowMs - Math.floor(rnd() * 3600_000));
        yield {
          id: firstId + i,
          company: customer.company,
          company_domain: customer.domain,
          contact_name: customer.contactName,
          contact_email: customer.contactEmail,
          contact_phone: customer.contactPhone,
          country,
          region_id: reference.countryRegion.get(country)!,
          postcode: postcodeFor(country, rnd),
          product_line_id: pick(reference.lineIds, rnd),
          estimated_value: estimatedValue(rnd),
          currency: "USD",
          source: pickWeighted(LEAD_SOURCE_WEIGHTS, rnd),
          notes: options.notes,
          status: "new",
          partner_id: null,
          owner_user_id: null,
          offered_at: null,
          offer_expires_at: null,
          offer_count: 0,
          needs_attention: 0,
          pool_reason: null,
          duplicate_of_id: null,
          lost_reason: null,
          created_by: null,
          created_at: created,
          updated_at: created,
        };
      }
    }
    const loaded = await loadLeadRows(connection, generate(), count);
    await connection.commit();
    return { firstId, lastId: firstId + loaded.rows - 1 };
  } catch (error) {
    await connection.rollback().catch(() => undefined);
    throw error;
  } finally {
    await connection.end();
  }
}
