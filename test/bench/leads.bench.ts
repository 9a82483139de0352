// Leads at scale (1,000,000 leads, 5,000 partners; db/seed/scale.ts):
// - the /leads list for a channel manager (the pool and their 400 partners' leads, newest
//   first) and for a partner admin (their inbox), with requests arriving at a fixed rate
//   (open loop, as independent users send them): the p95 at 100 req/s, and the first of a
//   rising series of rates (10 to 400 req/s) at which the p95 passes 250 ms;
// - routing 100,000 new pool leads with the full scoring, in this process (rerouteLeads: the router the
//   import and the "Route" button run too), timed; the leads and everything routing wrote for
//   them are deleted afterwards, so the data set is the same for the next run.
// Nothing here asserts a time: the figures are for people to read.
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { createConnection, type DB } from "../../app/lib/db.server";
import { SYSTEM_ACTOR } from "../../app/lib/audit.server";
import { rerouteLeads, type RoutingResult } from "../../app/modules/leads/routing.server";
import { BENCH_MANAGER_EMAIL, BENCH_PARTNER_ADMIN_EMAIL, insertNewPoolLeads, seededLeadRange } from "../../db/seed/scale";
import { describeOpenLoop, runOpenLoop, warmUp, type BenchContext, type Figure } from "./lib";

const LIST_PATH = "/leads";
/** BENCH_ROUTE_LEADS=1000 for a quick try; the figure is named after the count. */
const ROUTE_LEADS = Number(process.env.BENCH_ROUTE_LEADS ?? 100_000);
/** Marks the routing run's leads, so a run that died half-way is cleaned up by the next one. */
const ROUTE_NOTES = "bench: leads.bench.ts routing run";
const DELETE_CHUNK = 10_000;

/** The page lists lead rows (each links to /leads/<id>). */
function showsLeadRows(who: string) {
  return (body: string) => {
    const rows = body.match(/href="\/leads\/\d+"/g)?.length ?? 0;
    return rows >= 10 ? null : `the page shows ${rows} lead rows for ${who}, expected a full page (is the scale seed loaded and the list scoped right?)`;
  };
}

export default async function leadsBench({ baseUrl, signIn, log }: BenchContext): Promise<Figure[]> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "leads.bench.ts needs the bench database's URL in process.env.DATABASE_URL to route leads in-process; " +
        "test/bench/run.ts does not set it for the embedded server (add `process.env.DATABASE_URL ??= database.url;` after `const database = await prepareDatabase();` in main()), " +
        "or run with DATABASE_URL=mysql://... set.",
    );
  }

  const figures: Figure[] = [];
  let pageError: unknown;
  try {
    figures.push(...(await pageFigures(baseUrl, signIn, log)));
  } catch (error) {
    // Still measure routing; the page's failure is reported after it.
    pageError = error;
    log(`the /leads page figures failed: ${error instanceof Error ? error.message : String(error)}`);
  }

  const { db } = createConnection(url, 4);
  try {
    const routing = await routingFigures(db, url, log);
    figures.push(...routing);
  } finally {
    await db.destroy();
  }
  if (pageError) throw pageError;
  return figures;
}

/** The rate the list must keep up with (p95 within 100 ms there), requests per second. */
const TARGET_RATE = Number(process.env.BENCH_LEADS_RATE ?? 100);
/** Rates tried in turn, lowest first, to find where the p95 crosses CROSSING_MS. */
const CROSSING_RATES = [10, 20, 30, 50, 75, 100, 150, 200, 300, 400];
const CROSSING_MS = 250;

