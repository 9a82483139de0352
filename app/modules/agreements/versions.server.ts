// The vendor's side of agreements: drafts per partner type (and optionally region) in both
// languages, published with an accept-by date (the text's SHA-256 fixed at that moment, the
// text frozen from then on), retired when no longer offered. And who has accepted a version:
// every partner it concerns, accepted (who, when, from where, which text), pending or overdue.
import { createHash } from "node:crypto";
import { partnerFilter, type Scope } from "~/lib/scope.server";
import { recordAudit, type Actor } from "~/lib/audit.server";
import { ValidationError } from "~/lib/forms";
import { forbidden, notFound } from "~/lib/http.server";
import { now } from "~/lib/clock.server";
import { notifyEach, partnerAdmins } from "~/modules/notifications/notify.server";
import { canonicalText, type DraftInput } from "./schemas";
import { pickVersionInForce, publishedVersions, todayUtc } from "./in-force.server";
import type { DB } from "~/lib/db.server";

export function documentHash(version: { title: string; title_zh: string; body: string; body_zh: string }): string {
  return createHash("sha256").update(canonicalText(version), "utf8").digest("hex");
}

function requireAdmin(scope: Scope): void {
  if (scope.kind !== "admin") forbidden();
}

export async function listVersions(db: DB) {
  return db
    .selectFrom("agreement_versions")
    .leftJoin("regions", "regions.id", "agreement_versions.region_id")
    .select([
      "agreement_versions.id",
      "agreement_versions.partner_type",
      "agreement_versions.region_id",
      "regions.name as region_name",
      "regions.name_zh as region_name_zh",
      "agreement_versions.version_label",
      "agreement_versions.title",
      "agreement_versions.title_zh",
      "agreement_versions.status",
      "agreement_versions.term_months",
      "agreement_versions.accept_by",
      "agreement_versions.published_at",
      "agreement_versions.sha256",
      "agreement_versions.created_at",
    ])
    .orderBy("agreement_versions.created_at", "desc")
    .orderBy("agreement_versions.id", "desc")
    .execute();
}

export async function getVersion(db: DB, versionId: number) {
  const version = await db
    .selectFrom("agreement_versions")
    .leftJoin("regions", "regions.id", "agreement_versions.region_id")
    .selectAll("agreement_versions")
    .select(["regions.name as region_name", "regions.name_zh as region_name_zh"])
    .where("agreement_versions.id", "=", versionId)
    .executeTakeFirst();
  if (!version) notFound();
  return version;
}

export async function createDraft(db: DB, scope: Scope, actor: Actor, input: DraftInput): Promise<{ id: number }> {
  requireAdmin(scope);
  if (input.regionId) {
    const region = await db.selectFrom("regions").select("id").where("id", "=", input.regionId).executeTakeFirst();
    if (!region) throw new ValidationError({ regionId: "errors.invalid" });
  }
  const text = { title: input.title, title_zh: input.titleZh, body: input.body, body_zh: input.bodyZh };
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto("agreement_versions")
      .values({
        partner_type: input.partnerType,
        region_id: input.regionId,
        version_label: input.versionLabel,
        ...text,
        // Provisional until publishing fixes it; a draft's text may still change.
        sha256: documentHash(text),
        term_months: input.termMonths,
        created_by: actor.userId!,
      })
      .executeTakeFirstOrThrow();
    const id = Number(inserted.insertId);
    await recordAudit(trx, actor, {
      action: "agreement.created",
      entityType: "agreement_version",
      entityId: id,
      after: { partnerType: input.partnerType, regionId: input.regionId, versionLabel: input.versionLabel, termMonths: input.termMonths },
    });
    return { id };
  });
}

/**
 * Publishes a draft: its hash is computed from the text as it now stands, and every partner
 * it now concerns (its admins) is asked to accept by the date.
 */
