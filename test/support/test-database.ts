// A throwaway database for one test run, on the embedded test server (.data/test) or, when
// DATABASE_URL is set, on that server. Dropped at the end of the run.
import { createDatabase, dropDatabase, startLocalServer, type LocalServer } from "../../db/local-server";
import { migrateToLatest } from "../../db/migrate";
import { seedDemo } from "../../db/seed/demo";
import { createConnection } from "../../app/lib/db.server";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function serverBase(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = "";
  return parsed.toString().replace(/\/$/, "");
}

export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  let embedded: LocalServer | undefined;
  let base: string;
  if (process.env.DATABASE_URL) base = serverBase(process.env.DATABASE_URL);
  else {
    embedded = await startLocalServer("test");
    base = embedded.baseUrl;
  }
  const name = `${prefix}_${Date.now().toString(36)}_${process.pid}`;
  const url = await createDatabase(base, name);
  const { db } = createConnection(url, 2);
  try {
    await migrateToLatest(db);
    await seedDemo(db);
  } finally {
    await db.destroy();
  }
  return {
    url,
    async drop() {
      await dropDatabase(base, name);
      await embedded?.stop();
    },
  };
}
