// New leads, one at a time or from CSV: validated, placed in a region from country and
// postcode, flagged (not merged) when they look like an earlier lead, and routed at once when
// automatic routing is on.
import { sql, type Transaction } from "kysely";
import { z } from "zod";
import { forbidden } from "~/lib/http.server";
import { field, issuesToErrors, ValidationError } from "~/lib/forms";
import { isCurrency, parseAmount } from "~/lib/money";
import { now } from "~/lib/clock.server";
import { getLeadSettings } from "~/modules/settings/portal-settings.server";
import { unscoped } from "~/lib/scope-guard.server";
import { LEAD_SOURCES, type Database } from "../../../db/types";
import { recordLeadEvents } from "./events.server";
import { routeLeads, type RoutingResult } from "./routing.server";
import { LEAD_FIELDS, type LeadField } from "./constants";
import type { DB } from "~/lib/db.server";
import type { Scope } from "~/lib/scope.server";
import type { Actor } from "~/lib/audit.server";

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** "https://www.Acme.com/about" → "acme.com"; "" stays "". */
export function normaliseDomain(input: string): string {
  return input
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, "")
    .replace(/[/?#].*$/, "")
    .replace(/^www\./, "");
}

export const leadSchema = z.object({
  company: field.text(200),
  companyDomain: z
    .string()
    .default("")
    .transform(normaliseDomain)
    .refine((v) => v === "" || DOMAIN.test(v), "errors.domain"),
  contactName: field.optionalText(200),
  contactEmail: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "errors.tooLong")
    .default("")
    .refine((v) => v === "" || z.string().email().safeParse(v).success, "errors.email"),
  contactPhone: field.optionalText(50),
  country: field.country(),
  postcode: field.optionalText(16),
  productLineId: field.id(),
  estimatedValue: z
    .string()
    .default("")
    .transform((v, ctx) => {
      if (v.trim() === "") return null;
      const amount = parseAmount(v);
      if (amount === null || amount.startsWith("-")) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "errors.amount" });
        return z.NEVER;
      }
      return amount;
    }),
  currency: z.string().trim().toUpperCase().default("USD").refine(isCurrency, "errors.currency"),
  source: z.enum(LEAD_SOURCES, { errorMap: () => ({ message: "errors.choose" }) }).default("manual"),
  notes: field.optionalText(4000),
});
export type LeadInput = z.output<typeof leadSchema>;