export async function publishVersion(db: DB, scope: Scope, actor: Actor, versionId: number, acceptBy: string): Promise<void> {
  requireAdmin(scope);
  if (acceptBy < todayUtc()) throw new ValidationError({ acceptBy: "agreements.errors.acceptByPast" });
  await db.transaction().execute(async (trx) => {
    const version = await trx.selectFrom("agreement_versions").selectAll().where("id", "=", versionId).forUpdate().executeTakeFirst();
    if (!version) notFound();
    if (version.status !== "draft") throw new ValidationError({ form: "agreements.errors.notDraft" });
    const sha256 = documentHash(version);
    const at = now();
    await trx
      .updateTable("agreement_versions")
      .set({ status: "published", sha256, accept_by: acceptBy, published_at: at, published_by: actor.userId, updated_at: at })
      .where("id", "=", versionId)
      .execute();
    await recordAudit(trx, actor, {
      action: "agreement.published",
      entityType: "agreement_version",
      entityId: versionId,
      before: { status: "draft" },
      after: { status: "published", acceptBy, sha256 },
    });
    const concerned = await partnersConcerned(trx, versionId);
    const admins = await partnerAdmins(
      trx,
      concerned.map((p) => p.id),
    );
    await notifyEach(
      trx,
      concerned.map((p) => ({
        userIds: admins.get(p.id) ?? [],
        notice: {
          kind: "partner_lifecycle",
          title: { key: "agreements.notice.published", params: { version: version.version_label, date: acceptBy } },
          link: "/agreement",
        },
      })),
    );
  });
}

export async function retireVersion(db: DB, scope: Scope, actor: Actor, versionId: number): Promise<void> {
  requireAdmin(scope);
  await db.transaction().execute(async (trx) => {
    const version = await trx.selectFrom("agreement_versions").select(["id", "status"]).where("id", "=", versionId).forUpdate().executeTakeFirst();
    if (!version) notFound();
    if (version.status === "retired") throw new ValidationError({ form: "agreements.errors.alreadyRetired" });
    await trx.updateTable("agreement_versions").set({ status: "retired", updated_at: now() }).where("id", "=", versionId).execute();
    await recordAudit(trx, actor, {
      action: "agreement.retired",
      entityType: "agreement_version",
      entityId: versionId,
      before: { status: version.status },
      after: { status: "retired" },
    });
  });
}

/** The partners (not suspended) for which this published version is the one in force. */
async function partnersConcerned(db: DB, versionId: number, scope?: Scope) {
  const versions = await publishedVersions(db);
  const version = versions.find((v) => v.id === versionId);
  if (!version) return [];
  const partners = await db
    .selectFrom("partners")
    .select(["partners.id", "partners.code", "partners.name", "partners.type", "partners.region_id", "partners.status"])
    .where("partners.status", "in", ["onboarding", "active"])
    .$if(version.partner_type !== null, (q) => q.where("partners.type", "=", version.partner_type!))
    .$if(version.region_id !== null, (q) => q.where("partners.region_id", "=", version.region_id))
    .$if(scope !== undefined, (q) => q.where(partnerFilter(scope!, "partners.id")))
    .orderBy("partners.name")
    .execute();
  return partners.filter((p) => pickVersionInForce(versions, p)?.id === versionId);
}

export type AcceptanceState = "accepted" | "pending" | "overdue";

/**
 * Every partner this version concerns, within the caller's scope: accepted (by whom, when,
 * from which address, the text's hash), pending, or overdue past the accept-by date. A
 * partner that accepted a version no longer in force for it still shows its acceptance.
 */
export async function versionAcceptances(db: DB, scope: Scope, versionId: number) {
  if (scope.kind === "partner") forbidden();
  const version = await getVersion(db, versionId);
  const [concerned, accepted] = await Promise.all([
    version.status === "published" ? partnersConcerned(db, versionId, scope) : Promise.resolve([]),
    db
      .selectFrom("agreement_acceptances as a")
      .innerJoin("partners", "partners.id", "a.partner_id")
      .innerJoin("users", "users.id", "a.user_id")
      .select([
        "a.partner_id",
        "partners.code",
        "partners.name",
        "users.name as user_name",
        "users.email as user_email",
        "a.accepted_at",
        "a.ip_address",
        "a.user_agent",
        "a.document_sha256",
        "a.locale",
        "a.ends_on",
      ])
      .where("a.version_id", "=", versionId)
      .where(partnerFilter(scope, "a.partner_id"))
      .execute(),
  ]);
  const acceptedBy = new Map(accepted.map((a) => [a.partner_id, a]));
  const today = todayUtc();
  const rows = [
    ...concerned.map((p) => ({ partnerId: p.id, code: p.code, name: p.name, acceptance: acceptedBy.get(p.id) ?? null })),
    ...accepted
      .filter((a) => !concerned.some((p) => p.id === a.partner_id))
      .map((a) => ({ partnerId: a.partner_id, code: a.code, name: a.name, acceptance: a })),
  ].map((row) => ({
    ...row,
    state: (row.acceptance ? "accepted" : version.accept_by && version.accept_by < today ? "overdue" : "pending") as AcceptanceState,
  }));
  rows.sort((a, b) => a.name.localeCompare(b.name));
  return { version, rows };
}
