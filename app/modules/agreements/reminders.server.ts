// The lifecycle.agreementReminders job: partner admins are reminded 14, 7 and 1 days before the
// accept-by date of a version they have not accepted, and 60 and 30 days before their
// acceptance of the version in force ends. Each reminder goes once: the lifecycle_reminders row
// is inserted first and the notice sent only when the insert took, so a run repeated (a retry,
// two workers) sends nothing twice. A run that missed a day sends the stage now due, not the
// ones it missed.
import { sql } from "kysely";
import { now } from "~/lib/clock.server";
import { systemTask } from "~/lib/scope-guard.server";
import { notifyEach, partnerAdmins, type Notice } from "~/modules/notifications/notify.server";
import { agreementStandings, todayUtc } from "./in-force.server";
import type { ReminderSubject } from "../../../db/types";
import type { DB } from "~/lib/db.server";

export const DUE_STAGES = [14, 7, 1] as const;
export const RENEWAL_STAGES = [60, 30] as const;

function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / 86_400_000);
}

/** The stage due with this many days left: the smallest one not below it; null when none is. */
export function stageFor(daysLeft: number, stages: readonly number[]): number | null {
  if (daysLeft < 0) return null;
  const reached = stages.filter((s) => daysLeft <= s);
  return reached.length ? Math.min(...reached) : null;
}

async function sendOnce(db: DB, partnerId: number, subject: ReminderSubject, subjectId: number, daysBefore: number): Promise<boolean> {
  const inserted = await db
    .insertInto("lifecycle_reminders")
    .values({ partner_id: partnerId, subject, subject_id: subjectId, days_before: daysBefore, sent_at: now() })
    .ignore()
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

export const remindAgreements = systemTask(
  "reminders: the system reminds every partner concerned, for nobody in particular",
  async (db: DB): Promise<{ due: number; renewal: number }> => {
    const today = todayUtc();
    const partners = await db.selectFrom("partners").select("id").where("status", "in", ["onboarding", "active"]).execute();
    const standings = await agreementStandings(
      db,
      partners.map((p) => p.id),
    );
    const sends: { partnerId: number; notice: Notice }[] = [];
    let due = 0;
    let renewal = 0;
    for (const [partnerId, standing] of standings) {
      const { version } = standing;
      if (standing.acceptedAt || !version.accept_by) continue;
      const stage = stageFor(daysBetween(today, version.accept_by), DUE_STAGES);
      if (stage === null || !(await sendOnce(db, partnerId, "agreement_due", version.id, stage))) continue;
      due += 1;
      sends.push({
        partnerId,
        notice: {
          kind: "partner_lifecycle",
          title: { key: "agreements.notice.due", params: { version: version.version_label, date: version.accept_by } },
          link: "/agreement",
        },
      });
    }
    const accepted = [...standings].filter(([, s]) => s.acceptedAt);
    if (accepted.length) {
      const ending = await db
        .selectFrom("agreement_acceptances")
        .select(["id", "partner_id", "version_id", "ends_on"])
        .where("ends_on", "is not", null)
        .where(sql<boolean>`(partner_id, version_id) IN (${sql.join(accepted.map(([partnerId, s]) => sql`(${partnerId}, ${s.version.id})`))})`)
        .execute();
      for (const acceptance of ending) {
        const stage = stageFor(daysBetween(today, acceptance.ends_on!), RENEWAL_STAGES);
        if (stage === null || !(await sendOnce(db, acceptance.partner_id, "agreement_renewal", acceptance.id, stage))) continue;
        renewal += 1;
        const version = standings.get(acceptance.partner_id)!.version;
        sends.push({
          partnerId: acceptance.partner_id,
          notice: {
            kind: "partner_lifecycle",
            title: { key: "agreements.notice.renewal", params: { version: version.version_label, date: acceptance.ends_on! } },
            link: "/agreement",
          },
        });
      }
    }
    const admins = await partnerAdmins(
      db,
      sends.map((s) => s.partnerId),
    );
    await notifyEach(
      db,
      sends.map((s) => ({ userIds: admins.get(s.partnerId) ?? [], notice: s.notice })),
    );
    return { due, renewal };
  },
);
