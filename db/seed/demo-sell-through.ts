// Demo sell-through: six months for each demo distributor (Northwind, Pacific Channel Supply,
// 华东科技分销), and four months a year before them, so the reports, the regional coverage, the reporting record and the home pages have something
// true to show. Each submission is staged as the check would stage it and committed by the real
// commit (commitSubmission: lines, rollups, deal matching, the month's row), then its times are
// moved to when it would have happened, relative to today, in UTC:
// - lines across the catalogue, for the distributor's resellers and sold direct, in EUR and USD
//   (Northwind), USD (Pacific) and CNY (华东); some to the end customers of approved demo deal
//   registrations, so the closed loop links them;
// - one Northwind month sent twice (the first submission superseded), one Northwind month with
//   rejected rows never sent again, one Pacific month committed late (day 14 of the next month),
//   and one month 华东 never reported;
// - exchange rates for every month and currency.
import { sql } from "kysely";
import { scopeFor, type Scope } from "../../app/lib/scope.server";
import { now, withClock } from "../../app/lib/clock.server";
import { multiplyAmount } from "../../app/lib/money";
import { customerKey } from "../../app/modules/deals/customer";
import { commitSubmission } from "../../app/modules/sell-through/commit.server";
import { sumSubmissionTotals } from "../../app/modules/sell-through/stored-lines.server";
import { addMonths, periodOf } from "../../app/modules/sell-through/months";
import { systemTask } from "../../app/lib/scope-guard.server";
import { random } from "./scale";
import type { Actor } from "../../app/lib/audit.server";
import type { SellThroughLinesTable } from "../types";
import type { Insertable } from "kysely";
import type { DB } from "../../app/lib/db.server";

const MONTHS = 6;
/**
 * And four months a year before those (months 18 to 15 back), so the home page compares this
 * year with last. Months 14 to 7 back stay free: tests report into them (the co-op test's
 * quarter is 12 back).
 */
const YEAR_AGO = [18, 17, 16, 15];
const HOUR_MS = 3600 * 1000;

interface DemoDistributor {
  code: string;
  admin: string;
  currencies: string[];
  resellers: string[];
  countries: string[];
  customers: string[];
  linesPerMonth: number;
}

const DISTRIBUTORS: DemoDistributor[] = [
  {
    code: "NWD",
    admin: "distributor@example.com",
    currencies: ["EUR", "EUR", "EUR", "USD"],
    resellers: ["BPS", "BPS", "ALP", "TMS", ""],
    countries: ["DE", "AT", "CH", "GB"],
    customers: ["Hofmann Logistik GmbH", "Alpen Klinik AG", "Rhein Energie AG", "Stadtwerke Isar GmbH", "Keller Bau KG", "Thames Retail Ltd"],
    linesPerMonth: 40,
  },
  {
    code: "PCS",
    admin: "other@example.com",
    currencies: ["USD"],
    resellers: ["MLN", "MLN", ""],
    countries: ["SG", "AU", "HK"],
    customers: ["Marina Bay Hotels Pte Ltd", "Orchard Foods Pte Ltd", "Harbour Bank Ltd", "Kowloon Transport Ltd"],
    linesPerMonth: 28,
  },
  {
    code: "HZD",
    admin: "li.na@hzd.example.cn",
    currencies: ["CNY"],
    resellers: ["SHN", ""],
    countries: ["CN"],
    customers: ["上海港物流有限公司", "杭州数据科技有限公司", "苏州制造集团", "南京医院"],
    linesPerMonth: 24,
  },
];

// Base currency (USD) per unit, per month counted back from last month: moving a little, as rates do.
// Eighteen months of monthly rates, last month first: the admin keeps them for months beyond the demo's too.
const RATES: Record<string, string[]> = {
  EUR: [
    "1.0842",
    "1.0791",
    "1.0915",
    "1.0868",
    "1.0723",
    "1.0804",
    "1.0856",
    "1.0932",
    "1.0811",
    "1.0768",
    "1.0895",
    "1.0903",
    "1.0874",
    "1.0826",
    "1.0759",
    "1.0817",
    "1.0888",
    "1.0921",
  ],
  CNY: [
    "0.1381",
    "0.1377",
    "0.1389",
    "0.1384",
    "0.1372",
    "0.1379",
    "0.1383",
    "0.1390",
    "0.1376",
    "0.1371",
    "0.1386",
    "0.1388",
    "0.1385",
    "0.1380",
    "0.1374",
    "0.1378",
    "0.1387",
    "0.1391",
  ],
};

