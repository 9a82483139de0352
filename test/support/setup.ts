import { afterAll, inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");

afterAll(async () => {
  const { closeDb } = await import("../../app/lib/db.server");
  await closeDb();
});
