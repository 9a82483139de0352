// The keys a distributor's systems push sell-through with. The full key is shown once, when it
// is made; only its SHA-256 is kept, with a short prefix so people can tell their keys apart.
// Revoking takes effect on the next request: every request looks the key up again.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { reevaluateOnboarding } from "~/modules/partners/onboarding.server";
import { apiKeyFilter, type Scope } from "~/lib/scope.server";
import { recordAudit, type Actor } from "~/lib/audit.server";
import { ValidationError, field, issuesToErrors } from "~/lib/forms";
import { forbidden, notFound } from "~/lib/http.server";
import { now } from "~/lib/clock.server";
import { hashToken } from "~/modules/users/tokens.server";
import { accountStanding, requirePartnerInGoodStanding } from "~/lib/account-state.server";
import { unscoped } from "~/lib/scope-guard.server";
import type { DB } from "~/lib/db.server";
import type { Auth } from "~/lib/auth.server";

/** Marks the text as one of our keys, for people and for secret scanners. */
export const API_KEY_MARK = "ppk_";
const KEY_SHAPE = /^ppk_[A-Za-z0-9_-]{32}$/;

/** Only a distributor's own partner admin makes and revokes its keys; an admin reads them. */
async function requireKeyManager(db: DB, scope: Scope): Promise<number> {
  if (scope.kind !== "partner" || scope.role !== "partner_admin") forbidden();
  const partner = await db.selectFrom("partners").select("type").where("id", "=", scope.partnerId).executeTakeFirstOrThrow();
  if (partner.type !== "distributor") forbidden();
  return scope.partnerId;
}

const nameSchema = z.object({ name: field.text(100) });

/** A distributor's partner admin manages its keys; an admin reads everyone's; other partners are refused. */
export function requireKeysPage({ scope, user }: Pick<Auth, "scope" | "user">): void {
  if (scope.kind === "partner" && user.partnerType !== "distributor") forbidden();
}

export async function createApiKey(db: DB, scope: Scope, actor: Actor, input: { name: string }): Promise<{ id: number; key: string; prefix: string }> {
  const partnerId = await requireKeyManager(db, scope);
  await requirePartnerInGoodStanding(db, partnerId);
  const parsed = nameSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(issuesToErrors(parsed.error.issues));
  const key = API_KEY_MARK + randomBytes(24).toString("base64url");
  const prefix = key.slice(API_KEY_MARK.length, API_KEY_MARK.length + 8);
  const created = await db.transaction().execute(async (trx) => {
    const result = await trx
      .insertInto("api_keys")
      .values({ partner_id: partnerId, name: parsed.data.name, prefix, key_hash: hashToken(key), created_by: scope.userId })
      .executeTakeFirstOrThrow();
    const id = Number(result.insertId);
    await recordAudit(trx, actor, { action: "api_key.created", entityType: "api_key", entityId: id, partnerId, after: { name: parsed.data.name, prefix } });
    return { id, key, prefix };
  });
  // An API key completes a distributor's onboarding item.
  await reevaluateOnboarding(db, partnerId, actor);
  return created;
}

export async function listApiKeys(db: DB, scope: Scope) {
  return db
    .selectFrom("api_keys")
    .innerJoin("partners", "partners.id", "api_keys.partner_id")
    .innerJoin("users", "users.id", "api_keys.created_by")
    .select([
      "api_keys.id",
      "api_keys.name",
      "api_keys.prefix",
      "api_keys.created_at",
      "api_keys.last_used_at",
      "api_keys.revoked_at",
      "users.name as created_by_name",
      "partners.name as partner_name",
    ])
    .where(apiKeyFilter(scope))
    .orderBy("api_keys.revoked_at", "asc")
    .orderBy("api_keys.created_at", "desc")
    .orderBy("api_keys.id", "desc")
    .limit(500)
    .execute();
}

export type ApiKeyRow = Awaited<ReturnType<typeof listApiKeys>>[number];

/** Revoking twice is harmless; a key outside the caller's partner is not found. */
export async function revokeApiKey(db: DB, scope: Scope, actor: Actor, keyId: number): Promise<void> {
  await requireKeyManager(db, scope);
  await db.transaction().execute(async (trx) => {
    const key = await trx
      .selectFrom("api_keys")
      .select(["id", "partner_id", "name", "prefix", "revoked_at"])
      .where("id", "=", keyId)
      .where(apiKeyFilter(scope))
      .forUpdate()
      .executeTakeFirst();
    if (!key) notFound();
    if (key.revoked_at) return;
    const at = now();
    await trx
      .updateTable("api_keys")
      .set({ revoked_at: at })
      .where("id", "=", keyId)
      .$call(unscoped("the row was found and locked through the caller's scope above"))
      .execute();
    await recordAudit(trx, actor, {
      action: "api_key.revoked",
      entityType: "api_key",
      entityId: keyId,
      partnerId: key.partner_id,
      before: { revoked_at: null },
      after: { name: key.name, prefix: key.prefix, revoked_at: at },
    });
  });
}

export interface ApiCaller {
  keyId: number;
  prefix: string;
  distributorId: number;
  scope: Scope;
  actor: Actor;
}

/**
 * The caller of an API request from its `Authorization: Bearer` header: a key that exists, is
 * not revoked and belongs to a distributor. The request acts with the scope of a partner admin
 * of that distributor, and is recorded in the audit log as the key's creator using the key.
 */
export async function authenticateApiKey(db: DB, authorization: string | null, ip: string | null): Promise<ApiCaller | null> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match || !KEY_SHAPE.test(match[1])) return null;
  const key = await db
    .selectFrom("api_keys")
    .innerJoin("partners", "partners.id", "api_keys.partner_id")
    .innerJoin("users", "users.id", "api_keys.created_by")
    .select([
      "api_keys.id",
      "api_keys.partner_id",
      "api_keys.prefix",
      "api_keys.created_by",
      "users.email",
      "users.status as user_status",
      "partners.status as partner_status",
    ])
    .where("api_keys.key_hash", "=", hashToken(match[1]))
    .where("api_keys.revoked_at", "is", null)
    .where("partners.type", "=", "distributor")
    .$call(unscoped("finding whose key it is: the key makes the scope"))
    .executeTakeFirst();
  // A key acts as the user who made it, so it stops with that user or with the partner.
  if (!key || accountStanding({ userStatus: key.user_status, partnerStatus: key.partner_status }) !== "ok") return null;
  await db.updateTable("api_keys").set({ last_used_at: now() }).where("id", "=", key.id).$call(unscoped("the key found above")).execute();
  return {
    keyId: key.id,
    prefix: key.prefix,
    distributorId: key.partner_id,
    scope: { kind: "partner", userId: key.created_by, role: "partner_admin", partnerId: key.partner_id },
    actor: { userId: key.created_by, email: `${key.email} (API key ${API_KEY_MARK}${key.prefix})`.slice(0, 254), ip },
  };
}