async function pageFigures(baseUrl: string, signIn: (email: string) => Promise<string>, log: (m: string) => void): Promise<Figure[]> {
  const users = [
    { who: "manager", email: BENCH_MANAGER_EMAIL, cookie: await signIn(BENCH_MANAGER_EMAIL) },
    { who: "partner", email: BENCH_PARTNER_ADMIN_EMAIL, cookie: await signIn(BENCH_PARTNER_ADMIN_EMAIL) },
  ];
  for (const user of users) await probe(baseUrl, LIST_PATH, user.cookie, user.email, log);
  await warmUp(
    baseUrl,
    users.map((user) => ({ path: LIST_PATH, cookie: user.cookie })),
  );
  const figures: Figure[] = [];
  for (const user of users) {
    const load = (rate: number) => runOpenLoop({ baseUrl, path: LIST_PATH, cookie: user.cookie, rate, expectBody: showsLeadRows(user.email) });
    const atTarget = await load(TARGET_RATE);
    log(`${user.email}: ${describeOpenLoop(atTarget)}`);
    figures.push(
      { name: `leads_list_${user.who}_p50_at_${TARGET_RATE}rps`, value: atTarget.p50, unit: "ms" },
      { name: `leads_list_${user.who}_p95_at_${TARGET_RATE}rps`, value: atTarget.p95, unit: "ms" },
    );
    // Past the crossing the queue only grows, so the search stops at the first rate that crosses.
    let crossed: number | undefined;
    for (const rate of CROSSING_RATES) {
      const result = rate === TARGET_RATE ? atTarget : await load(rate);
      if (rate !== TARGET_RATE) log(`${user.email}: ${describeOpenLoop(result)}`);
      if (result.p95 > CROSSING_MS) {
        crossed = rate;
        break;
      }
    }
    const last = CROSSING_RATES[CROSSING_RATES.length - 1];
    if (crossed === undefined) log(`${user.email}: the p95 stayed within ${CROSSING_MS} ms up to ${last} req/s`);
    figures.push({
      name: `leads_list_${user.who}_rate_p95_over_${CROSSING_MS}ms`,
      value: crossed ?? last,
      unit: crossed === undefined ? "req/s (not crossed)" : "req/s",
    });
  }
  return figures;
}

/** One request alone (after one to warm up); returns how long it took in ms. */
async function probe(baseUrl: string, path: string, cookie: string, who: string, log: (m: string) => void): Promise<number> {
  let ms = 0;
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    const response = await fetch(new URL(path, baseUrl), { headers: { Accept: "text/html", Cookie: cookie }, redirect: "manual" });
    const body = await response.text();
    ms = performance.now() - t0;
    if (response.status !== 200) throw new Error(`GET ${path} as ${who} answered ${response.status}, not 200: ${body.slice(0, 300)}`);
    if (i === 1) log(`${who}: one GET ${path} alone takes ${ms.toFixed(0)} ms (${body.match(/href="\/leads\/\d+"/g)?.length ?? 0} lead rows)`);
  }
  return ms;
}

interface Watermarks {
  auditLog: number;
  notifications: number;
  emailOutbox: number;
  jobs: number;
}

async function watermarks(db: DB): Promise<Watermarks> {
  const max = async (table: "audit_log" | "notifications" | "email_outbox" | "jobs") =>
    Number((await sql<{ id: number | null }>`SELECT MAX(id) AS id FROM ${sql.table(table)}`.execute(db)).rows[0]?.id ?? 0);
  const [auditLog, notifications, emailOutbox, jobs] = await Promise.all([max("audit_log"), max("notifications"), max("email_outbox"), max("jobs")]);
  return { auditLog, notifications, emailOutbox, jobs };
}

/** Deletes leads firstId..lastId (only the routing run's) and what routing wrote for them. */
async function deleteRoutedLeads(db: DB, firstId: number, lastId: number, since: Watermarks | null): Promise<void> {
  for (let from = firstId; from <= lastId; from += DELETE_CHUNK) {
    const to = Math.min(lastId, from + DELETE_CHUNK - 1);
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom("lead_offers").where("lead_id", ">=", from).where("lead_id", "<=", to).execute();
      await trx.deleteFrom("lead_events").where("lead_id", ">=", from).where("lead_id", "<=", to).execute();
      await trx
        .deleteFrom("audit_log")
        .where("id", ">", since?.auditLog ?? 0)
        .where("entity_type", "=", "lead")
        .where(sql<boolean>`CAST(entity_id AS UNSIGNED) BETWEEN ${from} AND ${to}`)
        .execute();
      await trx.deleteFrom("leads").where("id", ">=", from).where("id", "<=", to).where("notes", "=", ROUTE_NOTES).execute();
    });
  }
  if (since) {
    // Notices and mail routing sent; nothing else writes them while the bench routes (the
    // app is idle and runs no worker).
    await db.deleteFrom("notifications").where("id", ">", since.notifications).execute();
    await db.deleteFrom("email_outbox").where("id", ">", since.emailOutbox).execute();
    await db.deleteFrom("jobs").where("id", ">", since.jobs).execute();
  }
}

