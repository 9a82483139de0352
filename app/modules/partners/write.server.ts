// Creating and changing partners (vendor admins). Rules that need the database (unique code,
// a parent that is a distributor, a manager who is a channel manager) are checked inside the
// same transaction as the write, and every change is audited with before and after.
import { type Scope } from "~/lib/scope.server";
import { changedFields, recordAudit, type Actor } from "~/lib/audit.server";
import { forbidden } from "~/lib/http.server";
import { withUniqueChecks } from "~/lib/unique.server";
import { ValidationError, type FieldErrors } from "~/lib/forms";
import { isPartnerLockedOut } from "~/lib/account-state.server";
import { now } from "~/lib/clock.server";
import { getPartner } from "./read.server";
import { STATUS_TRANSITIONS, type PartnerInput } from "./schemas";
import type { DB } from "~/lib/db.server";
import type { Database, PartnerStatus } from "../../../db/types";
import type { Transaction } from "kysely";

function requireAdmin(scope: Scope): void {
  if (scope.kind !== "admin") forbidden();
}

async function checkReferences(trx: Transaction<Database>, input: PartnerInput, partnerId: number | null): Promise<void> {
  const errors: FieldErrors = {};
  const sameCode = await trx.selectFrom("partners").select("id").where("code", "=", input.code).executeTakeFirst();
  if (sameCode && sameCode.id !== partnerId) errors.code = "errors.codeTaken";

  if (input.parentId) {
    if (input.type !== "reseller") errors.parentId = "errors.parentOnlyReseller";
    else if (input.parentId === partnerId) errors.parentId = "errors.invalid";
    else {
      const parent = await trx.selectFrom("partners").select("type").where("id", "=", input.parentId).executeTakeFirst();
      if (parent?.type !== "distributor") errors.parentId = "errors.parentNotDistributor";
    }
  }
  if (partnerId && input.type !== "distributor") {
    const child = await trx.selectFrom("partners").select("id").where("parent_id", "=", partnerId).limit(1).executeTakeFirst();
    if (child) errors.type = "errors.hasResellers";
  }
  if (input.channelManagerId) {
    const manager = await trx.selectFrom("users").select("role").where("id", "=", input.channelManagerId).executeTakeFirst();
    if (manager?.role !== "channel_manager") errors.channelManagerId = "errors.invalid";
  }
  if (input.regionId) {
    const region = await trx.selectFrom("regions").select("id").where("id", "=", input.regionId).executeTakeFirst();
    if (!region) errors.regionId = "errors.invalid";
  }
  if (input.productLineIds.length) {
    const lines = await trx.selectFrom("product_lines").select("id").where("id", "in", input.productLineIds).execute();
    if (lines.length !== new Set(input.productLineIds).size) errors.productLineIds = "errors.invalid";
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

function columns(input: PartnerInput) {
  return {
    code: input.code,
    name: input.name,
    type: input.type,
    tier: input.tier,
    country: input.country,
    region_id: input.regionId,
    postcode: input.postcode,
    capacity: input.capacity,
    parent_id: input.parentId,
    channel_manager_id: input.channelManagerId,
  };
}

async function replaceProductLines(trx: Transaction<Database>, partnerId: number, productLineIds: number[]): Promise<void> {
  await trx.deleteFrom("partner_product_lines").where("partner_id", "=", partnerId).execute();
  const unique = [...new Set(productLineIds)];
  if (unique.length) {
    await trx
      .insertInto("partner_product_lines")
      .values(unique.map((id) => ({ partner_id: partnerId, product_line_id: id })))
      .execute();
  }
}

export async function createPartner(db: DB, scope: Scope, actor: Actor, input: PartnerInput): Promise<number> {
  requireAdmin(scope);
  return withUniqueChecks(
    () =>
      db.transaction().execute(async (trx) => {
        await checkReferences(trx, input, null);
        const values = columns(input);
        const result = await trx
          .insertInto("partners")
          .values({ ...values, status: "applied" })
          .executeTakeFirstOrThrow();
        const id = Number(result.insertId);
        await replaceProductLines(trx, id, input.productLineIds);
        await recordAudit(trx, actor, {
          action: "partner.create",
          entityType: "partner",
          entityId: id,
          partnerId: id,
          after: { ...values, status: "applied", product_line_ids: input.productLineIds },
        });
        return id;
      }),
    { partners_code: { code: "errors.codeTaken" } },
  );
}

export async function updatePartner(db: DB, scope: Scope, actor: Actor, partnerId: number, input: PartnerInput): Promise<void> {
  requireAdmin(scope);
  const current = await getPartner(db, scope, partnerId);
  await withUniqueChecks(
    () =>
      db.transaction().execute(async (trx) => {
        await checkReferences(trx, input, partnerId);
        const values = columns(input);
        await trx
          .updateTable("partners")
          .set({ ...values, updated_at: now() })
          .where("id", "=", partnerId)
          .execute();
        await replaceProductLines(trx, partnerId, input.productLineIds);
        const diff = changedFields({ ...current, product_line_ids: current.productLines.map((l) => l.id).sort() } as Record<string, unknown>, {
          ...values,
          product_line_ids: [...new Set(input.productLineIds)].sort(),
        });
        await recordAudit(trx, actor, { action: "partner.update", entityType: "partner", entityId: partnerId, partnerId, ...diff });
      }),
    { partners_code: { code: "errors.codeTaken" } },
  );
}

export async function changePartnerStatus(db: DB, scope: Scope, actor: Actor, partnerId: number, status: PartnerStatus): Promise<void> {
  requireAdmin(scope);
  await getPartner(db, scope, partnerId);
  await db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom("partners").select(["id", "status"]).where("id", "=", partnerId).forUpdate().executeTakeFirst();
    if (!current) throw new ValidationError({ status: "errors.invalid" });
    if (!STATUS_TRANSITIONS[current.status].includes(status)) throw new ValidationError({ status: "errors.transition" });
    await trx.updateTable("partners").set({ status, updated_at: now() }).where("id", "=", partnerId).execute();
    // Sessions would stop at their next request anyway (auth.server.ts checks the partner);
    // ending them here keeps nothing of a locked-out partner's alive in the database.
    if (isPartnerLockedOut(status)) {
      await trx
        .deleteFrom("user_sessions")
        .where("user_id", "in", trx.selectFrom("users").select("id").where("partner_id", "=", partnerId))
        .execute();
    }
    await recordAudit(trx, actor, {
      action: "partner.status_change",
      entityType: "partner",
      entityId: partnerId,
      partnerId,
      before: { status: current.status },
      after: { status },
    });
  });
}
