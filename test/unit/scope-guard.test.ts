// The scope guard: a query of the app on a partner-owned table needs a condition from
// scope.server.ts or a stated reason; anything else is refused. Queries are compiled here,
// never run, and attributed to app code, as the guard sees the app's own queries.
import { Kysely, MysqlAdapter, DummyDriver, MysqlIntrospector, MysqlQueryCompiler, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { checkScoped, runUnscoped, unscoped, unscopedSql, UnscopedQueryError } from "~/lib/scope-guard.server";
import { leadFilter, partnerFilter, type Scope } from "~/lib/scope.server";
import type { Database } from "../../db/types";

const db = new Kysely<Database>({
  dialect: {
    createAdapter: () => new MysqlAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new MysqlIntrospector(k),
    createQueryCompiler: () => new MysqlQueryCompiler(),
  },
});
const fromApp = () => "at listLeads (/portal/app/modules/leads/read.server.ts:10:5)";
const manager: Scope = { kind: "channel_manager", userId: 7 };

function check(query: { toOperationNode(): unknown }) {
  return () => checkScoped(query.toOperationNode() as never, fromApp);
}

describe("the scope guard", () => {
  it("refuses a read of a partner-owned table without the scope", () => {
    expect(check(db.selectFrom("leads").selectAll().where("id", "=", 1))).toThrow(UnscopedQueryError);
    expect(check(db.selectFrom("partners").innerJoin("deals", "deals.partner_id", "partners.id").selectAll())).toThrow(/deals/);
  });

  it("refuses writes too, and raw SQL naming such a table", () => {
    expect(check(db.updateTable("fund_requests").set({ status: "approved" }).where("id", "=", 1))).toThrow(UnscopedQueryError);
    expect(check(db.deleteFrom("sell_through_lines").where("submission_id", "=", 1))).toThrow(UnscopedQueryError);
    expect(check(sql`SELECT * FROM fund_ledger WHERE fund_id = ${1}`)).toThrow(/fund_ledger/);
  });

  it("takes a condition from scope.server.ts, in the WHERE or in a subquery", () => {
    expect(check(db.selectFrom("leads").selectAll().where(leadFilter(manager)))).not.toThrow();
    expect(
      check(
        db
          .selectFrom("partners")
          .selectAll()
          .where("id", "in", db.selectFrom("deals").select("partner_id").where(partnerFilter(manager, "deals.partner_id"))),
      ),
    ).not.toThrow();
  });

  it("takes a stated reason, on one query or around a task", () => {
    expect(check(db.updateTable("leads").set({ status: "new" }).where("id", "=", 1).$call(unscoped("locked through the scope above")))).not.toThrow();
    expect(check(sql`SELECT * FROM fund_ledger WHERE fund_id = ${1} ${unscopedSql("ledger")}`)).not.toThrow();
    expect(() => runUnscoped("a job", () => check(db.selectFrom("deals").selectAll())())).not.toThrow();
  });

  it("leaves tables that no partner owns alone", () => {
    expect(check(db.selectFrom("products").selectAll())).not.toThrow();
  });
});
