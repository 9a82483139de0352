// Values imported from *.server modules exist only on the server: Remix strips those imports
// from the browser bundle, so a component that uses one renders differently after hydration or
// crashes. This bit us twice; the check keeps server values in loaders and actions.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../app");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return files(full);
    return /\.tsx$/.test(entry.name) && !entry.name.includes(".server.") ? [full] : [];
  });
}

/** Value names imported from .server modules (type-only imports are erased, so they are fine). */
function serverValueImports(source: string): string[] {
  const names: string[] = [];
  for (const match of source.matchAll(/import\s+(?!type\b)\{([^}]*)\}\s+from\s+["'][^"']*\.server["']/g)) {
    for (const part of match[1].split(",")) {
      const name = part.trim();
      if (!name || name.startsWith("type ")) continue;
      names.push(name.split(/\s+as\s+/).pop()!.trim());
    }
  }
  return names;
}

/** The code that runs in the browser: everything but the loader, action and other server exports. */
function browserCode(source: string): string {
  return source
    .split(/\n(?=export |function |const |\/\/ )/)
    .filter((chunk) => !/^export (async )?function (loader|action)\b|^export const (loader|action)\b/.test(chunk))
    .filter((chunk) => !/^import /.test(chunk))
    .join("\n");
}

describe("components never use values from .server modules", () => {
  const offenders = files(root).flatMap((file) => {
    const source = readFileSync(file, "utf8");
    // Quoted text ("deals.answerAndResubmit", an intent name) is not a use of the value.
    const code = browserCode(source.replace(/^import[\s\S]*?;\n/gm, "")).replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""');
    return serverValueImports(source)
      .filter((name) => new RegExp(`\\b${name}\\b`).test(code))
      .map((name) => `${path.relative(root, file)}: ${name}`);
  });

  it("finds none", () => {
    expect(offenders).toEqual([]);
  });
});
