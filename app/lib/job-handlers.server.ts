// Registers every job type with the queue. The worker (web process or `npm run worker`)
// imports this one module.
import { registerJob } from "./jobs.server";
import { getDb } from "./db.server";
import { now } from "./clock.server";
import "./mail.server";
import "~/modules/sell-through/submissions.server";
import { expireOverdueOffers, remindPendingOffers } from "~/modules/leads/deadlines.server";
import { expireDeals, remindExpiringDeals } from "~/modules/deals/lifecycle.server";
import { SYSTEM_ACTOR } from "./audit.server";
import { remindMissingReports } from "~/modules/sell-through/reminders.server";
import { expireFunds } from "~/modules/funds/funds.server";
import { runClaimWindows } from "~/modules/funds/requests.server";
import { purgeForgottenThrottles } from "~/modules/users/sign-in-throttle.server";
import { DIGEST_EVERY_MS, sendDigests } from "~/modules/notifications/digest.server";

// Housekeeping: expired sessions, used or expired one-time links, and sign-in throttles whose
// failures are forgotten.
registerJob(
  "housekeeping.purge",
  async () => {
    const db = getDb();
    const dayAgo = new Date(now().getTime() - 24 * 3600 * 1000);
    await db.deleteFrom("user_sessions").where("expires_at", "<", now()).execute();
    await purgeForgottenThrottles(db);
    await db.deleteFrom("user_tokens").where((eb) => eb.or([eb("expires_at", "<", dayAgo), eb("used_at", "<", dayAgo)])).execute();
    await db.deleteFrom("jobs").where("status", "=", "done").where("finished_at", "<", new Date(now().getTime() - 7 * 24 * 3600 * 1000)).execute();
  },
  { everyMs: 3600 * 1000 },
);

registerJob(
  "leads.deadlines",
  async () => {
    await expireOverdueOffers(getDb());
    await remindPendingOffers(getDb());
  },
  { everyMs: 60 * 1000 },
);

registerJob(
  "deals.deadlines",
  async () => {
    await expireDeals(getDb(), SYSTEM_ACTOR);
    await remindExpiringDeals(getDb());
  },
  { everyMs: 15 * 60 * 1000 },
);

registerJob(
  "sellThrough.reminders",
  async () => {
    await remindMissingReports(getDb());
  },
  { everyMs: 3600 * 1000 },
);

registerJob(
  "funds.deadlines",
  async () => {
    await expireFunds(getDb(), SYSTEM_ACTOR);
    await runClaimWindows(getDb(), SYSTEM_ACTOR);
  },
  { everyMs: 15 * 60 * 1000 },
);

// Often enough that each user's digest goes out soon after its hour in their own time zone.
registerJob(
  "notifications.digest",
  async () => {
    await sendDigests(getDb());
  },
  { everyMs: DIGEST_EVERY_MS },
);
