// Notifications belong to one user: another user, of another partner or of the vendor, can
// neither see one, open it, nor mark it read by its id, and nothing of it changes.
import { beforeAll, describe, expect, it } from "vitest";
import { signedIn } from "../support/client";
import { db, userByEmail } from "../support/db";

const ids: Record<string, number> = {};
const TITLES: Record<string, string> = { "distributor@example.com": "NWD-SECRET-NOTICE", "other@example.com": "PCS-SECRET-NOTICE" };

beforeAll(async () => {
  for (const [email, title] of Object.entries(TITLES)) {
    const user = await userByEmail(email);
    const row = await db().insertInto("notifications").values({ user_id: user.id, kind: "lead.offered", title, link: "/leads", created_at: new Date() }).executeTakeFirstOrThrow();
    ids[email] = Number(row.insertId);
  }
});

describe.each([
  { attacker: "other@example.com", owner: "distributor@example.com" },
  { attacker: "distributor@example.com", owner: "other@example.com" },
  { attacker: "admin@example.com", owner: "distributor@example.com" },
  { attacker: "manager@example.com", owner: "distributor@example.com" },
])("$attacker against $owner's notification", ({ attacker, owner }) => {
  it("is not found, not listed and left unread", async () => {
    const client = await signedIn(attacker);
    for (const intent of ["open", "read"]) {
      const response = await client.post("/notifications", { intent, id: String(ids[owner]), back: "/notifications" });
      expect(response.status).toBe(404);
    }
    const list = await (await client.get("/notifications")).text();
    expect(list).not.toContain(TITLES[owner]);
    const row = await db().selectFrom("notifications").select("read_at").where("id", "=", ids[owner]).executeTakeFirstOrThrow();
    expect(row.read_at).toBeNull();
  });
});

describe("the owner", () => {
  it("opens their notification: it is marked read and they land on its link", async () => {
    const client = await signedIn("other@example.com");
    const response = await client.post("/notifications", { intent: "open", id: String(ids["other@example.com"]), back: "/notifications" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/leads");
    const row = await db().selectFrom("notifications").select("read_at").where("id", "=", ids["other@example.com"]).executeTakeFirstOrThrow();
    expect(row.read_at).not.toBeNull();
  });
});
