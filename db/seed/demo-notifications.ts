// Demo notifications: a few users have chosen their e-mail preferences before anything
// happens (so the seed's own events are delivered as they chose), and afterwards the notices
// the seed wrote in one second are spread over the past days, newest last, with those older
// than two days read, so the bell, the list and the next digest look as they would in use.
import { sql, type Kysely } from "kysely";
import { now } from "../../app/lib/clock.server";
import { savePreferences } from "../../app/modules/notifications/preferences.server";
import type { Database } from "../types";

const CHOICES: { email: string; choices: Record<string, string> }[] = [
  // Decisions on funds wait for the morning digest; payments still come at once.
  { email: "reseller@example.com", choices: { fund_decided: "digest", claim_due: "digest" } },
  { email: "manager@example.com", choices: { review_waiting: "immediate", deal_extended: "digest" } },
  { email: "distributor@example.com", choices: { report_due: "digest", deal_expiring: "off" } },
];

export async function seedDemoPreferences(db: Kysely<Database>): Promise<void> {
  for (const { email, choices } of CHOICES) {
    const user = await db.selectFrom("users").select(["id", "role"]).where("email", "=", email).executeTakeFirstOrThrow();
    await savePreferences(db, user, choices);
  }
}

export async function ageDemoNotifications(db: Kysely<Database>): Promise<void> {
  await sql`UPDATE notifications n JOIN (SELECT user_id, MAX(id) AS top FROM notifications GROUP BY user_id) m ON m.user_id = n.user_id
    SET n.created_at = n.created_at - INTERVAL (1 + 7 * (m.top - n.id)) HOUR`.execute(db);
  const twoDaysAgo = new Date(now().getTime() - 2 * 24 * 3600 * 1000);
  await sql`UPDATE notifications SET read_at = created_at + INTERVAL 2 HOUR WHERE created_at < ${twoDaysAgo}`.execute(db);
}
