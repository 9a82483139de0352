// The vendor's forms for agreement versions, and the text whose hash an acceptance records.
// No server imports: the page and the tests use these too.
import { z } from "zod";
import { field } from "~/lib/forms";
import { PARTNER_TYPES } from "../../../db/types";

const isoDate = z
  .string({ required_error: "errors.required" })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "agreements.errors.date")
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), "agreements.errors.date");

export const draftSchema = z.object({
  partnerType: field.enumOf(PARTNER_TYPES),
  regionId: field.optionalId(),
  versionLabel: field.text(32),
  title: field.text(200),
  titleZh: field.text(200),
  body: field.text(200_000),
  bodyZh: field.text(200_000),
  termMonths: z.preprocess(
    (v) => (v === "" || v == null ? null : v),
    z.coerce.number({ invalid_type_error: "errors.wholeNumber" }).int("errors.wholeNumber").min(1, "errors.tooSmall").max(120, "errors.tooLarge").nullable(),
  ),
});
export type DraftInput = z.output<typeof draftSchema>;

export const publishSchema = z.object({ acceptBy: isoDate });

export const acceptSchema = z.object({
  versionId: field.id(),
  sha256: z
    .string()
    .trim()
    .regex(/^[0-9a-f]{64}$/, "errors.invalid"),
});

/**
 * The document as the portal shows it, both languages, in one canonical form: line ends made
 * \n and each part trimmed. Its SHA-256 is the version's fingerprint, computed at publishing
 * and recorded with every acceptance.
 */
export function canonicalText(version: { title: string; title_zh: string; body: string; body_zh: string }): string {
  const part = (text: string) => text.replace(/\r\n?/g, "\n").trim();
  return [part(version.title), part(version.body), part(version.title_zh), part(version.body_zh)].join("\n\n");
}
