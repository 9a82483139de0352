// Portal-wide settings an admin edits, kept as name/value rows.
import { z } from "zod";
import { changedFields, recordAudit, type Actor } from "~/lib/audit.server";
import { forbidden } from "~/lib/http.server";
import { now } from "~/lib/clock.server";
import { parseAmount } from "~/lib/money";
import type { Scope } from "~/lib/scope.server";
import type { Database } from "../../../db/types";
import type { Kysely } from "kysely";
import type { DB } from "~/lib/db.server";

export interface LeadSettings {
  maxOffers: number;
  autoRoute: boolean;
}

export const leadSettingsSchema = z.object({
  maxOffers: z.coerce.number({ invalid_type_error: "errors.number" }).int("errors.wholeNumber").min(1, "errors.tooSmall").max(50, "errors.tooLarge"),
  autoRoute: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
});

export async function getLeadSettings(db: DB): Promise<LeadSettings> {
  const rows = await db.selectFrom("portal_settings").select(["name", "value"]).where("name", "in", ["lead_max_offers", "lead_auto_route"]).execute();
  const value = (name: string) => rows.find((r) => r.name === name)?.value;
  return { maxOffers: Number(value("lead_max_offers") ?? 5), autoRoute: value("lead_auto_route") !== "false" };
}

export async function updateLeadSettings(db: Kysely<Database>, scope: Scope, actor: Actor, input: LeadSettings): Promise<void> {
  if (scope.kind !== "admin") forbidden();
  await db.transaction().execute(async (trx) => {
    const before = await getLeadSettings(trx);
    for (const [name, value] of [
      ["lead_max_offers", String(input.maxOffers)],
      ["lead_auto_route", String(input.autoRoute)],
    ]) {
      await trx.insertInto("portal_settings").values({ name, value }).onDuplicateKeyUpdate({ value, updated_at: now() }).execute();
    }
    await recordAudit(trx, actor, { action: "settings.leads_update", entityType: "settings", entityId: "leads", ...changedFields(before, input) });
  });
}

export interface DealSettings {
  protectionDays: number;
  extensionDays: number;
  /** The smallest total a registration may have, in any currency (exact decimal). */
  minValue: string;
}

export const dealSettingsSchema = z.object({
  protectionDays: z.coerce.number({ invalid_type_error: "errors.number" }).int("errors.wholeNumber").min(1, "errors.tooSmall").max(730, "errors.tooLarge"),
  extensionDays: z.coerce.number({ invalid_type_error: "errors.number" }).int("errors.wholeNumber").min(1, "errors.tooSmall").max(365, "errors.tooLarge"),
  minValue: z.string().transform((v, ctx) => {
    const amount = parseAmount(v);
    if (amount === null || amount.startsWith("-")) {
      ctx.addIssue({ code: "custom", message: "errors.amount" });
      return z.NEVER;
    }
    return amount;
  }),
});

const DEAL_SETTING_NAMES = { protectionDays: "deal_protection_days", extensionDays: "deal_extension_days", minValue: "deal_min_value" } as const;

export async function getDealSettings(db: DB): Promise<DealSettings> {
  const rows = await db.selectFrom("portal_settings").select(["name", "value"]).where("name", "in", Object.values(DEAL_SETTING_NAMES)).execute();
  const value = (name: string) => rows.find((r) => r.name === name)?.value;
  return {
    protectionDays: Number(value(DEAL_SETTING_NAMES.protectionDays) ?? 90),
    extensionDays: Number(value(DEAL_SETTING_NAMES.extensionDays) ?? 30),
    minValue: value(DEAL_SETTING_NAMES.minValue) ?? "0.00",
  };
}

export async function updateDealSettings(db: Kysely<Database>, scope: Scope, actor: Actor, input: DealSettings): Promise<void> {
  if (scope.kind !== "admin") forbidden();
  await db.transaction().execute(async (trx) => {
    const before = await getDealSettings(trx);
    for (const key of Object.keys(DEAL_SETTING_NAMES) as (keyof DealSettings)[]) {
      const value = String(input[key]);
      await trx.insertInto("portal_settings").values({ name: DEAL_SETTING_NAMES[key], value }).onDuplicateKeyUpdate({ value, updated_at: now() }).execute();
    }
    await recordAudit(trx, actor, { action: "settings.deals_update", entityType: "settings", entityId: "deals", ...changedFields(before, input) });
  });
}
