// The portal on a three-node Galera cluster (npm run test:galera). The schema and the demo are
// loaded through node 1; the app and this file's own module calls use node 2; every result is
// then read on the other nodes (with wsrep_sync_wait, so a read waits for replication). Then
// nodes are killed with SIGKILL: during a sell-through commit on the app's node and on another
// node, and while two workers on different nodes process jobs. Nothing may be lost or doubled.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { sql } from "kysely";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, closeDb, type DB } from "~/lib/db.server";
import { enqueueJob, registerJob, runDueJobs } from "~/lib/jobs.server";
import { storeStream } from "~/lib/storage.server";
import { saveDeal } from "~/modules/deals/write.server";
import { approveDeal } from "~/modules/deals/lifecycle.server";
import { createLead } from "~/modules/leads/create.server";
import { acceptLead } from "~/modules/leads/lifecycle.server";
import { allocateMdf } from "~/modules/funds/funds.server";
import { approveRequest } from "~/modules/funds/requests.server";
import { checkSubmission, receiveFile, startCheck } from "~/modules/sell-through/submissions.server";
import { currentLines } from "~/modules/sell-through/stored-lines.server";
import { createDatabase } from "../../db/local-server";
import { migrateToLatest } from "../../db/migrate";
import { seedDemo } from "../../db/seed/demo";
import { startAppProcess, type AppProcess } from "../support/app-process";
import { PortalClient } from "../support/client";
import { db, partnerByCode, scopeOf, uniqueCode, userByEmail } from "../support/db";
import { requestBeforeActivity } from "../support/funds";
import { leadInput, makeWorld } from "../support/leads";
import { startGaleraCluster, type GaleraCluster } from "./cluster";

/** A client of the app started here (PortalClient reads its address from the default suites' setup). */
class AppClient extends PortalClient {
  override readonly baseUrl: string;
  constructor(baseUrl: string) {
    super();
    this.baseUrl = baseUrl;
  }
}

let cluster: GaleraCluster;
let app: AppProcess;
let storage: string;
/** One connection pool per node, for reading what replicated; index 0 is node 1. */
const nodeDbs: { db: DB; pool: import("mysql2/promise").Pool }[] = [];
const databaseUrl = (node: number) => `${cluster.nodes[node - 1].baseUrl}/portal`;

function openNode(node: number) {
  const connection = createConnection(databaseUrl(node), 2);
  // A read on this node waits until it has applied every write the cluster committed before it.
  connection.pool.pool.on("connection", (c) => c.query("SET SESSION wsrep_sync_wait = 1"));
  return connection;
}

beforeAll(async () => {
  cluster = await startGaleraCluster();
  await createDatabase(cluster.nodes[0].baseUrl, "portal");
  const loader = createConnection(databaseUrl(1), 2);
  try {
    await migrateToLatest(loader.db);
    await seedDemo(loader.db);
  } finally {
    await loader.db.destroy();
  }
  for (const node of [1, 2, 3]) nodeDbs.push(openNode(node));
  storage = mkdtempSync(path.join(os.tmpdir(), "portal-galera-storage-"));
  process.env.STORAGE_DIR = storage;
  process.env.DATABASE_URL = databaseUrl(2);
  app = await startAppProcess(databaseUrl(2), { prefix: "[app]" });
});

afterAll(async () => {
  await app?.stop();
  await closeDb();
  await Promise.all(nodeDbs.map((node) => node.db.destroy()));
  await cluster?.stop();
  if (storage) rmSync(storage, { recursive: true, force: true });
});

async function as(email: string) {
  const user = await userByEmail(email);
  return { scope: await scopeOf(email), actor: { userId: user.id, email: user.email, ip: null } };
}

/** The same value read on each node given. */
async function onNodes<T>(nodes: number[], read: (db: DB) => Promise<T>): Promise<T[]> {
  return Promise.all(nodes.map((node) => read(nodeDbs[node - 1].db)));
}

let monthCounter = 0;
function freshPeriod(): string {
  monthCounter += 1;
  return `2019-${String(monthCounter).padStart(2, "0")}`;
}

