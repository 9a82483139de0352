// Reminders for last month's sell-through: from its due day on, each active distributor that
// has not reported it hears so (its partner admins, in the portal and by e-mail), and each
// channel manager learns which of their distributors are missing. A reminder is claimed in
// sell_through_reminders in the same transaction as its notices, so running the job again, or
// in two processes at once, never sends one twice.
import { sql } from "kysely";
import { now } from "~/lib/clock.server";
import { notifyEach, partnerAdmins, type Notice } from "~/modules/notifications/notify.server";
import { getDueDay, lateFrom, periodOf } from "./compliance.server";
import type { DB } from "~/lib/db.server";

const DAY_MS = 24 * 3600 * 1000;
const BATCH = 500;

export async function remindMissingReports(db: DB): Promise<{ period: string; distributors: number; managers: number }> {
  const at = now();
  const period = periodOf(at, -1);
  const dueDay = await getDueDay(db);
  const dueDate = new Date(lateFrom(period, dueDay).getTime() - DAY_MS);
  const result = { period, distributors: 0, managers: 0 };
  if (at < dueDate) return result;
  const due = dueDate.toISOString().slice(0, 10);

  for (;;) {
    const candidates = await db
      .selectFrom("partners as p")
      .select(["p.id", "p.code", "p.name", "p.channel_manager_id"])
      .where("p.type", "=", "distributor")
      .where("p.status", "=", "active")
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("sell_through_periods as sp")
              .select(sql`1`.as("one"))
              .whereRef("sp.distributor_id", "=", "p.id")
              .where("sp.period", "=", period)
              .where("sp.first_committed_at", "is not", null),
          ),
        ),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("sell_through_reminders as r")
              .select(sql`1`.as("one"))
              .whereRef("r.distributor_id", "=", "p.id")
              .where("r.period", "=", period),
          ),
        ),
      )
      .orderBy("p.id")
      .limit(BATCH)
      .execute();
    if (candidates.length === 0) return result;

    await db.transaction().execute(async (trx) => {
      const claimed: typeof candidates = [];
      for (const distributor of candidates) {
        const inserted = await trx
          .insertInto("sell_through_reminders")
          .values({ distributor_id: distributor.id, period, reminded_at: at })
          .ignore()
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) claimed.push(distributor);
      }
      if (claimed.length === 0) return;
      const admins = await partnerAdmins(
        trx,
        claimed.map((d) => d.id),
      );
      const toDistributors = claimed.map((d) => ({
        userIds: admins.get(d.id) ?? [],
        notice: {
          kind: "sellThrough.missing",
          title: { key: "notifications.notice.reportDue", params: { period, due } },
          link: "/sell-through/upload",
          body: { text: { key: "notifications.notice.reportDueText", params: { partner: d.name, period } } },
        } satisfies Notice,
      }));
      const byManager = new Map<number, typeof claimed>();
      for (const d of claimed) if (d.channel_manager_id) byManager.set(d.channel_manager_id, [...(byManager.get(d.channel_manager_id) ?? []), d]);
      const toManagers = [...byManager].map(([managerId, missing]) => {
        return {
          userIds: [managerId],
          notice: {
            kind: "sellThrough.missingDistributors",
            title: { key: "notifications.notice.reportsMissing", params: { count: missing.length, period, due } },
            link: "/sell-through?view=compliance&problems=1",
            body: { note: missing.map((d) => `${d.code} — ${d.name}`).join("\n") },
          } satisfies Notice,
        };
      });
      await notifyEach(trx, [...toDistributors, ...toManagers]);
      result.distributors += claimed.length;
      result.managers += toManagers.length;
    });
  }
}
