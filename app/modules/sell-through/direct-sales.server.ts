// Reseller names a distributor answered "a direct sale, not one of our partners". A row naming
// such a reseller is accepted with no reseller partner (reports count it as sold direct, and no
// reseller's figures include it) and keeps the name as written. The answer is the distributor's
// own and holds for its later files, typed lines and API pushes; another distributor's answers
// never apply. Callers have found the distributor through the caller's scope.
import { now } from "~/lib/clock.server";
import { ValidationError } from "~/lib/forms";
import type { DB } from "~/lib/db.server";

/** As long as a name may be to be remembered (the column's width). */
const MAX_NAME = 200;

/** The distinct names, trimmed, with none blank; a name too long to keep is a form error. */
export function readDirectSaleNames(names: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  for (const raw of names) {
    const name = raw.trim();
    if (!name) continue;
    if (name.length > MAX_NAME) throw new ValidationError({ form: "sellThroughCatalogue.errors.directSaleNameTooLong" });
    byKey.set(name.toLowerCase(), name);
  }
  return [...byKey.values()];
}

/** Remembers the answers for the distributor; answering a name again keeps the first answer. */
export async function rememberDirectSaleNames(db: DB, distributorId: number, userId: number | null, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await db
    .insertInto("sell_through_direct_sale_names")
    .values(names.map((name) => ({ partner_id: distributorId, name_key: name.toLowerCase(), name, answered_by: userId, created_at: now() })))
    .ignore()
    .execute();
}
