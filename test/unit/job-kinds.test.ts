// A job enqueued under a type no process registers would wait in the queue for ever, and the
// user whose file or e-mail it carries would never hear why.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { JOB_KINDS } from "~/lib/job-handlers.server";

const appDir = path.resolve(import.meta.dirname, "../../app");

function enqueuedTypes(): Set<string> {
  const types = new Set<string>();
  for (const entry of readdirSync(appDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) continue;
    const text = readFileSync(path.join(entry.parentPath, entry.name), "utf8");
    for (const match of text.matchAll(/enqueueJob\(\s*\w+,\s*"([^"]+)"/g)) types.add(match[1]);
  }
  return types;
}

describe("the job list", () => {
  it("registers every job type the app enqueues, once", () => {
    const registered = JOB_KINDS.map((kind) => kind.type);
    expect(new Set(registered).size).toBe(registered.length);
    const enqueued = enqueuedTypes();
    expect(enqueued.size).toBeGreaterThanOrEqual(3);
    for (const type of enqueued) expect(registered, `enqueued "${type}"`).toContain(type);
  });
});
