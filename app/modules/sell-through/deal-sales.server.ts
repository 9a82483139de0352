// The closed loop: sell-through lines linked to a deal registration at commit, shown on the
// deal. Whoever may see the deal sees what followed it, with one limit: invoice numbers and
// the reporting distributor are that distributor's business, so a partner sees them only on
// lines it reported itself, and a distributor that merely fulfils the deal sees only its own
// lines (not what a competing distributor sold the same reseller). Vendor users see all.
import { sql } from "kysely";
import { dealFilter, isVendor, type Scope } from "~/lib/scope.server";
import { notFound } from "~/lib/http.server";
import { unscoped } from "~/lib/scope-guard.server";
import { currentLines } from "./stored-lines.server";
import type { DB } from "~/lib/db.server";

const LATEST_LINES = 10;

export interface DealSale {
  /** Submission and row: what identifies a line. */
  id: string;
  transactionDate: string;
  productSku: string;
  productName: string;
  quantity: number;
  unitPrice: string;
  currency: string;
  amount: string;
  /** Null unless the caller is vendor-side or reported the line. */
  distributorName: string | null;
  invoiceNo: string | null;
  lineNo: string | null;
}

export async function dealSellThrough(db: DB, scope: Scope, dealId: number) {
  const deal = await db.selectFrom("deals").select(["id", "partner_id"]).where("id", "=", dealId).where(dealFilter(scope)).executeTakeFirst();
  if (!deal) notFound();
  const vendor = isVendor(scope);
  const ownPartner = scope.kind === "partner" ? scope.partnerId : null;
  // Only the lines of each month's current submission count.
  const lines = currentLines(db)
    .where("l.deal_id", "=", dealId)
    .where("l.reseller_id", "=", deal.partner_id)
    .$if(!vendor && ownPartner !== deal.partner_id, (q) => q.where("l.distributor_id", "=", ownPartner ?? 0));

  const [totals, latest] = await Promise.all([
    lines
      .select(["l.currency", sql<string>`SUM(l.quantity)`.as("quantity"), sql<string>`SUM(l.amount)`.as("amount"), sql<string>`COUNT(*)`.as("lines")])
      .groupBy("l.currency")
      .orderBy("l.currency")
      .$call(unscoped("lines of a deal the caller found through the scope"))
      .execute(),
    lines
      .innerJoin("products", "products.id", "l.product_id")
      .innerJoin("partners as d", "d.id", "l.distributor_id")
      .select([
        "l.submission_id",
        "l.row_no",
        "l.distributor_id",
        "l.transaction_date",
        "l.invoice_no",
        "l.line_no",
        "l.quantity",
        "l.unit_price",
        "l.currency",
        "l.amount",
        "products.sku",
        "products.name as product_name",
        "d.name as distributor_name",
      ])
      .orderBy("l.transaction_date", "desc")
      .orderBy("l.submission_id", "desc")
      .orderBy("l.row_no", "desc")
      .limit(LATEST_LINES)
      .$call(unscoped("lines of a deal the caller found through the scope"))
      .execute(),
  ]);
  return {
    totals: totals.map((t) => ({ currency: t.currency, quantity: Number(t.quantity), amount: String(t.amount), lines: Number(t.lines) })),
    latest: latest.map((l): DealSale => {
      const mayName = vendor || l.distributor_id === ownPartner;
      return {
        id: `${l.submission_id}-${l.row_no}`,
        transactionDate: String(l.transaction_date),
        productSku: l.sku,
        productName: l.product_name,
        quantity: l.quantity,
        unitPrice: String(l.unit_price),
        currency: l.currency,
        amount: String(l.amount),
        distributorName: mayName ? l.distributor_name : null,
        invoiceNo: mayName ? l.invoice_no : null,
        lineNo: mayName ? l.line_no : null,
      };
    }),
  };
}