/** The region whose area matches the country and the longest postcode prefix. */
export async function regionFor(db: DB, country: string, postcode: string): Promise<number | null> {
  const row = await db
    .selectFrom("region_areas")
    .select("region_id")
    .where("country", "=", country)
    .where(sql<boolean>`(postcode_prefix = '' OR ${postcode.replace(/\s/g, "").toUpperCase()} LIKE CONCAT(postcode_prefix, '%'))`)
    .orderBy(sql`LENGTH(postcode_prefix)`, "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.region_id ?? null;
}

/** An earlier lead with the same contact e-mail, or the same company domain within 30 days. */
export async function findDuplicate(db: DB, input: Pick<LeadInput, "contactEmail" | "companyDomain">): Promise<number | null> {
  const checks = [];
  if (input.contactEmail)
    checks.push(
      db
        .selectFrom("leads")
        .select("id")
        .where("contact_email", "=", input.contactEmail)
        .orderBy("id")
        .limit(1)
        .$call(unscoped("a duplicate is looked for across partners; only its id is kept"))
        .executeTakeFirst(),
    );
  if (input.companyDomain) {
    const since = new Date(now().getTime() - 30 * 24 * 3600 * 1000);
    checks.push(
      db
        .selectFrom("leads")
        .select("id")
        .where("company_domain", "=", input.companyDomain)
        .where("created_at", ">=", since)
        .orderBy("id")
        .limit(1)
        .$call(unscoped("a duplicate is looked for across partners; only its id is kept"))
        .executeTakeFirst(),
    );
  }
  const found = (await Promise.all(checks)).filter((r) => r).map((r) => r!.id);
  return found.length ? Math.min(...found) : null;
}

function requireVendor(scope: Scope) {
  if (scope.kind === "partner") forbidden();
}

/**
 * Who a lead belongs to from the start: nobody (the vendor's pool, status new), or a partner
 * that captured it itself at a campaign it runs (accepted by it already, owned by whoever
 * entered it, never routed).
 */
export type LeadHolder = { partnerId: number; campaignAdoptionId: number } | null;

export async function insertLeads(
  trx: Transaction<Database>,
  actor: Actor,
  inputs: LeadInput[],
  lineIds: Set<number>,
  holder: LeadHolder = null,
): Promise<number[]> {
  const ids: number[] = [];
  for (const input of inputs) {
    if (!lineIds.has(input.productLineId)) throw new ValidationError({ productLineId: "errors.invalid" });
    const duplicateOf = await findDuplicate(trx, input);
    const result = await trx
      .insertInto("leads")
      .values({
        company: input.company,
        company_domain: input.companyDomain,
        contact_name: input.contactName,
        contact_email: input.contactEmail,
        contact_phone: input.contactPhone,
        country: input.country,
        region_id: await regionFor(trx, input.country, input.postcode),
        postcode: input.postcode,
        product_line_id: input.productLineId,
        estimated_value: input.estimatedValue,
        currency: input.currency,
        source: input.source,
        notes: input.notes || null,
        duplicate_of_id: duplicateOf,
        ...(holder
          ? { status: "accepted" as const, partner_id: holder.partnerId, owner_user_id: actor.userId, campaign_adoption_id: holder.campaignAdoptionId }
          : {}),
        created_by: actor.userId,
        created_at: now(),
        updated_at: now(),
      })
      .executeTakeFirstOrThrow();
    ids.push(Number(result.insertId));
  }
  await recordLeadEvents(
    trx,
    actor,
    ids.map((leadId) => ({ leadId, event: "created", toStatus: holder ? "accepted" : "new", partnerId: holder?.partnerId ?? null })),
  );
  return ids;
}

export async function productLineIds(db: DB): Promise<Set<number>> {
  return new Set((await db.selectFrom("product_lines").select("id").execute()).map((l) => l.id));
}

export async function createLead(db: DB, scope: Scope, actor: Actor, input: LeadInput): Promise<{ id: number; routing: RoutingResult | null }> {
  requireVendor(scope);
  const lines = await productLineIds(db);
  const [id] = await db.transaction().execute((trx) => insertLeads(trx, actor, [input], lines));
  const settings = await getLeadSettings(db);
  return { id, routing: settings.autoRoute ? await routeLeads(db, scope, actor, [id]) : null };
}

// ---- CSV import -------------------------------------------------------------------------

const HEADER_GUESSES: Record<LeadField, string[]> = {
  company: ["company", "company name", "account", "organisation", "organization", "公司", "公司名称"],
  companyDomain: ["domain", "website", "web", "company domain", "url", "网站", "域名"],
  contactName: ["contact", "contact name", "name", "full name", "联系人"],
  contactEmail: ["email", "e-mail", "contact email", "mail", "邮箱", "电子邮件"],
  contactPhone: ["phone", "telephone", "tel", "mobile", "电话", "手机"],
  country: ["country", "country code", "国家"],
  postcode: ["postcode", "postal code", "zip", "zip code", "邮编"],
  productLine: ["product line", "product", "interest", "product interest", "产品线", "产品"],
  estimatedValue: ["value", "estimated value", "amount", "deal size", "预估金额", "金额"],
  currency: ["currency", "币种", "货币"],
  source: ["source", "lead source", "来源"],
  notes: ["notes", "note", "comments", "description", "备注"],
};

/** Proposes which CSV column feeds each field, from the header names. */
/**
 * The import's mapping step: the CSV carried in the form and, per lead field, the column chosen
 * for it (`map_<field>`); a choice that is not a column of this file is no choice.
 */
export const leadImportMappingSchema = z
  .object({ csv: z.string().optional().default("") })
  .catchall(z.unknown())
  .transform(({ csv, ...fields }) => ({
    csv,
    mapping: (columns: number) => {
      const mapping: Partial<Record<LeadField, number>> = {};
      for (const field of LEAD_FIELDS) {
        const value = String(fields[`map_${field}`] ?? "");
        if (/^\d+$/.test(value) && Number(value) < columns) mapping[field] = Number(value);
      }
      return mapping;
    },
  }));

export function guessMapping(header: string[]): Partial<Record<LeadField, number>> {
  const mapping: Partial<Record<LeadField, number>> = {};
  const normalised = header.map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/[_\s]+/g, " "),
  );
  for (const f of LEAD_FIELDS) {
    const index = normalised.findIndex((h) => HEADER_GUESSES[f].includes(h));
    if (index >= 0 && !Object.values(mapping).includes(index)) mapping[f] = index;
  }
  return mapping;
}

