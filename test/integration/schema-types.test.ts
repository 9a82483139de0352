// db/types.ts is written by hand beside the migrations; a column added by a migration and
// forgotten there (or typed as never null while the table allows NULL) would only show as a
// wrong page at run time. This reads the declared interfaces with the TypeScript compiler and
// compares them with the migrated schema of the test database.
import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { db } from "../support/db";

// Kysely's own bookkeeping, not part of the app's interface.
const KYSELY_TABLES = new Set(["kysely_migration", "kysely_migration_lock"]);

interface DeclaredColumn {
  nullable: boolean;
}

function declaredSchema(): Map<string, Map<string, DeclaredColumn>> {
  const file = path.resolve(import.meta.dirname, "../../db/types.ts");
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration[]>();
  const aliases = new Map<string, ts.TypeNode>();
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement)) {
      interfaces.set(statement.name.text, [...(interfaces.get(statement.name.text) ?? []), statement]);
    } else if (ts.isTypeAliasDeclaration(statement)) {
      aliases.set(statement.name.text, statement.type);
    }
  }

  // What a select returns: ColumnType<Select, …> and Generated<T> read as their first argument;
  // local aliases are followed.
  function selectType(node: ts.TypeNode): ts.TypeNode {
    if (ts.isTypeReferenceNode(node)) {
      const name = node.typeName.getText(source);
      if ((name === "ColumnType" || name === "Generated") && node.typeArguments?.[0]) return selectType(node.typeArguments[0]);
      const alias = aliases.get(name);
      if (alias) return selectType(alias);
    }
    return node;
  }
  function allowsNull(node: ts.TypeNode): boolean {
    const type = selectType(node);
    if (ts.isUnionTypeNode(type)) return type.types.some(allowsNull);
    if (type.kind === ts.SyntaxKind.UnknownKeyword) return true;
    return ts.isLiteralTypeNode(type) && type.literal.kind === ts.SyntaxKind.NullKeyword;
  }
  // A table interface's own columns and those of the interfaces it extends.
  function columnsOf(name: string, columns = new Map<string, DeclaredColumn>()): Map<string, DeclaredColumn> {
    for (const declaration of interfaces.get(name) ?? []) {
      for (const clause of declaration.heritageClauses ?? []) {
        for (const base of clause.types) columnsOf(base.expression.getText(source), columns);
      }
      for (const column of declaration.members) {
        if (ts.isPropertySignature(column) && column.type) columns.set(column.name.getText(source), { nullable: allowsNull(column.type) });
      }
    }
    return columns;
  }

  const schema = new Map<string, Map<string, DeclaredColumn>>();
  for (const database of interfaces.get("Database") ?? []) {
    for (const member of database.members) {
      if (!ts.isPropertySignature(member) || !member.type || !ts.isTypeReferenceNode(member.type)) continue;
      schema.set(member.name.getText(source), columnsOf(member.type.typeName.getText(source)));
    }
  }
  return schema;
}

async function migratedSchema(): Promise<Map<string, Map<string, DeclaredColumn>>> {
  const { rows } = await sql<{ table_name: string; column_name: string; is_nullable: string }>`
    SELECT TABLE_NAME AS table_name, COLUMN_NAME AS column_name, IS_NULLABLE AS is_nullable
    FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()`.execute(db());
  const schema = new Map<string, Map<string, DeclaredColumn>>();
  for (const row of rows) {
    if (KYSELY_TABLES.has(row.table_name)) continue;
    const columns = schema.get(row.table_name) ?? new Map<string, DeclaredColumn>();
    columns.set(row.column_name, { nullable: row.is_nullable === "YES" });
    schema.set(row.table_name, columns);
  }
  return schema;
}

function describeSchema(schema: Map<string, Map<string, DeclaredColumn>>): string[] {
  return [...schema].flatMap(([table, columns]) => [...columns].map(([column, { nullable }]) => `${table}.${column}${nullable ? " NULL" : ""}`)).sort();
}

describe("db/types.ts", () => {
  it("declares every table and column of the migrated schema, with the same nullability", async () => {
    const declared = declaredSchema();
    expect(declared.size).toBeGreaterThan(20);
    expect(describeSchema(declared)).toEqual(describeSchema(await migratedSchema()));
  });
});
