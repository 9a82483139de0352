// Sign-in with throttling: after MAX_FAILURES failed attempts for one e-mail within the
// window, further attempts wait until the oldest of those failures leaves the window.
import { sql } from "kysely";
import type { DB } from "~/lib/db.server";
import { now } from "~/lib/clock.server";
import { recordAudit, type Actor } from "~/lib/audit.server";
import { hashPassword, verifyPassword } from "~/lib/password.server";
import { accountStanding } from "~/lib/account-state.server";

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;

export type SignInResult =
  | { ok: true; userId: number }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "suspended" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** When the e-mail may try again, or null if it may try now. */
export async function throttledUntil(db: DB, email: string): Promise<Date | null> {
  const since = new Date(now().getTime() - WINDOW_MS);
  const lastSuccess = await db
    .selectFrom("login_attempts")
    .select(sql<Date>`MAX(attempted_at)`.as("at"))
    .where("email", "=", email)
    .where("succeeded", "=", 1)
    .where("attempted_at", ">=", since)
    .executeTakeFirst();
  const failures = await db
    .selectFrom("login_attempts")
    .select("attempted_at")
    .where("email", "=", email)
    .where("succeeded", "=", 0)
    .where("attempted_at", ">=", lastSuccess?.at && lastSuccess.at > since ? lastSuccess.at : since)
    .orderBy("attempted_at", "desc")
    .limit(MAX_FAILURES)
    .execute();
  if (failures.length < MAX_FAILURES) return null;
  const oldest = failures[MAX_FAILURES - 1].attempted_at;
  return new Date(oldest.getTime() + WINDOW_MS);
}

// Verifying against a real hash when the user does not exist keeps the response time the
// same, so timing does not reveal which e-mails have accounts.
let decoyHash: Promise<string> | undefined;

export async function signIn(db: DB, emailInput: string, password: string, ip: string | null): Promise<SignInResult> {
  const email = normaliseEmail(emailInput);
  const until = await throttledUntil(db, email);
  if (until) return { ok: false, reason: "throttled", retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - now().getTime()) / 1000)) };

  const user = await db
    .selectFrom("users")
    .leftJoin("partners", "partners.id", "users.partner_id")
    .select(["users.id", "users.email", "users.password_hash", "users.status", "users.partner_id", "partners.status as partner_status"])
    .where("users.email", "=", email)
    .executeTakeFirst();
  decoyHash ??= hashPassword("decoy-password-never-used");
  const passwordOk = user?.password_hash ? await verifyPassword(user.password_hash, password) : (await verifyPassword(await decoyHash, password), false);
  const standing = user ? accountStanding({ userStatus: user.status, partnerStatus: user.partner_status }) : "user_inactive";
  const ok = Boolean(user && passwordOk && standing === "ok");

  const actor: Actor = { userId: ok && user ? user.id : null, email, ip };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto("login_attempts").values({ email, succeeded: ok ? 1 : 0, ip, attempted_at: now() }).execute();
    if (ok && user) await trx.updateTable("users").set({ last_login_at: now() }).where("id", "=", user.id).execute();
    await recordAudit(trx, actor, {
      action: ok ? "user.sign_in" : "user.sign_in_failed",
      entityType: "user",
      entityId: user?.id ?? null,
      partnerId: user?.partner_id ?? null,
    });
  });
  if (ok && user) return { ok: true, userId: user.id };
  // Said only to whoever knows the password: a stranger learns nothing about the partner.
  return passwordOk && standing === "partner_suspended" ? { ok: false, reason: "suspended" } : { ok: false, reason: "invalid" };
}