export interface ImportRow {
  row: number;
  company: string;
  errors: string[];
  duplicateOf: number | null;
}

export interface ImportCheck {
  rows: ImportRow[];
  good: LeadInput[];
}

/** Validates every row against the mapping; nothing is written. */
export async function checkLeadImport(db: DB, records: string[][], mapping: Partial<Record<LeadField, number>>): Promise<ImportCheck> {
  const lines = await db.selectFrom("product_lines").select(["id", "code", "name", "name_zh"]).execute();
  const lineByKey = new Map<string, number>();
  for (const l of lines) {
    lineByKey.set(l.code.toLowerCase(), l.id);
    lineByKey.set(l.name.toLowerCase(), l.id);
    if (l.name_zh) lineByKey.set(l.name_zh.toLowerCase(), l.id);
  }
  const rows: ImportRow[] = [];
  const good: LeadInput[] = [];
  const seenEmails = new Map<string, number>();
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    const value = (f: LeadField) => (mapping[f] === undefined ? "" : (record[mapping[f]!] ?? "").trim());
    const lineText = value("productLine");
    const sourceText = value("source")
      .toLowerCase()
      .replace(/[\s-]+/g, "_");
    const parsed = leadSchema.safeParse({
      company: value("company"),
      companyDomain: value("companyDomain"),
      contactName: value("contactName"),
      contactEmail: value("contactEmail"),
      contactPhone: value("contactPhone"),
      country: value("country"),
      postcode: value("postcode"),
      productLineId: lineByKey.get(lineText.toLowerCase()) ?? "",
      estimatedValue: value("estimatedValue"),
      currency: value("currency") || "USD",
      source: (LEAD_SOURCES as readonly string[]).includes(sourceText) ? sourceText : "import",
      notes: value("notes"),
    });
    const errors = parsed.success
      ? []
      : Object.entries(issuesToErrors(parsed.error.issues)).map(([f, m]) =>
          f === "productLineId" && lineText ? "productLine:leads.errors.unknownProductLine" : `${f}:${m}`,
        );
    let duplicateOf: number | null = null;
    if (parsed.success) {
      const email = parsed.data.contactEmail;
      if (email && seenEmails.has(email)) errors.push(`contactEmail:leads.errors.duplicateInFile:${seenEmails.get(email)}`);
      else if (email) seenEmails.set(email, i + 2);
      duplicateOf = await findDuplicate(db, parsed.data);
    }
    rows.push({ row: i + 2, company: value("company"), errors, duplicateOf });
    if (parsed.success && errors.length === 0) good.push(parsed.data);
  }
  return { rows, good };
}

/** Imports the good rows (bad ones stay reported) and routes them when routing is automatic. */
export async function importLeads(db: DB, scope: Scope, actor: Actor, good: LeadInput[]): Promise<{ ids: number[]; routing: RoutingResult | null }> {
  requireVendor(scope);
  const lines = await productLineIds(db);
  const ids = await db.transaction().execute(async (trx) =>
    insertLeads(
      trx,
      actor,
      good.map((g) => ({ ...g, source: g.source === "manual" ? "import" : g.source })),
      lines,
    ),
  );
  const settings = await getLeadSettings(db);
  return { ids, routing: settings.autoRoute ? await routeLeads(db, scope, actor, ids) : null };
}
