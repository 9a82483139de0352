// Campaign kits as the vendor makes them: a brief in both languages, an activity, a window, who
// is eligible, what the vendor pays (a share of the cost up to a cap per partner, drawn from an
// optional kit budget) and what success is measured by, with assets from the content library.
// Only the vendor admin writes kits: a kit spends vendor money across every channel manager's
// partners, as allocating funds does, so channel managers read them and their partners' measures.
// Publishing invites every eligible partner (one 'invited' adoption each) and tells their
// partner admins, each in their own language; an edit that widens a published kit's eligibility
// invites the new partners the same way. A partner sees a kit only through an adoption of its own.
import { z } from "zod";
import { partnerFilter, isVendor, type Scope } from "~/lib/scope.server";
import { changedFields, recordAudit, type Actor } from "~/lib/audit.server";
import { field, ValidationError } from "~/lib/forms";
import { forbidden, notFound } from "~/lib/http.server";
import { now } from "~/lib/clock.server";
import { CURRENCIES, compareAmounts, parseAmount, toCents } from "~/lib/money";
import { isLocale } from "~/lib/i18n";
import { notifyEach, partnerAdmins, type Notice } from "~/modules/notifications/notify.server";
import { KIT_ACTIVITY_TYPES, PARTNER_TYPES, TIERS, type AdoptionStatus, type KitStatus } from "../../../db/types";
import { eligiblePartnerIds, kitEligibility } from "./eligibility.server";
import { adoptionFigures, kitTotals } from "./measures.server";
import type { DB } from "~/lib/db.server";

type Trx = DB;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dateField = z.string({ required_error: "errors.required" }).trim().regex(DAY, "errors.required");

/** An amount typed in a form: exact, above zero when `positive`. */
function amountField(options: { optional: boolean }) {
  return z
    .string()
    .optional()
    .transform((v, ctx): string | null => {
      const text = (v ?? "").trim();
      if (!text) {
        if (!options.optional) ctx.addIssue({ code: "custom", message: "errors.required" });
        return null;
      }
      const amount = parseAmount(text);
      if (amount === null) {
        ctx.addIssue({ code: "custom", message: "errors.amount" });
        return z.NEVER;
      }
      if (toCents(amount) <= 0n) {
        ctx.addIssue({ code: "custom", message: "campaigns.errors.positive" });
        return z.NEVER;
      }
      return amount;
    });
}

/** A whole number of people, leads or deals a kit aims at; empty is no target. */
const targetCount = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? null : v),
  z.coerce
    .number({ invalid_type_error: "errors.invalid" })
    .int("errors.invalid")
    .min(1, "errors.invalid")
    .max(1_000_000, "errors.invalid")
    .nullable()
    .default(null),
);

const ids = z.array(z.coerce.number().int().positive()).default([]);

const kitFields = z.object({
  title: field.text(200),
  titleZh: field.optionalText(200),
  goal: field.optionalText(2000),
  goalZh: field.optionalText(2000),
  audience: field.optionalText(2000),
  audienceZh: field.optionalText(2000),
  brief: field.optionalText(20000),
  briefZh: field.optionalText(20000),
  activityType: field.enumOf(KIT_ACTIVITY_TYPES),
  startsOn: dateField,
  endsOn: dateField,
  tiers: z.array(field.enumOf(TIERS)).default([]),
  partnerTypes: z.array(field.enumOf(PARTNER_TYPES)).default([]),
  regionIds: ids,
  productLineIds: ids,
  partnerCodes: field.optionalText(4000),
  vendorSharePct: z
    .string({ required_error: "errors.required" })
    .trim()
    .min(1, "errors.required")
    .transform((v, ctx) => {
      const pct = parseAmount(v);
      if (pct === null || toCents(pct) < 100n || toCents(pct) > 10000n) {
        ctx.addIssue({ code: "custom", message: "campaigns.errors.share" });
        return z.NEVER;
      }
      return pct;
    }),
  perPartnerCap: amountField({ optional: false }),
  currency: field.enumOf(CURRENCIES),
  budget: amountField({ optional: true }),
  targetLeads: targetCount,
  targetDeals: targetCount,
  targetSellThrough: amountField({ optional: true }),
  assetIds: ids,
});

