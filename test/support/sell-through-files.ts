// Sell-through files for tests: a workbook shaped like a Chinese distributor's export (a summary
// sheet first, then the lines under a merged title, a date range and blank rows, a total and a
// note at the end, lot numbers and expiry dates), and a file taken through upload, check and commit.
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { storeStream } from "~/lib/storage.server";
import { checkSubmission, receiveFile, startCheck } from "~/modules/sell-through/submissions.server";
import { commitSubmission } from "~/modules/sell-through/commit.server";
import { guessMapping } from "~/modules/sell-through/fields";
import { db, partnerByCode, scopeOf, userByEmail } from "./db";
import type { PortalClient } from "./client";

export const CHINESE_HEADER = ["开票日期", "发票号码", "行号", "经销商", "终端客户", "国家", "物料编码", "数量", "单价", "币种", "批号", "有效期至"];

export interface LotLineSpec {
  invoice: string;
  customer: string;
  lot: string;
  expiry?: string;
  quantity?: number;
}

/** The workbook as bytes: sheet "汇总" (a summary), then sheet "明细" with its header in row 5 and the lines from row 6. */
export async function pharmaWorkbook(period: string, lines: readonly LotLineSpec[], sku = "NET-SW24"): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const summary = book.addWorksheet("汇总");
  summary.getCell("A1").value = "本月汇总";
  summary.getRow(3).values = ["合计数量", lines.reduce((sum, l) => sum + (l.quantity ?? 1), 0)];
  const sheet = book.addWorksheet("明细");
  sheet.getCell("A1").value = "销售流向表";
  sheet.mergeCells("A1:L1");
  sheet.getCell("A2").value = `统计期间：${period}`;
  sheet.getRow(5).values = CHINESE_HEADER;
  lines.forEach((l, i) => {
    sheet.getRow(6 + i).values = [
      `${period}-0${(i % 9) + 1}`,
      l.invoice,
      1,
      "",
      l.customer,
      "CN",
      sku,
      l.quantity ?? 1,
      10,
      "EUR",
      l.lot,
      l.expiry ?? "2049-12",
    ];
  });
  sheet.getRow(6 + lines.length).values = ["合计", null, null, null, null, null, null, lines.reduce((sum, l) => sum + (l.quantity ?? 1), 0)];
  sheet.getRow(7 + lines.length).values = ["制表人：王芳"];
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Uploads the bytes for the partner admin's distributor, checks them with the proposed mapping and, unless told not to, commits. */
export async function reportFile(email: string, code: string, period: string, bytes: Buffer, fileName: string, options: { commit?: boolean } = {}) {
  const user = await userByEmail(email);
  const scope = await scopeOf(email);
  const actor = { userId: user.id, email, ip: null };
  const partner = await partnerByCode(code);
  const stored = await storeStream(Readable.from([bytes]), "sell-through");
  const received = await receiveFile(db(), scope, actor, { distributorId: partner.id, period, fileName, stored });
  await startCheck(db(), scope, actor, received.submissionId, received.mapping, received.header);
  await checkSubmission(db(), received.submissionId, process.env.DATABASE_URL);
  if (options.commit !== false) await commitSubmission(db(), scope, actor, received.submissionId);
  return { received, partner, scope, actor };
}

/**
 * Uploads a workbook with CHINESE_HEADER over HTTP as `client` and confirms the proposed mapping
 * on its page, as the distributor does; answers the new submission's id (its check is queued).
 */
export async function uploadAndMap(client: PortalClient, distributorId: number, period: string, bytes: Buffer, fileName: string): Promise<number> {
  const form = new FormData();
  form.set("distributorId", String(distributorId));
  form.set("period", period);
  form.set("file", new Blob([new Uint8Array(bytes)]), fileName);
  const uploaded = await client.post("/sell-through/upload", form);
  if (uploaded.status !== 302) throw new Error(`The upload answered ${uploaded.status}, not 302`);
  const submissionId = Number(/\/sell-through\/submissions\/(\d+)$/.exec(uploaded.headers.get("location") ?? "")?.[1]);
  const mapping = Object.entries(guessMapping(CHINESE_HEADER)).filter(([, column]) => column !== null);
  const mapped = await client.post(`/sell-through/submissions/${submissionId}`, {
    intent: "map",
    ...Object.fromEntries(mapping.map(([field, column]) => [`map-${field}`, String(column)])),
  });
  if (mapped.status !== 302) throw new Error(`Confirming the mapping answered ${mapped.status}, not 302`);
  return submissionId;
}
