// The vendor vets an application: give it to a channel manager, ask the applicant for more
// information, approve it (the partner is created, onboarding, with its first admin invited)
// or decline it with a reason. Who may act: an admin on any application; a channel manager
// takes an unassigned one for themselves, and decides those assigned to them. Every change is
// in the application's history and the audit log, and the applicant hears of every decision
// in the language they applied in.
import { recordAudit, type Actor } from "~/lib/audit.server";
import { appUrl } from "~/lib/app-url.server";
import { now } from "~/lib/clock.server";
import { ValidationError } from "~/lib/forms";
import { forbidden, notFound } from "~/lib/http.server";
import { withUniqueChecks } from "~/lib/unique.server";
import { recordPartnerEvent } from "~/modules/partners/history.server";
import { createInvitedUser } from "~/modules/users/invite.server";
import { mailApplicant, newReplyToken, recordApplicationEvent } from "./apply.server";
import { applicationVisibility, storedIds } from "./read.server";
import { OPEN_STATUSES, type ApproveInput } from "./schemas";
import type { Transaction } from "kysely";
import type { DB } from "~/lib/db.server";
import type { Scope } from "~/lib/scope.server";
import type { Database } from "../../../db/types";

async function lockApplication(trx: Transaction<Database>, scope: Scope, id: number) {
  const application = await trx
    .selectFrom("partner_applications")
    .selectAll()
    .where("id", "=", id)
    .where(applicationVisibility(scope))
    .forUpdate()
    .executeTakeFirst();
  if (!application) notFound();
  return application;
}
type LockedApplication = Awaited<ReturnType<typeof lockApplication>>;

/** Deciding (asking, approving, declining) is for an admin or the manager it is assigned to. */
function requireDecider(scope: Scope, application: LockedApplication): void {
  if (scope.kind === "admin") return;
  if (scope.kind === "channel_manager" && application.assigned_manager_id === scope.userId) return;
  forbidden();
}

function requireOpen(application: LockedApplication): void {
  if (!(OPEN_STATUSES as readonly string[]).includes(application.status)) throw new ValidationError({ form: "applications.errors.closed" });
}

async function requireChannelManager(trx: Transaction<Database>, userId: number, field: string): Promise<void> {
  const user = await trx.selectFrom("users").select(["role", "status"]).where("id", "=", userId).executeTakeFirst();
  if (user?.role !== "channel_manager" || user.status !== "active") throw new ValidationError({ [field]: "errors.invalid" });
}

export async function assignApplication(db: DB, scope: Scope, actor: Actor, id: number, managerId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const application = await lockApplication(trx, scope, id);
    // A manager may take what nobody holds, for themselves only; moving work between managers is an admin's call.
    if (scope.kind === "channel_manager" && (managerId !== scope.userId || application.assigned_manager_id !== null)) forbidden();
    requireOpen(application);
    await requireChannelManager(trx, managerId, "managerId");
    if (application.assigned_manager_id === managerId) return;
    await trx.updateTable("partner_applications").set({ assigned_manager_id: managerId, updated_at: now() }).where("id", "=", id).execute();
    const manager = await trx.selectFrom("users").select("name").where("id", "=", managerId).executeTakeFirstOrThrow();
    await recordApplicationEvent(trx, id, actor, "assigned", manager.name);
    await recordAudit(trx, actor, {
      action: "application.assigned",
      entityType: "partner_application",
      entityId: id,
      before: { assigned_manager_id: application.assigned_manager_id },
      after: { assigned_manager_id: managerId },
    });
  });
}

/** A question to the applicant, who answers through a link (the link alone, hashed here, lets them). */
export async function askForInformation(db: DB, scope: Scope, actor: Actor, id: number, question: string, baseUrl: string = appUrl()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const application = await lockApplication(trx, scope, id);
    requireDecider(scope, application);
    if (application.status !== "submitted") throw new ValidationError({ form: "applications.errors.notWaiting" });
    const reply = newReplyToken();
    await trx
      .updateTable("partner_applications")
      .set({ status: "more_info", info_request: question, info_token_hash: reply.hash, info_token_expires_at: reply.expiresAt, updated_at: now() })
      .where("id", "=", id)
      .execute();
    await recordApplicationEvent(trx, id, actor, "more_info", question);
    await recordAudit(trx, actor, {
      action: "application.more_info",
      entityType: "partner_application",
      entityId: id,
      before: { status: application.status },
      after: { status: "more_info" },
    });
    await mailApplicant(trx, application, "moreInfo", { note: question, link: `${baseUrl}/apply/reply/${reply.token}` });
  });
}

