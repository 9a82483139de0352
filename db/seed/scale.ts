// The large data set the benchmarks run against (npm run db:seed:scale, and test/bench/run.ts):
// 5,000 partners under ten channel managers, 400 of them under bench.manager@example.com, with
// their product lines and two users each, and 1,000,000 leads (a quarter in the vendor's pool,
// the rest offered to or worked by the bench partners). Deterministic (seeded random numbers)
// and idempotent: each part (the first 4,000 partners, the 1,000 added later, the leads) is
// loaded once, in one transaction, and skipped when it is already there. Partners are loaded
// in multi-row batches; the leads with LOAD DATA LOCAL INFILE, which takes minutes, not hours.
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import type { Kysely, Transaction } from "kysely";
import mysql from "mysql2/promise";
import { hashPassword } from "../../app/lib/password.server";
import type { Database, PartnerStatus, PartnerType, Tier } from "../types";
import { DEMO_PASSWORD, PRODUCT_LINES, REGIONS } from "./demo";

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
  ["DE", 14], ["GB", 10], ["FR", 8], ["NL", 5], ["AT", 3], ["CH", 3], ["IT", 5], ["ES", 5], ["BE", 2], ["AE", 2], ["ZA", 2],
  ["CN", 9], ["JP", 7], ["SG", 4], ["AU", 6], ["IN", 5], ["KR", 3], ["HK", 2], ["NZ", 1], ["US", 3], ["CA", 1],
];
const TIME_ZONES: Record<string, string> = {
  DE: "Europe/Berlin", GB: "Europe/London", FR: "Europe/Paris", NL: "Europe/Amsterdam", AT: "Europe/Vienna", CH: "Europe/Zurich",
  IT: "Europe/Rome", ES: "Europe/Madrid", BE: "Europe/Brussels", AE: "Asia/Dubai", ZA: "Africa/Johannesburg", CN: "Asia/Shanghai",
  JP: "Asia/Tokyo", SG: "Asia/Singapore", AU: "Australia/Sydney", IN: "Asia/Kolkata", KR: "Asia/Seoul", HK: "Asia/Hong_Kong",
  NZ: "Pacific/Auckland", US: "America/New_York", CA: "America/Toronto",
};
const LOCALES: Record<string, string> = { CN: "zh-CN", HK: "zh-CN" };

const TIER_WEIGHTS: [Tier, number][] = [["registered", 40], ["silver", 30], ["gold", 20], ["platinum", 10]];
const STATUS_WEIGHTS: [PartnerStatus, number][] = [["active", 70], ["onboarding", 12], ["applied", 10], ["suspended", 8]];

const NAME_HEADS = [
  "Northwind", "Bluewater", "Summit", "Cedar", "Granite", "Harbour", "Silverline", "Redwood", "Meridian", "Aurora", "Beacon",
  "Keystone", "Lakeside", "Pinnacle", "Horizon", "Sterling", "Crescent", "Evergreen", "Falcon", "Ironbridge", "Juniper",
  "Kestrel", "Lighthouse", "Maple", "Nordic", "Oakridge", "Polaris", "Quantum", "Riverside", "Sapphire", "Tidewater",
  "Unity", "Vanguard", "Westgate", "Zenith", "Alpine", "Baltic", "Coastal", "Danube", "Elbe", "Rhein", "Thames", "Seine",
  "Pacific", "Orchid", "Lotus", "Sakura", "Kiwi", "Outback", "Savanna", "Atlas", "Copper", "Delta", "Ember", "Fjord",
];
const NAME_MIDDLES = [
  "Network", "Data", "Cloud", "Secure", "IT", "Digital", "Tech", "Infra", "Connect", "Storage", "Cyber",
  "Integration", "Computing", "Telecom", "Managed", "Edge", "Software", "Business", "Office", "Voice",
];
const NAME_TAILS: Record<PartnerType, string[]> = {
  distributor: ["Distribution", "Supply", "Wholesale", "Trading", "Logistics"],
  reseller: ["Solutions", "Systems", "Services", "Partners", "Consulting", "Technologies", "Group"],
  agent: ["Referral Partners", "Advisors", "Associates", "Agency", "Brokers"],
};
const LEGAL_FORMS: Record<string, string[]> = {
  DE: ["GmbH", "AG", "GmbH & Co. KG"], AT: ["GmbH"], CH: ["AG", "GmbH"], GB: ["Ltd", "plc", "LLP"], FR: ["SAS", "SARL"],
  NL: ["B.V."], BE: ["BV", "SA"], IT: ["S.r.l.", "S.p.A."], ES: ["S.L.", "S.A."], AE: ["LLC", "FZE"], ZA: ["(Pty) Ltd"],
  SG: ["Pte Ltd"], JP: ["K.K."], AU: ["Pty Ltd"], IN: ["Pvt Ltd"], KR: ["Co., Ltd."], HK: ["Limited"], NZ: ["Limited"],
  US: ["Inc.", "LLC"], CA: ["Inc.", "Ltd."],
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
  "Anna", "Ben", "Clara", "David", "Elena", "Felix", "Greta", "Hugo", "Ines", "Jonas", "Katrin", "Lukas", "Mia", "Noah",
  "Olga", "Paul", "Quentin", "Rosa", "Samir", "Tara", "Uwe", "Vera", "William", "Xenia", "Yusuf", "Zoe", "Priya", "Kenji",
  "Mei", "Hiroshi", "Aisha", "Carlos", "Sofia", "Lars", "Ingrid", "Marco", "Giulia", "Pierre", "Amélie", "Jürgen",
];
const LAST_NAMES = [
  "Müller", "Schmidt", "Smith", "Jones", "Martin", "Bernard", "Rossi", "Garcia", "de Vries", "Janssens", "Tanaka", "Suzuki",
  "Kim", "Lee", "Chen", "Wang", "Singh", "Patel", "Nguyen", "Brown", "Wilson", "Taylor", "Fischer", "Weber", "Dubois",
  "Moreau", "Ferrari", "Lopez", "Novak", "Andersen", "O'Brien", "MacLeod", "van Dijk", "Kowalski", "Haddad", "Naidoo",
];
const CN_NAMES = ["王伟", "李娜", "张敏", "刘洋", "陈静", "杨磊", "赵丽", "黄强", "周杰", "吴婷"];