/** A month's file of `lines` lines for Northwind (NWD), uploaded and checked through node 2, not yet committed. */
async function checkedMonth(lines: number) {
  const period = freshPeriod();
  const distributor = await as("distributor@example.com");
  const nwd = await partnerByCode("NWD");
  const [product] = await db().selectFrom("products").select("sku").where("active", "=", 1).orderBy("sku").limit(1).execute();
  const rows = ["date,invoice,line,sku,qty,unit price,currency"];
  for (let n = 1; n <= lines; n++) rows.push(`${period}-${String((n % 28) + 1).padStart(2, "0")},G${period}-${n},1,${product.sku},1,10.00,USD`);
  const stored = await storeStream(Readable.from([Buffer.from(rows.join("\n"), "utf8")]), "sell-through");
  const received = await receiveFile(db(), distributor.scope, distributor.actor, { distributorId: nwd.id, period, fileName: `${period}.csv`, stored });
  await startCheck(db(), distributor.scope, distributor.actor, received.submissionId, received.mapping, received.header);
  await checkSubmission(db(), received.submissionId, process.env.DATABASE_URL);
  return { period, distributorId: nwd.id, submissionId: received.submissionId };
}

async function monthOnNodes(nodes: number[], month: { period: string; distributorId: number; submissionId: number }) {
  return onNodes(nodes, async (node) => {
    const lines = await currentLines(node)
      .select(sql<string>`COUNT(*)`.as("n"))
      .where("l.distributor_id", "=", month.distributorId)
      .where("l.period", "=", month.period)
      .executeTakeFirstOrThrow();
    const rollup = await node
      .selectFrom("sell_through_monthly")
      .select(sql<string>`COALESCE(SUM(line_count), 0)`.as("n"))
      .where("distributor_id", "=", month.distributorId)
      .where("period", "=", month.period)
      .executeTakeFirstOrThrow();
    const submission = await node.selectFrom("sell_through_submissions").select("status").where("id", "=", month.submissionId).executeTakeFirstOrThrow();
    const commits = await node
      .selectFrom("audit_log")
      .select(sql<string>`COUNT(*)`.as("n"))
      .where("action", "=", "sell_through.committed")
      .where("entity_id", "=", String(month.submissionId))
      .executeTakeFirstOrThrow();
    return { status: submission.status, lines: Number(lines.n), rollup: Number(rollup.n), commits: Number(commits.n) };
  });
}

/**
 * Holds the month's guard row (sell_through_periods) locked on node `node`, as a second commit
 * of the same month would: a commit started now runs its transaction up to the guard and waits
 * there, so a node can be killed while the commit is under way.
 */
