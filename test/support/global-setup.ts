// One throwaway database per run (migrated, with the demo seed as the shared fixture) and the
// built app serving it from its own process, as `npm start` would serve it.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestDatabase } from "./test-database";
import { startAppProcess } from "./app-process";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // Uploaded files of this run, shared by the tests and the app process they start.
  const storage = mkdtempSync(path.join(os.tmpdir(), "portal-test-storage-"));
  process.env.STORAGE_DIR = storage;
  const database = await createTestDatabase("portal_test");
  let app;
  try {
    app = await startAppProcess(database.url, { prefix: "[app]" });
  } catch (error) {
    await database.drop();
    throw error;
  }
  project.provide("databaseUrl", database.url);
  project.provide("baseUrl", app.baseUrl);
  return async () => {
    await app.stop();
    await database.drop();
    rmSync(storage, { recursive: true, force: true });
  };
}