/** mulberry32: small, fast and deterministic, so every run builds the same data set. */
function random(seed: number): () => number {
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
    case "AT": case "CH": case "BE": case "AU": case "ZA": case "NZ":
      return `${1 + Math.floor(rnd() * 9)}${digits(3)}`;
    case "CN": case "SG": case "IN":
      return `${1 + Math.floor(rnd() * 9)}${digits(5)}`;
    case "AE": case "HK":
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
    const lines = shuffle(PRODUCT_LINES.map((l) => l.code), rnd).slice(0, lineCount);
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
    const result = await trx.insertInto("regions").values({ code: region.code, name: region.name }).executeTakeFirstOrThrow();
    // A country some other region already covers keeps its region.
    await trx
      .insertInto("region_areas")
      .ignore()
      .values(region.countries.map((country) => ({ region_id: Number(result.insertId), country })))
      .execute();
  }
  const areas = await trx.selectFrom("region_areas").select(["region_id", "country"]).where("postcode_prefix", "=", "").execute();
  const countryRegion = new Map(areas.map((a) => [a.country, a.region_id]));

  await trx.insertInto("product_lines").ignore().values(PRODUCT_LINES).execute();
  const lines = await trx.selectFrom("product_lines").select(["id", "code"]).execute();
  return { countryRegion, lineIds: new Map(lines.map((l) => [l.code, l.id])) };
}

export async function seedScale(db: Kysely<Database>, url: string): Promise<void> {
  const database = new URL(url).pathname.replace(/^\//, "") || url;
  const existing = await db.selectFrom("users").select("id").where("email", "=", BENCH_MANAGER_EMAIL).executeTakeFirst();
  if (existing) {
    const row = await db
      .selectFrom("partners")
      .select(({ fn }) => fn.countAll<number>().as("n"))
      .where("code", "like", "BP0%")
      .executeTakeFirstOrThrow();
    console.log(`[seed:scale] ${database} already has the scale data (${BENCH_MANAGER_EMAIL}, ${Number(row.n)} bench partners); nothing to do`);
    return;
  }

  const started = performance.now();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const partners = buildPartners();
  const rnd = random(7);
  const counts = { managers: 0, partners: 0, productLines: 0, users: 0 };

  await db.transaction().execute(async (trx) => {
    const { countryRegion, lineIds } = await ensureReferenceData(trx);

    const managerEmails = Array.from({ length: BENCH_MANAGERS }, (_, i) => (i === 0 ? BENCH_MANAGER_EMAIL : `bench.manager${i + 1}@example.com`));
    await trx
      .insertInto("users")
      .values(
        managerEmails.map((email, i) => ({
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
    const managerRows = await trx.selectFrom("users").select(["id", "email"]).where("email", "in", managerEmails).execute();
    const managerIdByEmail = new Map(managerRows.map((r) => [r.email, r.id]));
    const managerIds = managerEmails.map((e) => managerIdByEmail.get(e)!);
    counts.managers = managerIds.length;

    // Distributors first, so the resellers' parent_id can point at them.
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
    counts.partners = partners.length;

    const partnerLines = partners.flatMap((p) =>
      p.lines.filter((code) => lineIds.has(code)).map((code) => ({ partner_id: partnerIds.get(p.code)!, product_line_id: lineIds.get(code)! })),
    );
    await insertBatches(partnerLines, (batch) => trx.insertInto("partner_product_lines").values(batch).execute());
    counts.productLines = partnerLines.length;

    const users = partners.flatMap((p) => {
      const code = p.code.toLowerCase();
      const base = { partner_id: partnerIds.get(p.code)!, status: "active" as const, password_hash: passwordHash, time_zone: TIME_ZONES[p.country] ?? "UTC", locale: LOCALES[p.country] ?? null };
      return [
        { ...base, email: `u1.${code}@bench.example.com`, name: userName(p.country, rnd), role: "partner_admin" as const },
        { ...base, email: `u2.${code}@bench.example.com`, name: userName(p.country, rnd), role: "partner_rep" as const },
      ];
    });
    await insertBatches(users, (batch) => trx.insertInto("users").values(batch).execute());
    counts.users = users.length;

    await trx
      .insertInto("audit_log")
      .values({ at: new Date(), actor_user_id: null, actor_email: "system", action: "scale.seed", entity_type: "system", entity_id: null, partner_id: null, before_json: null, after_json: JSON.stringify(counts), ip: null })
      .execute();
  });

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const mine = partners.filter((p) => p.manager === 0).length;
  console.log(
    `[seed:scale] ${database}: ${counts.managers} channel managers (${BENCH_MANAGER_EMAIL} manages ${mine}), ${counts.partners} partners, ` +
      `${counts.productLines} partner product lines, ${counts.users} partner users in ${seconds} s`,
  );
}
