// The partner's side of agreements: the version in force in the reader's language with its
// hash, accepted by a click of a partner admin (who, when, from which address and browser,
// the hash of the text shown, the language, and the end date the term gives), and the
// partner's history of acceptances.
import { partnerFilter, type Scope } from "~/lib/scope.server";
import { requireHolder } from "~/lib/policy.server";
import { ValidationError } from "~/lib/forms";
import { forbidden } from "~/lib/http.server";
import { now } from "~/lib/clock.server";
import { recordPartnerEvent } from "~/modules/partners/history.server";
import { reevaluateOnboarding } from "~/modules/partners/onboarding.server";
import { agreementStandings, todayUtc } from "./in-force.server";
import type { Actor } from "~/lib/audit.server";
import type { DB } from "~/lib/db.server";

const USER_AGENT_MAX = 300;

function ownPartner(scope: Scope): number {
  if (scope.kind !== "partner") forbidden();
  return scope.partnerId;
}

/** The version in force for the caller's partner with its full text, and the partner's acceptances. */
export async function partnerAgreement(db: DB, scope: Scope) {
  const partnerId = ownPartner(scope);
  const standing = (await agreementStandings(db, [partnerId])).get(partnerId) ?? null;
  const [document, history] = await Promise.all([
    standing
      ? db.selectFrom("agreement_versions").select(["title", "title_zh", "body", "body_zh"]).where("id", "=", standing.version.id).executeTakeFirstOrThrow()
      : null,
    db
      .selectFrom("agreement_acceptances as a")
      .innerJoin("agreement_versions as v", "v.id", "a.version_id")
      .innerJoin("users", "users.id", "a.user_id")
      .select([
        "a.id",
        "v.version_label",
        "v.title",
        "v.title_zh",
        "users.name as user_name",
        "a.accepted_at",
        "a.ip_address",
        "a.document_sha256",
        "a.locale",
        "a.ends_on",
      ])
      .where("a.partner_id", "=", partnerId)
      .where(partnerFilter(scope, "a.partner_id"))
      .orderBy("a.accepted_at", "desc")
      .execute(),
  ]);
  return { standing: standing && document ? { ...standing, document } : null, history };
}

export interface AcceptInput {
  versionId: number;
  /** The hash the page showed with the text; it must be the version's. */
  sha256: string;
  locale: string;
  userAgent: string;
}

function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/**
 * A partner admin accepts the version in force for their own partner. Only that version, and
 * only with the hash of its text as published: a page left open while the vendor published
 * another version asks to read the new one first.
 */
export async function acceptAgreement(db: DB, scope: Scope, actor: Actor, input: AcceptInput): Promise<void> {
  const partnerId = ownPartner(scope);
  requireHolder(scope, { partnerId, ownerUserIds: [] });
  await db.transaction().execute(async (trx) => {
    await trx.selectFrom("partners").select("id").where("id", "=", partnerId).forUpdate().executeTakeFirstOrThrow();
    const standing = (await agreementStandings(trx, [partnerId])).get(partnerId);
    if (!standing || standing.version.id !== input.versionId) throw new ValidationError({ form: "agreements.errors.notInForce" });
    if (standing.acceptedAt) throw new ValidationError({ form: "agreements.errors.alreadyAccepted" });
    if (standing.version.sha256 !== input.sha256) throw new ValidationError({ form: "agreements.errors.textChanged" });
    const today = todayUtc();
    await trx
      .insertInto("agreement_acceptances")
      .values({
        partner_id: partnerId,
        version_id: standing.version.id,
        user_id: actor.userId!,
        accepted_at: now(),
        ip_address: actor.ip ?? "",
        user_agent: input.userAgent.slice(0, USER_AGENT_MAX),
        document_sha256: standing.version.sha256,
        locale: input.locale,
        ends_on: standing.version.term_months ? addMonths(today, standing.version.term_months) : null,
      })
      .execute();
    await recordPartnerEvent(trx, {
      partnerId,
      actor,
      event: "agreement_accepted",
      to: standing.version.version_label,
      text: standing.version.sha256,
    });
  });
  // The agreement accepted may complete the partner's onboarding.
  await reevaluateOnboarding(db, partnerId, actor);
}

/** What the app shell tells a partner's users: a version waiting for acceptance, and whether the partner is restricted for it. */
export async function agreementReminder(db: DB, scope: Scope) {
  if (scope.kind !== "partner") return null;
  const standing = (await agreementStandings(db, [scope.partnerId])).get(scope.partnerId);
  if (!standing || standing.acceptedAt || !standing.version.accept_by) return null;
  return { version: standing.version.version_label, acceptBy: standing.version.accept_by, restricted: standing.restricted };
}
