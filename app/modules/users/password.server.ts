// Setting a password from an invitation or reset link, and asking for a reset link.
import { recordAudit, type Actor } from "~/lib/audit.server";
import { reevaluateOnboarding } from "~/modules/partners/onboarding.server";
import { endAllSessionsOf } from "~/lib/auth.server";
import { hashPassword } from "~/lib/password.server";
import { queueMail } from "~/lib/mail.server";
import { ValidationError } from "~/lib/forms";
import { now } from "~/lib/clock.server";
import { clearThrottle } from "./sign-in-throttle.server";
import { findValidToken, issueToken, revokeTokens } from "./tokens.server";
import type { DB } from "~/lib/db.server";

/** Redeems the link once: sets the password, activates an invited user, ends the user's other links and all old sessions. */
export async function setPasswordWithToken(db: DB, token: string, password: string, ip: string | null): Promise<number> {
  const passwordHash = await hashPassword(password);
  const { userId, partnerId, activated } = await db.transaction().execute(async (trx) => {
    const valid = await findValidToken(trx, token, true);
    if (!valid) throw new ValidationError({ form: "errors.linkInvalid" });
    await trx.updateTable("user_tokens").set({ used_at: now() }).where("token_hash", "=", valid.tokenHash).execute();
    await revokeTokens(trx, valid.userId);
    // Only the owner of the mailbox gets here: whatever a stranger guessed no longer delays them.
    await clearThrottle(trx, valid.email);
    const user = await trx.selectFrom("users").select(["status", "partner_id"]).where("id", "=", valid.userId).executeTakeFirstOrThrow();
    await trx
      .updateTable("users")
      .set({ password_hash: passwordHash, status: user.status === "invited" ? "active" : user.status, updated_at: now() })
      .where("id", "=", valid.userId)
      .execute();
    await recordAudit(
      trx,
      { userId: valid.userId, email: valid.email, ip },
      {
        action: valid.purpose === "invite" ? "user.invitation_accepted" : "user.password_reset",
        entityType: "user",
        entityId: valid.userId,
        partnerId: user.partner_id,
        before: { status: user.status },
        after: { status: user.status === "invited" ? "active" : user.status },
      },
    );
    return { userId: valid.userId, partnerId: user.partner_id, activated: user.status === "invited" };
  });
  await endAllSessionsOf(userId);
  // A partner's first active user completes an onboarding item.
  if (activated && partnerId) await reevaluateOnboarding(db, partnerId);
  return userId;
}

/** Always answers the same way, so the form does not reveal which e-mails have accounts. */
export async function requestPasswordReset(db: DB, email: string, actor: Actor, appUrl: string): Promise<void> {
  const user = await db.selectFrom("users").select(["id", "name", "status", "partner_id"]).where("email", "=", email).executeTakeFirst();
  if (!user || user.status !== "active") return;
  await db.transaction().execute(async (trx) => {
    const token = await issueToken(trx, user.id, "reset");
    await queueMail(trx, {
      to: email,
      subject: "Reset your Partner Portal password",
      text: [
        `Hello ${user.name},`,
        "",
        "Someone (hopefully you) asked to reset your Partner Portal password.",
        "Choose a new one with this link (valid for 24 hours, usable once):",
        `${appUrl}/set-password/${token}`,
        "",
        "If you did not ask for this, ignore this e-mail; your password stays as it is.",
      ].join("\n"),
    });
    await recordAudit(trx, actor, { action: "user.password_reset_requested", entityType: "user", entityId: user.id, partnerId: user.partner_id });
  });
}
