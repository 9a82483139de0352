// Accounts: invitations and reset links work once and expire; sign-in throttling lifts after
// the window; deactivation ends sessions.
import { afterEach, describe, expect, it } from "vitest";
import { hash } from "@node-rs/argon2";
import { inviteUser } from "~/modules/users/invite.server";
import { setPasswordWithToken, requestPasswordReset } from "~/modules/users/password.server";
import { signIn } from "~/modules/users/sign-in.server";
import { MAX_DELAY_MS, THROTTLE_RULES } from "~/modules/users/sign-in-throttle.server";
import { setUserActive } from "~/modules/users/accounts.server";
import { issueToken } from "~/modules/users/tokens.server";
import { setClockForTests } from "~/lib/clock.server";
import { ValidationError } from "~/lib/forms";
import { db, partnerByCode, scopeOf, uniqueCode, userByEmail } from "../support/db";

afterEach(() => setClockForTests(undefined));

async function actorFor(email: string) {
  const user = await userByEmail(email);
  return { scope: await scopeOf(email), actor: { userId: user.id, email, ip: null } };
}

function tokenFromOutbox(body: string): string {
  return /\/set-password\/([A-Za-z0-9_-]+)/.exec(body)![1];
}

describe("invitations", () => {
  it("a partner admin's invitation creates an invited user in their partner and mails a one-time link", async () => {
    const { scope, actor } = await actorFor("other@example.com");
    const email = `${uniqueCode("inv").toLowerCase()}@example.com`;
    const userId = await inviteUser(db(), scope, actor, { email, name: "Invitee", role: "partner_rep", partnerId: null }, "http://portal.test");
    const user = await userByEmail(email);
    expect(user).toMatchObject({ id: userId, status: "invited", partner_id: (await partnerByCode("PCS")).id, password_hash: null });
    const mail = await db().selectFrom("email_outbox").selectAll().where("to_address", "=", email).executeTakeFirstOrThrow();
    expect(mail.body_text).toContain("http://portal.test/set-password/");

    const token = tokenFromOutbox(mail.body_text);
    await setPasswordWithToken(db(), token, "a-fine-new-password", null);
    expect((await userByEmail(email)).status).toBe("active");
    expect((await signIn(db(), email, "a-fine-new-password", null)).ok).toBe(true);

    const second = await setPasswordWithToken(db(), token, "another-password-1", null).catch((e) => e);
    expect(second).toBeInstanceOf(ValidationError);
    expect((await signIn(db(), email, "another-password-1", null)).ok).toBe(false);
  });

  it("refuses an e-mail that already has an account", async () => {
    const { scope, actor } = await actorFor("admin@example.com");
    const error = await inviteUser(
      db(),
      scope,
      actor,
      { email: "rep@example.com", name: "Dup", role: "partner_rep", partnerId: (await partnerByCode("BPS")).id },
      "http://x",
    ).catch((e) => e);
    expect((error as ValidationError).errors).toEqual({ email: "errors.emailTaken" });
  });

  it("expires links after seven days", async () => {
    const partner = await partnerByCode("OSK");
    const email = `${uniqueCode("exp").toLowerCase()}@example.com`;
    const result = await db()
      .insertInto("users")
      .values({ email, name: "Late", role: "partner_rep", partner_id: partner.id, status: "invited" })
      .executeTakeFirstOrThrow();
    const start = new Date("2026-11-01T00:00:00Z");
    setClockForTests(() => start);
    const token = await issueToken(db(), Number(result.insertId), "invite");
    setClockForTests(() => new Date(start.getTime() + 7 * 24 * 3600 * 1000 + 1000));
    expect(await setPasswordWithToken(db(), token, "too-late-password", null).catch((e) => e)).toBeInstanceOf(ValidationError);
    expect((await userByEmail(email)).status).toBe("invited");
  });
});

