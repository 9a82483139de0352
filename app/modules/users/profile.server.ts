// The signed-in user's own account: name, time zone (dates are shown in it) and password.
import { z } from "zod";
import { changedFields, recordAudit, type Actor } from "~/lib/audit.server";
import { hashPassword, verifyPassword } from "~/lib/password.server";
import { ValidationError, field } from "~/lib/forms";
import { now } from "~/lib/clock.server";
import { revokeTokens } from "./tokens.server";
import type { DB } from "~/lib/db.server";

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const profileSchema = z.object({
  name: field.text(200),
  timeZone: z.string().trim().refine(isTimeZone, "errors.timeZone"),
});

export const changePasswordSchema = z
  .object({
    current: z.string().min(1, "errors.required"),
    password: z.string().min(12, "errors.passwordShort").max(200, "errors.tooLong"),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { message: "errors.passwordMismatch", path: ["confirm"] });

export async function updateProfile(db: DB, actor: Actor & { userId: number }, input: z.output<typeof profileSchema>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom("users")
      .select(["name", "time_zone", "partner_id"])
      .where("id", "=", actor.userId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const next = { name: input.name, time_zone: input.timeZone };
    await trx
      .updateTable("users")
      .set({ ...next, updated_at: now() })
      .where("id", "=", actor.userId)
      .execute();
    await recordAudit(trx, actor, {
      action: "user.profile_update",
      entityType: "user",
      entityId: actor.userId,
      partnerId: current.partner_id,
      ...changedFields(current, next),
    });
  });
}

/** Changes the password after checking the current one; other sessions and any unused reset link of the user end. */
export async function changePassword(
  db: DB,
  actor: Actor & { userId: number },
  currentPassword: string,
  newPassword: string,
  keepSessionId: string | null,
): Promise<void> {
  const user = await db.selectFrom("users").select(["password_hash", "partner_id"]).where("id", "=", actor.userId).executeTakeFirstOrThrow();
  if (!user.password_hash || !(await verifyPassword(user.password_hash, currentPassword))) throw new ValidationError({ current: "errors.currentPassword" });
  const passwordHash = await hashPassword(newPassword);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("users").set({ password_hash: passwordHash, updated_at: now() }).where("id", "=", actor.userId).execute();
    let others = trx.deleteFrom("user_sessions").where("user_id", "=", actor.userId);
    if (keepSessionId) others = others.where("id", "!=", keepSessionId);
    await others.execute();
    await revokeTokens(trx, actor.userId);
    await recordAudit(trx, actor, { action: "user.password_change", entityType: "user", entityId: actor.userId, partnerId: user.partner_id });
  });
}