/** Fields a kit form sends once per ticked box. */
export const KIT_LISTS = ["tiers", "partnerTypes", "regionIds", "productLineIds", "assetIds"] as const;

/** Partner codes typed as a list: commas, spaces or new lines between them. */
export function partnerCodesOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
}

/** The rules between fields, checked beside the fields so one submit names every wrong one. */
function crossIssues(raw: unknown): { path: string[]; message: string }[] {
  const values = (raw ?? {}) as Record<string, unknown>;
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string).trim() : "");
  const list = (name: string) => (Array.isArray(values[name]) ? (values[name] as unknown[]) : []);
  const issues: { path: string[]; message: string }[] = [];
  const start = DAY.test(text("startsOn")) ? text("startsOn") : null;
  const end = DAY.test(text("endsOn")) ? text("endsOn") : null;
  if (start && end && end < start) issues.push({ path: ["endsOn"], message: "campaigns.errors.endBeforeStart" });
  const cap = parseAmount(text("perPartnerCap"));
  const budget = parseAmount(text("budget"));
  if (cap && budget && toCents(cap) > 0n && compareAmounts(budget, cap) < 0) issues.push({ path: ["budget"], message: "campaigns.errors.budgetBelowCap" });
  const rules = ["tiers", "partnerTypes", "regionIds", "productLineIds"].some((name) => list(name).length > 0);
  if (rules && partnerCodesOf(text("partnerCodes")).length > 0) issues.push({ path: ["partnerCodes"], message: "campaigns.errors.listOrRules" });
  return issues;
}

export const kitSchema = z.unknown().transform((raw, ctx): z.output<typeof kitFields> => {
  const parsed = kitFields.safeParse(raw);
  const issues = [...(parsed.success ? [] : parsed.error.issues), ...crossIssues(raw)];
  for (const issue of issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  return issues.length || !parsed.success ? z.NEVER : parsed.data;
});

export type KitInput = z.output<typeof kitSchema>;

function requireKitAuthor(scope: Scope): void {
  if (scope.kind !== "admin") forbidden();
}

/** What the form names, checked against the reference rows: unknown codes or ids are the field's error. */
async function resolveReferences(db: DB | Trx, input: KitInput): Promise<{ partnerIds: number[] }> {
  const codes = partnerCodesOf(input.partnerCodes);
  const [partners, regions, lines, assets] = await Promise.all([
    codes.length ? db.selectFrom("partners").select(["id", "code"]).where("code", "in", codes).execute() : Promise.resolve([]),
    input.regionIds.length ? db.selectFrom("regions").select("id").where("id", "in", input.regionIds).execute() : Promise.resolve([]),
    input.productLineIds.length ? db.selectFrom("product_lines").select("id").where("id", "in", input.productLineIds).execute() : Promise.resolve([]),
    input.assetIds.length
      ? db.selectFrom("content_assets").select("id").where("id", "in", input.assetIds).where("status", "<>", "archived").execute()
      : Promise.resolve([]),
  ]);
  const errors: Record<string, string> = {};
  const known = new Set(partners.map((p) => p.code.toUpperCase()));
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length) Object.assign(errors, { partnerCodes: "campaigns.errors.unknownPartners", codes: unknown.join(", ") });
  if (regions.length !== new Set(input.regionIds).size) errors.regionIds = "errors.invalid";
  if (lines.length !== new Set(input.productLineIds).size) errors.productLineIds = "errors.invalid";
  if (assets.length !== new Set(input.assetIds).size) errors.assetIds = "errors.invalid";
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return { partnerIds: partners.map((p) => p.id) };
}

function kitColumns(input: KitInput) {
  return {
    title: input.title,
    title_zh: input.titleZh,
    goal: input.goal,
    goal_zh: input.goalZh,
    audience: input.audience,
    audience_zh: input.audienceZh,
    brief: input.brief || null,
    brief_zh: input.briefZh || null,
    activity_type: input.activityType,
    starts_on: input.startsOn,
    ends_on: input.endsOn,
    // The SETs: an empty list is "every tier" or "every type".
    tiers: input.tiers.join(","),
    partner_types: input.partnerTypes.join(","),
    vendor_share_pct: input.vendorSharePct,
    per_partner_cap: input.perPartnerCap!,
    currency: input.currency,
    budget: input.budget,
    target_leads: input.targetLeads,
    target_deals: input.targetDeals,
    target_sell_through: input.targetSellThrough,
  };
}

