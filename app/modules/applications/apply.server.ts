// The public side of recruitment: a company applies without an account, and answers the
// vendor's question through an e-mailed link. Nothing here tells the applicant anything about
// other partners: an application that looks like an existing partner is flagged for the vendor
// only, and gets the same answer, through the same queries, as any other.
import { createHash, randomBytes } from "node:crypto";
import { recordAudit, type Actor } from "~/lib/audit.server";
import { appUrl } from "~/lib/app-url.server";
import { now } from "~/lib/clock.server";
import { ValidationError } from "~/lib/forms";
import { translate, type Locale } from "~/lib/i18n";
import { queueMails } from "~/lib/mail.server";
import { customerDomain, customerKey } from "~/modules/deals/customer";
import { notifyUsers } from "~/modules/notifications/notify.server";
import { reserveAttempt } from "~/modules/users/sign-in-throttle.server";
import { OPEN_STATUSES, type ApplyInput } from "./schemas";
import type { DB } from "~/lib/db.server";

/** How long the link to answer a question works. */
export const REPLY_LINK_MS = 14 * 24 * 3600 * 1000;

export type ApplyResult = { ok: true } | { ok: false; retryAfterSeconds: number };

function hashReplyToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A new link for the applicant to answer with; only its hash is kept. */
export function newReplyToken(): { token: string; hash: string; expiresAt: Date } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashReplyToken(token), expiresAt: new Date(now().getTime() + REPLY_LINK_MS) };
}

export interface Duplicate {
  partnerId: number | null;
  reason: "name" | "domain";
}

/**
 * The existing partner (or, failing one, another open application) the company looks like: the
 * name folded as deal conflicts fold customer names, or the registrable web domain. Both look-ups
 * always run, so the time taken does not depend on the answer.
 */
export async function findDuplicate(db: DB, nameKey: string, domainKey: string, exceptApplicationId: number | null = null): Promise<Duplicate | null> {
  const [partners, applications] = await Promise.all([
    db.selectFrom("partners").select(["id", "name", "legal_name", "website"]).orderBy("id").execute(),
    db
      .selectFrom("partner_applications")
      .select(["id", "name_key", "domain_key"])
      .where("status", "in", OPEN_STATUSES)
      .where("id", "!=", exceptApplicationId ?? 0)
      .where((eb) => eb.or([eb("name_key", "=", nameKey), eb("domain_key", "=", domainKey || "\u0000")]))
      .orderBy("id")
      .execute(),
  ]);
  const byName = nameKey ? partners.find((p) => customerKey(p.name) === nameKey || (p.legal_name !== "" && customerKey(p.legal_name) === nameKey)) : undefined;
  if (byName) return { partnerId: byName.id, reason: "name" };
  const byDomain = domainKey ? partners.find((p) => p.website !== "" && customerDomain(p.website) === domainKey) : undefined;
  if (byDomain) return { partnerId: byDomain.id, reason: "domain" };
  const application =
    applications.find((a) => nameKey !== "" && a.name_key === nameKey) ?? applications.find((a) => domainKey !== "" && a.domain_key === domainKey);
  if (application) return { partnerId: null, reason: application.name_key === nameKey && nameKey !== "" ? "name" : "domain" };
  return null;
}

