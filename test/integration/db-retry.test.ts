// Transactions the database refused are run again: a real deadlock between two connections,
// where InnoDB rolls one transaction back with ER_LOCK_DEADLOCK (as a Galera cluster does
// for a transaction that lost certification), and errors that must not be retried.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { isRefusedTransaction, retryRefused } from "~/lib/db-retry.server";
import { db } from "../support/db";

function barrier() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe("retryRefused", () => {
  it("runs again the transaction a deadlock rolled back, and both transactions end up committed", async () => {
    const lines = await db().selectFrom("product_lines").select("id").orderBy("id").limit(2).execute();
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((l) => l.id);
    const lockedFirst = barrier();
    const lockedSecond = barrier();
    const runs = { a: 0, b: 0 };
    const errors: unknown[] = [];
    const lockBoth = (name: "a" | "b", own: number, other: number, mine: ReturnType<typeof barrier>, theirs: ReturnType<typeof barrier>) =>
      retryRefused(async () => {
        runs[name]++;
        try {
          return await db()
            .transaction()
            .execute(async (trx) => {
              await sql`SELECT id FROM product_lines WHERE id = ${own} FOR UPDATE`.execute(trx);
              mine.open();
              await theirs.opened;
              await sql`SELECT id FROM product_lines WHERE id = ${other} FOR UPDATE`.execute(trx);
              return name;
            });
        } catch (error) {
          errors.push(error);
          throw error;
        }
      });
    const results = await Promise.all([lockBoth("a", first, second, lockedFirst, lockedSecond), lockBoth("b", second, first, lockedSecond, lockedFirst)]);
    expect(results).toEqual(["a", "b"]);
    expect(runs.a + runs.b).toBe(3);
    expect(errors).toHaveLength(1);
    expect(isRefusedTransaction(errors[0])).toBe(true);
  });

  it("gives up after the attempts allowed, with the database's error", async () => {
    let runs = 0;
    const refused = Object.assign(new Error("Deadlock found when trying to get lock"), { errno: 1213, code: "ER_LOCK_DEADLOCK" });
    const outcome = await retryRefused(
      async () => {
        runs++;
        throw refused;
      },
      { attempts: 3 },
    ).catch((error: unknown) => error);
    expect(outcome).toBe(refused);
    expect(runs).toBe(3);
  });

  it("does not run again what failed for another reason", async () => {
    let runs = 0;
    const outcome = await retryRefused(async () => {
      runs++;
      await sql`SELECT no_such_column FROM product_lines`.execute(db());
    }).catch((error: unknown) => error);
    expect((outcome as { code?: string }).code).toBe("ER_BAD_FIELD_ERROR");
    expect(runs).toBe(1);
  });
});