function at(period: string, day: number, hour: number): Date {
  const [year, month] = period.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day, hour));
}

/** A time that has not happened yet is moved to an hour ago: last month's report came in today. */
function notLaterThanNow(date: Date): Date {
  const latest = new Date(now().getTime() - HOUR_MS);
  return date > latest ? latest : date;
}

export type StagedLine = Omit<Insertable<SellThroughLinesTable>, "submission_id" | "distributor_id" | "period">;

export interface StagedReject {
  row_no: number;
  field: string;
  value: string;
  problem: string;
  cells: string[];
}

/**
 * Records a checked submission of these lines (and rejected rows) as the check would leave it,
 * and commits it with the real commit; the submission's times are set to `receivedAt`. Also
 * what the report tests commit with.
 */
export const commitLines = systemTask(
  "demo seed: a month staged as a distributor's upload would be",
  async function commitLines(
    db: DB,
    who: { scope: Scope; actor: Actor },
    distributorId: number,
    period: string,
    rows: StagedLine[],
    rejects: StagedReject[],
    receivedAt: Date,
  ): Promise<number> {
    const inserted = await db
      .insertInto("sell_through_submissions")
      .values({
        distributor_id: distributorId,
        period,
        source: "upload",
        status: "checked",
        file_name: `sell-through-${period}.csv`,
        rows_read: rows.length + rejects.length,
        rows_accepted: rows.length,
        rows_rejected: rejects.length,
        progress_pct: 100,
        created_by: who.actor.userId,
        created_at: receivedAt,
        checked_at: receivedAt,
      })
      .executeTakeFirstOrThrow();
    const submissionId = Number(inserted.insertId);
    if (rows.length)
      await db
        .insertInto("sell_through_lines")
        .values(rows.map((r) => ({ ...r, submission_id: submissionId, distributor_id: distributorId, period })))
        .execute();
    await sumSubmissionTotals(db, submissionId);
    if (rejects.length) {
      await db
        .insertInto("sell_through_rejects")
        .values(
          rejects.map((r) => ({
            submission_id: submissionId,
            row_no: r.row_no,
            field: r.field,
            value: r.value,
            problem: r.problem,
            cells_json: JSON.stringify(r.cells),
          })),
        )
        .execute();
    }
    // The demo's distributors stand by their figures: a month far outside the normal range (one
    // of net returns in a currency, say) is committed as confirmed and shows flagged to the vendor.
    // Committed when it was received, so its co-op lands in the fund it would have then (a month
    // committed after its quarter's fund expired accrues to the quarter current at the time).
    await withClock(
      () => receivedAt,
      () => commitSubmission(db, who.scope, who.actor, submissionId, { confirmUnusual: true }),
    );
    await db.updateTable("sell_through_submissions").set({ committed_at: receivedAt }).where("id", "=", submissionId).execute();
    return submissionId;
  },
);

