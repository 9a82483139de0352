// The audit log: who did what to which row, with the row before and after. Written in the
// same transaction as the change it records, so the log and the data never disagree.
import { now } from "./clock.server";
import type { DB } from "./db.server";

export interface Actor {
  userId: number | null;
  email: string | null;
  ip: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, email: "system", ip: null };

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  partnerId?: number | null;
  before?: unknown;
  after?: unknown;
}

function json(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value);
}

export async function recordAudit(db: DB, actor: Actor, entry: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      at: now(),
      actor_user_id: actor.userId,
      actor_email: actor.email,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId == null ? null : String(entry.entityId),
      partner_id: entry.partnerId ?? null,
      before_json: json(entry.before),
      after_json: json(entry.after),
      ip: actor.ip,
    })
    .execute();
}

/** Only the fields that changed, for a readable before/after. */
export function changedFields<T extends object>(before: T, after: Partial<T>): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    const oldValue = before[key];
    const newValue = after[key];
    const same =
      oldValue instanceof Date && newValue instanceof Date ? oldValue.getTime() === newValue.getTime() : JSON.stringify(oldValue) === JSON.stringify(newValue);
    if (!same) {
      b[key] = oldValue;
      a[key] = newValue;
    }
  }
  return { before: b, after: a };
}