async function writeKitRows(trx: Trx, kitId: number, input: KitInput, partnerIds: number[]): Promise<void> {
  for (const table of ["campaign_kit_regions", "campaign_kit_product_lines", "campaign_kit_partners", "campaign_kit_assets"] as const)
    await trx.deleteFrom(table).where("kit_id", "=", kitId).execute();
  const regionIds = [...new Set(input.regionIds)];
  const lineIds = [...new Set(input.productLineIds)];
  const assetIds = [...new Set(input.assetIds)];
  if (regionIds.length)
    await trx
      .insertInto("campaign_kit_regions")
      .values(regionIds.map((region_id) => ({ kit_id: kitId, region_id })))
      .execute();
  if (lineIds.length)
    await trx
      .insertInto("campaign_kit_product_lines")
      .values(lineIds.map((product_line_id) => ({ kit_id: kitId, product_line_id })))
      .execute();
  if (partnerIds.length)
    await trx
      .insertInto("campaign_kit_partners")
      .values(partnerIds.map((partner_id) => ({ kit_id: kitId, partner_id })))
      .execute();
  if (assetIds.length)
    await trx
      .insertInto("campaign_kit_assets")
      .values(assetIds.map((asset_id, position) => ({ kit_id: kitId, asset_id, position })))
      .execute();
}

export async function createKit(db: DB, scope: Scope, actor: Actor, input: KitInput): Promise<{ id: number }> {
  requireKitAuthor(scope);
  return db.transaction().execute(async (trx) => {
    const { partnerIds } = await resolveReferences(trx, input);
    const at = now();
    const result = await trx
      .insertInto("campaign_kits")
      .values({ ...kitColumns(input), status: "draft", created_by: actor.userId!, created_at: at, updated_at: at })
      .executeTakeFirstOrThrow();
    const id = Number(result.insertId);
    await writeKitRows(trx, id, input, partnerIds);
    await recordAudit(trx, actor, {
      action: "campaign.kit_created",
      entityType: "campaign_kit",
      entityId: id,
      after: { ...kitColumns(input), assets: input.assetIds },
    });
    return { id };
  });
}

async function lockKit(trx: Trx, kitId: number) {
  const kit = await trx.selectFrom("campaign_kits").selectAll().where("id", "=", kitId).forUpdate().executeTakeFirst();
  if (!kit) notFound();
  return kit;
}

/** Edits a draft or published kit; a closed one is history. A published kit invites the partners the edit makes eligible. */
export async function updateKit(db: DB, scope: Scope, actor: Actor, kitId: number, input: KitInput): Promise<{ invited: number }> {
  requireKitAuthor(scope);
  return db.transaction().execute(async (trx) => {
    const kit = await lockKit(trx, kitId);
    if (kit.status === "closed") throw new ValidationError({ form: "campaigns.errors.closed" });
    if (input.budget !== null && compareAmounts(input.budget, kit.budget_used) < 0)
      throw new ValidationError({ budget: "campaigns.errors.budgetBelowUsed", used: kit.budget_used });
    const { partnerIds } = await resolveReferences(trx, input);
    const columns = kitColumns(input);
    await trx
      .updateTable("campaign_kits")
      .set({ ...columns, updated_at: now() })
      .where("id", "=", kitId)
      .execute();
    await writeKitRows(trx, kitId, input, partnerIds);
    const { before, after } = changedFields(kit as unknown as Record<string, unknown>, columns);
    await recordAudit(trx, actor, {
      action: "campaign.kit_edited",
      entityType: "campaign_kit",
      entityId: kitId,
      before,
      after: { ...after, assets: input.assetIds },
    });
    const invited = kit.status === "published" ? await inviteEligible(trx, scope, actor, kitId) : 0;
    return { invited };
  });
}