export async function seedDemoSellThrough(db: DB): Promise<void> {
  const products = await db.selectFrom("products").select(["id", "sku", "list_price"]).orderBy("sku").execute();
  const partners = new Map((await db.selectFrom("partners").select(["id", "code"]).execute()).map((p) => [p.code, p.id]));
  const deals = await db
    .selectFrom("deals")
    .select(["partner_id", "customer_name", "customer_key", "customer_country"])
    .where("status", "in", ["approved", "won"])
    .execute();
  const lastMonth = addMonths(periodOf(now()), -1);

  await db
    .insertInto("exchange_rates")
    .values(Object.entries(RATES).flatMap(([currency, rates]) => rates.map((rate, back) => ({ period: addMonths(lastMonth, -back), currency, rate }))))
    .execute();

  for (const [d, distributor] of DISTRIBUTORS.entries()) {
    const distributorId = partners.get(distributor.code)!;
    const admin = await db.selectFrom("users").select(["id", "email", "role", "partner_id"]).where("email", "=", distributor.admin).executeTakeFirstOrThrow();
    const who = { scope: scopeFor({ id: admin.id, role: admin.role, partnerId: admin.partner_id }), actor: { userId: admin.id, email: admin.email, ip: null } };
    const resellerIds = distributor.resellers.map((code) => (code ? partners.get(code)! : null));
    // The deals its resellers registered and had approved: those customers buy through it.
    const dealCustomers = deals.filter((deal) => resellerIds.includes(deal.partner_id));
    const rnd = random(1000 + d);

    for (const back of [...YEAR_AGO, ...Array.from({ length: MONTHS }, (_, i) => MONTHS - i)]) {
      const period = addMonths(lastMonth, 1 - back);
      if (distributor.code === "HZD" && back === 2) continue; // never reported
      const late = distributor.code === "PCS" && back === 3;
      const withRejects = distributor.code === "NWD" && back === 2;
      const sentTwice = distributor.code === "NWD" && back === 5;
      const next = addMonths(period, 1);
      const committedAt = notLaterThanNow(at(next, late ? 14 : 3 + d, 9));

      const lines = Array.from({ length: distributor.linesPerMonth + Math.floor(rnd() * 8) }, (_, i) => {
        const product = products[Math.floor(rnd() * products.length)];
        const deal = i % 9 === 4 && dealCustomers.length ? dealCustomers[Math.floor(rnd() * dealCustomers.length)] : null;
        const resellerId = deal ? deal.partner_id : resellerIds[Math.floor(rnd() * resellerIds.length)];
        const currency = distributor.currencies[Math.floor(rnd() * distributor.currencies.length)];
        const customer = deal ? deal.customer_name : distributor.customers[Math.floor(rnd() * distributor.customers.length)];
        // A return now and then, and prices a little under list.
        const quantity = (rnd() < 0.06 ? -1 : 1) * (1 + Math.floor(rnd() * 12));
        const listCents = Math.round(Number(product.list_price) * 100);
        const factor = currency === "CNY" ? 7.2 : currency === "EUR" ? 0.92 : 1;
        const unitPrice = (Math.round(listCents * factor * (0.8 + rnd() * 0.15)) / 100).toFixed(2);
        return {
          row_no: i + 2,
          transaction_date: at(period, 1 + Math.floor(rnd() * 27), 0)
            .toISOString()
            .slice(0, 10),
          invoice_no: `${distributor.code}-${period.replace("-", "")}-${String(100 + Math.floor(i / 3)).padStart(4, "0")}`,
          line_no: String((i % 3) + 1),
          reseller_id: resellerId,
          end_customer_name: customer,
          end_customer_key: deal ? deal.customer_key : customerKey(customer),
          end_customer_country: deal ? deal.customer_country : distributor.countries[Math.floor(rnd() * distributor.countries.length)],
          end_customer_postcode: "",
          product_id: product.id,
          quantity,
          unit_price: unitPrice,
          currency,
          amount: multiplyAmount(unitPrice, quantity),
        };
      });

      let firstCommittedAt = committedAt;
      if (sentTwice) {
        // The first file lacked the month's last week; the second one replaced it.
        firstCommittedAt = new Date(committedAt.getTime() - 2 * 24 * HOUR_MS);
        await commitLines(
          db,
          who,
          distributorId,
          period,
          lines.filter((l) => l.transaction_date < `${period}-22`),
          [],
          firstCommittedAt,
        );
      }
      const rejects = withRejects
        ? [
            {
              row_no: lines.length + 2,
              field: "sku",
              value: "NW-UNKNOWN-77",
              problem: "sellThrough.problems.unknownSku",
              cells: [`${period}-12`, "NWD-X-1", "1", "BPS", "Acme", "DE", "NW-UNKNOWN-77", "2", "100.00", "EUR"],
            },
            {
              row_no: lines.length + 3,
              field: "transactionDate",
              value: `${addMonths(period, -1)}-30`,
              problem: "sellThrough.problems.outsidePeriod",
              cells: [`${addMonths(period, -1)}-30`, "NWD-X-2", "1", "ALP", "Beta", "AT", "NET-SW24", "1", "1100.00", "EUR"],
            },
            {
              row_no: lines.length + 4,
              field: "quantity",
              value: "1,5",
              problem: "sellThrough.problems.notWholeQuantity",
              cells: [`${period}-15`, "NWD-X-3", "1", "BPS", "Gamma", "DE", "NET-AP6", "1,5", "400.00", "EUR"],
            },
          ]
        : [];
      await commitLines(db, who, distributorId, period, lines, rejects, committedAt);
      await db
        .updateTable("sell_through_periods")
        .set({ first_committed_at: firstCommittedAt, committed_at: committedAt })
        .where("distributor_id", "=", distributorId)
        .where("period", "=", period)
        .execute();
    }
  }
  // The commits' audit entries say when they happened, as the submissions do.
  await sql`UPDATE audit_log a JOIN sell_through_submissions s ON a.entity_type = 'sell_through_submission' AND a.entity_id = s.id SET a.at = s.committed_at WHERE a.action = 'sell_through.committed'`.execute(
    db,
  );
}
