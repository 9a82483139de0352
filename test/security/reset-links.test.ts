// Issue 15, finding 3: a reset link is built from the portal's configured address, never from
// the Host a request claims; and a reset link stops working once a newer one is sent, once
// any of them is used, and once the password is changed on /account (other sessions end too).
import { hash } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import { issueToken } from "~/modules/users/tokens.server";
import { PortalClient } from "../support/client";
import { db, partnerByCode, uniqueCode } from "../support/db";
import { rawRequest } from "../support/raw-http";

async function makeUser(password: string) {
  const partner = await partnerByCode("PCS");
  const email = `${uniqueCode("reset").toLowerCase()}@example.com`;
  const result = await db()
    .insertInto("users")
    .values({ email, name: "Reset Tester", role: "partner_rep", partner_id: partner.id, status: "active", password_hash: await hash(password) })
    .executeTakeFirstOrThrow();
  return { id: Number(result.insertId), email };
}

async function lastMailTo(address: string): Promise<string> {
  const row = await db().selectFrom("email_outbox").select("body_text").where("to_address", "=", address).orderBy("id", "desc").executeTakeFirstOrThrow();
  return row.body_text;
}

const linkIn = (body: string) => /https?:\/\/\S+\/set-password\/([A-Za-z0-9_-]+)/.exec(body);

describe("the reset link in the e-mail", () => {
  it("does not take its host from the request", async () => {
    const user = await makeUser("original-password-1");
    const response = await rawRequest({
      method: "POST",
      path: "/forgot-password",
      headers: { Host: "evil.example", Origin: "http://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: user.email }).toString(),
    });
    expect(response.status).toBeLessThan(500);
    const body = await lastMailTo(user.email);
    expect(body).not.toContain("evil.example");
    const link = new URL(linkIn(body)![0]);
    // The test app has no APP_URL: the configured listen address stands in for it.
    expect(link.port).toBe(new URL(new PortalClient().baseUrl).port);
  });
});

describe("older reset links", () => {
  it("stop working when a newer one is sent", async () => {
    const user = await makeUser("original-password-1");
    const older = await issueToken(db(), user.id, "reset");
    expect((await new PortalClient().post("/forgot-password", { email: user.email })).status).toBe(200);
    expect((await new PortalClient().get(`/set-password/${older}`)).status).toBe(410);
    const newer = linkIn(await lastMailTo(user.email))![1];
    expect((await new PortalClient().get(`/set-password/${newer}`)).status).toBe(200);
  });

  it("stop working when another one is used", async () => {
    const user = await makeUser("original-password-1");
    const first = await issueToken(db(), user.id, "reset");
    const second = await issueToken(db(), user.id, "reset");
    const used = await new PortalClient().post(`/set-password/${second}`, { password: "brand-new-password-1", confirm: "brand-new-password-1" });
    expect(used.status).toBe(302);
    const stale = await new PortalClient().post(`/set-password/${first}`, { password: "attacker-password-12", confirm: "attacker-password-12" });
    expect(stale.status).toBe(400);
    expect((await new PortalClient().post("/login", { email: user.email, password: "brand-new-password-1" })).status).toBe(302);
  });

  it("stop working, and other sessions end, when the password is changed on /account", async () => {
    const user = await makeUser("original-password-1");
    const pending = await issueToken(db(), user.id, "reset");
    const here = new PortalClient();
    await here.signIn(user.email, "original-password-1");
    const elsewhere = new PortalClient();
    await elsewhere.signIn(user.email, "original-password-1");
    const changed = await here.post("/account", {
      intent: "password",
      current: "original-password-1",
      password: "changed-password-12",
      confirm: "changed-password-12",
    });
    expect(changed.status).toBe(302);
    expect((await here.get("/account")).status).toBe(200);
    expect((await elsewhere.get("/account")).status).toBe(302);
    expect((await new PortalClient().get(`/set-password/${pending}`)).status).toBe(410);
  });
});