/** Publishes a draft: invites every eligible partner and tells their admins, all in one transaction. */
export async function publishKit(db: DB, scope: Scope, actor: Actor, kitId: number): Promise<{ invited: number }> {
  requireKitAuthor(scope);
  return db.transaction().execute(async (trx) => {
    const kit = await lockKit(trx, kitId);
    if (kit.status !== "draft") throw new ValidationError({ form: "campaigns.errors.notDraft" });
    const at = now();
    await trx
      .updateTable("campaign_kits")
      .set({ status: "published", published_at: at, published_by: actor.userId, updated_at: at })
      .where("id", "=", kitId)
      .execute();
    const invited = await inviteEligible(trx, scope, actor, kitId);
    await recordAudit(trx, actor, {
      action: "campaign.kit_published",
      entityType: "campaign_kit",
      entityId: kitId,
      before: { status: "draft" },
      after: { status: "published", invited },
    });
    return { invited };
  });
}

/** Closes a published kit: no new partner is invited; adoptions under way run to their end. */
export async function closeKit(db: DB, scope: Scope, actor: Actor, kitId: number): Promise<void> {
  requireKitAuthor(scope);
  await db.transaction().execute(async (trx) => {
    const kit = await lockKit(trx, kitId);
    if (kit.status !== "published") throw new ValidationError({ form: "campaigns.errors.notPublished" });
    await trx.updateTable("campaign_kits").set({ status: "closed", updated_at: now() }).where("id", "=", kitId).execute();
    await recordAudit(trx, actor, {
      action: "campaign.kit_closed",
      entityType: "campaign_kit",
      entityId: kitId,
      before: { status: "published" },
      after: { status: "closed" },
    });
  });
}

/**
 * One 'invited' adoption for each eligible partner that has none yet, and the notice to its
 * partner admins with the kit's title in each admin's language. Runs under the kit's row lock.
 */
async function inviteEligible(trx: Trx, scope: Scope, actor: Actor, kitId: number): Promise<number> {
  const kit = await trx.selectFrom("campaign_kits").select(["title", "title_zh", "starts_on", "ends_on"]).where("id", "=", kitId).executeTakeFirstOrThrow();
  const eligible = await eligiblePartnerIds(trx, await kitEligibility(trx, kitId));
  const existing = await trx
    .selectFrom("campaign_adoptions")
    .select("partner_id")
    .where("kit_id", "=", kitId)
    .where(partnerFilter(scope, "campaign_adoptions.partner_id"))
    .execute();
  const have = new Set(existing.map((a) => a.partner_id));
  const fresh = eligible.filter((id) => !have.has(id));
  if (fresh.length === 0) return 0;
  const at = now();
  await trx
    .insertInto("campaign_adoptions")
    .values(fresh.map((partner_id) => ({ kit_id: kitId, partner_id, status: "invited" as const, invited_at: at, created_at: at, updated_at: at })))
    .execute();
  const adoptions = await trx
    .selectFrom("campaign_adoptions")
    .select(["id", "partner_id"])
    .where("kit_id", "=", kitId)
    .where("partner_id", "in", fresh)
    .where(partnerFilter(scope, "campaign_adoptions.partner_id"))
    .execute();
  for (const adoption of adoptions)
    await recordAudit(trx, actor, {
      action: "campaign.invited",
      entityType: "campaign_adoption",
      entityId: adoption.id,
      partnerId: adoption.partner_id,
      after: { kit: kitId, status: "invited" },
    });
  const admins = await partnerAdmins(trx, fresh);
  const adminIds = [...admins.values()].flat();
  const locales = adminIds.length ? await trx.selectFrom("users").select(["id", "locale"]).where("id", "in", adminIds).execute() : [];
  const chinese = new Set(locales.filter((u) => isLocale(u.locale) && u.locale === "zh-CN").map((u) => u.id));
  const notices: { userIds: number[]; notice: Notice }[] = [];
  for (const adoption of adoptions) {
    const users = admins.get(adoption.partner_id) ?? [];
    for (const zh of [false, true]) {
      const userIds = users.filter((id) => chinese.has(id) === zh);
      if (userIds.length === 0) continue;
      notices.push({
        userIds,
        notice: {
          kind: "campaign.offered",
          title: { key: "campaigns.notice.offered", params: { title: zh ? kit.title_zh || kit.title : kit.title } },
          link: `/campaigns/adoptions/${adoption.id}`,
          body: { text: { key: "campaigns.notice.offeredText", params: { from: kit.starts_on, to: kit.ends_on } } },
        },
      });
    }
  }
  await notifyEach(trx, notices);
  return fresh.length;
}

