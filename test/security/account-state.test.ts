// Account state reaches everything (issue 15, finding 5): a deactivated user's API keys stop;
// a suspended partner's users cannot sign in (with a message that says why), their sessions
// and API keys stop at once, and nothing new can be created for that partner; reactivation
// restores sign-in and keys. A partner of its own, so that suspending it cannot disturb tests
// running in parallel.
// Route modules: `login.tsx`, `_app.tsx` (every signed-in page), `api.v1.sell-through_.$submissionId.ts`.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { hashPassword } from "~/lib/password.server";
import { ValidationError } from "~/lib/forms";
import { scopeFor } from "~/lib/scope.server";
import { createPartner, changePartnerStatus } from "~/modules/partners/write.server";
import { setUserActive } from "~/modules/users/accounts.server";
import { createApiKey } from "~/modules/sell-through/api-keys.server";
import { allocateMdf } from "~/modules/funds/funds.server";
import { inviteUser } from "~/modules/users/invite.server";
import { requestBeforeActivity } from "../support/funds";
import { db, scopeOf, uniqueCode, userByEmail } from "../support/db";
import { DEMO_PASSWORD, PortalClient } from "../support/client";

const baseUrl = inject("baseUrl");
let partnerId: number;
let fundId: number;
const users: { id: number; email: string }[] = [];
let admin: { scope: Awaited<ReturnType<typeof scopeOf>>; actor: { userId: number; email: string; ip: null } };

function day(offset: number): string {
  return new Date(Date.now() + offset * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

async function apiStatus(key: string): Promise<number> {
  const response = await fetch(`${baseUrl}/api/v1/sell-through/999999999`, { headers: { Authorization: `Bearer ${key}` } });
  await response.arrayBuffer();
  return response.status;
}

function partnerScope(user: { id: number }) {
  return scopeFor({ id: user.id, role: "partner_admin", partnerId });
}

function actorOf(user: { id: number; email: string }) {
  return { userId: user.id, email: user.email, ip: null };
}

async function rejection(promise: Promise<unknown>): Promise<Record<string, string>> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).errors;
}

beforeAll(async () => {
  const adminUser = await userByEmail("admin@example.com");
  admin = { scope: await scopeOf("admin@example.com"), actor: { userId: adminUser.id, email: adminUser.email, ip: null } };
  const code = uniqueCode("SUS");
  partnerId = await createPartner(db(), admin.scope, admin.actor, {
    code,
    name: `Suspendable ${code}`,
    type: "distributor",
    tier: "silver",
    country: "DE",
    regionId: null,
    postcode: "",
    capacity: 10,
    parentId: null,
    channelManagerId: null,
    productLineIds: [],
  });
  await changePartnerStatus(db(), admin.scope, admin.actor, partnerId, "onboarding");
  await changePartnerStatus(db(), admin.scope, admin.actor, partnerId, "active");
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const name of ["first", "second"]) {
    const email = `${name}.${code.toLowerCase()}@example.com`;
    const result = await db()
      .insertInto("users")
      .values({ email, name, role: "partner_admin", partner_id: partnerId, status: "active", password_hash: passwordHash, time_zone: "UTC" })
      .executeTakeFirstOrThrow();
    users.push({ id: Number(result.insertId), email });
  }
  const { funds } = await allocateMdf(db(), admin.scope, admin.actor, [
    { partnerId, quarter: `${new Date().getUTCFullYear()}-Q${Math.floor(new Date().getUTCMonth() / 3) + 1}`, amount: "5000.00", note: "" },
  ]);
  fundId = funds[0];
});

describe("a deactivated user", () => {
  it("stops their API keys; reactivated, the keys work again", async () => {
    const [first, second] = users;
    const { key } = await createApiKey(db(), partnerScope(second), actorOf(second), { name: "second's key" });
    expect(await apiStatus(key)).toBe(404);
    await setUserActive(db(), scopeFor({ id: first.id, role: "partner_admin", partnerId }), actorOf(first), second.id, false);
    expect(await apiStatus(key)).toBe(401);
    await setUserActive(db(), scopeFor({ id: first.id, role: "partner_admin", partnerId }), actorOf(first), second.id, true);
    expect(await apiStatus(key)).toBe(404);
  });
});

describe("a suspended partner", () => {
  it("stops its users' sessions, sign-in and API keys at once, and reactivation restores sign-in and keys", async () => {
    const [first] = users;
    const client = new PortalClient();
    await client.signIn(first.email);
    expect((await client.get("/")).status).toBe(200);
    const { key } = await createApiKey(db(), partnerScope(first), actorOf(first), { name: "first's key" });
    expect(await apiStatus(key)).toBe(404);

    await changePartnerStatus(db(), admin.scope, admin.actor, partnerId, "suspended");
    const page = await client.get("/");
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toMatch(/^\/login/);
    expect(await apiStatus(key)).toBe(401);
    const signIn = await new PortalClient().post("/login", { email: first.email, password: DEMO_PASSWORD, redirectTo: "/" });
    expect(signIn.status).toBe(403);
    expect(await signIn.text()).toContain("suspended");

    await changePartnerStatus(db(), admin.scope, admin.actor, partnerId, "active");
    expect(await apiStatus(key)).toBe(404);
    const again = new PortalClient();
    await again.signIn(first.email);
    expect((await again.get("/")).status).toBe(200);
  });

  it("gets nothing new: no fund request, API key, invitation or allocation", async () => {
    const [first] = users;
    await changePartnerStatus(db(), admin.scope, admin.actor, partnerId, "suspended");
    try {
      const request = {
        fundId,
        activityType: "event" as const,
        description: "An event",
        startDate: day(10),
        endDate: day(11),
        plannedCost: "1000.00",
        requestedAmount: "400.00",
        expectedResults: "",
      };
      expect(await rejection(requestBeforeActivity(db(), partnerScope(first), actorOf(first), request))).toEqual({ form: "errors.partnerSuspended" });
      expect(await rejection(createApiKey(db(), partnerScope(first), actorOf(first), { name: "another" }))).toEqual({ form: "errors.partnerSuspended" });
      const invitation = { email: `third.${partnerId}@example.com`, name: "Third", role: "partner_rep" as const, partnerId };
      expect(await rejection(inviteUser(db(), admin.scope, admin.actor, invitation, "http://portal.test"))).toEqual({ form: "errors.partnerSuspended" });
      const quarter = `${new Date().getUTCFullYear()}-Q${Math.floor(new Date().getUTCMonth() / 3) + 1}`;
      expect(await rejection(allocateMdf(db(), admin.scope, admin.actor, [{ partnerId, quarter, amount: "10.00", note: "" }]))).toEqual({
        form: "errors.partnerSuspended",
      });
    } finally {
      await changePartnerStatus(db(), admin.scope, admin.actor, partnerId, "active");
    }
  });
});
