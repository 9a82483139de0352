// The forms of recruitment: the public application, the applicant's answer to a question, and
// the vendor's decisions. No server imports: the pages use the choices and the code suggestion.
import { z } from "zod";
import { field } from "~/lib/forms";
import { customerDomain } from "~/modules/deals/customer";
import { APPLICATION_STATUSES, COMPANY_SIZES, PARTNER_TYPES, TIERS } from "../../../db/types";

/** What the public page accepts is shown back as text only; markup is refused outright, not cleaned. */
const plain = <T extends z.ZodTypeAny>(schema: T) =>
  schema.refine((value: unknown) => typeof value !== "string" || !/[<>]/.test(value), "applications.errors.noHtml");

const ids = (message: string) =>
  z
    .array(z.coerce.number().int().positive())
    .default([])
    .transform((values) => [...new Set(values)])
    .refine((values) => values.length > 0, message);

export const applySchema = z.object({
  company: plain(field.text(200)),
  type: field.enumOf(PARTNER_TYPES),
  country: field.country(),
  regionIds: ids("applications.errors.chooseRegion"),
  productLineIds: ids("applications.errors.chooseProductLine"),
  website: plain(field.optionalText(200)).refine((value) => value === "" || customerDomain(value) !== null, "applications.errors.website"),
  companySize: field.enumOf(COMPANY_SIZES),
  references: plain(field.optionalText(2000)),
  message: plain(field.optionalText(2000)),
  contactName: plain(field.text(200)),
  contactEmail: field.email(),
  contactPhone: plain(field.optionalText(50)),
});
export type ApplyInput = z.output<typeof applySchema>;
/** The ticked boxes, kept as lists when the form comes back with errors. */
export const APPLY_LISTS = ["regionIds", "productLineIds"] as const;

export const replySchema = z.object({ answer: plain(field.text(2000)) });

export const assignSchema = z.object({ managerId: field.id() });
export const questionSchema = z.object({ question: field.text(2000) });
export const declineSchema = z.object({ reason: field.text(2000) });
export const approveSchema = z.object({
  code: z
    .string({ required_error: "errors.required" })
    .trim()
    .toUpperCase()
    .min(1, "errors.required")
    .max(32, "errors.tooLong")
    .regex(/^[A-Z0-9][A-Z0-9_-]*$/, "errors.code"),
  tier: field.enumOf(TIERS),
  channelManagerId: field.id(),
  regionId: field.optionalId(),
});
export type ApproveInput = z.output<typeof approveSchema>;

/** The queue's filter: the open ones (waiting on the vendor or the applicant) unless a status is chosen. */
export const APPLICATION_FILTERS = ["open", ...APPLICATION_STATUSES] as const;
export type ApplicationFilter = (typeof APPLICATION_FILTERS)[number];
export const OPEN_STATUSES = ["submitted", "more_info"] as const;

/** A partner code to start from: the initials of a Latin name, else APP and the application's number. */
export function suggestPartnerCode(companyName: string, applicationId: number): string {
  const initials = companyName
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9 ]+/g, " ")
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase())
    .join("")
    .slice(0, 6);
  return initials.length >= 2 ? `${initials}${applicationId}` : `APP${applicationId}`;
}