export async function declineApplication(db: DB, scope: Scope, actor: Actor, id: number, reason: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const application = await lockApplication(trx, scope, id);
    requireDecider(scope, application);
    requireOpen(application);
    await trx
      .updateTable("partner_applications")
      .set({
        status: "declined",
        decision_reason: reason,
        decided_by: actor.userId,
        decided_at: now(),
        info_token_hash: null,
        info_token_expires_at: null,
        updated_at: now(),
      })
      .where("id", "=", id)
      .execute();
    await recordApplicationEvent(trx, id, actor, "declined", reason);
    await recordAudit(trx, actor, {
      action: "application.declined",
      entityType: "partner_application",
      entityId: id,
      before: { status: application.status },
      after: { status: "declined", decision_reason: reason },
    });
    await mailApplicant(trx, application, "declined", { note: reason });
  });
}

/**
 * Approval: the partner is created in status 'onboarding' with the type, country, product lines
 * and contact the company applied with, and the tier, manager and region chosen here; its
 * contact is invited as its first admin. All in one transaction: a taken code or an address
 * that already has an account leaves nothing behind.
 */
export async function approveApplication(db: DB, scope: Scope, actor: Actor, id: number, input: ApproveInput, baseUrl: string = appUrl()): Promise<number> {
  return withUniqueChecks(
    () =>
      db.transaction().execute(async (trx) => {
        const application = await lockApplication(trx, scope, id);
        requireDecider(scope, application);
        requireOpen(application);
        await requireChannelManager(trx, input.channelManagerId, "channelManagerId");
        if (input.regionId) {
          const region = await trx.selectFrom("regions").select("id").where("id", "=", input.regionId).executeTakeFirst();
          if (!region) throw new ValidationError({ regionId: "errors.invalid" });
        }
        const codeTaken = await trx.selectFrom("partners").select("id").where("code", "=", input.code).executeTakeFirst();
        if (codeTaken) throw new ValidationError({ code: "errors.codeTaken" });
        const hasAccount = await trx.selectFrom("users").select("id").where("email", "=", application.contact_email).executeTakeFirst();
        if (hasAccount) throw new ValidationError({ form: "applications.errors.contactHasAccount" });

        const values = {
          code: input.code,
          name: application.company_name,
          legal_name: application.company_name,
          type: application.partner_type,
          tier: input.tier,
          status: "onboarding" as const,
          country: application.country,
          region_id: input.regionId,
          channel_manager_id: input.channelManagerId,
          website: application.website,
          contact_email: application.contact_email,
          contact_phone: application.contact_phone,
        };
        const created = await trx.insertInto("partners").values(values).executeTakeFirstOrThrow();
        const partnerId = Number(created.insertId);
        const lineIds = storedIds(application.product_line_ids_json);
        const lines = lineIds.length ? await trx.selectFrom("product_lines").select("id").where("id", "in", lineIds).execute() : [];
        if (lines.length) {
          await trx
            .insertInto("partner_product_lines")
            .values(lines.map((line) => ({ partner_id: partnerId, product_line_id: line.id })))
            .execute();
        }
        await recordAudit(trx, actor, {
          action: "partner.create",
          entityType: "partner",
          entityId: partnerId,
          partnerId,
          after: { ...values, product_line_ids: lines.map((l) => l.id), application_id: id },
        });
        await recordPartnerEvent(trx, { partnerId, actor, event: "applied", to: "applied", text: `#${id}` });
        await recordPartnerEvent(trx, { partnerId, actor, event: "approved", from: "applied", to: "onboarding" });
        await createInvitedUser(trx, actor, { email: application.contact_email, name: application.contact_name, role: "partner_admin", partnerId }, baseUrl);

        await trx
          .updateTable("partner_applications")
          .set({
            status: "approved",
            partner_id: partnerId,
            decided_by: actor.userId,
            decided_at: now(),
            info_token_hash: null,
            info_token_expires_at: null,
            updated_at: now(),
          })
          .where("id", "=", id)
          .execute();
        await recordApplicationEvent(trx, id, actor, "approved", input.code);
        await recordAudit(trx, actor, {
          action: "application.approved",
          entityType: "partner_application",
          entityId: id,
          partnerId,
          before: { status: application.status },
          after: { status: "approved", partner_id: partnerId },
        });
        await mailApplicant(trx, application, "approved");
        return partnerId;
      }),
    { partners_code: { code: "errors.codeTaken" }, users_email: { form: "applications.errors.contactHasAccount" } },
  );
}
