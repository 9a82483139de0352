// Feedback on a kit (反馈监控): each user of the adopting partner gives one rating with comments
// and what worked, and may change it later; the vendor reads them on the kit's page.
import { sql } from "kysely";
import { z } from "zod";
import { recordAudit, type Actor } from "~/lib/audit.server";
import { field, ValidationError } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import { requireHolder } from "~/lib/policy.server";
import { partnerFilter, type Scope } from "~/lib/scope.server";
import { now } from "~/lib/clock.server";
import { ACTIVE_STATUSES, shownStatus } from "./adoptions.server";
import type { DB } from "~/lib/db.server";

export const feedbackSchema = z.object({
  rating: z.coerce
    .number({ invalid_type_error: "adoptions.errors.rating" })
    .int("adoptions.errors.rating")
    .min(1, "adoptions.errors.rating")
    .max(5, "adoptions.errors.rating"),
  comments: field.optionalText(2000),
  whatWorked: field.optionalText(2000),
});
export type FeedbackInput = z.output<typeof feedbackSchema>;

/** Saves the caller's feedback on the adoption, replacing their earlier one. */
export async function saveFeedback(db: DB, scope: Scope, actor: Actor, adoptionId: number, input: FeedbackInput): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const adoption = await trx
      .selectFrom("campaign_adoptions")
      .selectAll()
      .where("id", "=", adoptionId)
      .where(partnerFilter(scope, "campaign_adoptions.partner_id"))
      .forUpdate()
      .executeTakeFirst();
    if (!adoption) notFound();
    // The feedback row is the user's own: any user of the adopting partner holds theirs.
    requireHolder(scope, { partnerId: adoption.partner_id, ownerUserIds: [scope.userId] });
    if (!ACTIVE_STATUSES.includes(shownStatus(adoption))) throw new ValidationError({ form: "adoptions.errors.wrongStatus" });
    const before = await trx
      .selectFrom("campaign_feedback")
      .select(["rating", "comments", "what_worked"])
      .where("adoption_id", "=", adoptionId)
      .where("user_id", "=", scope.userId)
      .where(partnerFilter(scope, "campaign_feedback.partner_id"))
      .executeTakeFirst();
    const at = now();
    await trx
      .insertInto("campaign_feedback")
      .values({
        partner_id: adoption.partner_id,
        adoption_id: adoptionId,
        user_id: scope.userId,
        rating: input.rating,
        comments: input.comments,
        what_worked: input.whatWorked,
        created_at: at,
        updated_at: at,
      })
      .onDuplicateKeyUpdate({ rating: input.rating, comments: input.comments, what_worked: input.whatWorked, updated_at: sql`VALUES(updated_at)` })
      .execute();
    await recordAudit(trx, actor, {
      action: before ? "campaign.feedback_changed" : "campaign.feedback_given",
      entityType: "campaign_adoption",
      entityId: adoptionId,
      partnerId: adoption.partner_id,
      before: before ?? undefined,
      after: { rating: input.rating, comments: input.comments, what_worked: input.whatWorked },
    });
  });
}