async function checkReferences(db: DB, input: ApplyInput): Promise<void> {
  const [regions, lines] = await Promise.all([
    db.selectFrom("regions").select("id").where("id", "in", input.regionIds).execute(),
    db.selectFrom("product_lines").select("id").where("id", "in", input.productLineIds).execute(),
  ]);
  const errors: Record<string, string> = {};
  if (regions.length !== input.regionIds.length) errors.regionIds = "errors.invalid";
  if (lines.length !== input.productLineIds.length) errors.productLineIds = "errors.invalid";
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

export async function recordApplicationEvent(db: DB, applicationId: number, actor: Actor, event: string, text: string | null = null): Promise<void> {
  await db.insertInto("partner_application_events").values({ application_id: applicationId, at: now(), actor_user_id: actor.userId, event, text }).execute();
}

/** Active vendor admins: who hears of a new application. */
async function vendorAdmins(db: DB): Promise<number[]> {
  const rows = await db.selectFrom("users").select("id").where("role", "=", "admin").where("status", "=", "active").execute();
  return rows.map((r) => r.id);
}

/**
 * A company applies. Five applications an hour per address (the throttle of sign-in, kind
 * 'apply'); what is refused before the throttle (a bad field) costs nothing.
 */
export async function submitApplication(
  db: DB,
  input: ApplyInput,
  context: { ip: string | null; locale: Locale },
  baseUrl: string = appUrl(),
): Promise<ApplyResult> {
  await checkReferences(db, input);
  const throttled = await reserveAttempt(db, [{ kind: "apply", subject: (context.ip ?? "unknown").slice(0, 254) }]);
  if (throttled) return { ok: false, retryAfterSeconds: throttled.retryAfterSeconds };
  const nameKey = customerKey(input.company).slice(0, 200);
  const domainKey = customerDomain(input.website) ?? "";
  const actor: Actor = { userId: null, email: input.contactEmail, ip: context.ip };
  await db.transaction().execute(async (trx) => {
    const duplicate = await findDuplicate(trx, nameKey, domainKey);
    const result = await trx
      .insertInto("partner_applications")
      .values({
        company_name: input.company,
        name_key: nameKey,
        partner_type: input.type,
        country: input.country,
        region_ids_json: JSON.stringify(input.regionIds),
        product_line_ids_json: JSON.stringify(input.productLineIds),
        website: input.website,
        domain_key: domainKey,
        company_size: input.companySize,
        references_text: input.references,
        message: input.message,
        contact_name: input.contactName,
        contact_email: input.contactEmail,
        contact_phone: input.contactPhone,
        locale: context.locale,
        duplicate_of_partner_id: duplicate?.partnerId ?? null,
        duplicate_reason: duplicate?.reason ?? null,
        submitted_from: (context.ip ?? "").slice(0, 64),
      })
      .executeTakeFirstOrThrow();
    const id = Number(result.insertId);
    await recordApplicationEvent(trx, id, actor, "submitted");
    await recordAudit(trx, actor, {
      action: "application.submitted",
      entityType: "partner_application",
      entityId: id,
      after: { company_name: input.company, partner_type: input.type, country: input.country, duplicate_reason: duplicate?.reason ?? null },
    });
    await mailApplicant(
      trx,
      { contact_email: input.contactEmail, contact_name: input.contactName, company_name: input.company, locale: context.locale, id },
      "received",
    );
    await notifyUsers(
      trx,
      await vendorAdmins(trx),
      { kind: "partner_lifecycle", title: { key: "applications.notice.received", params: { company: input.company } }, link: `/applications/${id}` },
      baseUrl,
    );
  });
  return { ok: true };
}

export type ApplicantMail = "received" | "moreInfo" | "approved" | "declined";

/** An e-mail to the applicant, in the language they applied in. */
export async function mailApplicant(
  db: DB,
  application: { id: number; contact_email: string; contact_name: string; company_name: string; locale: string },
  mail: ApplicantMail,
  extra: { note?: string; link?: string } = {},
): Promise<void> {
  const locale: Locale = application.locale === "zh-CN" ? "zh-CN" : "en";
  const params = { name: application.contact_name, company: application.company_name, number: application.id };
  const paragraphs = [
    translate(locale, "applications.mail.greeting", params),
    translate(locale, `applications.mail.${mail}Text`, params),
    extra.note?.trim(),
    extra.link,
  ];
  await queueMails(db, [
    { to: application.contact_email, subject: translate(locale, `applications.mail.${mail}Subject`, params), text: paragraphs.filter(Boolean).join("\n\n") },
  ]);
}

export interface InfoRequest {
  id: number;
  companyName: string;
  question: string;
}

/** The application a reply link is for, while the question is open and the link unexpired. */
export async function findInfoRequest(db: DB, token: string, forUpdate = false): Promise<InfoRequest | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  let query = db
    .selectFrom("partner_applications")
    .select(["id", "company_name", "info_request", "status", "info_token_expires_at"])
    .where("info_token_hash", "=", hashReplyToken(token));
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row || row.status !== "more_info" || !row.info_token_expires_at || row.info_token_expires_at <= now()) return null;
  return { id: row.id, companyName: row.company_name, question: row.info_request ?? "" };
}

/**
 * The applicant's answer: the application goes back to the vendor's queue and the link stops
 * working. False when the link is unknown, used or expired (nothing changes then).
 */
export async function answerInfoRequest(db: DB, token: string, answer: string, ip: string | null, baseUrl: string = appUrl()): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const request = await findInfoRequest(trx, token, true);
    if (!request) return false;
    const application = await trx
      .selectFrom("partner_applications")
      .select(["contact_email", "assigned_manager_id"])
      .where("id", "=", request.id)
      .executeTakeFirstOrThrow();
    const actor: Actor = { userId: null, email: application.contact_email, ip };
    await trx
      .updateTable("partner_applications")
      .set({ status: "submitted", info_token_hash: null, info_token_expires_at: null, updated_at: now() })
      .where("id", "=", request.id)
      .execute();
    await recordApplicationEvent(trx, request.id, actor, "answered", answer);
    await recordAudit(trx, actor, {
      action: "application.answered",
      entityType: "partner_application",
      entityId: request.id,
      before: { status: "more_info" },
      after: { status: "submitted" },
    });
    const addressees = application.assigned_manager_id ? [application.assigned_manager_id] : await vendorAdmins(trx);
    await notifyUsers(
      trx,
      addressees,
      {
        kind: "partner_lifecycle",
        title: { key: "applications.notice.answered", params: { company: request.companyName } },
        link: `/applications/${request.id}`,
        body: { note: answer },
      },
      baseUrl,
    );
    return true;
  });
}
