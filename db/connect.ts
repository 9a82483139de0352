// Resolves which database the scripts talk to: DATABASE_URL when set (nothing is started),
// otherwise the embedded default server under .data/<name>, database "portal".
import { createDatabase, startLocalServer, type LocalServer } from "./local-server";

export interface ResolvedDatabase {
  url: string;
  embedded?: LocalServer;
}

export async function resolveDatabase(name = "dev", database = "portal"): Promise<ResolvedDatabase> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL };
  const embedded = await startLocalServer(name);
  const url = await createDatabase(embedded.baseUrl, database);
  process.env.DATABASE_URL = url;
  return { url, embedded };
}
