// Awards from a training system's CSV (e-mail, certification code, earned on, external
// reference): each good row becomes a valid award at once, each bad row is reported with its
// problems, and a row seen before (the same certification and external reference, or without a
// reference the same user, certification and day) changes nothing, so a file can be sent again.
import { recordAudit, type Actor } from "~/lib/audit.server";
import { now } from "~/lib/clock.server";
import { parseCsvRows } from "~/lib/csv.server";
import { forbidden } from "~/lib/http.server";
import { awardFilter, partnerFilter, type Scope } from "~/lib/scope.server";
import { addMonthsToDay, isCalendarDay } from "./dates";
import { todayUtc } from "./held.server";
import { recordValidAward } from "./awards.server";
import type { DB } from "~/lib/db.server";
import type { ImportRowError } from "~/modules/settings/products.server";

/** The columns, as a header may spell them ("E-mail", "Certification code", "earned_on"). */
const COLUMNS = {
  email: ["email", "e-mail", "mail"],
  certification_code: ["certification code", "certification_code", "certification", "code"],
  earned_on: ["earned on", "earned_on", "earned", "date"],
  external_ref: ["external reference", "external_ref", "external ref", "reference", "ref"],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: Column[] = ["email", "certification_code", "earned_on"];
const MAX_REF = 100;

function canonicalHeader(text: string): Column | string {
  const folded = text.trim().toLowerCase().replace(/\s+/g, " ");
  for (const [column, names] of Object.entries(COLUMNS) as [Column, readonly string[]][]) if (names.includes(folded)) return column;
  return folded;
}

/** The file's records keyed by the canonical column names, or why the file cannot be used (a message key). */
function readCsvRecords(text: string): { records: Partial<Record<Column, string>>[] } | { fileError: string } {
  let rows: string[][];
  try {
    rows = parseCsvRows(text);
  } catch (error) {
    return { fileError: error instanceof Error ? error.message : String(error) };
  }
  if (rows.length < 2) return { fileError: "errors.importEmpty" };
  const header = rows[0].map(canonicalHeader);
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) return { fileError: `errors.importColumns:${missing.join(", ")}` };
  return { records: rows.slice(1).map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ""]))) };
}

export type AwardImportResult = { ok: false; fileError: string } | { ok: true; imported: number; unchanged: number; rowErrors: ImportRowError[] };

/**
 * Imports awards for users of the partners the scope may see (an admin every partner, a
 * channel manager their own); an e-mail outside that is unknown, as it would be for a typo.
 */
export async function importAwards(db: DB, scope: Scope, actor: Actor, csvText: string): Promise<AwardImportResult> {
  if (scope.kind === "partner") forbidden();
  const read = readCsvRecords(csvText);
  if ("fileError" in read) return { ok: false, fileError: read.fileError };
  const parsed = { records: read.records };

  const emails = [...new Set(parsed.records.map((r) => (r.email ?? "").trim().toLowerCase()).filter(Boolean))];
  const codes = [...new Set(parsed.records.map((r) => (r.certification_code ?? "").trim().toUpperCase()).filter(Boolean))];
  const [users, visiblePartners, certifications] = await Promise.all([
    emails.length ? db.selectFrom("users").select(["id", "email", "partner_id"]).where("email", "in", emails).execute() : [],
    db.selectFrom("partners").select("id").where(partnerFilter(scope, "partners.id")).execute(),
    codes.length ? db.selectFrom("certifications").select(["id", "code", "validity_months"]).where("code", "in", codes).execute() : [],
  ]);
  const inScope = new Set(visiblePartners.map((p) => p.id));
  const userOf = new Map(users.map((u) => [u.email.toLowerCase(), u]));
  const certificationOf = new Map(certifications.map((c) => [c.code.toUpperCase(), c]));
  const today = todayUtc();

  const rowErrors: ImportRowError[] = [];
  const good: { row: number; userId: number; partnerId: number; certification: (typeof certifications)[number]; earnedOn: string; ref: string | null }[] = [];
  parsed.records.forEach((record, index) => {
    const row = index + 2;
    const errors: string[] = [];
    const email = (record.email ?? "").trim().toLowerCase();
    const user = userOf.get(email);
    if (!email) errors.push("email:errors.required");
    else if (!user || (user.partner_id !== null && !inScope.has(user.partner_id))) errors.push("email:certifications.import.unknownEmail");
    else if (user.partner_id === null) errors.push("email:certifications.import.notPartnerUser");
    const code = (record.certification_code ?? "").trim().toUpperCase();
    const certification = certificationOf.get(code);
    if (!code) errors.push("certification_code:errors.required");
    else if (!certification) errors.push("certification_code:certifications.import.unknownCode");
    const earnedOn = (record.earned_on ?? "").trim();
    if (!isCalendarDay(earnedOn) || earnedOn > today) errors.push("earned_on:certifications.import.badDate");
    const ref = (record.external_ref ?? "").trim();
    if (ref.length > MAX_REF) errors.push("external_ref:errors.tooLong");
    if (errors.length) rowErrors.push({ row, errors });
    else good.push({ row, userId: user!.id, partnerId: user!.partner_id!, certification: certification!, earnedOn, ref: ref || null });
  });

  let imported = 0;
  let unchanged = 0;
  for (const item of good) {
    const created = await db.transaction().execute(async (trx) => {
      const seen = await trx
        .selectFrom("user_certifications")
        .select("id")
        .where("certification_id", "=", item.certification.id)
        .where(awardFilter(scope))
        .$if(item.ref !== null, (q) => q.where("external_ref", "=", item.ref))
        .$if(item.ref === null, (q) => q.where("user_id", "=", item.userId).where("earned_on", "=", item.earnedOn).where("source", "=", "import"))
        .forUpdate()
        .executeTakeFirst();
      if (seen) return false;
      const at = now();
      const values = {
        partner_id: item.partnerId,
        user_id: item.userId,
        certification_id: item.certification.id,
        status: "valid" as const,
        earned_on: item.earnedOn,
        expires_on: addMonthsToDay(item.earnedOn, item.certification.validity_months),
        source: "import" as const,
        external_ref: item.ref,
        checked_by: actor.userId,
        checked_at: at,
        created_by: actor.userId ?? item.userId,
      };
      // The unique (certification, external reference) key settles two imports of one file at once.
      const result = await trx.insertInto("user_certifications").values(values).ignore().executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      const id = Number(result.insertId);
      await recordAudit(trx, actor, {
        action: "certification.imported",
        entityType: "user_certification",
        entityId: id,
        partnerId: item.partnerId,
        after: {
          user_id: item.userId,
          certification_id: item.certification.id,
          earned_on: item.earnedOn,
          expires_on: values.expires_on,
          external_ref: item.ref,
        },
      });
      await recordValidAward(trx, actor, {
        id,
        partner_id: item.partnerId,
        user_id: item.userId,
        code: item.certification.code,
        expires_on: values.expires_on,
      });
      return true;
    });
    if (created) imported++;
    else unchanged++;
  }
  if (imported > 0)
    await recordAudit(db, actor, {
      action: "certification.import",
      entityType: "user_certification",
      after: { imported, unchanged, rejected: rowErrors.length },
    });
  return { ok: true, imported, unchanged, rowErrors };
}
