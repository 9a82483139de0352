// The outbox page lists the kept e-mail a page at a time, newest first, with the total, so
// mail older than the first hundred is still reachable.
import { describe, expect, it } from "vitest";
import { queueMails } from "~/lib/mail.server";
import { listOutbox, readOutboxQuery } from "~/modules/notifications/outbox.server";
import { db, uniqueCode } from "../support/db";

describe("the outbox list", () => {
  it("pages through every kept e-mail, newest first, and counts them all", async () => {
    const code = uniqueCode("OB").toLowerCase();
    await queueMails(
      db(),
      Array.from({ length: 30 }, (_, i) => ({ to: `${code}@outbox.example.com`, subject: `Mail ${i + 1} ${code}`, text: "" })),
    );
    const first = await listOutbox(db(), readOutboxQuery(new URLSearchParams("pageSize=25")));
    expect(first.rows).toHaveLength(25);
    expect(first.total).toBeGreaterThanOrEqual(30);
    const page = (n: number) => listOutbox(db(), readOutboxQuery(new URLSearchParams(`page=${n}&pageSize=25`)));
    // Mail queued meanwhile by other tests only pushes rows to a later page: read each once.
    const all = new Map<number, (typeof first.rows)[number]>();
    for (let n = 1; n <= Math.ceil(first.total / 25) + 1; n++) for (const row of (await page(n)).rows) all.set(row.id, row);
    const mine = [...all.values()].filter((m) => m.to_address === `${code}@outbox.example.com`).map((m) => m.subject);
    expect(mine).toEqual(Array.from({ length: 30 }, (_, i) => `Mail ${30 - i} ${code}`));
  });
});
