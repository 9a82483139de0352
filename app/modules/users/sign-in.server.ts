// Sign-in: the password, the account's standing, and throttling per e-mail and per client
// address (sign-in-throttle.server.ts says how and why).
import { now } from "~/lib/clock.server";
import { recordAudit, type Actor } from "~/lib/audit.server";
import { hashPassword, verifyPassword } from "~/lib/password.server";
import { accountStanding } from "~/lib/account-state.server";
import { attemptSucceeded, reserveAttempt, throttleKeys } from "./sign-in-throttle.server";
import type { DB } from "~/lib/db.server";

export type SignInResult =
  | { ok: true; userId: number }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "suspended" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

// Verifying against a real hash when the user does not exist keeps the response time the
// same, so timing does not reveal which e-mails have accounts.
let decoyHash: Promise<string> | undefined;

export async function signIn(db: DB, emailInput: string, password: string, ip: string | null): Promise<SignInResult> {
  const email = normaliseEmail(emailInput);
  const keys = throttleKeys(email, ip);
  const wait = await reserveAttempt(db, keys);
  if (wait) return { ok: false, reason: "throttled", retryAfterSeconds: wait.retryAfterSeconds };

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
    if (ok && user) await trx.updateTable("users").set({ last_login_at: now() }).where("id", "=", user.id).execute();
    await recordAudit(trx, actor, {
      action: ok ? "user.sign_in" : "user.sign_in_failed",
      entityType: "user",
      entityId: user?.id ?? null,
      partnerId: user?.partner_id ?? null,
    });
  });
  if (ok && user) {
    await attemptSucceeded(db, keys);
    return { ok: true, userId: user.id };
  }
  // Said only to whoever knows the password: a stranger learns nothing about the partner.
  return passwordOk && standing === "partner_suspended" ? { ok: false, reason: "suspended" } : { ok: false, reason: "invalid" };
}
