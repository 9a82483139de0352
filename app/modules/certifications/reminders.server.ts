// Reminders before a valid award expires: 60 and 14 days ahead, to its holder and their
// partner's admins. lifecycle_reminders makes each go once: the row is inserted first and the
// notice sent only when the insert took, in one transaction, so a job run twice (or two
// workers at once) sends nothing twice. An award first seen inside 14 days gets only that one.
import { systemTask } from "~/lib/scope-guard.server";
import { now } from "~/lib/clock.server";
import { notifyUsers, partnerAdmins } from "~/modules/notifications/notify.server";
import { daysBetween } from "./dates";
import { todayUtc } from "./held.server";
import type { DB } from "~/lib/db.server";

export const REMINDER_DAYS = [60, 14] as const;

export const remindExpiringCertifications = systemTask(
  "certification reminders: every partner's awards that expire soon",
  async function remindExpiringCertifications(db: DB): Promise<number> {
    const today = todayUtc();
    const horizon = new Date(Date.parse(`${today}T00:00:00Z`) + REMINDER_DAYS[0] * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const due = await db
      .selectFrom("user_certifications")
      .innerJoin("certifications", "certifications.id", "user_certifications.certification_id")
      .innerJoin("users", "users.id", "user_certifications.user_id")
      .select([
        "user_certifications.id",
        "user_certifications.partner_id",
        "user_certifications.user_id",
        "user_certifications.expires_on",
        "certifications.code",
        "users.name as user_name",
      ])
      .where("user_certifications.status", "=", "valid")
      .where("user_certifications.expires_on", ">=", today)
      .where("user_certifications.expires_on", "<=", horizon)
      .where("users.status", "<>", "deactivated")
      .execute();
    let sent = 0;
    for (const award of due) {
      const daysLeft = daysBetween(today, award.expires_on);
      // The nearest threshold reached: 14 once inside two weeks, else 60.
      const daysBefore = REMINDER_DAYS.filter((d) => daysLeft <= d).at(-1)!;
      const took = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto("lifecycle_reminders")
          .values({ partner_id: award.partner_id, subject: "certification_expiry", subject_id: award.id, days_before: daysBefore, sent_at: now() })
          .ignore()
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
        const admins = await partnerAdmins(trx, [award.partner_id]);
        await notifyUsers(trx, [award.user_id, ...(admins.get(award.partner_id) ?? [])], {
          kind: "partner_lifecycle",
          title: { key: "certifications.notice.expiring", params: { code: award.code, name: award.user_name, date: award.expires_on } },
          link: `/certifications/${award.id}`,
          body: { text: { key: "certifications.notice.expiringText", params: { days: daysLeft } } },
        });
        return true;
      });
      if (took) sent++;
    }
    return sent;
  },
);