// ---------------------------------------------------------------------------------------------
// Reading kits

export interface KitRow {
  id: number;
  title: string;
  title_zh: string;
  activity_type: (typeof KIT_ACTIVITY_TYPES)[number];
  starts_on: string;
  ends_on: string;
  status: KitStatus;
  currency: string;
  budget: string | null;
  budget_used: string;
}

const KIT_LIST_COLUMNS = [
  "k.id",
  "k.title",
  "k.title_zh",
  "k.activity_type",
  "k.starts_on",
  "k.ends_on",
  "k.status",
  "k.currency",
  "k.budget",
  "k.budget_used",
] as const;

/**
 * The kits a scope sees: vendor users every kit (drafts included, they are the vendor's own
 * work); a partner the kits it has an adoption for, with that adoption.
 */
export async function listKits(
  db: DB,
  scope: Scope,
): Promise<(KitRow & { adoption_id: number | null; adoption_status: AdoptionStatus | null; partner_name: string | null })[]> {
  if (isVendor(scope)) {
    const kits = await db.selectFrom("campaign_kits as k").select(KIT_LIST_COLUMNS).orderBy("k.starts_on", "desc").orderBy("k.id", "desc").execute();
    return kits.map((k) => ({ ...k, adoption_id: null, adoption_status: null, partner_name: null }));
  }
  return db
    .selectFrom("campaign_adoptions as a")
    .innerJoin("campaign_kits as k", "k.id", "a.kit_id")
    .innerJoin("partners as p", "p.id", "a.partner_id")
    .select([...KIT_LIST_COLUMNS, "a.id as adoption_id", "a.status as adoption_status", "p.name as partner_name"])
    .where(partnerFilter(scope, "a.partner_id"))
    .where("k.status", "<>", "draft")
    .orderBy("k.starts_on", "desc")
    .orderBy("k.id", "desc")
    .orderBy("p.name")
    .execute();
}

/**
 * The /campaigns list and its CSV: each kit with the sums of its adoption rows in the scope
 * (the vendor's spend, adoptions, leads and deals), or, for a partner, one row per adoption of
 * its own with that adoption's figures.
 */
export async function campaignList(db: DB, scope: Scope) {
  const kits = await listKits(db, scope);
  const figures = await adoptionFigures(db, scope, [...new Set(kits.map((k) => k.id))]);
  return {
    kits: kits.map((k) => ({
      ...k,
      totals: kitTotals(figures.filter((f) => (k.adoption_id === null ? f.kit_id === k.id : f.id === k.adoption_id))),
    })),
  };
}

/** One kit with its rules and assets; outside the scope (a partner without an adoption for it) a 404. */
export async function getKit(db: DB, scope: Scope, kitId: number) {
  const kit = await db.selectFrom("campaign_kits").selectAll().where("id", "=", kitId).executeTakeFirst();
  if (!kit) notFound();
  let adoptions: { id: number; partner_id: number; partner_name: string; status: AdoptionStatus }[] = [];
  if (!isVendor(scope)) {
    if (kit.status === "draft") notFound();
    adoptions = await db
      .selectFrom("campaign_adoptions as a")
      .innerJoin("partners as p", "p.id", "a.partner_id")
      .select(["a.id", "a.partner_id", "p.name as partner_name", "a.status"])
      .where("a.kit_id", "=", kitId)
      .where(partnerFilter(scope, "a.partner_id"))
      .orderBy("p.name")
      .execute();
    if (adoptions.length === 0) notFound();
  }
  const [regions, lines, partners, assets] = await Promise.all([
    db
      .selectFrom("campaign_kit_regions as r")
      .innerJoin("regions", "regions.id", "r.region_id")
      .select(["regions.id", "regions.name", "regions.name_zh"])
      .where("r.kit_id", "=", kitId)
      .orderBy("regions.name")
      .execute(),
    db
      .selectFrom("campaign_kit_product_lines as l")
      .innerJoin("product_lines", "product_lines.id", "l.product_line_id")
      .select(["product_lines.id", "product_lines.name", "product_lines.name_zh"])
      .where("l.kit_id", "=", kitId)
      .orderBy("product_lines.name")
      .execute(),
    // The explicit list names partners of every manager: a channel manager reads the ones they
    // manage, a partner none of it.
    isVendor(scope)
      ? db
          .selectFrom("campaign_kit_partners as kp")
          .innerJoin("partners", "partners.id", "kp.partner_id")
          .select(["partners.id", "partners.code", "partners.name"])
          .where("kp.kit_id", "=", kitId)
          .where(partnerFilter(scope, "partners.id"))
          .orderBy("partners.name")
          .execute()
      : Promise.resolve([]),
    kitAssets(db, kitId),
  ]);
  return { kit, regions, lines, partners, assets, adoptions };
}

