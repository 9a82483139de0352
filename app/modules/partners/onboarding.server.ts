// The onboarding checklist: what a partner must have before it becomes active, each item read
// from the portal's own data, never ticked by hand. The version of the agreement in force
// accepted; the profile complete (legal name, contact e-mail, phone, address); at least one
// active user; every certification required of its type held by one of its users (valid,
// unexpired); and for a distributor an API key or a first month reported.
//
// When the last item is done the partner becomes active, once (the partner row is locked and
// only an 'onboarding' partner moves). The actions that can complete an item call
// reevaluateOnboarding after their own transaction has committed: the person who finished the
// checklist sees the partner active at once, and a failure here never undoes their action. The
// lifecycle.onboarding job runs the same check over every onboarding partner as a safety net
// (an award imported by a training system, a certificate checked, an item done by a path that
// does not call it).
import { sql } from "kysely";
import { partnerFilter, type Scope } from "~/lib/scope.server";
import { notFound } from "~/lib/http.server";
import { SYSTEM_ACTOR, type Actor } from "~/lib/audit.server";
import { unscoped } from "~/lib/scope-guard.server";
import { logger } from "~/lib/logger.server";
import { now } from "~/lib/clock.server";
import { managerOf, notifyUsers, partnerAdmins } from "~/modules/notifications/notify.server";
import { agreementStandings, todayUtc } from "~/modules/agreements/in-force.server";
import { recordPartnerEvent } from "./history.server";
import type { Transaction } from "kysely";
import type { Database, PartnerType } from "../../../db/types";
import type { DB } from "~/lib/db.server";

type Db = DB | Transaction<Database>;

export const ONBOARDING_ITEMS = ["agreement", "profile", "activeUser", "certifications", "reporting"] as const;
export type OnboardingItem = (typeof ONBOARDING_ITEMS)[number];

export interface ChecklistItem {
  item: OnboardingItem;
  done: boolean;
  /** What is still missing, or why nothing is asked: a catalog key with its values. */
  note?: { key: string; params?: Record<string, string | number> };
}

interface PartnerFacts {
  id: number;
  type: PartnerType;
  legal_name: string;
  contact_email: string;
  contact_phone: string;
  address: string;
}

/** The checklists of these partners, which the caller has found in its scope or acts for as the system. */
async function checklistsOf(db: Db, partners: readonly PartnerFacts[]): Promise<Map<number, ChecklistItem[]>> {
  const lists = new Map<number, ChecklistItem[]>();
  if (partners.length === 0) return lists;
  const ids = partners.map((p) => p.id);
  const today = todayUtc();
  const why = unscoped("the partners were found by the caller (in its scope, or as the system) before");
  const [standings, activeUsers, required, held, keys, reported] = await Promise.all([
    agreementStandings(db, ids),
    db
      .selectFrom("users")
      .select(["partner_id", sql<number>`COUNT(*)`.as("n")])
      .where("partner_id", "in", ids)
      .where("status", "=", "active")
      .groupBy("partner_id")
      .execute(),
    db
      .selectFrom("certifications")
      .select(["id", "code", "name", "name_zh", "required_for_types"])
      .where("active", "=", 1)
      .where("required_for_types", "!=", "")
      .execute(),
    db
      .selectFrom("user_certifications")
      .select(["partner_id", "certification_id"])
      .where("partner_id", "in", ids)
      .where("status", "=", "valid")
      .where("expires_on", ">=", today)
      .$call(why)
      .execute(),
    db.selectFrom("api_keys").select("partner_id").where("partner_id", "in", ids).where("revoked_at", "is", null).$call(why).execute(),
    db.selectFrom("sell_through_periods").select("distributor_id").where("distributor_id", "in", ids).where("first_committed_at", "is not", null).execute(),
  ]);
  const usersOf = new Map(activeUsers.map((u) => [u.partner_id, Number(u.n)]));
  const heldBy = new Map<number, Set<number>>();
  for (const h of held) heldBy.set(h.partner_id, (heldBy.get(h.partner_id) ?? new Set()).add(h.certification_id));
  const keyed = new Set(keys.map((k) => k.partner_id));
  const reporting = new Set(reported.map((r) => r.distributor_id));

  for (const p of partners) {
    const standing = standings.get(p.id);
    const missingFields = (["legal_name", "contact_email", "contact_phone", "address"] as const).filter((f) => !p[f].trim());
    const requiredOfType = required.filter((c) => c.required_for_types.split(",").includes(p.type));
    const missingCerts = requiredOfType.filter((c) => !heldBy.get(p.id)?.has(c.id));
    const items: ChecklistItem[] = [
      standing
        ? {
            item: "agreement",
            done: standing.acceptedAt !== null,
            note: { key: "onboarding.note.agreementVersion", params: { version: standing.version.version_label } },
          }
        : { item: "agreement", done: true, note: { key: "onboarding.note.noAgreement" } },
      {
        item: "profile",
        done: missingFields.length === 0,
        note: missingFields.length ? { key: "onboarding.note.profileMissing", params: { count: missingFields.length } } : undefined,
      },
      { item: "activeUser", done: (usersOf.get(p.id) ?? 0) > 0 },
      requiredOfType.length === 0
        ? { item: "certifications", done: true, note: { key: "onboarding.note.noCertifications" } }
        : {
            item: "certifications",
            done: missingCerts.length === 0,
            note: missingCerts.length
              ? { key: "onboarding.note.certificationsMissing", params: { codes: missingCerts.map((c) => c.code).join(", ") } }
              : undefined,
          },
    ];
    if (p.type === "distributor") items.push({ item: "reporting", done: keyed.has(p.id) || reporting.has(p.id) });
    lists.set(p.id, items);
  }
  return lists;
}

