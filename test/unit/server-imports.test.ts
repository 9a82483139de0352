// Values imported from *.server modules exist only on the server: Remix strips those imports
// from the browser bundle, so a component that uses one renders differently after hydration or
// crashes. This bit us twice; the check keeps server values in loaders and actions.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../app");
// The HTTP server and the worker never reach the browser.
const serverOnly = path.join(root, "server");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return full === serverOnly ? [] : files(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.includes(".server.") ? [full] : [];
  });
}

const fromServerModule = (specifier: ts.Expression) => ts.isStringLiteral(specifier) && /\.server(\.tsx?)?$/.test(specifier.text);

interface ServerImports {
  /** Local names bound to values of .server modules (type-only imports are erased, so they are fine). */
  names: string[];
  /** Re-exports and dynamic imports of .server modules, which hand server values on whatever uses them. */
  passedOn: string[];
}

/** Every form: default, namespace, named (with `as`), mixed, re-exported, dynamic. */
export function serverImports(source: string, fileName = "file.tsx"): ServerImports {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const names: string[] = [];
  const passedOn: string[] = [];
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement) && fromServerModule(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      if (!clause || clause.isTypeOnly) continue;
      if (clause.name) names.push(clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) names.push(...bindings.elements.filter((e) => !e.isTypeOnly).map((e) => e.name.text));
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && fromServerModule(statement.moduleSpecifier) && !statement.isTypeOnly) {
      const values =
        statement.exportClause && ts.isNamedExports(statement.exportClause) ? statement.exportClause.elements.filter((e) => !e.isTypeOnly) : [undefined];
      if (values.length) passedOn.push(`export … from ${statement.moduleSpecifier.getText(file)}`);
    }
  }
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && fromServerModule(node.arguments[0])) {
      passedOn.push(`import(${node.arguments[0].getText(file)})`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return { names, passedOn };
}

/** The code that runs in the browser: everything but the loader, action and other server exports. */
function browserCode(source: string): string {
  return source
    .split(/\n(?=export |function |const |\/\/ )/)
    .filter((chunk) => !/^export (async )?function (loader|action)\b|^export const (loader|action)\b/.test(chunk))
    .filter((chunk) => !/^import /.test(chunk))
    .join("\n");
}

/** What of `source` would reach the browser from a .server module. */
function offendersIn(source: string, fileName: string): string[] {
  const { names, passedOn } = serverImports(source, fileName);
  // Quoted text ("deals.answerAndResubmit", an intent name) is not a use of the value.
  const code = browserCode(source.replace(/^import[\s\S]*?;\n/gm, "")).replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""');
  return [...passedOn, ...names.filter((name) => new RegExp(`\\b${name}\\b`).test(code))];
}

describe("the check itself", () => {
  it("sees every form of import from a .server module", () => {
    const source = [
      'import db from "~/lib/db.server";',
      'import * as scope from "~/lib/scope.server";',
      'import money, { formatBase as fmt, type Scope } from "./money.server";',
      'import type { Auth } from "~/lib/auth.server";',
      'export { getDb } from "~/lib/db.server";',
      'export type { DB } from "~/lib/db.server";',
      'export default function Page() { const m = import("~/lib/mail.server"); return db + scope + money + fmt(m); }',
    ].join("\n");
    expect(serverImports(source)).toEqual({
      names: ["db", "scope", "money", "fmt"],
      passedOn: ['export … from "~/lib/db.server"', 'import("~/lib/mail.server")'],
    });
    expect(offendersIn(source, "page.tsx")).toEqual(['export … from "~/lib/db.server"', 'import("~/lib/mail.server")', "db", "scope", "money", "fmt"]);
  });

  it("lets a loader use what it imported", () => {
    const source =
      'import { getDb } from "~/lib/db.server";\nexport async function loader() { return getDb(); }\nexport default function Page() { return null; }\n';
    expect(offendersIn(source, "route.tsx")).toEqual([]);
  });
});

describe("components never use values from .server modules", () => {
  it("finds none", () => {
    const offenders = files(root).flatMap((file) => offendersIn(readFileSync(file, "utf8"), file).map((name) => `${path.relative(root, file)}: ${name}`));
    expect(offenders).toEqual([]);
  });
});
