// Outgoing e-mail always lands in the outbox table first (in the caller's transaction, so a
// rolled-back change sends nothing). With SMTP_URL set, a job delivers it; without, it is
// kept in the outbox, which admins can read at /outbox.
import nodemailer from "nodemailer";
import { enqueueJob } from "./jobs.server";
import { getDb } from "./db.server";
import { now } from "./clock.server";
import type { DB } from "./db.server";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export function smtpConfigured(): boolean {
  return Boolean(process.env.SMTP_URL);
}

export async function queueMail(db: DB, mail: Mail): Promise<void> {
  await queueMails(db, [mail]);
}

export async function queueMails(db: DB, mails: Mail[]): Promise<void> {
  if (mails.length === 0) return;
  if (!smtpConfigured()) {
    await db
      .insertInto("email_outbox")
      .values(mails.map((mail) => ({ to_address: mail.to, subject: mail.subject, body_text: mail.text, status: "kept" as const })))
      .execute();
    return;
  }
  // Each delivery job needs its row's id, and a multi-row insert reports only the first one.
  for (const mail of mails) {
    const result = await db
      .insertInto("email_outbox")
      .values({ to_address: mail.to, subject: mail.subject, body_text: mail.text, status: "pending" })
      .executeTakeFirstOrThrow();
    await enqueueJob(db, "email.deliver", { outboxId: Number(result.insertId) }, { maxAttempts: 8 });
  }
}

let transport: nodemailer.Transporter | undefined;

/** Sends one queued e-mail of the outbox (the `email.deliver` job). */
export async function deliverMail(payload: { outboxId: number }): Promise<void> {
  const db = getDb();
  const mail = await db.selectFrom("email_outbox").selectAll().where("id", "=", payload.outboxId).executeTakeFirst();
  if (!mail || mail.status === "sent") return;
  transport ??= nodemailer.createTransport(process.env.SMTP_URL);
  try {
    await transport.sendMail({
      from: process.env.MAIL_FROM ?? "Partner Portal <no-reply@localhost>",
      to: mail.to_address,
      subject: mail.subject,
      text: mail.body_text,
    });
  } catch (error) {
    await db
      .updateTable("email_outbox")
      .set({ error: error instanceof Error ? error.message : String(error) })
      .where("id", "=", mail.id)
      .execute();
    throw error;
  }
  await db.updateTable("email_outbox").set({ status: "sent", sent_at: now(), error: null }).where("id", "=", mail.id).execute();
}
