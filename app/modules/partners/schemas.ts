import { z } from "zod";
import { field } from "~/lib/forms";
import { PARTNER_STATUSES, PARTNER_TYPES, TIERS } from "../../../db/types";

export const PARTNER_SORTS = ["name", "code", "type", "tier", "status", "country", "region", "manager", "created_at"] as const;
export type PartnerSort = (typeof PARTNER_SORTS)[number];

export const partnerSchema = z.object({
  code: z
    .string({ required_error: "errors.required" })
    .trim()
    .toUpperCase()
    .min(1, "errors.required")
    .max(32, "errors.tooLong")
    .regex(/^[A-Z0-9][A-Z0-9_-]*$/, "errors.code"),
  name: field.text(200),
  type: field.enumOf(PARTNER_TYPES),
  tier: field.enumOf([...TIERS]).pipe(z.enum(TIERS)),
  country: field.country(),
  regionId: field.optionalId(),
  postcode: field.optionalText(16),
  capacity: z.coerce.number({ invalid_type_error: "errors.number" }).int("errors.wholeNumber").min(0, "errors.notNegative").max(10000, "errors.tooLarge"),
  parentId: field.optionalId(),
  channelManagerId: field.optionalId(),
  productLineIds: z.array(z.coerce.number().int().positive()).default([]),
});
export type PartnerInput = z.output<typeof partnerSchema>;

export const statusChangeSchema = z.object({ status: z.enum(PARTNER_STATUSES, { errorMap: () => ({ message: "errors.choose" }) }) });

/** applied → onboarding → active ↔ suspended */
export const STATUS_TRANSITIONS: Record<(typeof PARTNER_STATUSES)[number], readonly (typeof PARTNER_STATUSES)[number][]> = {
  applied: ["onboarding"],
  onboarding: ["active"],
  active: ["suspended"],
  suspended: ["active"],
};
