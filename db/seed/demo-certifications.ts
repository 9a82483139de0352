// Demo certifications: a catalogue with one certification per product line (and a channel
// basics one every distributor must hold), and awards imported from the "training system" with
// the same module function people use, so every active partner stays certified for the product
// lines it already had and the demo's leads route as before. Some awards expire within 14 and
// 60 days; one certificate sent by a rep waits for the channel manager's check, and one was
// rejected. Runs before the demo's leads are routed.
import { Readable } from "node:stream";
import { sql } from "kysely";
import { scopeFor } from "../../app/lib/scope.server";
import { now } from "../../app/lib/clock.server";
import { storeStream } from "../../app/lib/storage.server";
import { saveCertification, type CertificationInput } from "../../app/modules/certifications/catalogue.server";
import { importAwards } from "../../app/modules/certifications/import.server";
import { CERTIFICATE_FOLDER, rejectAward, uploadCertificate } from "../../app/modules/certifications/awards.server";
import { addMonthsToDay } from "../../app/modules/certifications/dates";
import { pdf } from "./demo-funds";
import type { DB } from "../../app/lib/db.server";

const DAY_MS = 24 * 3600 * 1000;

// [code, name, name_zh, product line, level, validity months, required for]
const CATALOGUE: [string, string, string, string | null, CertificationInput["level"], number, CertificationInput["requiredFor"]][] = [
  ["NET-A", "Networking Associate", "网络助理认证", "NET", "associate", 24, []],
  ["NET-P", "Networking Professional", "网络专业认证", "NET", "professional", 24, []],
  ["STO-A", "Storage Associate", "存储助理认证", "STO", "associate", 24, []],
  ["SEC-A", "Security Associate", "安全助理认证", "SEC", "associate", 24, []],
  ["SEC-E", "Security Expert", "安全专家认证", "SEC", "expert", 36, []],
  ["CLD-A", "Cloud Software Associate", "云软件助理认证", "CLD", "associate", 12, []],
  ["CHN-F", "Channel Fundamentals", "渠道基础认证", null, "associate", 12, ["distributor"]],
];

/** People of partners that had no user in the demo: the training system knows them by e-mail. */
const TRAINED_PEOPLE: [partner: string, email: string, name: string, timeZone: string][] = [
  ["ALP", "tech@alpine-it.example.com", "Anna Alpine", "Europe/Vienna"],
  ["MLN", "engineer@merlion.example.sg", "Mei Ling", "Asia/Singapore"],
  ["TMS", "presales@thames.example.com", "Tom Hughes", "Europe/London"],
  ["SYD", "cloud@harbour.example.com.au", "Jack Harbour", "Australia/Sydney"],
  ["OSK", "se@osaka-agents.example.jp", "佐藤健 (Ken Sato)", "Asia/Tokyo"],
];

// [e-mail, certification, days until it expires]: every active partner keeps each of its
// product lines, so routing stays as it was.
const AWARDS: [string, string, number][] = [
  ["distributor@example.com", "NET-A", 500],
  ["distributor@example.com", "STO-A", 420],
  ["distributor@example.com", "CHN-F", 10],
  ["ops@northwind.example.com", "SEC-A", 380],
  ["ops@northwind.example.com", "CLD-A", 45],
  ["ops@northwind.example.com", "NET-P", 300],
  ["other@example.com", "NET-A", 610],
  ["other@example.com", "CHN-F", 200],
  ["sales@pacific.example.com", "STO-A", 330],
  ["sales@pacific.example.com", "SEC-A", 250],
  ["li.na@hzd.example.cn", "NET-A", 400],
  ["li.na@hzd.example.cn", "SEC-A", 280],
  ["li.na@hzd.example.cn", "CLD-A", 160],
  ["li.na@hzd.example.cn", "CHN-F", 90],
  ["reseller@example.com", "NET-A", 50],
  ["rep@example.com", "SEC-A", 360],
  ["tech@alpine-it.example.com", "NET-A", 450],
  ["tech@alpine-it.example.com", "STO-A", 240],
  ["engineer@merlion.example.sg", "NET-A", 520],
  ["engineer@merlion.example.sg", "CLD-A", 200],
  ["presales@thames.example.com", "NET-A", 470],
  ["presales@thames.example.com", "STO-A", 390],
  ["presales@thames.example.com", "SEC-A", 12],
  ["presales@thames.example.com", "CLD-A", 140],
  ["cloud@harbour.example.com.au", "CLD-A", 300],
  ["se@osaka-agents.example.jp", "NET-A", 210],
  ["se@osaka-agents.example.jp", "CLD-A", 230],
];