async function holdMonthGuard(node: number, month: { period: string; distributorId: number }) {
  const holder = await mysql.createConnection({ uri: databaseUrl(node) });
  await holder.query("INSERT IGNORE INTO sell_through_periods (distributor_id, period) VALUES (?, ?)", [month.distributorId, month.period]);
  await holder.query("START TRANSACTION");
  await holder.query("SELECT * FROM sell_through_periods WHERE distributor_id = ? AND period = ? FOR UPDATE", [month.distributorId, month.period]);
  return {
    /** Resolves once another transaction on the node waits for the guard. */
    async waitedFor() {
      for (let polls = 0; polls < 2000; polls++) {
        const [rows] = await holder.query(
          "SELECT COUNT(*) AS n FROM information_schema.processlist WHERE id <> CONNECTION_ID() AND info LIKE '%sell_through_periods%'",
        );
        if (Number((rows as { n: number }[])[0].n) > 0) return;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error("No transaction came to wait for the month's guard");
    },
    async release() {
      await holder.query("ROLLBACK").catch(() => undefined);
      holder.destroy();
    },
  };
}

/** Transactions the cluster refused on nodes 1 and 2 so far: lost certification or aborted by a replicated write. */
async function refusedOnWorkerNodes(): Promise<number> {
  const counts = await onNodes([1, 2], async (node) => {
    const { rows } = await sql<{ Value: string }>`SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_local_cert_failures', 'wsrep_local_bf_aborts')`.execute(
      node,
    );
    return rows.reduce((sum, row) => sum + Number(row.Value), 0);
  });
  return counts[0] + counts[1];
}

describe("the portal on a three-node Galera cluster", () => {
  it("has a primary key on every table, which Galera needs to replicate rows", async () => {
    const keyless = await sql<{ table_name: string }>`
      SELECT t.table_name AS table_name FROM information_schema.tables t
      WHERE t.table_schema = 'portal' AND t.table_type = 'BASE TABLE' AND NOT EXISTS (
        SELECT 1 FROM information_schema.table_constraints c
        WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.constraint_type = 'PRIMARY KEY')`.execute(nodeDbs[0].db);
    expect(keyless.rows.map((r) => r.table_name)).toEqual([]);
  });

  it("signs in through the app on node 2, and the session is on nodes 1 and 3", async () => {
    const client = new AppClient(app.baseUrl);
    await client.signIn("manager@example.com");
    expect((await client.get("/")).status).toBe(200);
    const manager = await userByEmail("manager@example.com");
    const sessions = await onNodes(
      [1, 3],
      async (node) => (await node.selectFrom("user_sessions").select("id").where("user_id", "=", manager.id).execute()).length,
    );
    expect(sessions.every((n) => n >= 1)).toBe(true);
  });

  it("routes a lead to a partner who accepts it, on every node", async () => {
    const world = await makeWorld("LI", [{ tier: "gold", postcode: "9490" }]);
    const { id, routing } = await createLead(db(), world.admin.scope, world.admin.actor, leadInput(world));
    expect(routing).not.toBeNull();
    const partner = world.partners[0];
    const scope = { kind: "partner" as const, userId: partner.adminId, role: "partner_admin" as const, partnerId: partner.id };
    await acceptLead(db(), scope, { userId: partner.adminId, email: partner.adminEmail, ip: null }, id);
    const seen = await onNodes([1, 3], async (node) => {
      const lead = await node.selectFrom("leads").select(["status", "partner_id"]).where("id", "=", id).executeTakeFirstOrThrow();
      const accepted = await node.selectFrom("lead_events").select("id").where("lead_id", "=", id).where("event", "=", "accepted").execute();
      return { partner: lead.partner_id, accepted: accepted.length };
    });
    expect(seen).toEqual([
      { partner: partner.id, accepted: 1 },
      { partner: partner.id, accepted: 1 },
    ]);
  });

  it("approves a deal, on every node", async () => {
    const reseller = await as("reseller@example.com");
    const manager = await as("manager@example.com");
    const products = await db().selectFrom("products").select(["id"]).where("active", "=", 1).orderBy("id").limit(1).execute();
    const code = uniqueCode("G").toLowerCase();
    const { id } = await saveDeal(
      db(),
      reseller.scope,
      reseller.actor,
      {
        name: `Cluster deal ${code}`,
        customerName: `Galera ${code} Ltd.`,
        customerDomain: `${code}-galera.com`,
        customerCountry: "DE",
        currency: "EUR",
        expectedCloseDate: new Date(Date.now() + 60 * 24 * 3600 * 1000).toISOString().slice(0, 10),
        competitors: "",
        notes: "",
        fulfillingPartnerId: null,
        sourceLeadId: null,
        lines: [{ productId: products[0].id, quantity: 2, unitPrice: "100.00" }],
      },
      { submit: true },
    );
    await approveDeal(db(), manager.scope, manager.actor, id);
    const seen = await onNodes([1, 3], async (node) => {
      const deal = await node.selectFrom("deals").select("status").where("id", "=", id).executeTakeFirstOrThrow();
      const protections = await node.selectFrom("deal_protections").select("deal_id").where("deal_id", "=", id).execute();
      return { status: deal.status, protected: protections.length > 0 };
    });
    expect(seen).toEqual([
      { status: "approved", protected: true },
      { status: "approved", protected: true },
    ]);
  });

  it("takes a sell-through month uploaded and checked, committed through the app, on every node", async () => {
    const month = await checkedMonth(50);
    const distributor = new AppClient(app.baseUrl);
    await distributor.signIn("distributor@example.com");
    const committed = await distributor.post(`/sell-through/submissions/${month.submissionId}`, { intent: "commit", confirmUnusual: "yes" });
    expect(committed.status).toBe(302);
    expect(await monthOnNodes([1, 2, 3], month)).toEqual(Array(3).fill({ status: "committed", lines: 50, rollup: 50, commits: 1 }));
  });

  it("approves a fund request, on every node", async () => {
    const admin = await as("admin@example.com");
    const reseller = await as("reseller@example.com");
    const manager = await as("manager@example.com");
    const bps = await partnerByCode("BPS");
    const { funds } = await allocateMdf(db(), admin.scope, admin.actor, [{ partnerId: bps.id, quarter: "2031-Q1", amount: "5000.00", note: "" }]);
    const { id } = await requestBeforeActivity(db(), reseller.scope, reseller.actor, {
      fundId: funds[0],
      activityType: "trade_show",
      description: "Booth on the cluster",
      startDate: "2031-02-10",
      endDate: "2031-02-12",
      plannedCost: "2000.00",
      requestedAmount: "1000.00",
      expectedResults: "",
    });
    await approveRequest(db(), manager.scope, manager.actor, id, { amount: "1000.00", note: "" });
    const seen = await onNodes(
      [1, 3],
      async (node) => await node.selectFrom("fund_requests").select(["status", "approved_amount"]).where("id", "=", id).executeTakeFirstOrThrow(),
    );
    expect(seen).toEqual(Array(2).fill({ status: "approved", approved_amount: "1000.00" }));
  });
});

describe("a node killed with SIGKILL", () => {
  const LINES = 20_000;

  it("during a commit on another node: the commit lands once, and the killed node catches up when it is back", async () => {
    const month = await checkedMonth(LINES);
    const distributor = new AppClient(app.baseUrl);
    await distributor.signIn("distributor@example.com");
    const guard = await holdMonthGuard(2, month);
    const commit = distributor.post(`/sell-through/submissions/${month.submissionId}`, { intent: "commit", confirmUnusual: "yes" });
    await guard.waitedFor();
    // kill() sends SIGKILL at once, then waits for the cluster to see two nodes.
    const killed = cluster.kill(3);
    await guard.release();
    expect((await commit).status).toBe(302);
    await killed;
    expect(await monthOnNodes([1, 2], month)).toEqual(Array(2).fill({ status: "committed", lines: LINES, rollup: LINES, commits: 1 }));
    await cluster.restart(3);
    expect(await monthOnNodes([3], month)).toEqual([{ status: "committed", lines: LINES, rollup: LINES, commits: 1 }]);
  });

  it("during a commit on the app's own node: the app answers with an error, and the commit resubmitted once the node is back lands once", async () => {
    const month = await checkedMonth(LINES);
    const distributor = new AppClient(app.baseUrl);
    await distributor.signIn("distributor@example.com");
    const guard = await holdMonthGuard(2, month);
    const commit = distributor.post(`/sell-through/submissions/${month.submissionId}`, { intent: "commit", confirmUnusual: "yes" });
    await guard.waitedFor();
    const killed = cluster.kill(2);
    await guard.release();
    expect((await commit).status).toBe(500);
    await killed;
    // Nothing of the month was committed: the transaction died with its node.
    expect(await monthOnNodes([1, 3], month)).toEqual(Array(2).fill({ status: "checked", lines: 0, rollup: 0, commits: 0 }));
    await cluster.restart(2);
    // The app's pool may still hold connections to the node's previous life; each failed
    // request drops one. A person would press the button again.
    let resubmitted: Response | undefined;
    for (let attempt = 0; attempt < 5 && resubmitted?.status !== 302; attempt++) {
      resubmitted = await distributor.post(`/sell-through/submissions/${month.submissionId}`, { intent: "commit", confirmUnusual: "yes" });
    }
    expect(resubmitted?.status).toBe(302);
    expect(await monthOnNodes([1, 2, 3], month)).toEqual(Array(3).fill({ status: "committed", lines: LINES, rollup: LINES, commits: 1 }));
  });

  it("while workers on nodes 1 and 2 race for the same jobs: each job runs once and is done on every node", async () => {
    const jobType = `galera.smoke.${process.pid}`;
    const runs = new Map<number, number>();
    registerJob(jobType, async (payload: { n: number }) => {
      runs.set(payload.n, (runs.get(payload.n) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 5));
    });
    const JOBS = 200;
    for (let n = 0; n < JOBS; n++) await enqueueJob(db(), jobType, { n });
    const worker = async (node: number, id: string) => {
      let ran = 0;
      for (let batch = await runDueJobs(nodeDbs[node - 1].db, id, 20); batch > 0; batch = await runDueJobs(nodeDbs[node - 1].db, id, 20)) ran += batch;
      return ran;
    };
    const refusedBefore = await refusedOnWorkerNodes();
    const working = Promise.all([worker(1, "worker-node1"), worker(2, "worker-node2")]);
    while (runs.size < JOBS / 5) await new Promise((r) => setTimeout(r, 5));
    await cluster.kill(3);
    const [onNode1, onNode2] = await working;
    // The two workers claimed the same jobs at times; the refused claims were run again.
    expect(await refusedOnWorkerNodes()).toBeGreaterThan(refusedBefore);
    expect(onNode1 + onNode2).toBe(JOBS);
    expect(onNode1).toBeGreaterThan(0);
    expect(onNode2).toBeGreaterThan(0);
    expect([...runs.values()].filter((count) => count !== 1)).toEqual([]);
    expect(runs.size).toBe(JOBS);
    await cluster.restart(3);
    const states = await onNodes([1, 2, 3], async (node) =>
      node
        .selectFrom("jobs")
        .select(["status", "attempts", sql<string>`COUNT(*)`.as("n")])
        .where("type", "=", jobType)
        .groupBy(["status", "attempts"])
        .execute(),
    );
    expect(states.map((rows) => rows.map((r) => ({ ...r, n: Number(r.n) })))).toEqual(Array(3).fill([{ status: "done", attempts: 1, n: JOBS }]));
  });
});
