// Inviting a user: the account is created as "invited" and a one-time link to set a password
// goes to the outbox. Admins invite anyone; a partner admin only into their own partner.
import { recordAudit, type Actor } from "~/lib/audit.server";
import { queueMail } from "~/lib/mail.server";
import { withUniqueChecks } from "~/lib/unique.server";
import { ValidationError } from "~/lib/forms";
import { requirePartnerInGoodStanding } from "~/lib/account-state.server";
import { notFound } from "~/lib/http.server";
import { issueToken } from "./tokens.server";
import type { InviteInput } from "./schemas";
import type { Scope } from "~/lib/scope.server";
import type { DB } from "~/lib/db.server";
import type { Transaction } from "kysely";
import type { Database, Role } from "../../../db/types";

const PARTNER_ROLES = ["partner_admin", "partner_rep"];

export async function inviteUser(db: DB, scope: Scope, actor: Actor, input: InviteInput, appUrl: string): Promise<number> {
  let partnerId = input.partnerId;
  if (scope.kind === "partner" && scope.role === "partner_admin") {
    if (!PARTNER_ROLES.includes(input.role)) throw new ValidationError({ role: "errors.choose" });
    partnerId = scope.partnerId;
  } else if (scope.kind !== "admin") {
    notFound();
  }
  if (PARTNER_ROLES.includes(input.role) && !partnerId) throw new ValidationError({ partnerId: "errors.partnerRequired" });
  // A vendor role belongs to no partner: a partner picked with it is a mistake to point out,
  // not something to drop silently.
  if (!PARTNER_ROLES.includes(input.role) && partnerId) throw new ValidationError({ partnerId: "users.errors.noPartnerForVendorRole" });

  return withUniqueChecks(
    () =>
      db.transaction().execute(async (trx) => {
        if (partnerId) {
          const partner = await trx.selectFrom("partners").select("id").where("id", "=", partnerId).executeTakeFirst();
          if (!partner) throw new ValidationError({ partnerId: "errors.invalid" });
          await requirePartnerInGoodStanding(trx, partnerId);
        }
        return createInvitedUser(trx, actor, { ...input, partnerId }, appUrl);
      }),
    { users_email: { email: "errors.emailTaken" } },
  );
}

/**
 * The account and its link, in the caller's transaction, once the caller has decided who may
 * invite whom: inviteUser above, and the approval of a partner's application (its first admin).
 */
export async function createInvitedUser(
  trx: Transaction<Database>,
  actor: Actor,
  input: { email: string; name: string; role: Role; partnerId: number | null },
  appUrl: string,
): Promise<number> {
  const taken = await trx.selectFrom("users").select("id").where("email", "=", input.email).executeTakeFirst();
  if (taken) throw new ValidationError({ email: "errors.emailTaken" });
  const result = await trx
    .insertInto("users")
    .values({ email: input.email, name: input.name, role: input.role, partner_id: input.partnerId, status: "invited" })
    .executeTakeFirstOrThrow();
  const userId = Number(result.insertId);
  await sendInvitation(trx, userId, input.email, input.name, actor, appUrl);
  await recordAudit(trx, actor, {
    action: "user.invite",
    entityType: "user",
    entityId: userId,
    partnerId: input.partnerId,
    after: { email: input.email, name: input.name, role: input.role, partner_id: input.partnerId },
  });
  return userId;
}

async function sendInvitation(db: Parameters<typeof issueToken>[0], userId: number, email: string, name: string, actor: Actor, appUrl: string) {
  const token = await issueToken(db, userId, "invite");
  await queueMail(db, {
    to: email,
    subject: "You are invited to the Partner Portal",
    text: [
      `Hello ${name},`,
      "",
      `${actor.email ?? "The vendor"} has invited you to the Partner Portal.`,
      "Set your password with this link (valid for 7 days, usable once):",
      `${appUrl}/set-password/${token}`,
    ].join("\n"),
  });
}

/** A new link for a user who has not accepted yet; earlier links stay valid until they expire. */
export async function resendInvitation(db: DB, actor: Actor, userId: number, appUrl: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom("users").select(["id", "email", "name", "status", "partner_id"]).where("id", "=", userId).executeTakeFirst();
    if (!user || user.status !== "invited") throw new ValidationError({ form: "errors.notInvited" });
    await sendInvitation(trx, user.id, user.email, user.name, actor, appUrl);
    await recordAudit(trx, actor, { action: "user.invite_resent", entityType: "user", entityId: user.id, partnerId: user.partner_id });
  });
}
