// E-mail leaves through SMTP when SMTP_URL is set. The relay is the edge of the world, so the
// test stands up a minimal SMTP server on loopback and checks what arrives.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueMail } from "~/lib/mail.server";
import { runDueJobs } from "~/lib/jobs.server";
import { registerJobs } from "~/lib/job-handlers.server";
import { db } from "../support/db";

const received: string[] = [];
let server: net.Server;

beforeAll(async () => {
  registerJobs();
  server = net.createServer((socket) => {
    let data = false;
    let message = "";
    socket.write("220 test-relay ESMTP\r\n");
    socket.on("data", (chunk) => {
      for (const line of chunk
        .toString()
        .split("\r\n")
        .filter((l, i, all) => l !== "" || i < all.length - 1)) {
        if (data) {
          if (line === ".") {
            data = false;
            received.push(message);
            socket.write("250 queued\r\n");
          } else message += line + "\n";
          continue;
        }
        const command = line.slice(0, 4).toUpperCase();
        if (command === "EHLO" || command === "HELO") socket.write("250 test-relay\r\n");
        else if (command === "DATA") {
          data = true;
          message = "";
          socket.write("354 go ahead\r\n");
        } else if (command === "QUIT") socket.end("221 bye\r\n");
        else if (line) socket.write("250 ok\r\n");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as net.AddressInfo;
  process.env.SMTP_URL = `smtp://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  await new Promise((resolve) => server.close(resolve));
});

describe("outgoing e-mail with SMTP_URL set", () => {
  it("is delivered by a job and marked sent in the outbox", async () => {
    const to = `smtp-${Date.now()}@example.com`;
    await queueMail(db(), { to, subject: "Your invitation", text: "Set your password: http://portal.test/set-password/abc" });
    const pending = await db().selectFrom("email_outbox").selectAll().where("to_address", "=", to).executeTakeFirstOrThrow();
    expect(pending.status).toBe("pending");

    // Only deliveries: other suites leave jobs of every kind due in the shared database.
    await runDueJobs(db(), "mail-test", 50, { kinds: ["email.deliver"] });

    const sent = await db().selectFrom("email_outbox").selectAll().where("to_address", "=", to).executeTakeFirstOrThrow();
    expect(sent.status).toBe("sent");
    expect(sent.sent_at).not.toBeNull();
    const message = received.find((m) => m.includes(to));
    expect(message).toBeDefined();
    expect(message).toContain("Subject: Your invitation");
    expect(message).toContain("set-password/abc");
  });
});
