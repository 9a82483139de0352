// Demo co-marketing funds, moved through the same module functions people use: MDF for every
// active partner this quarter (and some last quarter), requests in every state, claims with
// small real PNG and PDF proofs in the storage directory, one claim waiting for payment and a
// payment that settled another, so every demo login finds its funds populated.
import { Readable } from "node:stream";
import { crc32, deflateSync } from "node:zlib";
import { scopeFor, type Scope } from "../../app/lib/scope.server";
import { now, withClock } from "../../app/lib/clock.server";
import { storeStream } from "../../app/lib/storage.server";
import { allocateMdf } from "../../app/modules/funds/funds.server";
import { quarterAt, quarterBounds } from "../../app/lib/quarters";
import { approveRequest, askRequestInfo, createRequest, rejectRequest, type RequestInput } from "../../app/modules/funds/requests.server";
import { approveClaim, PROOF_FOLDER, submitClaim, type CheckedProof } from "../../app/modules/funds/claims.server";
import { recordPayment } from "../../app/modules/funds/payments.server";
import type { Actor } from "../../app/lib/audit.server";
import type { DB } from "../../app/lib/db.server";
import type { ActivityType } from "../types";

const DAY_MS = 24 * 3600 * 1000;

function day(offset: number): string {
  return new Date(now().getTime() + offset * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Runs one step of a fund story on its day (offset from today), so a request is decided after it
 * was filed, a claim comes after the approval and the activity, and a payment after the claim's
 * approval.
 */
function onDay<T>(offset: number, work: () => Promise<T>): Promise<T> {
  const at = new Date(now().getTime() + offset * DAY_MS);
  return withClock(() => at, work);
}

function previousQuarter(): string {
  const [year, q] = quarterAt(now()).split("-Q").map(Number);
  return q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`;
}

/** A small solid-colour PNG with a darker band, so the preview shows something. */
function png(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const chunk = (type: string, body: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length);
    const typed = Buffer.concat([Buffer.from(type, "ascii"), body]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([head, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    const shade = y > height * 0.6 && y < height * 0.8 ? 0.6 : 1;
    for (let x = 0; x < width; x++) rows.push(Math.round(r * shade), Math.round(g * shade), Math.round(b * shade));
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.from(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A one-page PDF invoice with a line of text, with a correct cross-reference table. */
/** A one-page PDF that says `text`: small, and a real PDF by its first bytes. */
export function pdf(text: string): Buffer {
  const content = `BT /F1 14 Tf 60 760 Td (${text.replace(/[()\\]/g, "")}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

async function proof(fileName: string, bytes: Buffer, contentType: string): Promise<CheckedProof> {
  const stored = await storeStream(Readable.from([bytes]), PROOF_FOLDER);
  return { fileName, stored, contentType };
}

interface Person {
  scope: Scope;
  actor: Actor;
}

async function person(db: DB, email: string): Promise<Person> {
  const user = await db.selectFrom("users").select(["id", "email", "role", "partner_id"]).where("email", "=", email).executeTakeFirstOrThrow();
  return { scope: scopeFor({ id: user.id, role: user.role, partnerId: user.partner_id }), actor: { userId: user.id, email: user.email, ip: null } };
}

export async function seedDemoFunds(db: DB): Promise<void> {
  const admin = await person(db, "admin@example.com");
  const partners = await db.selectFrom("partners").select(["id", "code", "created_at"]).where("status", "in", ["active", "onboarding"]).execute();
  const idOf = new Map(partners.map((p) => [p.code, p.id]));
  const quarter = quarterAt(now());
  const last = previousQuarter();
  const big: Record<string, string> = { NWD: "25000.00", PCS: "20000.00", BPS: "10000.00" };
  // Each quarter's plan is allocated as the quarter begins, and this quarter's at least 45 days
  // ago: before the requests of the activities below, the earliest of which was filed 39 days ago.
  // A partner that joined later gets its plan the day after it joined.
  const today = now();
  const planned = Math.min(quarterBounds(quarter).start.getTime(), today.getTime() - 45 * DAY_MS);
  for (const p of partners) {
    const at = new Date(Math.max(planned, p.created_at.getTime() + DAY_MS));
    await withClock(
      () => at,
      () => allocateMdf(db, admin.scope, admin.actor, [{ partnerId: p.id, quarter, amount: big[p.code] ?? "3000.00", note: `${quarter} MDF plan` }]),
    );
  }
  await withClock(
    () => quarterBounds(last).start,
    () =>
      allocateMdf(db, admin.scope, admin.actor, [
        { partnerId: idOf.get("BPS")!, quarter: last, amount: "8000.00", note: `${last} MDF plan` },
        { partnerId: idOf.get("NWD")!, quarter: last, amount: "15000.00", note: `${last} MDF plan` },
      ]),
  );
  const fundOf = async (code: string, q: string) =>
    (
      await db
        .selectFrom("funds")
        .select("id")
        .where("partner_id", "=", idOf.get(code)!)
        .where("kind", "=", "mdf")
        .where("quarter", "=", q)
        .executeTakeFirstOrThrow()
    ).id;

  const reseller = await person(db, "reseller@example.com");
  const rep = await person(db, "rep@example.com");
  const distributor = await person(db, "distributor@example.com");
  const other = await person(db, "other@example.com");
  const manager = await person(db, "manager@example.com");
  const manager2 = await person(db, "manager2@example.com");

  const ask = (
    who: Person,
    fundId: number,
    activityType: ActivityType,
    description: string,
    start: number,
    end: number,
    cost: string,
    amount: string,
    expected: string,
  ) => {
    const input: RequestInput = {
      fundId,
      activityType,
      description,
      startDate: day(start),
      endDate: day(end),
      plannedCost: cost,
      requestedAmount: amount,
      expectedResults: expected,
    };
    if (start >= 0) return createRequest(db, who.scope, who.actor, input);
    // A request is a pre-approval: one for an activity already held was filed a week before it.
    const filedAt = new Date(now().getTime() + (start - 7) * DAY_MS);
    return withClock(
      () => filedAt,
      () => createRequest(db, who.scope, who.actor, input),
    );
  };

  // Brightpath: one waiting for review, one approved for less and claimed with a PDF and a
  // photo (waiting for review), one claimed, approved for less and paid.
  await ask(
    reseller,
    await fundOf("BPS", quarter),
    "webinar",
    "Zero-trust access webinar for mid-size customers in Bavaria",
    20,
    20,
    "3000.00",
    "1500.00",
    "60 registrations, 15 qualified leads",
  );
  const booth = await ask(
    reseller,
    await fundOf("BPS", quarter),
    "event",
    "Security breakfast with 30 IT managers at our Munich office",
    -14,
    -12,
    "4000.00",
    "2000.00",
    "30 attendees, 8 leads",
  );
  await onDay(-19, () =>
    approveRequest(db, manager.scope, manager.actor, booth.id, { amount: "1800.00", note: "Catering above 40 EUR per person is not covered" }),
  );
  const breakfastProofs = [
    await proof("breakfast-invoice.pdf", pdf("Invoice 2291 - Security breakfast - 3,700.00 EUR"), "application/pdf"),
    await proof("breakfast-room.png", png(320, 200, [46, 104, 168]), "image/png"),
  ];
  await onDay(-4, () =>
    submitClaim(
      db,
      reseller.scope,
      reseller.actor,
      booth.id,
      { actualCost: "3700.00", results: "27 attendees, 9 leads, 2 opportunities", leadsCount: 9, attendees: 27 },
      breakfastProofs,
    ),
  );
  const show = await ask(
    reseller,
    await fundOf("BPS", quarter),
    "trade_show",
    "Booth at it-sa regional day",
    -32,
    -30,
    "6000.00",
    "3000.00",
    "Booth visitors, 25 leads",
  );
  await onDay(-37, () => approveRequest(db, manager.scope, manager.actor, show.id, { amount: "3000.00", note: "" }));
  const boothProofs = [
    await proof("booth-invoice.pdf", pdf("Invoice 1180 - Trade show booth - 5,600.00 EUR"), "application/pdf"),
    await proof("booth-photo.png", png(320, 200, [201, 120, 38]), "image/png"),
  ];
  const showClaim = await onDay(-25, () =>
    submitClaim(
      db,
      reseller.scope,
      reseller.actor,
      show.id,
      { actualCost: "5600.00", results: "140 visitors, 31 leads", leadsCount: 31, attendees: 140 },
      boothProofs,
    ),
  );
  await onDay(-10, () =>
    approveClaim(db, manager.scope, manager.actor, showClaim.id, {
      amount: "2700.00",
      note: "Hostess costs are not covered",
      checklist: ["invoice", "boothPhotos", "leadList"],
    }),
  );
  const paidOn = day(-3);
  await onDay(-3, () =>
    recordPayment(db, admin.scope, admin.actor, {
      partnerId: idOf.get("BPS")!,
      claimIds: [showClaim.id],
      reference: "MDF-PAY-0001",
      paidOn,
      amount: "2700.00",
    }),
  );
  const ads = await ask(
    rep,
    await fundOf("BPS", quarter),
    "digital_ads",
    "LinkedIn campaign for the Wi-Fi 7 launch",
    5,
    35,
    "2400.00",
    "1200.00",
    "200,000 impressions, 40 leads",
  );
  await askRequestInfo(db, manager.scope, manager.actor, ads.id, "Which audience and regions does the campaign target?");
  // Leads from the trade show name it as their source, for the results per activity.
  const leads = await db.selectFrom("leads").select("id").where("partner_id", "=", idOf.get("BPS")!).orderBy("id").limit(2).execute();
  if (leads.length)
    await db
      .updateTable("leads")
      .set({ fund_request_id: show.id })
      .where(
        "id",
        "in",
        leads.map((l) => l.id),
      )
      .execute();

  // Northwind: one rejected, one approved and waiting for its claim.
  const print = await ask(
    distributor,
    await fundOf("NWD", quarter),
    "print",
    "Partner catalogue reprint",
    10,
    15,
    "5000.00",
    "2500.00",
    "2,000 copies to resellers",
  );
  await rejectRequest(db, manager.scope, manager.actor, print.id, "Print is funded centrally this year");
  const training = await ask(
    distributor,
    await fundOf("NWD", quarter),
    "training",
    "Storage certification day for resellers",
    -6,
    -5,
    "7000.00",
    "3500.00",
    "20 certified engineers",
  );
  await onDay(-11, () => approveRequest(db, manager.scope, manager.actor, training.id, { amount: "3500.00", note: "" }));

  // Pacific Channel Supply: one waiting for review, one claim approved and waiting for payment.
  await ask(other, await fundOf("PCS", quarter), "event", "Partner kick-off in Singapore", 25, 26, "9000.00", "4500.00", "80 reseller sales staff");
  const webinar = await ask(
    other,
    await fundOf("PCS", quarter),
    "webinar",
    "SD-WAN webinar series (3 sessions)",
    -20,
    -8,
    "2000.00",
    "1000.00",
    "150 registrations",
  );
  await onDay(-25, () => approveRequest(db, manager2.scope, manager2.actor, webinar.id, { amount: "1000.00", note: "" }));
  const webinarProofs = [
    await proof("webinar-invoice.pdf", pdf("Invoice SG-77 - Webinar platform and promotion - 2,100.00 SGD"), "application/pdf"),
    await proof("webinar-screenshot.png", png(320, 200, [60, 140, 90]), "image/png"),
  ];
  const webinarClaim = await onDay(-6, () =>
    submitClaim(
      db,
      other.scope,
      other.actor,
      webinar.id,
      { actualCost: "2100.00", results: "163 registrations, 97 live attendees, 22 leads", leadsCount: 22, attendees: 97 },
      webinarProofs,
    ),
  );
  await onDay(-3, () =>
    approveClaim(db, manager2.scope, manager2.actor, webinarClaim.id, { amount: "1000.00", note: "", checklist: ["invoice", "recording", "attendeeList"] }),
  );
}