async function person(db: DB, email: string) {
  const user = await db.selectFrom("users").select(["id", "email", "role", "partner_id"]).where("email", "=", email).executeTakeFirstOrThrow();
  return { scope: scopeFor({ id: user.id, role: user.role, partnerId: user.partner_id }), actor: { userId: user.id, email: user.email, ip: null } };
}

async function certificate(fileName: string, text: string) {
  const stored = await storeStream(Readable.from([pdf(text)]), CERTIFICATE_FOLDER);
  return { fileName, stored, contentType: "application/pdf" };
}

export async function seedDemoCertifications(db: DB): Promise<void> {
  const admin = await person(db, "admin@example.com");
  const lines = new Map((await db.selectFrom("product_lines").select(["id", "code"]).execute()).map((l) => [l.code, l.id]));
  const ids = new Map<string, number>();
  for (const [code, name, nameZh, line, level, validityMonths, requiredFor] of CATALOGUE) {
    const input = { code, name, nameZh, productLineId: line ? lines.get(line)! : null, level, validityMonths, requiredFor, active: true };
    ids.set(code, await saveCertification(db, admin.scope, admin.actor, null, input));
  }

  for (const [code, email, name, timeZone] of TRAINED_PEOPLE) {
    const partner = await db.selectFrom("partners").select(["id", "created_at"]).where("code", "=", code).executeTakeFirstOrThrow();
    await db
      .insertInto("users")
      .values({
        email,
        name,
        role: "partner_rep",
        partner_id: partner.id,
        status: "invited",
        password_hash: null,
        time_zone: timeZone,
        created_at: new Date(partner.created_at.getTime() + 2 * DAY_MS),
      })
      .execute();
  }

  // Each award earned so that it expires the given number of days from today.
  const today = now().toISOString().slice(0, 10);
  const validity = new Map(CATALOGUE.map(([code, , , , , months]) => [code, months]));
  const rows = AWARDS.map(([email, code, daysLeft], index) => {
    const expires = new Date(Date.parse(`${today}T00:00:00Z`) + daysLeft * DAY_MS).toISOString().slice(0, 10);
    return `${email},${code},${addMonthsToDay(expires, -validity.get(code)!)},LMS-${String(4100 + index)}`;
  });
  const result = await importAwards(db, admin.scope, admin.actor, ["e-mail,certification code,earned on,external reference", ...rows].join("\n"));
  if (!result.ok || result.rowErrors.length) throw new Error(`Demo certifications did not import: ${JSON.stringify(result)}`);

  // A rep's certificate waiting for the check, and one the manager turned down.
  const rep = await person(db, "rep@example.com");
  const earned = (daysAgo: number) => new Date(Date.parse(`${today}T00:00:00Z`) - daysAgo * DAY_MS).toISOString().slice(0, 10);
  const repUser = await db.selectFrom("users").select("id").where("email", "=", "rep@example.com").executeTakeFirstOrThrow();
  await uploadCertificate(
    db,
    rep.scope,
    rep.actor,
    { userId: repUser.id, certificationId: ids.get("SEC-E")!, earnedOn: earned(6) },
    await certificate("security-expert-ravi.pdf", "Certificate of completion - Security Expert - Ravi Rep"),
  );
  const reseller = await person(db, "reseller@example.com");
  const resellerUser = await db.selectFrom("users").select("id").where("email", "=", "reseller@example.com").executeTakeFirstOrThrow();
  const rejected = await uploadCertificate(
    db,
    reseller.scope,
    reseller.actor,
    { userId: resellerUser.id, certificationId: ids.get("STO-A")!, earnedOn: earned(20) },
    await certificate("storage-course.pdf", "Attendance - Storage basics webinar"),
  );
  const manager = await person(db, "manager@example.com");
  await rejectAward(
    db,
    manager.scope,
    manager.actor,
    rejected,
    "This is an attendance note for a webinar, not the Storage Associate certificate. Please send the certificate itself.",
  );
  // The uploads came in over the past days, not in the second the demo was seeded.
  await sql`UPDATE user_certifications SET created_at = created_at - INTERVAL 2 DAY WHERE source = 'upload'`.execute(db);
}
