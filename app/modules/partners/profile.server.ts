// A partner's profile: legal name, website, contact e-mail and phone, address, and a logo
// (PNG or JPEG, at most 2 MB, checked by its first bytes, stored through storage.server.ts).
// The partner's own admin edits it on /partner-profile; the vendor (an admin, or the partner's
// channel manager) on /partners/:id. The logo is served only after a scoped read of the partner.
import { unstable_composeUploadHandlers, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { z } from "zod";
import { partnerFilter, type Scope } from "~/lib/scope.server";
import { requireAnyRight } from "~/lib/policy.server";
import { recordAudit, changedFields, type Actor } from "~/lib/audit.server";
import { attachStoredFile, deleteStoredFile, readStart, storedFileSource, storeStream, type StoredFile } from "~/lib/storage.server";
import { field } from "~/lib/forms";
import { forbidden, notFound } from "~/lib/http.server";
import { storedFileResponse } from "~/lib/download.server";
import { now } from "~/lib/clock.server";
import { reevaluateOnboarding } from "./onboarding.server";
import type { UploadedForm } from "~/lib/row-action.server";
import type { DB } from "~/lib/db.server";

export const MAX_LOGO_BYTES = 2 * 1024 * 1024;
const LOGO_FOLDER = "partner-logos";
const LOGO_TYPES = [
  { type: "image/png", magic: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), extension: "png" },
  { type: "image/jpeg", magic: Buffer.from([0xff, 0xd8, 0xff]), extension: "jpg" },
] as const;

const website = z
  .string()
  .trim()
  .max(200, "errors.tooLong")
  .refine((v) => v === "" || /^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(v), "profile.errors.website")
  .optional()
  .default("");

export const profileSchema = z.object({
  legalName: field.optionalText(200),
  website,
  contactEmail: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "errors.tooLong")
    .refine((v) => v === "" || z.string().email().safeParse(v).success, "errors.email")
    .optional()
    .default(""),
  contactPhone: field.optionalText(50).refine((v) => v === "" || /^[+()0-9 .\-/]{5,50}$/.test(v), "profile.errors.phone"),
  address: field.optionalText(500),
});
export type ProfileInput = z.output<typeof profileSchema>;

/** A logo as it arrived: stored, its type checked. */
export interface CheckedLogo {
  stored: StoredFile;
  contentType: string;
}

async function* upTo(content: AsyncIterable<Uint8Array>, maxBytes: number, over: { tooLarge: boolean }) {
  let size = 0;
  for await (const chunk of content) {
    size += chunk.length;
    if (size > maxBytes) over.tooLarge = true;
    else yield chunk;
  }
}

/**
 * Reads the profile form with its logo, if one was chosen: streamed to storage up to 2 MB (the
 * rest read and dropped, so the browser gets an answer), then checked by its first bytes.
 * Anything refused is removed again.
 */
export async function readProfileForm(request: Request): Promise<UploadedForm<CheckedLogo>> {
  const stored: StoredFile[] = [];
  const over = { tooLarge: false };
  const upload: UploadHandler = async ({ name, filename, data: content }) => {
    if (name !== "logo" || !filename) return undefined;
    stored.push(await storeStream(upTo(content, MAX_LOGO_BYTES, over), LOGO_FOLDER));
    return filename;
  };
  const discard = () => Promise.all(stored.map((s) => deleteStoredFile(s.path)));
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_composeUploadHandlers(upload, unstable_createMemoryUploadHandler({ maxPartSize: 20_000 })));
  } catch (error) {
    await discard();
    throw error;
  }
  const file = stored[0];
  if (!file) return { form, files: [] };
  const refuse = async (message: string) => {
    await discard();
    return { form, errors: { logo: message } };
  };
  if (over.tooLarge) return refuse("profile.errors.logoTooLarge");
  if (stored.length > 1 || file.size === 0) return refuse("profile.errors.logoType");
  const head = await readStart(storedFileSource(file.path), 8);
  const found = LOGO_TYPES.find((t) => head.subarray(0, t.magic.length).equals(t.magic));
  if (!found) return refuse("profile.errors.logoType");
  return { form, files: [{ stored: file, contentType: found.type }] };
}

async function profileOf(db: DB, scope: Scope, partnerId: number) {
  const partner = await db
    .selectFrom("partners")
    .select(["id", "name", "legal_name", "website", "contact_email", "contact_phone", "address", "logo_key", "logo_content_type", "parent_id"])
    .where("id", "=", partnerId)
    .where(partnerFilter(scope, "partners.id"))
    .executeTakeFirst();
  if (!partner) notFound();
  return partner;
}

/** The profile as a page shows it: no storage key, only whether there is a logo. */
export async function getProfile(db: DB, scope: Scope, partnerId: number) {
  const { logo_key, logo_content_type: _type, parent_id: _parent, ...profile } = await profileOf(db, scope, partnerId);
  return { ...profile, hasLogo: logo_key !== null };
}

export type Profile = Awaited<ReturnType<typeof getProfile>>;

/**
 * Saves the profile (and a new logo, replacing the old one). The partner's own admin acts as
 * its holder; an admin or its channel manager as the vendor. A distributor's admin sees its
 * resellers but does not edit their profiles.
 */
export async function saveProfile(db: DB, scope: Scope, actor: Actor, partnerId: number, input: ProfileInput, logo?: CheckedLogo): Promise<void> {
  const before = await profileOf(db, scope, partnerId);
  try {
    requireAnyRight(scope, ["act_as_holder", "act_as_reviewer"], { partnerId, holderParentId: before.parent_id, ownerUserIds: [] });
  } catch (refusal) {
    if (logo) await deleteStoredFile(logo.stored.path);
    throw refusal;
  }
  const after = {
    legal_name: input.legalName,
    website: input.website,
    contact_email: input.contactEmail,
    contact_phone: input.contactPhone,
    address: input.address,
    ...(logo ? { logo_key: attachStoredFile(logo.stored).path, logo_content_type: logo.contentType } : {}),
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("partners")
      .set({ ...after, updated_at: now() })
      .where("id", "=", partnerId)
      .execute();
    const { logo_key: _oldKey, ...beforeShown } = before;
    const { logo_key: _newKey, ...afterShown } = after as typeof after & { logo_key?: string };
    const diff = changedFields(beforeShown, { ...afterShown, ...(logo ? { logo_content_type: logo.contentType } : {}) });
    await recordAudit(trx, actor, { action: "partner.profile_updated", entityType: "partner", entityId: partnerId, partnerId, ...diff });
  });
  // The row no longer points at the old logo; a file left behind by a failed removal is harmless.
  if (logo && before.logo_key) await deleteStoredFile(before.logo_key).catch(() => undefined);
  await reevaluateOnboarding(db, partnerId, actor);
}

/** The partner's logo, for anyone who can see the partner; a 404 when it has none. */
export async function logoResponse(db: DB, scope: Scope, partnerId: number): Promise<Response> {
  const partner = await profileOf(db, scope, partnerId);
  if (!partner.logo_key || !partner.logo_content_type) notFound();
  const extension = LOGO_TYPES.find((t) => t.type === partner.logo_content_type)?.extension ?? "img";
  return storedFileResponse(partner.logo_key, `logo-${partner.id}.${extension}`, partner.logo_content_type);
}

/** The partner whose profile the caller keeps: their own; anyone else is refused. */
export function ownPartnerId(auth: { scope: Scope }): number {
  if (auth.scope.kind !== "partner") forbidden();
  return auth.scope.partnerId;
}
