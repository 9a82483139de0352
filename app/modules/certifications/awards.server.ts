// Certification awards (user_certifications): a partner's people send the certificate they
// earned (a PDF or image, checked by its content), a channel manager checks it and approves it
// (the award is then valid until earned_on + the certification's validity) or rejects it with a
// reason. Imported awards (import.server.ts) are valid at once. A valid award counts towards the
// partner's certified product lines (held.server.ts), which lead routing reads.
import { sql, type Transaction } from "kysely";
import { z } from "zod";
import { reevaluateOnboarding } from "~/modules/partners/onboarding.server";
import { recordAudit, type Actor } from "~/lib/audit.server";
import { now } from "~/lib/clock.server";
import { field, ValidationError } from "~/lib/forms";
import { forbidden, notFound } from "~/lib/http.server";
import { requireHolder, requireReviewer } from "~/lib/policy.server";
import { awardFilter, type Scope } from "~/lib/scope.server";
import { attachStoredFile } from "~/lib/storage.server";
import { likePattern, readChoice, readPaging, readText, type ListPaging } from "~/lib/list-query";
import { notifyUsers, partnerAdmins } from "~/modules/notifications/notify.server";
import { recordPartnerEvent } from "~/modules/partners/history.server";
import { discardUploads, type CheckedProof } from "~/modules/funds/claims.server";
import { addMonthsToDay, daysBetween, isCalendarDay } from "./dates";
import { todayUtc } from "./held.server";
import { AWARD_FILTER_STATES } from "./constants";
import type { NoticeText } from "~/modules/notifications/render";
import type { DB } from "~/lib/db.server";
import type { AwardStatus, Database } from "../../../db/types";

export const CERTIFICATE_FOLDER = "certificates";
export const MAX_CERTIFICATE_BYTES = 10 * 1024 * 1024;
/** How close an expiry counts as "expiring soon" on screen, and the first reminder. */
export const EXPIRING_SOON_DAYS = 60;

type Trx = Transaction<Database>;

/** A day in the past or today, as YYYY-MM-DD. */
export const earnedOnField = () =>
  z
    .string({ required_error: "errors.required" })
    .trim()
    .min(1, "errors.required")
    .refine(isCalendarDay, "certifications.errors.day")
    .refine((day) => day <= todayUtc(), "certifications.errors.earnedInFuture");

export const uploadSchema = z.object({
  userId: field.id(),
  certificationId: field.id(),
  earnedOn: earnedOnField(),
});
export type UploadInput = z.output<typeof uploadSchema>;

export const rejectSchema = z.object({ reason: field.text(1000) });

export type AwardState = AwardStatus | "expired";

/** What a person sees of an award: a valid one past its expiry is shown expired. */
export function awardState(award: { status: AwardStatus; expires_on: string }, today = todayUtc()): AwardState {
  return award.status === "valid" && award.expires_on < today ? "expired" : award.status;
}

export function expiresSoon(award: { status: AwardStatus; expires_on: string }, today = todayUtc()): boolean {
  return award.status === "valid" && award.expires_on >= today && daysBetween(today, award.expires_on) <= EXPIRING_SOON_DAYS;
}

export const AWARD_SORTS = ["expires_on", "earned_on", "user_name", "code", "created_at"] as const;
export type AwardQuery = ListPaging<(typeof AWARD_SORTS)[number]> & { q: string; state: (typeof AWARD_FILTER_STATES)[number] | "" };

export function readAwardQuery(params: URLSearchParams): AwardQuery {
  return { ...readPaging(params, AWARD_SORTS, "expires_on"), q: readText(params, "q"), state: readChoice(params, "state", AWARD_FILTER_STATES) };
}