export type KitDetail = Awaited<ReturnType<typeof getKit>>;

/** The kit's assets in the kit's order, as the content library describes them. */
export async function kitAssets(db: DB, kitId: number) {
  return db
    .selectFrom("campaign_kit_assets as ka")
    .innerJoin("content_assets as c", "c.id", "ka.asset_id")
    .select(["c.id", "c.kind", "c.title", "c.title_zh", "c.description", "c.description_zh", "c.co_brandable", "c.status"])
    .where("ka.kit_id", "=", kitId)
    .orderBy("ka.position")
    .execute();
}

/** What the kit form offers: the library's assets that are not archived (by title), regions and product lines. */
export async function kitFormChoices(db: DB, scope: Scope) {
  requireKitAuthor(scope);
  const [assets, regions, lines] = await Promise.all([
    db.selectFrom("content_assets").select(["id", "kind", "title", "title_zh", "status"]).where("status", "<>", "archived").orderBy("title").execute(),
    db.selectFrom("regions").select(["id", "name", "name_zh"]).orderBy("name").execute(),
    db.selectFrom("product_lines").select(["id", "name", "name_zh"]).orderBy("name").execute(),
  ]);
  return { assets, regions, lines };
}

/** A stored kit as its edit form shows it. */
export async function kitFormValues(db: DB, scope: Scope, kitId: number): Promise<{ status: KitStatus; values: Record<string, string | string[]> }> {
  requireKitAuthor(scope);
  const { kit, regions, lines, partners, assets } = await getKit(db, scope, kitId);
  return {
    status: kit.status,
    values: {
      title: kit.title,
      titleZh: kit.title_zh,
      goal: kit.goal,
      goalZh: kit.goal_zh,
      audience: kit.audience,
      audienceZh: kit.audience_zh,
      brief: kit.brief ?? "",
      briefZh: kit.brief_zh ?? "",
      activityType: kit.activity_type,
      startsOn: kit.starts_on,
      endsOn: kit.ends_on,
      tiers: kit.tiers ? kit.tiers.split(",") : [],
      partnerTypes: kit.partner_types ? kit.partner_types.split(",") : [],
      regionIds: regions.map((r) => String(r.id)),
      productLineIds: lines.map((l) => String(l.id)),
      partnerCodes: partners.map((p) => p.code).join(", "),
      vendorSharePct: kit.vendor_share_pct,
      perPartnerCap: kit.per_partner_cap,
      currency: kit.currency,
      budget: kit.budget ?? "",
      targetLeads: kit.target_leads == null ? "" : String(kit.target_leads),
      targetDeals: kit.target_deals == null ? "" : String(kit.target_deals),
      targetSellThrough: kit.target_sell_through ?? "",
      assetIds: assets.map((a) => String(a.id)),
    },
  };
}

/** The partners a draft would invite if published now, counted for the publish button. */
export async function eligibleCount(db: DB, scope: Scope, kitId: number): Promise<number> {
  requireKitAuthor(scope);
  return (await eligiblePartnerIds(db, await kitEligibility(db, kitId))).length;
}
