// Why a partner gives an offered lead back: one of the listed reasons, and for "other" the
// partner's own words, since "other" alone tells the channel manager nothing.
import { ValidationError } from "~/lib/forms";
import { REJECT_REASONS } from "./constants";

/** The reason as stored ("no_capacity" or "other: customer moved"), or field errors. */
export function rejectionText(reason: string, details: string): string {
  const words = details.trim();
  if (!(REJECT_REASONS as readonly string[]).includes(reason)) throw new ValidationError({ reason: "errors.choose" });
  if (reason === "other" && !words) throw new ValidationError({ details: "leads.errors.otherNeedsDetails" });
  return [reason, words].filter(Boolean).join(": ");
}