/** Leads a routing run that died half-way left behind (they come after the seeded ones). */
async function cleanUpEarlierRun(db: DB, log: (m: string) => void): Promise<void> {
  const seeded = await seededLeadRange(db);
  const left = await db
    .selectFrom("leads")
    .select([sql<number | null>`MIN(id)`.as("first"), sql<number | null>`MAX(id)`.as("last"), sql<number>`COUNT(*)`.as("n")])
    .where("id", ">", seeded?.lastId ?? 0)
    .where("notes", "=", ROUTE_NOTES)
    .executeTakeFirstOrThrow();
  if (!Number(left.n)) return;
  log(`deleting ${left.n} leads an earlier routing run left behind (their notices and mail cannot be told apart any more and stay)`);
  await deleteRoutedLeads(db, Number(left.first), Number(left.last), null);
}

/** Exported to profile routing on its own (pass a Kysely with a query log). */
export async function routingFigures(db: DB, url: string, log: (m: string) => void): Promise<Figure[]> {
  await cleanUpEarlierRun(db, log);
  const leadsBefore = Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM leads`.execute(db)).rows[0].n);
  const since = await watermarks(db);

  let t0 = performance.now();
  const { firstId, lastId } = await insertNewPoolLeads(db, url, ROUTE_LEADS, { notes: ROUTE_NOTES });
  log(`inserted ${lastId - firstId + 1} new pool leads (ids ${firstId}..${lastId}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  let result: RoutingResult;
  let seconds: number;
  try {
    const ids = Array.from({ length: lastId - firstId + 1 }, (_, i) => firstId + i);
    t0 = performance.now();
    result = await rerouteLeads(db, SYSTEM_ACTOR, ids);
    seconds = (performance.now() - t0) / 1000;

    const reasons = await db
      .selectFrom("leads")
      .select([
        sql<number>`SUM(pool_reason LIKE '%at capacity%')`.as("capacity"),
        sql<number>`SUM(pool_reason NOT LIKE '%at capacity%')`.as("other"),
        sql<number>`COUNT(DISTINCT partner_id)`.as("partners"),
      ])
      .where("id", ">=", firstId)
      .where("id", "<=", lastId)
      .executeTakeFirstOrThrow();
    // Counted, not told from the ids: AUTO_INCREMENT does not go back after a run's cleanup.
    const countSince = async (table: "audit_log" | "notifications" | "email_outbox", id: number) =>
      Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(table)} WHERE id > ${id}`.execute(db)).rows[0].n);
    const written = {
      notifications: await countSince("notifications", since.notifications),
      emailOutbox: await countSince("email_outbox", since.emailOutbox),
      auditLog: await countSince("audit_log", since.auditLog),
    };
    log(
      `routed ${ids.length} leads in ${seconds.toFixed(1)} s (${Math.round(ids.length / seconds)} leads/s): ` +
        `${result.offered} offered to ${reasons.partners} partners, ${result.unroutable} left unroutable ` +
        `(${Number(reasons.capacity)} of them with partners at capacity among the reasons, ${Number(reasons.other)} for other reasons only), ` +
        `${result.skipped} skipped; wrote ${written.notifications} notifications, ${written.emailOutbox} e-mails, ${written.auditLog} audit rows`,
    );
  } finally {
    t0 = performance.now();
    await deleteRoutedLeads(db, firstId, lastId, since);
    const leadsAfter = Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM leads`.execute(db)).rows[0].n);
    log(
      `deleted the routing run's leads and what routing wrote for them in ${((performance.now() - t0) / 1000).toFixed(1)} s (leads: ${leadsBefore} before, ${leadsAfter} after)`,
    );
    if (leadsAfter !== leadsBefore) throw new Error(`The leads table has ${leadsAfter} rows after the routing run, not ${leadsBefore}`);
  }

  return [
    { name: ROUTE_LEADS === 100_000 ? "leads_route_100k_seconds" : `leads_route_${ROUTE_LEADS}_seconds`, value: seconds, unit: "s" },
    { name: "leads_route_rate", value: ROUTE_LEADS / seconds, unit: "leads/s" },
  ];
}
