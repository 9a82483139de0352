import path from "node:path";
import { defineConfig } from "vitest/config";

// The Galera smoke suite (npm run test:galera): one file that starts its own three-node
// cluster, so it stays out of `npm test` and never runs beside another suite.
process.env.SCOPE_GUARD ??= "on";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    include: ["test/galera/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    fileParallelism: false,
  },
});
