// What a CSV import reports: a problem with the file as a whole, shown under its field, and
// the problems of each row, as the import modules give them ("field:errors.key" or
// "field:errors.key:argument").
import { useMessage, useT } from "~/lib/i18n-react";

function ImportErrorLine({ text }: { text: string }) {
  const message = useMessage();
  const [fieldName, key, arg] = text.split(":");
  return (
    <>
      <code>{fieldName}</code>: {message(key ?? text, { row: arg ?? "", columns: arg ?? "" })}
    </>
  );
}

export function ImportFileError({ error }: { error: string | null | undefined }) {
  const t = useT();
  const message = useMessage();
  if (!error) return null;
  return (
    <p className="field-error" role="alert">
      {error.startsWith("errors.importColumns:") ? t("errors.importColumns", { columns: error.split(":")[1] }) : message(error)}
    </p>
  );
}

/** Nothing when every row was fine; `title` is already translated. */
export function ImportRowErrors({ title, rows }: { title: string; rows: { row: number; errors: string[] }[] }) {
  const t = useT();
  if (rows.length === 0) return null;
  return (
    <div className="alert alert-error" role="alert">
      <p>{title}</p>
      <ul>
        {rows.map((r) => (
          <li key={r.row}>
            <strong>{t("products.row", { row: r.row })}</strong>:{" "}
            {r.errors.map((e, i) => (
              <span key={i}>
                {i > 0 && "; "}
                <ImportErrorLine text={e} />
              </span>
            ))}
          </li>
        ))}
      </ul>
    </div>
  );
}
