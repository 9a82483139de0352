// A user's e-mail preferences: what they chose per kind, or the kind's default.
import { z } from "zod";
import { appUrl } from "~/lib/app-url.server";
import { now } from "~/lib/clock.server";
import { isLocale } from "~/lib/i18n";
import { queueMails } from "~/lib/mail.server";
import { DELIVERIES } from "../../../db/types";
import { noticeTitle } from "./render";
import { PREFERENCE_KINDS, isPreferenceKind, preferenceKindOf, preferenceKindsFor, type PreferenceKind } from "./kinds";
import type { Kysely, Transaction } from "kysely";
import type { Database, Delivery, Role } from "../../../db/types";
import type { DB } from "~/lib/db.server";

/**
 * How each (user, notice kind) pair is to be mailed, in one query whatever the number of
 * users: the user's choice for the notice's preference kind, else that kind's default; a
 * notice kind nobody chooses for is mailed at once.
 */
export async function deliveriesFor(
  db: DB,
  pairs: { userId: number; noticeKind: string }[],
): Promise<(pair: { userId: number; noticeKind: string }) => Delivery> {
  const kinds = [...new Set(pairs.map((p) => preferenceKindOf(p.noticeKind)).filter((k): k is PreferenceKind => k !== null))];
  const users = [...new Set(pairs.map((p) => p.userId))];
  const chosen = new Map<string, Delivery>();
  if (kinds.length && users.length) {
    const rows = await db
      .selectFrom("notification_preferences")
      .select(["user_id", "kind", "delivery"])
      .where("user_id", "in", users)
      .where("kind", "in", kinds)
      .execute();
    for (const r of rows) chosen.set(`${r.user_id}:${r.kind}`, r.delivery);
  }
  return ({ userId, noticeKind }) => {
    const kind = preferenceKindOf(noticeKind);
    if (!kind) return "immediate";
    return chosen.get(`${userId}:${kind}`) ?? PREFERENCE_KINDS[kind].default;
  };
}

export async function readPreferences(db: DB, user: { id: number; role: Role }): Promise<{ kind: PreferenceKind; delivery: Delivery; chosen: boolean }[]> {
  const rows = await db.selectFrom("notification_preferences").select(["kind", "delivery"]).where("user_id", "=", user.id).execute();
  const chosen = new Map(rows.map((r) => [r.kind, r.delivery]));
  return preferenceKindsFor(user.role).map((kind) => ({ kind, delivery: chosen.get(kind) ?? PREFERENCE_KINDS[kind].default, chosen: chosen.has(kind) }));
}

/** The preferences form: one field per kind, its delivery as the value; savePreferences drops anything else. */
export const preferencesFormSchema = z.record(z.string(), z.string());

/** Saves the form's choices (field `kind` → delivery) for the kinds of the user's role; anything else is ignored. */
export async function savePreferences(db: Kysely<Database>, user: { id: number; role: Role }, fields: Record<string, string>): Promise<number> {
  const mine = new Set<string>(preferenceKindsFor(user.role));
  const values = Object.entries(fields)
    .filter(([kind, delivery]) => isPreferenceKind(kind) && mine.has(kind) && (DELIVERIES as readonly string[]).includes(delivery))
    .map(([kind, delivery]) => ({ user_id: user.id, kind, delivery: delivery as Delivery, updated_at: now() }));
  if (values.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    // Locked first, as the digest locks it: a digest running now sends a waiting notice or leaves it, never both.
    const addressee = await trx
      .selectFrom("users")
      .select(["id", "email", "locale", "time_zone", "status"])
      .where("id", "=", user.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("notification_preferences")
      .values(values)
      .onDuplicateKeyUpdate((eb) => ({ delivery: eb.fn<Delivery>("VALUES", [eb.ref("delivery")]), updated_at: eb.fn<Date>("VALUES", [eb.ref("updated_at")]) }))
      .execute();
    const chosen = (delivery: Delivery) => values.filter((v) => v.delivery === delivery).map((v) => v.kind as PreferenceKind);
    await rerouteWaiting(trx, addressee, chosen("immediate"), chosen("off"));
    return values.length;
  });
}

/**
 * Notices still waiting for the user's digest follow a kind's new choice: mailed now, each on
 * its own, for "at once"; left to the inbox for "off". The digest then holds only what its
 * kinds still ask for.
 */
async function rerouteWaiting(
  trx: Transaction<Database>,
  user: { id: number; email: string; locale: string | null; time_zone: string; status: string },
  nowKinds: PreferenceKind[],
  offKinds: PreferenceKind[],
): Promise<void> {
  const waiting = (kinds: PreferenceKind[]) =>
    trx
      .selectFrom("notifications")
      .where("user_id", "=", user.id)
      .where("digest_state", "=", "waiting")
      .where(
        "kind",
        "in",
        kinds.flatMap((k) => [...PREFERENCE_KINDS[k].notices]),
      );
  const rows = nowKinds.length
    ? await waiting(nowKinds).select(["id", "title", "message", "params", "link"]).orderBy("created_at").orderBy("id").forUpdate().execute()
    : [];
  if (rows.length && user.status === "active") {
    const locale = isLocale(user.locale) ? user.locale : "en";
    await queueMails(
      trx,
      rows.map((r) => ({ to: user.email, subject: noticeTitle(locale, user.time_zone, r), text: r.link ? `${appUrl()}${r.link}` : "" })),
    );
  }
  const dropped = offKinds.length ? await waiting(offKinds).select("id").forUpdate().execute() : [];
  const leaving = [...rows, ...dropped].map((r) => r.id);
  if (leaving.length) await trx.updateTable("notifications").set({ digest_state: "none" }).where("id", "in", leaving).execute();
}
