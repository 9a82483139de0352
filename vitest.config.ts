import path from "node:path";
import { defineConfig } from "vitest/config";

// Every query of the app on a partner-owned table must carry the scope (app/lib/scope-guard.server.ts);
// the app process the suites start and the forked test workers inherit this.
process.env.SCOPE_GUARD ??= "on";
// The app's log (the jobs the tests run, the app process's requests) shows only errors; LOG_LEVEL=info shows all.
process.env.LOG_LEVEL ??= "error";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts", "test/security/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    reporters: process.env.CI ? ["default", ["json", { outputFile: "test-results/vitest.json" }]] : ["default"],
  },
});
