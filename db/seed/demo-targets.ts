// Demo sell-through targets for last quarter and this one, set through the module people use:
// last quarter's a little above what each partner sold then (most fall just short), this
// quarter's a tenth above that, so the targets screen and the scorecards show attainment and
// run rates in every range. Partners that sold nothing get a round starting target.
import { scopeFor } from "../../app/lib/scope.server";
import { now } from "../../app/lib/clock.server";
import { compareAmounts, percentOf } from "../../app/lib/money";
import { setTarget } from "../../app/modules/targets/targets.server";
import { salesOfPartners } from "../../app/modules/targets/partner-sales.server";
import { addQuarters, quarterAt, quarterMonths } from "../../app/lib/quarters";
import type { DB } from "../../app/lib/db.server";

/** Down to a thousand, so targets read like the round figures people set. */
function roundThousands(amount: string): string {
  const whole = amount.split(".")[0];
  return whole.length > 3 ? `${whole.slice(0, -3)}000.00` : "1000.00";
}

export async function seedDemoTargets(db: DB): Promise<void> {
  const admin = await db.selectFrom("users").select(["id", "email", "role", "partner_id"]).where("email", "=", "admin@example.com").executeTakeFirstOrThrow();
  const scope = scopeFor({ id: admin.id, role: admin.role, partnerId: admin.partner_id });
  const actor = { userId: admin.id, email: admin.email, ip: null };
  const partners = await db.selectFrom("partners").select("id").where("status", "in", ["active", "onboarding"]).orderBy("id").execute();
  const current = quarterAt(now());
  const last = addQuarters(current, -1);
  const sales = await salesOfPartners(
    db,
    partners.map((p) => p.id),
    quarterMonths(last),
  );
  for (const [i, partner] of partners.entries()) {
    const sold = sales.get(partner.id)?.total ?? null;
    const base = sold === null || compareAmounts(sold, "1000.00") < 0 ? "50000.00" : sold;
    // 104 %, 112 %, 96 %, ... of what was sold: some made it, most did not quite.
    const lastTarget = roundThousands(percentOf(base, ["104.00", "112.00", "96.00", "120.00"][i % 4]));
    await setTarget(db, scope, actor, { partnerId: partner.id, quarter: last, amount: lastTarget });
    await setTarget(db, scope, actor, { partnerId: partner.id, quarter: current, amount: roundThousands(percentOf(lastTarget, "110.00")) });
  }
}
