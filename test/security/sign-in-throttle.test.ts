// Issue 15, finding 4: sign-in throttling holds under concurrent guessing, counts per e-mail
// and per client address, answers 429 with Retry-After, and a password reset lifts the wait.
// Each case connects from a loopback address of its own (the app sees the socket's address,
// TRUST_PROXY being off), so what it provokes does not slow the other suites down.
import { hash } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import { issueToken } from "~/modules/users/tokens.server";
import { PortalClient } from "../support/client";
import { db, partnerByCode, uniqueCode } from "../support/db";
import { rawRequest, type RawResponse } from "../support/raw-http";

async function makeUser(password: string) {
  const partner = await partnerByCode("TMS");
  const email = `${uniqueCode("thr").toLowerCase()}@example.com`;
  const result = await db()
    .insertInto("users")
    .values({ email, name: "Throttle Tester", role: "partner_rep", partner_id: partner.id, status: "active", password_hash: await hash(password) })
    .executeTakeFirstOrThrow();
  return { id: Number(result.insertId), email };
}

function signIn(email: string, password: string, from: string): Promise<RawResponse> {
  const base = new PortalClient().baseUrl;
  return rawRequest({
    method: "POST",
    path: "/login",
    localAddress: from,
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password, redirectTo: "/" }).toString(),
  });
}

describe("sign-in throttling", () => {
  it("answers some of 25 concurrent wrong passwords for one e-mail with 429 and Retry-After", async () => {
    const user = await makeUser("right-password-123");
    const answers = await Promise.all(Array.from({ length: 25 }, (_, i) => signIn(user.email, `wrong-${i}`, "127.0.0.41")));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    // No more guesses got through than the free ones: the check and the count are one step.
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    for (const answer of answers.filter((a) => a.status === 429)) expect(Number(answer.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("counts per client address too: one address trying many e-mails is slowed down", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 50 && !statuses.includes(429); i++) {
      statuses.push((await signIn(`${uniqueCode("spray").toLowerCase()}@example.com`, "Winter2026!", "127.0.0.42")).status);
    }
    expect(statuses).toContain(429);
    // Another address is not slowed down by it.
    const user = await makeUser("right-password-123");
    expect((await signIn(user.email, "right-password-123", "127.0.0.43")).status).toBe(302);
  });

  it("lets the owner in after a password reset, however much a stranger guessed", async () => {
    const user = await makeUser("right-password-123");
    for (let i = 0; i < 8; i++) await signIn(user.email, `stranger-${i}`, "127.0.0.44");
    expect((await signIn(user.email, "right-password-123", "127.0.0.45")).status).toBe(429);
    const token = await issueToken(db(), user.id, "reset");
    const reset = await rawRequest({
      method: "POST",
      path: `/set-password/${token}`,
      localAddress: "127.0.0.45",
      headers: { Origin: new PortalClient().baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ password: "owner-new-password-1", confirm: "owner-new-password-1" }).toString(),
    });
    expect(reset.status).toBe(302);
    expect((await signIn(user.email, "owner-new-password-1", "127.0.0.45")).status).toBe(302);
  });
});
