// The first vendor admin of a real database, made from the command line (`npm run admin:create`,
// db/cli.ts): with DATABASE_URL nothing is seeded, so someone has to be able to sign in first.
// Either a password typed in (the account is active at once) or a one-time link to set one,
// from APP_URL, printed for whoever runs the command; never a default password.
import { z } from "zod";
import { SYSTEM_ACTOR, recordAudit } from "~/lib/audit.server";
import { hashPassword } from "~/lib/password.server";
import { field } from "~/lib/forms";
import { issueToken } from "./tokens.server";
import type { DB } from "~/lib/db.server";

const inputSchema = z.object({
  email: field.email(),
  name: z.string().trim().min(1).max(200),
  password: z.string().min(12, "at least 12 characters").max(200).optional(),
});

export type VendorAdminInput = z.input<typeof inputSchema>;

export class AdminCreateError extends Error {}

/** Makes the admin; the answer holds the one-time token when no password was given. */
export async function createVendorAdmin(db: DB, input: VendorAdminInput): Promise<{ userId: number; token: string | null }> {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) {
    throw new AdminCreateError(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "));
  }
  const { email, name, password } = parsed.data;
  const passwordHash = password ? await hashPassword(password) : null;
  return db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom("users").select("id").where("email", "=", email).forUpdate().executeTakeFirst();
    if (taken) throw new AdminCreateError(`${email} already has an account; use "Forgot password" on the sign-in page to get in.`);
    const result = await trx
      .insertInto("users")
      .values({ email, name, role: "admin", partner_id: null, status: passwordHash ? "active" : "invited", password_hash: passwordHash })
      .executeTakeFirstOrThrow();
    const userId = Number(result.insertId);
    const token = passwordHash ? null : await issueToken(trx, userId, "invite");
    await recordAudit(trx, SYSTEM_ACTOR, {
      action: "user.admin_created",
      entityType: "user",
      entityId: userId,
      partnerId: null,
      after: { email, name, role: "admin", by: passwordHash ? "password" : "link" },
    });
    return { userId, token };
  });
}
