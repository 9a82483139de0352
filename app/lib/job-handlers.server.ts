// Every kind of background job, in one list. The processes that run jobs (the web process
// with RUN_WORKER, `npm run worker`, the e2e server) call registerJobs() once at start; no
// module registers a job as a side effect of being imported.
import { checkSubmission } from "~/modules/sell-through/submissions.server";
import { purgeSupersededLines } from "~/modules/sell-through/commit.server";
import { expireOverdueOffers, remindPendingOffers } from "~/modules/leads/deadlines.server";
import { expireDeals, remindExpiringDeals } from "~/modules/deals/lifecycle.server";
import { remindMissingReports } from "~/modules/sell-through/reminders.server";
import { expireFunds } from "~/modules/funds/funds.server";
import { runClaimWindows } from "~/modules/funds/requests.server";
import { startDueAdoptions } from "~/modules/campaigns/adoptions.server";
import { purgeForgottenThrottles } from "~/modules/users/sign-in-throttle.server";
import { DIGEST_EVERY_MS, sendDigests } from "~/modules/notifications/digest.server";
import { remindAgreements } from "~/modules/agreements/reminders.server";
import { evaluateAllOnboarding } from "~/modules/partners/onboarding.server";
import { remindExpiringCertifications } from "~/modules/certifications/reminders.server";
import { runDueTierReview } from "~/modules/tiers/review.server";
import { SYSTEM_ACTOR } from "./audit.server";
import { deliverMail } from "./mail.server";
import { now } from "./clock.server";
import { getDb } from "./db.server";
import { registerJob, type JobHandler } from "./jobs.server";

interface JobKind {
  type: string;
  handler: JobHandler;
  /** Recurring jobs: how long after one run finishes the next is due. */
  everyMs?: number;
}

export const JOB_KINDS: JobKind[] = [
  // Enqueued by the app.
  { type: "email.deliver", handler: (payload: { outboxId: number }) => deliverMail(payload) },
  { type: "sellThrough.check", handler: (payload: { submissionId: number }) => checkSubmission(getDb(), payload.submissionId) },
  { type: "sellThrough.purgeLines", handler: async (payload: { submissionId: number }) => void (await purgeSupersededLines(getDb(), payload.submissionId)) },

  // Recurring.
  {
    // Expired sessions, used or expired one-time links, and sign-in throttles whose failures
    // are forgotten.
    type: "housekeeping.purge",
    everyMs: 3600 * 1000,
    handler: async () => {
      const db = getDb();
      const dayAgo = new Date(now().getTime() - 24 * 3600 * 1000);
      await db.deleteFrom("user_sessions").where("expires_at", "<", now()).execute();
      await purgeForgottenThrottles(db);
      await db
        .deleteFrom("user_tokens")
        .where((eb) => eb.or([eb("expires_at", "<", dayAgo), eb("used_at", "<", dayAgo)]))
        .execute();
      await db
        .deleteFrom("jobs")
        .where("status", "=", "done")
        .where("finished_at", "<", new Date(now().getTime() - 7 * 24 * 3600 * 1000))
        .execute();
    },
  },
  {
    type: "leads.deadlines",
    everyMs: 60 * 1000,
    handler: async () => {
      await expireOverdueOffers(getDb());
      await remindPendingOffers(getDb());
    },
  },
  {
    type: "deals.deadlines",
    everyMs: 15 * 60 * 1000,
    handler: async () => {
      await expireDeals(getDb(), SYSTEM_ACTOR);
      await remindExpiringDeals(getDb());
    },
  },
  { type: "sellThrough.reminders", everyMs: 3600 * 1000, handler: async () => void (await remindMissingReports(getDb())) },
  {
    type: "funds.deadlines",
    everyMs: 15 * 60 * 1000,
    handler: async () => {
      await expireFunds(getDb(), SYSTEM_ACTOR);
      await runClaimWindows(getDb(), SYSTEM_ACTOR);
    },
  },
  { type: "lifecycle.agreementReminders", everyMs: 3600 * 1000, handler: async () => void (await remindAgreements(getDb())) },
  // The safety net behind the calls made after each action that can complete an item.
  { type: "lifecycle.onboarding", everyMs: 15 * 60 * 1000, handler: async () => void (await evaluateAllOnboarding(getDb())) },
  { type: "lifecycle.certificationReminders", everyMs: 3600 * 1000, handler: async () => void (await remindExpiringCertifications(getDb())) },
  { type: "campaigns.startAdoptions", everyMs: 3600 * 1000, handler: async () => void (await startDueAdoptions(getDb(), SYSTEM_ACTOR)) },
  // Often enough that each user's digest goes out soon after its hour in their own time zone.
  { type: "notifications.digest", everyMs: DIGEST_EVERY_MS, handler: async () => void (await sendDigests(getDb())) },
  // Daily: the quarter just ended is reviewed once its last month's sell-through is due; later runs find it done.
  { type: "lifecycle.tierReview", everyMs: 24 * 3600 * 1000, handler: async () => void (await runDueTierReview(getDb(), SYSTEM_ACTOR)) },
];

export function registerJobs(): void {
  for (const kind of JOB_KINDS) registerJob(kind.type, kind.handler, { everyMs: kind.everyMs });
}
