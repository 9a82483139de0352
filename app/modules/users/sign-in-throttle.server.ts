// Sign-in throttling, per e-mail and per client address, with growing delays.
//
// Why delays and not a lock: a lock after N failures lets anyone who knows an e-mail keep its
// owner out (the right password is refused too) for as long as they keep guessing. A delay
// that doubles with each failure past the free ones, up to a ceiling, slows guessing to a few
// tries an hour per e-mail, while the owner waits at most the ceiling after the last wrong
// try; and a password reset by e-mailed link (which only the owner can do) clears the
// e-mail's delay at once, so the owner always has a way in. A correct sign-in clears it too.
//
// Why per address as well: one address trying a common password against many e-mails stays
// under every per-e-mail limit. The address allows more failures before slowing, because a
// whole office may sign in from one address.
//
// Atomic: an attempt takes its place under a row lock before the password is checked, counted
// as a failure until it proves otherwise. Concurrent guesses queue on the lock, so no more of
// them get through than the free ones; a check and a later count would let 25 in at once.
import { sql, type Transaction } from "kysely";
import { now } from "~/lib/clock.server";
import type { DB } from "~/lib/db.server";
import type { Database, ThrottleKind } from "../../../db/types";

interface Rule {
  /** Failures allowed before the first delay. */
  free: number;
  /** A fixed wait instead of the growing one: a quota per period rather than a brake on guessing. */
  fixedDelayMs?: number;
}

export const THROTTLE_RULES: Record<ThrottleKind, Rule> = {
  email: { free: 5 },
  address: { free: 30 },
  // Applications on the public /apply page: every submission counts, five an hour per address.
  apply: { free: 5, fixedDelayMs: 60 * 60 * 1000 },
};
export const FIRST_DELAY_MS = 60 * 1000;
export const MAX_DELAY_MS = 15 * 60 * 1000;
/** Failures are forgotten after this long without another. */
export const FORGET_AFTER_MS = 60 * 60 * 1000;

/** The wait after the `failures`-th failure in a row: none while free, then 1, 2, 4, 8, 15, 15 ... minutes. */
export function delayAfter(failures: number, rule: Rule): number {
  if (failures < rule.free) return 0;
  if (rule.fixedDelayMs) return rule.fixedDelayMs;
  return Math.min(FIRST_DELAY_MS * 2 ** Math.min(failures - rule.free, 20), MAX_DELAY_MS);
}

export interface ThrottleKey {
  kind: ThrottleKind;
  subject: string;
}

export function throttleKeys(email: string, address: string | null): ThrottleKey[] {
  const keys: ThrottleKey[] = [{ kind: "email", subject: email }];
  if (address) keys.push({ kind: "address", subject: address.slice(0, 254) });
  return keys;
}

/**
 * Takes a place for one attempt: the wait left in seconds if any key is waiting, else null
 * after counting the attempt as a failure on every key (settled by `attemptSucceeded`).
 */
export async function reserveAttempt(db: DB, keys: ThrottleKey[]): Promise<{ retryAfterSeconds: number } | null> {
  const at = now();
  await db
    .insertInto("login_throttles")
    .values(keys)
    .onDuplicateKeyUpdate((eb) => ({ subject: eb.ref("login_throttles.subject") }))
    .execute();
  return db.transaction().execute(async (trx) => {
    // One statement locks both rows, in key order: two attempts never wait on each other crosswise.
    const rows = await trx
      .selectFrom("login_throttles")
      .selectAll()
      .where((eb) => eb.or(keys.map((key) => eb.and([eb("kind", "=", key.kind), eb("subject", "=", key.subject)]))))
      .orderBy("kind")
      .orderBy("subject")
      .forUpdate()
      .execute();
    const waitUntil = Math.max(0, ...rows.map((row) => row.blocked_until?.getTime() ?? 0));
    if (waitUntil > at.getTime()) return { retryAfterSeconds: Math.ceil((waitUntil - at.getTime()) / 1000) };
    for (const row of rows) {
      const stale = !row.last_failure_at || at.getTime() - row.last_failure_at.getTime() > FORGET_AFTER_MS;
      const failures = stale ? 1 : row.failures + 1;
      const delay = delayAfter(failures, THROTTLE_RULES[row.kind]);
      await trx
        .updateTable("login_throttles")
        .set({ failures, last_failure_at: at, blocked_until: delay ? new Date(at.getTime() + delay) : null })
        .where("kind", "=", row.kind)
        .where("subject", "=", row.subject)
        .execute();
    }
    return null;
  });
}

/**
 * The reserved attempt was the right password: the e-mail starts afresh; the address only
 * takes back this attempt (signing in to an account of one's own must not wipe out the
 * failures the same address piled up against other people's).
 */
export async function attemptSucceeded(db: DB, keys: ThrottleKey[]): Promise<void> {
  for (const key of keys) {
    if (key.kind === "email") {
      await clearThrottle(db, key.subject);
      continue;
    }
    // MySQL applies SET left to right: the wait is judged on the count before it drops by one.
    await db
      .updateTable("login_throttles")
      .set({
        blocked_until: sql<Date | null>`IF(failures <= ${THROTTLE_RULES[key.kind].free}, NULL, blocked_until)`,
        failures: sql<number>`GREATEST(failures, 1) - 1`,
      })
      .where("kind", "=", key.kind)
      .where("subject", "=", key.subject)
      .execute();
  }
}

/** Lifts the e-mail's wait: after a correct sign-in, and after the password was set by e-mailed link. */
export async function clearThrottle(db: DB | Transaction<Database>, email: string): Promise<void> {
  await db.deleteFrom("login_throttles").where("kind", "=", "email").where("subject", "=", email).execute();
}

/** Housekeeping: rows whose failures are forgotten and that hold nobody up. */
export async function purgeForgottenThrottles(db: DB): Promise<void> {
  const at = now();
  await db
    .deleteFrom("login_throttles")
    .where("last_failure_at", "<", new Date(at.getTime() - FORGET_AFTER_MS))
    .where((eb) => eb.or([eb("blocked_until", "is", null), eb("blocked_until", "<", at)]))
    .execute();
}
