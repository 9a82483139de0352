// Scope as a guard, not a habit. With SCOPE_GUARD=on (the test suites set it, for the test
// runner and for the app process they start), every query that touches a partner-owned table
// must carry a condition made by scope.server.ts, or say why it needs none; anything else
// throws, so a module function that forgets the scope fails its tests instead of leaking.
//
// The ways to say why, each greppable:
// - `unscoped("reason")` on one query (`.$call(unscoped("…"))`), for the vendor-wide reads
//   and the writes by id that follow a scoped, locked read of the same row;
// - `runUnscoped("reason", fn)` around code that acts for nobody in particular (the job
//   worker, seeds, sign-in); everything fn runs, awaited or not, is covered.
// Queries the test files run themselves (fixtures, checks) are not the app's and are let
// through: the guard looks at who executed the query.
import { AsyncLocalStorage } from "node:async_hooks";
import { appendFileSync } from "node:fs";
import path from "node:path";
import {
  sql,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from "kysely";

/** The tables whose rows belong to a partner: reading or changing them needs the scope. */
export const PARTNER_OWNED_TABLES: ReadonlySet<string> = new Set([
  "leads",
  "lead_offers",
  "deals",
  "sell_through_submissions",
  "sell_through_lines",
  "funds",
  "fund_requests",
  "fund_claims",
  "fund_claim_files",
  "fund_ledger",
  "api_keys",
  "sell_through_direct_sale_names",
  "content_downloads",
  "campaign_adoptions",
  "campaign_feedback",
  "partner_events",
  "agreement_acceptances",
  "lifecycle_reminders",
  "user_certifications",
  "tier_reviews",
]);

/** Written into the SQL of every condition scope.server.ts makes. */
export const SCOPE_MARK = "/*scope*/";
const UNSCOPED_MARK = "/*unscoped:";

const unscopedContext = new AsyncLocalStorage<string>();

/** Runs fn, and everything it starts, without the guard; the reason says why nobody's scope applies. */
export function runUnscoped<T>(reason: string, fn: () => T): T {
  return unscopedContext.run(reason, fn);
}

/** A function that acts for nobody in particular (a deadline, a file's check), run without the guard. */
export function systemTask<A extends unknown[], R>(reason: string, fn: (...args: A) => R): (...args: A) => R {
  return (...args) => runUnscoped(reason, () => fn(...args));
}

/** The same mark for a query written as sql`…`: put `${unscopedSql("why")}` at its end. */
export function unscopedSql(reason: string) {
  return sql.raw(`${UNSCOPED_MARK} ${reason.replace(/\*\//g, "")} */`);
}

/** Marks one query as needing no scope, and why: `.$call(unscoped("after lockLead"))`. */
export function unscoped(reason: string) {
  const mark = unscopedSql(reason);
  return <B extends { modifyEnd(modifier: typeof mark): B }>(builder: B): B => builder.modifyEnd(mark);
}

export function scopeGuardEnabled(): boolean {
  return process.env.SCOPE_GUARD === "on" || process.env.SCOPE_GUARD === "report";
}

export class UnscopedQueryError extends Error {}

interface Findings {
  tables: Set<string>;
  scoped: boolean;
  optedOut: boolean;
}

const TABLE_IN_RAW_SQL = /\b(?:FROM|JOIN|UPDATE|INTO)\s+`?([a-z_]+)`?/gi;

function inspect(node: unknown, found: Findings): void {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const child of node) inspect(child, found);
    return;
  }
  const operation = node as OperationNode & Record<string, unknown>;
  if (operation.kind === "TableNode") {
    const name = (operation as unknown as { table: { identifier: { name: string } } }).table.identifier.name;
    found.tables.add(name);
  } else if (operation.kind === "RawNode") {
    const text = (operation as unknown as { sqlFragments: readonly string[] }).sqlFragments.join("?");
    if (text.includes(SCOPE_MARK)) found.scoped = true;
    if (text.includes(UNSCOPED_MARK)) found.optedOut = true;
    for (const match of text.matchAll(TABLE_IN_RAW_SQL)) found.tables.add(match[1].toLowerCase());
  }
  for (const value of Object.values(operation)) if (value && typeof value === "object") inspect(value, found);
}

// Every process of the suites runs from the project's folder.
const testDirectory = `${path.resolve("test")}${path.sep}`;

const GUARD_FRAMES = /\b(?:executor|checkScoped|transformQuery)\b|scope-guard\.server|node_modules|node:/;

/** The first frame of the stack that is neither Kysely, Node nor this guard: who executed the query. */
function executor(): string {
  const limit = Error.stackTraceLimit;
  // Kysely's own frames alone can fill the default ten.
  Error.stackTraceLimit = 60;
  const stack = new Error().stack ?? "";
  Error.stackTraceLimit = limit;
  return (
    stack
      .split("\n")
      .slice(1)
      .find((frame) => !GUARD_FRAMES.test(frame))
      ?.trim() ?? "(unknown)"
  );
}

/** Throws (or, with SCOPE_GUARD=report, logs) when the query needs the scope and has none; `by` names who executed it. */
export function checkScoped(node: RootOperationNode, by: () => string = executor): void {
  if (unscopedContext.getStore() !== undefined) return;
  // A new row has no scope to match: the module decided who may create it, and sets its
  // partner_id itself. An INSERT … SELECT reads rows, and is checked.
  if (node.kind === "InsertQueryNode" && node.values?.kind !== "SelectQueryNode") return;
  const found: Findings = { tables: new Set(), scoped: false, optedOut: false };
  inspect(node, found);
  if (found.scoped || found.optedOut) return;
  const owned = [...found.tables].filter((table) => PARTNER_OWNED_TABLES.has(table));
  if (owned.length === 0) return;
  const caller = by();
  if (caller.includes(testDirectory)) return;
  const message = `A query on ${owned.join(", ")} has no condition from scope.server.ts (${caller}). Add the caller's scope, or mark it with unscoped("why") / runUnscoped("why", …).`;
  // "report" lists every such query in a file instead of failing, to survey a codebase.
  if (process.env.SCOPE_GUARD === "report") appendFileSync(process.env.SCOPE_GUARD_LOG ?? "scope-guard.log", `${message}\n`);
  else throw new UnscopedQueryError(message);
}

/** The Kysely plugin that applies checkScoped to every query. */
export class ScopeGuardPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    checkScoped(args.node);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
