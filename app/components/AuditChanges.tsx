// Before/after of an audit entry as a compact list of "field: old → new".
function parse(json: string | null): Record<string, unknown> {
  if (!json) return {};
  try {
    const value = JSON.parse(json);
    return value && typeof value === "object" ? value : { value };
  } catch {
    return {};
  }
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function AuditChanges({ before, after }: { before: string | null; after: string | null }) {
  const b = parse(before);
  const a = parse(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  if (keys.length === 0) return null;
  return (
    <ul className="changes">
      {keys.map((key) => (
        <li key={key}>
          <code>{key}</code>: {key in b && <span className="before">{show(b[key])}</span>}
          {key in b && key in a && " → "}
          {key in a && <span className="after">{show(a[key])}</span>}
        </li>
      ))}
    </ul>
  );
}
