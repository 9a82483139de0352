// Lot search, for drug quality tracing to the end customer (药品质量跟踪): which end customers
// received a lot, from the current report of each month, within the caller's scope (the vendor
// sees every distributor it may see, a distributor its own lines). The lot index
// (sell_through_lines_lot: lot, distributor) answers from millions of lines by reading only the
// lot's own entries.
import { sql } from "kysely";
import { submissionFilter, type Scope } from "~/lib/scope.server";
import { notFound } from "~/lib/http.server";
import { currentLines } from "./stored-lines.server";
import type { DB } from "~/lib/db.server";

/** Lines the page lists; the CSV holds up to LOT_EXPORT_CAP. */
export const LOT_LINES_SHOWN = 200;
export const LOT_EXPORT_CAP = 50_000;
const MAX_LOT = 64;

export interface LotQuery {
  lot: string;
  /** One distributor's lines only, or null for all the caller may see. */
  distributorId: number | null;
}

/** The query as typed; `lot` is "" when none (or one too long to be a lot) was given. */
export function readLotQuery(params: URLSearchParams): LotQuery & { invalid: boolean } {
  const lot = (params.get("lot") ?? "").trim();
  const id = Number(params.get("distributorId") ?? "");
  return { lot: lot.length <= MAX_LOT ? lot : "", invalid: lot.length > MAX_LOT, distributorId: Number.isInteger(id) && id > 0 ? id : null };
}

/** A distributor named by id must be one the caller may see; another one is not found, as everywhere. */
async function requireVisibleDistributor(db: DB, scope: Scope, distributorId: number | null): Promise<void> {
  if (distributorId === null) return;
  const found = await db
    .selectFrom("partners")
    .select("id")
    .where("id", "=", distributorId)
    .where("type", "=", "distributor")
    .where(submissionFilter(scope, "partners.id"))
    .executeTakeFirst();
  if (!found) notFound();
}

function lotLines(db: DB, scope: Scope, query: LotQuery) {
  return currentLines(db)
    .where("l.lot_no", "=", query.lot)
    .where(submissionFilter(scope, "l.distributor_id"))
    .$if(query.distributorId !== null, (qb) => qb.where("l.distributor_id", "=", query.distributorId!));
}

export interface LotLine {
  transaction_date: string;
  distributor_name: string;
  reseller_name: string | null;
  end_customer_name: string;
  end_customer_country: string;
  end_customer_postcode: string;
  sku: string;
  product_name: string;
  invoice_no: string;
  line_no: string;
  quantity: number;
  expiry_date: string | null;
  lot_no: string;
}

async function selectLotLines(db: DB, scope: Scope, query: LotQuery, limit: number): Promise<LotLine[]> {
  return lotLines(db, scope, query)
    .innerJoin("partners as d", "d.id", "l.distributor_id")
    .leftJoin("partners as r", "r.id", "l.reseller_id")
    .innerJoin("products as p", "p.id", "l.product_id")
    .select([
      sql<string>`DATE_FORMAT(l.transaction_date, '%Y-%m-%d')`.as("transaction_date"),
      "d.name as distributor_name",
      "r.name as reseller_name",
      "l.end_customer_name",
      "l.end_customer_country",
      "l.end_customer_postcode",
      "p.sku",
      "p.name as product_name",
      "l.invoice_no",
      "l.line_no",
      "l.quantity",
      sql<string | null>`DATE_FORMAT(l.expiry_date, '%Y-%m-%d')`.as("expiry_date"),
      "l.lot_no",
    ])
    .orderBy("l.transaction_date")
    .orderBy("l.distributor_id")
    .orderBy("l.invoice_no")
    .orderBy("l.line_no")
    .limit(limit)
    .execute();
}

/** The lot's lines as the page lists them, with how many lines and end customers there are in all. */
export async function searchLot(db: DB, scope: Scope, query: LotQuery) {
  await requireVisibleDistributor(db, scope, query.distributorId);
  if (!query.lot) return { lines: [], total: 0, customers: 0 };
  const [lines, counts] = await Promise.all([
    selectLotLines(db, scope, query, LOT_LINES_SHOWN),
    lotLines(db, scope, query)
      .select([
        (eb) => eb.fn.countAll<number>().as("total"),
        // A line without a customer name still went somewhere: counted by its distributor and reseller.
        sql<number>`COUNT(DISTINCT CASE WHEN l.end_customer_key <> '' THEN l.end_customer_key ELSE CONCAT('#', l.distributor_id, '-', COALESCE(l.reseller_id, 0)) END)`.as(
          "customers",
        ),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  return { lines, total: Number(counts.total), customers: Number(counts.customers) };
}

/** Up to LOT_EXPORT_CAP lines of the lot, for its CSV. */
export async function exportLot(db: DB, scope: Scope, query: LotQuery): Promise<LotLine[]> {
  await requireVisibleDistributor(db, scope, query.distributorId);
  return query.lot ? selectLotLines(db, scope, query, LOT_EXPORT_CAP) : [];
}