describe("password reset", () => {
  it("mails nothing for an unknown address, and a link for a known one", async () => {
    const before = await db()
      .selectFrom("email_outbox")
      .select(({ fn }) => fn.countAll<number>().as("n"))
      .where("to_address", "=", "ghost@example.com")
      .executeTakeFirstOrThrow();
    await requestPasswordReset(db(), "ghost@example.com", { userId: null, email: "ghost@example.com", ip: null }, "http://x");
    const after = await db()
      .selectFrom("email_outbox")
      .select(({ fn }) => fn.countAll<number>().as("n"))
      .where("to_address", "=", "ghost@example.com")
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

describe("sign-in throttling", () => {
  async function throttledUser() {
    const partner = await partnerByCode("SYD");
    const email = `${uniqueCode("thr").toLowerCase()}@example.com`;
    await db()
      .insertInto("users")
      .values({ email, name: "T", role: "partner_rep", partner_id: partner.id, status: "active", password_hash: await hash("right-password-1") })
      .execute();
    return email;
  }

  it("makes an e-mail wait after five failures, longer after each further one, never past the ceiling", async () => {
    const email = await throttledUser();
    let clock = new Date("2026-11-02T09:00:00Z");
    setClockForTests(() => clock);
    for (let i = 0; i < THROTTLE_RULES.email.free; i++) expect(await signIn(db(), email, "wrong", null)).toEqual({ ok: false, reason: "invalid" });
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const blocked = await signIn(db(), email, "right-password-1", null);
      if (blocked.ok || blocked.reason !== "throttled") throw new Error(`expected a wait, got ${JSON.stringify(blocked)}`);
      waits.push(blocked.retryAfterSeconds);
      // The stranger tries again the moment the wait is over, and fails.
      clock = new Date(clock.getTime() + blocked.retryAfterSeconds * 1000);
      expect(await signIn(db(), email, "wrong", null)).toEqual({ ok: false, reason: "invalid" });
    }
    expect(waits.slice(0, 4)).toEqual([60, 120, 240, 480]);
    expect(Math.max(...waits)).toBe(MAX_DELAY_MS / 1000);
    // The owner gets in once the wait after the last wrong try is over, and starts afresh.
    clock = new Date(clock.getTime() + MAX_DELAY_MS);
    expect((await signIn(db(), email, "right-password-1", null)).ok).toBe(true);
    expect(await signIn(db(), email, "wrong", null)).toEqual({ ok: false, reason: "invalid" });
  });

  it("forgets failures after an hour without another", async () => {
    const email = await throttledUser();
    let clock = new Date("2026-11-03T09:00:00Z");
    setClockForTests(() => clock);
    for (let i = 0; i < THROTTLE_RULES.email.free - 1; i++) await signIn(db(), email, "wrong", null);
    clock = new Date("2026-11-03T10:00:01Z");
    for (let i = 0; i < THROTTLE_RULES.email.free - 1; i++) expect(await signIn(db(), email, "wrong", null)).toEqual({ ok: false, reason: "invalid" });
    expect((await signIn(db(), email, "right-password-1", null)).ok).toBe(true);
  });
});

describe("deactivation", () => {
  it("ends every session of the user and cannot be done to oneself", async () => {
    const { scope, actor } = await actorFor("admin@example.com");
    const partner = await partnerByCode("OSK");
    const email = `${uniqueCode("deact").toLowerCase()}@example.com`;
    const inserted = await db()
      .insertInto("users")
      .values({ email, name: "D", role: "partner_rep", partner_id: partner.id, status: "active", password_hash: null })
      .executeTakeFirstOrThrow();
    const userId = Number(inserted.insertId);
    await db()
      .insertInto("user_sessions")
      .values([
        { id: `s1-${email}`, user_id: userId, expires_at: new Date(Date.now() + 86400000) },
        { id: `s2-${email}`, user_id: userId, expires_at: new Date(Date.now() + 86400000) },
      ])
      .execute();
    await setUserActive(db(), scope, actor, userId, false);
    expect(await db().selectFrom("user_sessions").select("id").where("user_id", "=", userId).execute()).toEqual([]);
    expect((await userByEmail(email)).status).toBe("deactivated");
    expect(await setUserActive(db(), scope, actor, actor.userId, false).catch((e) => e)).toBeInstanceOf(ValidationError);
  });
});
