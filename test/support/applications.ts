// Partner applications for tests: a valid form's fields, sent as the module or the page takes them.
import { submitApplication } from "~/modules/applications/apply.server";
import { db, uniqueCode } from "./db";
import type { ApplyInput } from "~/modules/applications/schemas";

let addresses = 0;
/** An address no other test applies from, so the throttle of one test never slows another. */
export function freshAddress(): string {
  addresses += 1;
  return `198.51.${process.pid % 250}.${addresses}`;
}

export async function referenceIds() {
  const [regions, lines] = await Promise.all([
    db().selectFrom("regions").select(["id", "code"]).execute(),
    db().selectFrom("product_lines").select(["id", "code"]).execute(),
  ]);
  return { region: (code: string) => regions.find((r) => r.code === code)!.id, line: (code: string) => lines.find((l) => l.code === code)!.id };
}

export async function applyInput(overrides: Partial<ApplyInput> = {}): Promise<ApplyInput> {
  const { region, line } = await referenceIds();
  const code = uniqueCode("A").toLowerCase();
  return {
    company: `Applicant ${code} Trading`,
    type: "reseller",
    country: "DE",
    regionIds: [region("EMEA")],
    productLineIds: [line("NET"), line("SEC")],
    website: "",
    companySize: "11-50",
    references: "",
    message: "",
    contactName: "Alex Applicant",
    contactEmail: `${code}@applicant.example`,
    contactPhone: "",
    ...overrides,
  };
}

/** Applies through the module and answers the new application's row. */
export async function applied(overrides: Partial<ApplyInput> = {}, locale: "en" | "zh-CN" = "en") {
  const input = await applyInput(overrides);
  const result = await submitApplication(db(), input, { ip: freshAddress(), locale });
  if (!result.ok) throw new Error("throttled");
  return db().selectFrom("partner_applications").selectAll().where("contact_email", "=", input.contactEmail).orderBy("id", "desc").executeTakeFirstOrThrow();
}

/** The form fields the public page posts for the same input. */
export function applyFields(input: ApplyInput): Record<string, string | string[]> {
  return {
    company: input.company,
    type: input.type,
    country: input.country,
    regionIds: input.regionIds.map(String),
    productLineIds: input.productLineIds.map(String),
    website: input.website,
    companySize: input.companySize,
    references: input.references,
    message: input.message,
    contactName: input.contactName,
    contactEmail: input.contactEmail,
    contactPhone: input.contactPhone,
  };
}

export async function mailsTo(address: string) {
  return db().selectFrom("email_outbox").select(["subject", "body_text"]).where("to_address", "=", address).orderBy("id").execute();
}

/** The reply token of the last question mailed to the applicant. */
export async function replyTokenMailedTo(address: string): Promise<string> {
  const mails = await mailsTo(address);
  const links = [
    ...mails
      .map((m) => m.body_text)
      .join("\n")
      .matchAll(/\/apply\/reply\/([A-Za-z0-9_-]+)/g),
  ];
  if (links.length === 0) throw new Error(`No reply link mailed to ${address}`);
  return links[links.length - 1][1];
}