const FACTS = [
  "partners.id",
  "partners.name",
  "partners.type",
  "partners.status",
  "partners.legal_name",
  "partners.contact_email",
  "partners.contact_phone",
  "partners.address",
] as const;

/** One partner's checklist, read through the caller's scope. */
export async function partnerChecklist(db: DB, scope: Scope, partnerId: number) {
  const partner = await db
    .selectFrom("partners")
    .select(FACTS)
    .where("partners.id", "=", partnerId)
    .where(partnerFilter(scope, "partners.id"))
    .executeTakeFirst();
  if (!partner) notFound();
  const items = (await checklistsOf(db, [partner])).get(partner.id)!;
  return { status: partner.status, items, done: items.filter((i) => i.done).length, total: items.length };
}

export type Checklist = Awaited<ReturnType<typeof partnerChecklist>>;

/**
 * Looks at one partner's checklist: records each item newly done in its history and, when all
 * are done and the partner is still onboarding, makes it active and tells its admins and its
 * channel manager. Safe to repeat: a second run finds nothing new.
 */
export async function evaluateOnboarding(db: DB, partnerId: number, actor: Actor = SYSTEM_ACTOR): Promise<"activated" | "onboarding" | "not_onboarding"> {
  const outcome = await db.transaction().execute(async (trx) => {
    const partner = await trx.selectFrom("partners").select(FACTS).where("partners.id", "=", partnerId).forUpdate().executeTakeFirst();
    if (!partner || partner.status !== "onboarding") return "not_onboarding" as const;
    const items = (await checklistsOf(trx, [partner])).get(partner.id)!;
    const recorded = await trx
      .selectFrom("partner_events")
      .select("to_value")
      .where("partner_id", "=", partnerId)
      .where("event", "=", "onboarding_item_done")
      .$call(unscoped("the partner's own history, read by the system acting for it"))
      .execute();
    const already = new Set(recorded.map((r) => r.to_value));
    for (const item of items.filter((i) => i.done && !already.has(i.item))) {
      await recordPartnerEvent(trx, { partnerId, actor, event: "onboarding_item_done", to: item.item });
    }
    if (!items.every((i) => i.done)) return "onboarding" as const;
    await trx.updateTable("partners").set({ status: "active", updated_at: now() }).where("id", "=", partnerId).where("status", "=", "onboarding").execute();
    await recordPartnerEvent(trx, { partnerId, actor, event: "activated", from: "onboarding", to: "active" });
    const admins = (await partnerAdmins(trx, [partnerId])).get(partnerId) ?? [];
    const notice = { kind: "partner_lifecycle", title: { key: "onboarding.notice.activated", params: { partner: partner.name } }, link: "/" } as const;
    await notifyUsers(trx, admins, notice);
    await notifyUsers(trx, await managerOf(trx, partnerId), { ...notice, link: `/partners/${partnerId}` });
    return "activated" as const;
  });
  return outcome;
}

/**
 * After an action that may have completed an item has committed. A failure is logged, not
 * thrown: the action stands, and the lifecycle.onboarding job looks again.
 */
export async function reevaluateOnboarding(db: DB, partnerId: number, actor: Actor = SYSTEM_ACTOR): Promise<void> {
  try {
    await evaluateOnboarding(db, partnerId, actor);
  } catch (error) {
    logger.error({ err: error, partnerId }, "onboarding check failed; the lifecycle.onboarding job will look again");
  }
}

/** The lifecycle.onboarding job: every onboarding partner looked at again. */
export async function evaluateAllOnboarding(db: DB): Promise<number> {
  const partners = await db.selectFrom("partners").select("id").where("status", "=", "onboarding").execute();
  let activated = 0;
  for (const p of partners) if ((await evaluateOnboarding(db, p.id)) === "activated") activated += 1;
  return activated;
}
