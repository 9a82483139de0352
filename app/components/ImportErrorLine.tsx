// One problem of an imported row, as the import modules report it: "field:errors.key" or
// "field:errors.key:argument".
import { useMessage } from "~/lib/i18n-react";

export function ImportErrorLine({ text }: { text: string }) {
  const message = useMessage();
  // Row errors look like "field:errors.key" or "field:errors.key:argument".
  const [fieldName, key, arg] = text.split(":");
  return (
    <>
      <code>{fieldName}</code>: {message(key ?? text, { row: arg ?? "", columns: arg ?? "" })}
    </>
  );
}
