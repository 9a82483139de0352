// The certification catalogue (培训认证): code, names in both languages, product line, level,
// how many months an award stays valid, which partner types must hold it, and whether it is
// offered. The vendor's admin keeps it; everyone signed in may read it (no partner's rows).
import { z } from "zod";
import { changedFields, recordAudit, type Actor } from "~/lib/audit.server";
import { field, ValidationError } from "~/lib/forms";
import { forbidden, notFound } from "~/lib/http.server";
import { withUniqueChecks } from "~/lib/unique.server";
import { now } from "~/lib/clock.server";
import { readChoice, readPaging, type ListPaging } from "~/lib/list-query";
import { CERTIFICATION_LEVELS, PARTNER_TYPES, type PartnerType } from "../../../db/types";
import type { Scope } from "~/lib/scope.server";
import type { DB } from "~/lib/db.server";

/** Up to ten years: a longer validity is a typo. */
export const MAX_VALIDITY_MONTHS = 120;

export const certificationSchema = z.object({
  code: field.code(32),
  name: field.text(200),
  nameZh: field.optionalText(200),
  productLineId: field.optionalId(),
  level: field.enumOf(CERTIFICATION_LEVELS),
  validityMonths: z.coerce
    .number({ invalid_type_error: "errors.wholeNumber" })
    .int("errors.wholeNumber")
    .min(1, "certifications.errors.validityMonths")
    .max(MAX_VALIDITY_MONTHS, "certifications.errors.validityMonths"),
  requiredFor: z.array(field.enumOf(PARTNER_TYPES)).default([]),
  active: z.preprocess((v) => v === "on" || v === "true" || v === "1" || v === true, z.boolean()).default(false),
});
export type CertificationInput = z.output<typeof certificationSchema>;

export const CATALOGUE_SORTS = ["code", "name", "level", "validity_months"] as const;
export type CatalogueQuery = ListPaging<(typeof CATALOGUE_SORTS)[number]> & { active: "" | "yes" | "no" };

export function requiredTypes(set: string): PartnerType[] {
  return set.split(",").filter((t): t is PartnerType => (PARTNER_TYPES as readonly string[]).includes(t));
}

export function readCatalogueQuery(params: URLSearchParams): CatalogueQuery {
  return { ...readPaging(params, CATALOGUE_SORTS, "code"), active: readChoice(params, "active", ["yes", "no"] as const) };
}

function catalogueBase(db: DB, query: Pick<CatalogueQuery, "active">) {
  return db
    .selectFrom("certifications")
    .leftJoin("product_lines", "product_lines.id", "certifications.product_line_id")
    .$if(query.active !== "", (q) => q.where("certifications.active", "=", query.active === "yes" ? 1 : 0));
}

const CATALOGUE_COLUMNS = [
  "certifications.id",
  "certifications.code",
  "certifications.name",
  "certifications.name_zh",
  "certifications.product_line_id",
  "certifications.level",
  "certifications.validity_months",
  "certifications.required_for_types",
  "certifications.active",
  "product_lines.code as product_line_code",
  "product_lines.name as product_line_name",
  "product_lines.name_zh as product_line_name_zh",
] as const;

/** The catalogue as listed; `all` for the CSV export. */
export async function listCertifications(db: DB, query: CatalogueQuery, options: { all?: boolean } = {}) {
  const base = catalogueBase(db, query);
  const rows = await base
    .select(CATALOGUE_COLUMNS)
    .orderBy(`certifications.${query.sort}`, query.dir)
    .orderBy("certifications.id")
    .$if(!options.all, (q) => q.limit(query.pageSize).offset((query.page - 1) * query.pageSize))
    .execute();
  const total = options.all ? rows.length : Number((await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  return { rows: rows.map((r) => ({ ...r, requiredFor: requiredTypes(r.required_for_types) })), total };
}

/** One certification, as the catalogue lists it, for its edit form; null when there is none. */
export async function getCertification(db: DB, certificationId: number) {
  const row = await catalogueBase(db, { active: "" }).select(CATALOGUE_COLUMNS).where("certifications.id", "=", certificationId).executeTakeFirst();
  return row ? { ...row, requiredFor: requiredTypes(row.required_for_types) } : null;
}

export type CatalogueRow = Awaited<ReturnType<typeof listCertifications>>["rows"][number];

/** The certifications a partner may send a certificate for: active ones, by code. */
export function activeCertifications(db: DB) {
  return db
    .selectFrom("certifications")
    .select(["id", "code", "name", "name_zh", "validity_months", "product_line_id"])
    .where("active", "=", 1)
    .orderBy("code")
    .execute();
}

function columns(input: CertificationInput) {
  return {
    code: input.code,
    name: input.name,
    name_zh: input.nameZh,
    product_line_id: input.productLineId,
    level: input.level,
    validity_months: input.validityMonths,
    required_for_types: PARTNER_TYPES.filter((t) => input.requiredFor.includes(t)).join(","),
    active: input.active ? 1 : 0,
  };
}

/** Adds a certification (certificationId null) or changes one; the code stays unique. */
export async function saveCertification(db: DB, scope: Scope, actor: Actor, certificationId: number | null, input: CertificationInput): Promise<number> {
  if (scope.kind !== "admin") forbidden();
  const values = columns(input);
  return withUniqueChecks(
    () =>
      db.transaction().execute(async (trx) => {
        if (input.productLineId !== null) {
          const line = await trx.selectFrom("product_lines").select("id").where("id", "=", input.productLineId).executeTakeFirst();
          if (!line) throw new ValidationError({ productLineId: "errors.invalid" });
        }
        if (certificationId === null) {
          const result = await trx.insertInto("certifications").values(values).executeTakeFirstOrThrow();
          const id = Number(result.insertId);
          await recordAudit(trx, actor, { action: "certification.create", entityType: "certification", entityId: id, after: values });
          return id;
        }
        const current = await trx.selectFrom("certifications").selectAll().where("id", "=", certificationId).forUpdate().executeTakeFirst();
        if (!current) notFound();
        await trx
          .updateTable("certifications")
          .set({ ...values, updated_at: now() })
          .where("id", "=", certificationId)
          .execute();
        await recordAudit(trx, actor, {
          action: "certification.update",
          entityType: "certification",
          entityId: certificationId,
          ...changedFields(current, values),
        });
        return certificationId;
      }),
    { certifications_code: { code: "errors.codeTaken" } },
  );
}