function awardsBase(db: DB, scope: Scope, query: Pick<AwardQuery, "q" | "state">) {
  const today = todayUtc();
  const soon = addDays(today, EXPIRING_SOON_DAYS);
  return db
    .selectFrom("user_certifications")
    .innerJoin("users", "users.id", "user_certifications.user_id")
    .innerJoin("partners", "partners.id", "user_certifications.partner_id")
    .innerJoin("certifications", "certifications.id", "user_certifications.certification_id")
    .leftJoin("product_lines", "product_lines.id", "certifications.product_line_id")
    .where(awardFilter(scope))
    .$if(query.q !== "", (q) =>
      q.where((eb) =>
        eb.or([
          eb("users.name", "like", likePattern(query.q)),
          eb("users.email", "like", likePattern(query.q)),
          eb("certifications.code", "like", likePattern(query.q)),
          eb("partners.name", "like", likePattern(query.q)),
        ]),
      ),
    )
    .$if(query.state === "pending" || query.state === "rejected", (q) => q.where("user_certifications.status", "=", query.state as AwardStatus))
    .$if(query.state === "valid", (q) => q.where("user_certifications.status", "=", "valid").where("user_certifications.expires_on", ">=", today))
    .$if(query.state === "expiring", (q) =>
      q
        .where("user_certifications.status", "=", "valid")
        .where("user_certifications.expires_on", ">=", today)
        .where("user_certifications.expires_on", "<=", soon),
    )
    .$if(query.state === "expired", (q) => q.where("user_certifications.status", "=", "valid").where("user_certifications.expires_on", "<", today));
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

const SORT_COLUMN = {
  expires_on: "user_certifications.expires_on",
  earned_on: "user_certifications.earned_on",
  user_name: "users.name",
  code: "certifications.code",
  created_at: "user_certifications.created_at",
} as const;

/** Awards the scope may see, as listed; `all` for the CSV export. No storage key leaves here. */
export async function listAwards(db: DB, scope: Scope, query: AwardQuery, options: { all?: boolean } = {}) {
  const base = awardsBase(db, scope, query);
  const rows = await base
    .select([
      "user_certifications.id",
      "user_certifications.partner_id",
      "user_certifications.user_id",
      "user_certifications.status",
      "user_certifications.earned_on",
      "user_certifications.expires_on",
      "user_certifications.source",
      "user_certifications.external_ref",
      "user_certifications.file_name",
      "user_certifications.reject_reason",
      "user_certifications.created_at",
      "users.name as user_name",
      "users.email as user_email",
      "partners.name as partner_name",
      "certifications.code",
      "certifications.name",
      "certifications.name_zh",
      "certifications.level",
      "product_lines.name as product_line_name",
      "product_lines.name_zh as product_line_name_zh",
    ])
    .orderBy(SORT_COLUMN[query.sort], query.dir)
    .orderBy("user_certifications.id", query.dir)
    .$if(!options.all, (q) => q.limit(query.pageSize).offset((query.page - 1) * query.pageSize))
    .execute();
  const total = options.all ? rows.length : Number((await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  const today = todayUtc();
  return { rows: rows.map((r) => ({ ...r, state: awardState(r, today), expiresSoon: expiresSoon(r, today) })), total };
}

export type AwardRow = Awaited<ReturnType<typeof listAwards>>["rows"][number];

/** One award the scope may see, with what its page shows; a 404 outside the scope. */
export async function getAward(db: DB, scope: Scope, awardId: number) {
  const award = await db
    .selectFrom("user_certifications")
    .innerJoin("users", "users.id", "user_certifications.user_id")
    .innerJoin("partners", "partners.id", "user_certifications.partner_id")
    .innerJoin("certifications", "certifications.id", "user_certifications.certification_id")
    .leftJoin("product_lines", "product_lines.id", "certifications.product_line_id")
    .leftJoin("users as checker", "checker.id", "user_certifications.checked_by")
    .select([
      "user_certifications.id",
      "user_certifications.partner_id",
      "user_certifications.user_id",
      "user_certifications.status",
      "user_certifications.earned_on",
      "user_certifications.expires_on",
      "user_certifications.source",
      "user_certifications.external_ref",
      "user_certifications.file_name",
      "user_certifications.content_type",
      "user_certifications.size",
      "user_certifications.checked_at",
      "user_certifications.reject_reason",
      "user_certifications.created_at",
      "users.name as user_name",
      "users.email as user_email",
      "partners.name as partner_name",
      "certifications.code",
      "certifications.name",
      "certifications.name_zh",
      "certifications.level",
      "certifications.validity_months",
      "product_lines.name as product_line_name",
      "product_lines.name_zh as product_line_name_zh",
      "checker.name as checked_by_name",
    ])
    .where("user_certifications.id", "=", awardId)
    .where(awardFilter(scope))
    .executeTakeFirst();
  if (!award) notFound();
  return { ...award, state: awardState(award), expiresSoon: expiresSoon(award), hasFile: award.file_name !== null };
}

/** The stored certificate of an award the scope may see; a 404 outside the scope or without a file. */
export async function awardFile(db: DB, scope: Scope, awardId: number): Promise<{ key: string; fileName: string; contentType: string }> {
  const award = await db
    .selectFrom("user_certifications")
    .select(["file_key", "file_name", "content_type"])
    .where("id", "=", awardId)
    .where(awardFilter(scope))
    .executeTakeFirst();
  if (!award?.file_key || !award.file_name || !award.content_type) notFound();
  return { key: award.file_key, fileName: award.file_name, contentType: award.content_type };
}

/** Whom a partner user may send a certificate for: a partner admin any active colleague, a rep only themselves. */
export async function uploadableUsers(db: DB, scope: Scope): Promise<{ id: number; name: string; email: string }[]> {
  if (scope.kind !== "partner") return [];
  return db
    .selectFrom("users")
    .select(["id", "name", "email"])
    .where("partner_id", "=", scope.partnerId)
    .where("status", "<>", "deactivated")
    .$if(scope.role === "partner_rep", (q) => q.where("id", "=", scope.userId))
    .orderBy("name")
    .execute();
}

/**
 * A certificate sent by a partner user for a user of its own partner: stored with the award,
 * which waits for the channel manager's check. A user id of another partner is not found; a
 * rep sending for a colleague is refused. On any refusal the stored file is removed again.
 */
export async function uploadCertificate(db: DB, scope: Scope, actor: Actor, input: UploadInput, file: CheckedProof): Promise<number> {
  try {
    if (scope.kind !== "partner") forbidden();
    const user = await db
      .selectFrom("users")
      .select(["id", "partner_id", "status"])
      .where("id", "=", input.userId)
      .where("partner_id", "=", scope.partnerId)
      .where("status", "<>", "deactivated")
      .executeTakeFirst();
    if (!user) notFound();
    requireHolder(scope, { partnerId: user.partner_id, ownerUserIds: [user.id] });
    const certification = await db
      .selectFrom("certifications")
      .select(["id", "validity_months"])
      .where("id", "=", input.certificationId)
      .where("active", "=", 1)
      .executeTakeFirst();
    if (!certification) throw new ValidationError({ certificationId: "certifications.errors.unknownCertification" });
    const expiresOn = addMonthsToDay(input.earnedOn, certification.validity_months);
    return await db.transaction().execute(async (trx) => {
      const stored = attachStoredFile(file.stored);
      const values = {
        partner_id: scope.partnerId,
        user_id: user.id,
        certification_id: certification.id,
        status: "pending" as const,
        earned_on: input.earnedOn,
        expires_on: expiresOn,
        source: "upload" as const,
        file_key: stored.path,
        file_name: file.fileName.slice(0, 255),
        content_type: file.contentType,
        size: stored.size,
        sha256: stored.sha256,
        created_by: scope.userId,
      };
      const result = await trx.insertInto("user_certifications").values(values).executeTakeFirstOrThrow();
      const id = Number(result.insertId);
      await recordAudit(trx, actor, {
        action: "certification.uploaded",
        entityType: "user_certification",
        entityId: id,
        partnerId: scope.partnerId,
        after: { user_id: user.id, certification_id: certification.id, earned_on: input.earnedOn, expires_on: expiresOn, file_name: values.file_name },
      });
      return id;
    });
  } catch (error) {
    await discardUploads([file]);
    throw error;
  }
}

/** Locks a pending award the scope may see, for the reviewer's decision. */
async function lockPendingForReview(trx: Trx, scope: Scope, awardId: number) {
  const award = await trx
    .selectFrom("user_certifications")
    .innerJoin("certifications", "certifications.id", "user_certifications.certification_id")
    .select([
      "user_certifications.id",
      "user_certifications.partner_id",
      "user_certifications.user_id",
      "user_certifications.status",
      "user_certifications.expires_on",
      "certifications.code",
    ])
    .where("user_certifications.id", "=", awardId)
    .where(awardFilter(scope))
    .forUpdate()
    .executeTakeFirst();
  if (!award) notFound();
  requireReviewer(scope, { partnerId: award.partner_id });
  if (award.status !== "pending") throw new ValidationError({ form: "certifications.errors.notPending" });
  return award;
}

/** Tells the user and their partner's admins about their award. */
async function tellPartner(trx: Trx, award: { id: number; partner_id: number; user_id: number }, title: NoticeText, note?: string): Promise<void> {
  const admins = await partnerAdmins(trx, [award.partner_id]);
  await notifyUsers(trx, [...(admins.get(award.partner_id) ?? []), award.user_id], {
    kind: "partner_lifecycle",
    title,
    link: `/certifications/${award.id}`,
    body: note ? { note } : undefined,
  });
}

/** What a valid award adds to the partner's history and the audit log; imports write the same. */
export async function recordValidAward(trx: Trx, actor: Actor, award: { id: number; partner_id: number; user_id: number; code: string; expires_on: string }) {
  await recordPartnerEvent(trx, {
    partnerId: award.partner_id,
    actor,
    event: "certified",
    to: award.code,
    text: `Award #${award.id} (user ${award.user_id}) valid until ${award.expires_on}`,
  });
}

export async function approveAward(db: DB, scope: Scope, actor: Actor, awardId: number): Promise<void> {
  const partnerId = await db.transaction().execute(async (trx) => {
    const award = await lockPendingForReview(trx, scope, awardId);
    const at = now();
    await trx
      .updateTable("user_certifications")
      .set({ status: "valid", checked_by: actor.userId, checked_at: at, updated_at: at })
      .where("id", "=", award.id)
      .where(awardFilter(scope))
      .execute();
    await recordAudit(trx, actor, {
      action: "certification.approved",
      entityType: "user_certification",
      entityId: award.id,
      partnerId: award.partner_id,
      before: { status: "pending" },
      after: { status: "valid" },
    });
    await recordValidAward(trx, actor, award);
    await tellPartner(trx, award, { key: "certifications.notice.approved", params: { code: award.code, date: award.expires_on } });
    return award.partner_id;
  });
  // A required certification held may complete the partner's onboarding.
  await reevaluateOnboarding(db, partnerId, actor);
}

export async function rejectAward(db: DB, scope: Scope, actor: Actor, awardId: number, reason: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const award = await lockPendingForReview(trx, scope, awardId);
    const at = now();
    await trx
      .updateTable("user_certifications")
      .set({ status: "rejected", reject_reason: reason, checked_by: actor.userId, checked_at: at, updated_at: at })
      .where("id", "=", award.id)
      .where(awardFilter(scope))
      .execute();
    await recordAudit(trx, actor, {
      action: "certification.rejected",
      entityType: "user_certification",
      entityId: award.id,
      partnerId: award.partner_id,
      before: { status: "pending" },
      after: { status: "rejected", reject_reason: reason },
    });
    await tellPartner(trx, award, { key: "certifications.notice.rejected", params: { code: award.code } }, reason);
  });
}

/** Pending uploads the scope may review, oldest first: the channel manager's queue. */
export async function pendingCount(db: DB, scope: Scope): Promise<number> {
  const row = await db
    .selectFrom("user_certifications")
    .select(sql<number>`COUNT(*)`.as("n"))
    .where("status", "=", "pending")
    .where(awardFilter(scope))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
