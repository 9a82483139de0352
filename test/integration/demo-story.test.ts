// The demo data tells one story in time: nobody acts before they exist, nothing happens before
// what it follows from, and nothing of the past is dated after the moment the demo was seeded.
// The seed moves its own clock (withClock) to spread its stories over the past weeks and months;
// these checks read a freshly seeded database of its own, so what other tests add cannot blur it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql, type Kysely, type RawBuilder } from "kysely";
import { createConnection } from "~/lib/db.server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import type { Database } from "../../db/types";

let database: TestDatabase;
let db: Kysely<Database>;
let destroy: () => Promise<void>;
/** The moment the seed finished: the demo's "today". */
let seededAt: Date;

beforeAll(async () => {
  database = await createTestDatabase("portal_story");
  seededAt = new Date();
  const connection = createConnection(database.url, 2);
  db = connection.db;
  destroy = () => connection.db.destroy();
}, 300_000);

afterAll(async () => {
  await destroy?.();
  await database?.drop();
});

/** The rows that break a rule: each check names what it found, so a failure shows the story's slip. */
async function offending(query: RawBuilder<Record<string, unknown>>): Promise<Record<string, unknown>[]> {
  return (await query.execute(db)).rows;
}

describe("the demo's dates tell one story", () => {
  it("partners join before anything is done with them, and users exist before they act", async () => {
    expect(
      await offending(sql`
        SELECT p.code, 'lead offered' AS what, MIN(o.offered_at) AS at, p.created_at AS joined FROM partners p JOIN lead_offers o ON o.partner_id = p.id
        GROUP BY p.id HAVING MIN(o.offered_at) < p.created_at
        UNION ALL SELECT p.code, 'deal created', MIN(d.created_at), p.created_at FROM partners p JOIN deals d ON d.partner_id = p.id
        GROUP BY p.id HAVING MIN(d.created_at) < p.created_at
        UNION ALL SELECT p.code, 'sell-through sold', MIN(l.transaction_date), p.created_at FROM partners p JOIN sell_through_lines l ON l.distributor_id = p.id
        GROUP BY p.id HAVING MIN(l.transaction_date) < DATE(p.created_at)
        UNION ALL SELECT p.code, 'sell-through reported', MIN(s.created_at), p.created_at FROM partners p JOIN sell_through_submissions s ON s.distributor_id = p.id
        GROUP BY p.id HAVING MIN(s.created_at) < p.created_at
        UNION ALL SELECT p.code, 'fund request', MIN(r.created_at), p.created_at FROM partners p JOIN fund_requests r ON r.partner_id = p.id
        GROUP BY p.id HAVING MIN(r.created_at) < p.created_at
        UNION ALL SELECT p.code, 'fund ledger', MIN(f.created_at), p.created_at FROM partners p JOIN fund_ledger f ON f.partner_id = p.id
        GROUP BY p.id HAVING MIN(f.created_at) < p.created_at
        UNION ALL SELECT p.code, 'user created', MIN(u.created_at), p.created_at FROM partners p JOIN users u ON u.partner_id = p.id
        GROUP BY p.id HAVING MIN(u.created_at) < p.created_at`),
    ).toEqual([]);
    expect(
      await offending(sql`
        SELECT u.email, 'lead event' AS what, MIN(e.at) AS at, u.created_at FROM users u JOIN lead_events e ON e.actor_user_id = u.id
        GROUP BY u.id HAVING MIN(e.at) < u.created_at
        UNION ALL SELECT u.email, 'deal event', MIN(e.at), u.created_at FROM users u JOIN deal_events e ON e.actor_user_id = u.id
        GROUP BY u.id HAVING MIN(e.at) < u.created_at
        UNION ALL SELECT u.email, 'audit entry', MIN(a.at), u.created_at FROM users u JOIN audit_log a ON a.actor_user_id = u.id
        GROUP BY u.id HAVING MIN(a.at) < u.created_at
        UNION ALL SELECT u.email, 'notification', MIN(n.created_at), u.created_at FROM users u JOIN notifications n ON n.user_id = u.id
        GROUP BY u.id HAVING MIN(n.created_at) < u.created_at`),
    ).toEqual([]);
  });

  it("a lead is created before it is offered, answered or converted", async () => {
    expect(
      await offending(sql`
        SELECT l.id, 'offered' AS what, l.created_at, l.offered_at AS at FROM leads l WHERE l.offered_at < l.created_at
        UNION ALL SELECT l.id, 'offer', l.created_at, o.offered_at FROM leads l JOIN lead_offers o ON o.lead_id = l.id WHERE o.offered_at < l.created_at
        UNION ALL SELECT l.id, 'offer answered', o.offered_at, o.outcome_at FROM leads l JOIN lead_offers o ON o.lead_id = l.id WHERE o.outcome_at < o.offered_at
        UNION ALL SELECT l.id, 'event', l.created_at, e.at FROM leads l JOIN lead_events e ON e.lead_id = l.id WHERE e.at < l.created_at
        UNION ALL SELECT l.id, 'deal from it', l.created_at, d.created_at FROM leads l JOIN deals d ON d.source_lead_id = l.id WHERE d.created_at < l.created_at`),
    ).toEqual([]);
  });

  it("a deal is created, submitted, decided and its events follow in that order", async () => {
    expect(
      await offending(sql`
        SELECT d.id, 'submitted before created' AS what, d.created_at, d.submitted_at AS at FROM deals d WHERE d.submitted_at < d.created_at
        UNION ALL SELECT d.id, 'decided before submitted', d.submitted_at, d.decided_at FROM deals d WHERE d.decided_at < d.submitted_at
        UNION ALL SELECT d.id, 'protection ends before decided', d.decided_at, d.expires_at FROM deals d WHERE d.expires_at < d.decided_at
        UNION ALL SELECT d.id, 'event before created', d.created_at, e.at FROM deals d JOIN deal_events e ON e.deal_id = d.id WHERE e.at < d.created_at
        UNION ALL SELECT d.id, 'event before submitted', d.submitted_at, e.at FROM deals d JOIN deal_events e ON e.deal_id = d.id
          WHERE e.from_status = 'submitted' AND e.at < d.submitted_at
        UNION ALL SELECT d.id, 'conflict before submitted', d.submitted_at, c.found_at FROM deals d JOIN deal_conflicts c ON c.deal_id = d.id WHERE c.found_at < d.submitted_at`),
    ).toEqual([]);
  });

  it("a fund request is submitted before it is decided, and a claim follows its approval and its activity", async () => {
    expect(
      await offending(sql`
        SELECT r.id, 'request submitted before created' AS what, r.created_at, r.submitted_at AS at FROM fund_requests r WHERE r.submitted_at < r.created_at
        UNION ALL SELECT r.id, 'request decided before submitted', r.submitted_at, r.decided_at FROM fund_requests r WHERE r.decided_at < r.submitted_at
        UNION ALL SELECT c.id, 'claim before the request was approved', r.decided_at, c.submitted_at FROM fund_claims c JOIN fund_requests r ON r.id = c.request_id
          WHERE r.decided_at IS NULL OR c.submitted_at < r.decided_at
        UNION ALL SELECT c.id, 'claim before the activity ended', r.end_date, c.submitted_at FROM fund_claims c JOIN fund_requests r ON r.id = c.request_id
          WHERE DATE(c.submitted_at) < r.end_date
        UNION ALL SELECT c.id, 'claim decided before submitted', c.submitted_at, c.decided_at FROM fund_claims c WHERE c.decided_at < c.submitted_at
        UNION ALL SELECT c.id, 'claim paid before decided', c.decided_at, p.paid_on FROM fund_claims c JOIN fund_payments p ON p.id = c.payment_id
          WHERE p.paid_on < DATE(c.decided_at)`),
    ).toEqual([]);
    // Money is reserved, owed or paid from a fund only once the fund holds some.
    expect(
      await offending(sql`
        SELECT l.fund_id, l.entry AS what, MIN(l.created_at) AS at, firsts.at AS funded FROM fund_ledger l
        JOIN (SELECT fund_id, MIN(created_at) AS at FROM fund_ledger WHERE entry IN ('allocation', 'accrual') GROUP BY fund_id) firsts ON firsts.fund_id = l.fund_id
        WHERE l.entry IN ('reservation', 'payable', 'payment') GROUP BY l.fund_id, l.entry, firsts.at HAVING MIN(l.created_at) < firsts.at`),
    ).toEqual([]);
  });

  it("sell-through is reported for months that have begun, after the sales it reports", async () => {
    const today = seededAt.toISOString().slice(0, 10);
    const month = today.slice(0, 7);
    expect(
      await offending(sql`
        SELECT s.id, 'month after today' AS what, s.period AS at FROM sell_through_submissions s WHERE s.period > ${month}
        UNION ALL SELECT l.submission_id, 'sold after today', MAX(l.transaction_date) FROM sell_through_lines l WHERE l.transaction_date > ${today} GROUP BY l.submission_id
        UNION ALL SELECT s.id, 'committed before received', s.committed_at FROM sell_through_submissions s WHERE s.committed_at < s.created_at
        UNION ALL SELECT s.id, 'received before the month began', s.created_at FROM sell_through_submissions s WHERE DATE_FORMAT(s.created_at, '%Y-%m') < s.period
        UNION ALL SELECT p.distributor_id, 'first commit after the last', p.first_committed_at FROM sell_through_periods p WHERE p.first_committed_at > p.committed_at
        UNION ALL SELECT m.distributor_id, 'summary month after today', m.period FROM sell_through_monthly m WHERE m.period > ${month}`),
    ).toEqual([]);
  });

  it("nothing that happened is dated after today, and each record's history is in order", async () => {
    const latest = new Date(seededAt.getTime() + 1000);
    expect(
      await offending(sql`
        SELECT 'partner' AS what, id, created_at AS at FROM partners WHERE created_at > ${latest}
        UNION ALL SELECT 'user', id, created_at FROM users WHERE created_at > ${latest}
        UNION ALL SELECT 'lead', id, created_at FROM leads WHERE created_at > ${latest}
        UNION ALL SELECT 'lead event', id, at FROM lead_events WHERE at > ${latest}
        UNION ALL SELECT 'deal', id, created_at FROM deals WHERE created_at > ${latest} OR submitted_at > ${latest} OR decided_at > ${latest}
        UNION ALL SELECT 'deal event', id, at FROM deal_events WHERE at > ${latest}
        UNION ALL SELECT 'fund request', id, submitted_at FROM fund_requests WHERE submitted_at > ${latest} OR decided_at > ${latest}
        UNION ALL SELECT 'fund claim', id, submitted_at FROM fund_claims WHERE submitted_at > ${latest} OR decided_at > ${latest}
        UNION ALL SELECT 'notification', id, created_at FROM notifications WHERE created_at > ${latest} OR read_at > ${latest}
        UNION ALL SELECT 'audit entry', id, at FROM audit_log WHERE at > ${latest}`),
    ).toEqual([]);
    // An entity's audit entries, in the order they were written, go forward in time.
    expect(
      await offending(sql`
        SELECT a.entity_type, a.entity_id, a.id, a.action, a.at, b.id AS later_id, b.action AS later_action, b.at AS later_at
        FROM audit_log a JOIN audit_log b ON b.entity_type = a.entity_type AND b.entity_id = a.entity_id AND b.id > a.id
        WHERE b.at < a.at`),
    ).toEqual([]);
    expect(await offending(sql`SELECT id, created_at, read_at FROM notifications WHERE read_at < created_at`)).toEqual([]);
  });
});
