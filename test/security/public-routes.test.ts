// The routes anyone may call without signing in, or that take no partner ids: they must not
// tell whether an address has an account, must not let one person's link set another's
// password, and must not send people off-site or change someone else's account.
import { hash } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import { issueToken } from "~/modules/users/tokens.server";
import { PortalClient, signedIn } from "../support/client";
import { db, partnerByCode, uniqueCode, userByEmail } from "../support/db";

async function outboxCount(address: string): Promise<number> {
  const row = await db()
    .selectFrom("email_outbox")
    .select(({ fn }) => fn.countAll<number>().as("n"))
    .where("to_address", "=", address)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function makeUser(role: "partner_admin" | "partner_rep", code: string) {
  const partner = await partnerByCode(code);
  const email = `${uniqueCode("pub").toLowerCase()}@example.com`;
  const result = await db()
    .insertInto("users")
    .values({ email, name: "Public Route", role, partner_id: partner.id, status: "active", password_hash: await hash("original-password-1") })
    .executeTakeFirstOrThrow();
  return { id: Number(result.insertId), email };
}

describe("/forgot-password", () => {
  it("answers a known and an unknown address alike, and mails only the known one", async () => {
    const known = await makeUser("partner_rep", "PCS");
    const unknown = `${uniqueCode("ghost").toLowerCase()}@example.com`;
    const answers = [];
    for (const email of [known.email, unknown]) {
      const response = await new PortalClient().post("/forgot-password", { email });
      answers.push({ status: response.status, sent: (await response.text()).includes("If an account exists for that address, a link is on its way.") });
    }
    expect(answers).toEqual([
      { status: 200, sent: true },
      { status: 200, sent: true },
    ]);
    expect(await outboxCount(known.email)).toBe(1);
    expect(await outboxCount(unknown)).toBe(0);
  });
});

describe("/set-password/:token", () => {
  it("refuses a made-up token and changes nothing", async () => {
    const client = new PortalClient();
    expect((await client.get("/set-password/not-a-real-token")).status).toBe(410);
    const response = await client.post("/set-password/not-a-real-token", { password: "attacker-password-1", confirm: "attacker-password-1" });
    expect(response.status).toBe(400);
    expect(client.cookie("portal_session")).toBeUndefined();
  });

  it("sets only the password of the person the link was made for, once", async () => {
    const owner = await makeUser("partner_admin", "PCS");
    const bystander = await makeUser("partner_admin", "NWD");
    const before = (await userByEmail(bystander.email)).password_hash;
    const ownerBefore = (await userByEmail(owner.email)).password_hash;
    const token = await issueToken(db(), owner.id, "reset");
    const client = new PortalClient();
    const response = await client.post(`/set-password/${token}`, {
      password: "new-password-for-owner",
      confirm: "new-password-for-owner",
      email: bystander.email,
      userId: String(bystander.id),
    });
    expect(response.status).toBe(302);
    expect((await userByEmail(bystander.email)).password_hash).toBe(before);
    expect((await userByEmail(owner.email)).password_hash).not.toBe(ownerBefore);
    // Signed in as the owner: the owner's partner, not the bystander's.
    const page = await (await client.get("/account")).text();
    expect(page).toContain(owner.email);
    expect(page).not.toContain(bystander.email);
    expect((await new PortalClient().get(`/set-password/${token}`)).status).toBe(410);
  });
});

describe("/locale", () => {
  it("never sends people to another site", async () => {
    const response = await new PortalClient().post("/locale", { lang: "zh-CN", redirectTo: "https://evil.example/phish" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
  });

  it("refuses a cross-site post and changes only the signed-in user's own language", async () => {
    const other = await signedIn("other@example.com");
    const distributorBefore = (await userByEmail("distributor@example.com")).locale;
    expect((await other.post("/locale", { lang: "zh-CN", redirectTo: "/" }, { origin: "https://evil.example" })).status).toBe(403);
    expect((await other.post("/locale", { lang: "zh-CN", redirectTo: "/", userId: String((await userByEmail("distributor@example.com")).id) })).status).toBe(
      302,
    );
    expect((await userByEmail("other@example.com")).locale).toBe("zh-CN");
    expect((await userByEmail("distributor@example.com")).locale).toBe(distributorBefore);
    await other.post("/locale", { lang: "en", redirectTo: "/" });
  });
});

describe("/apply", () => {
  it("is open to anyone, in the language chosen, and answers nothing that depends on who applies (see applications.test.ts)", async () => {
    const client = new PortalClient();
    const english = await client.get("/apply");
    expect(english.status).toBe(200);
    expect(await english.text()).toContain("Become a partner");
    client.useLanguage("zh-CN");
    expect(await (await client.get("/apply")).text()).toContain("成为合作伙伴");
  });
});

describe("/apply/reply/:token", () => {
  it("refuses a made-up token and changes nothing", async () => {
    const client = new PortalClient();
    expect((await client.get("/apply/reply/not-a-real-token-0123456789")).status).toBe(410);
    expect((await client.post("/apply/reply/not-a-real-token-0123456789", { answer: "hello" })).status).toBe(410);
  });
});
